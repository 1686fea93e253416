package org.imageserving.ps.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imageserving.common.protocol.AttributeSpec;
import org.imageserving.common.protocol.CatalogAttributes;
import org.imageserving.common.protocol.CommandSpec;
import org.imageserving.common.protocol.Commands;
import org.imageserving.common.protocol.RequestKind;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Platform Server's half of the protocol contract: of a request's commands it forwards exactly those the model
 * says the Image Server acts on (whose half, {@code ProtocolContractTest} in image-server, proves it does), and of a
 * catalog exactly the rendering attributes; it refuses what is unknown or not built yet.
 */
class ProtocolCheckTest {
    @TempDir
    Path folder;

    @Test
    void forwardsExactlyTheCommandsTheImageServerActsOn() {
        Map<String, String> all = new LinkedHashMap<>();
        for (CommandSpec spec : Commands.all()) {
            if (spec.support().accepted() && !spec.key().equals("req")) {
                all.put(spec.key(), spec.example());
            }
        }
        all.put("$color", "red");
        Map<String, String> forwarded = ProtocolCheck.forImageServer(all);
        for (CommandSpec spec : Commands.all()) {
            if (spec.support().accepted() && !spec.key().equals("req")) {
                assertThat(forwarded.containsKey(spec.key())).as(spec.name()).isEqualTo(spec.cacheKey());
            }
        }
        assertThat(forwarded).containsEntry("$color", "red");
    }

    @Test
    void forwardsTheRequestTypesTheImageServerAnswersButNotTheDefault() {
        assertThat(ProtocolCheck.forImageServer(Map.of("req", "imageprops,json"))).containsEntry("req", "imageprops,json");
        assertThat(ProtocolCheck.forImageServer(Map.of("req", "tmb"))).containsEntry("req", "tmb");
        assertThat(ProtocolCheck.forImageServer(Map.of("req", "img"))).doesNotContainKey("req");
        assertThat(ProtocolCheck.forImageServer(Map.of("req", "exists"))).doesNotContainKey("req");
    }

    @Test
    void refusesUnknownAndNotYetBuiltCommandsWithTheirNames() {
        assertThatThrownBy(() -> ProtocolCheck.acceptCommands(Map.of("foo", "1"))).isInstanceOf(RequestException.class)
                .hasMessage("unknown command: foo=1").extracting(e -> ((RequestException) e).status()).isEqualTo(403);
        assertThatThrownBy(() -> ProtocolCheck.acceptCommands(Map.of("textpath", "x")))
                .hasMessage("textPath=x: this command is not supported yet");
        assertThatThrownBy(() -> ProtocolCheck.acceptCommands(Map.of("attribute::maxpix", "0,0")))
                .as("a client cannot set the servers' own names").hasMessageContaining("unknown command");
        assertThat(ProtocolCheck.requestKind("mbrSet,xml")).isEqualTo(RequestKind.MBRSET);
        ProtocolCheck.acceptCommands(Map.of("wid", "10", "$color", "red", "id", "7"));
    }

    @Test
    void forwardsExactlyTheRenderingAttributesAndRefusesCatalogsThatAskForMore() throws Exception {
        StringBuilder ini = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (AttributeSpec spec : CatalogAttributes.all()) {
            // every attribute present; the ones the Image Server acts on with a value it honours, which alone are sent
            String value = !spec.actor().forwarded() ? "" : spec.honours("1") ? "1" : spec.honours("sRGB") ? "sRGB" : "";
            ini.append(spec.name()).append('=').append(value).append('\n');
            if (!value.isEmpty()) {
                expected.add(spec.commandName());
            }
        }
        Files.writeString(folder.resolve("default.ini"), ini);
        Files.writeString(folder.resolve("marked.ini"), "RootId=marked\nDigimarcId=42\n");
        Files.writeString(folder.resolve("adobe.ini"), "RootId=adobe\nIccProfileSrcRgb=AdobeRGB\n");
        Files.writeString(folder.resolve("plain.ini"), "RootId=plain\nIccProfileRgb=sRGB\nWatermark=\n");
        Catalogs catalogs = new CatalogService(folder, Duration.ZERO).current();

        Map<String, String> forwarded = new LinkedHashMap<>();
        ProtocolCheck.addRenderAttributes(catalogs.defaultCatalog(), forwarded);
        assertThat(forwarded.keySet()).containsExactlyElementsOf(expected);
        assertThat(expected).hasSizeGreaterThan(CatalogAttributes.forwarded().size() - 3);

        ProtocolCheck.checkCatalog(catalogs.byRootId().get("plain"));
        assertThatThrownBy(() -> ProtocolCheck.checkCatalog(catalogs.byRootId().get("marked")))
                .hasMessageContaining("attribute::DigimarcId=42 of catalog 'marked': this attribute is not supported yet");
        assertThatThrownBy(() -> ProtocolCheck.checkCatalog(catalogs.byRootId().get("adobe")))
                .hasMessageContaining("attribute::IccProfileSrcRgb=AdobeRGB");
    }

    @Test
    void browserFormatConversionPicksWebpForClientsThatTakeIt() {
        String chrome = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";
        assertThat(BrowserFormat.choose(null, chrome, false)).isEqualTo("webp");
        assertThat(BrowserFormat.choose("jpeg", chrome, false)).isEqualTo("webp");
        assertThat(BrowserFormat.choose("png-alpha", chrome, false)).isEqualTo("webp-alpha,rgb,lossless");
        assertThat(BrowserFormat.choose("jpeg,gray", chrome, false)).as("WebP has no gray replies")
                .isEqualTo("jpeg,gray");
        assertThat(BrowserFormat.choose("gif", chrome, false)).isEqualTo("gif");
        assertThat(BrowserFormat.choose("jpeg", "image/webp;q=0, */*", false)).isEqualTo("jpeg");
        assertThat(BrowserFormat.choose(null, "*/*", false)).isNull();
        assertThat(BrowserFormat.on("TRUE")).isTrue();
        assertThat(BrowserFormat.on("off")).isFalse();
    }

    /** AVIF comes before WebP, as on the Smart Imaging page, where libheif can write it; never where it cannot. */
    @Test
    void browserFormatConversionPicksAvifFirstWhereItCanBeWritten() {
        String chrome = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";
        assertThat(BrowserFormat.choose(null, chrome, true)).isEqualTo("avif");
        assertThat(BrowserFormat.choose("pjpeg", chrome, true)).isEqualTo("avif");
        assertThat(BrowserFormat.choose("png", chrome, true)).isEqualTo("avif,rgb,lossless");
        assertThat(BrowserFormat.choose("png-alpha", chrome, true)).isEqualTo("avif-alpha,rgb,lossless");
        assertThat(BrowserFormat.choose("jpeg,cmyk", chrome, true)).isEqualTo("jpeg,cmyk");
        assertThat(BrowserFormat.choose("jpeg", "image/avif;q=0,image/webp", true)).isEqualTo("webp");
        assertThat(BrowserFormat.choose("jpeg", "image/avif", false)).as("no libheif: no AVIF").isEqualTo("jpeg");
        org.imageserving.testkit.DebianPackage.require(
                java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libheif.so.1"), "libheif1");
        assertThat(BrowserFormat.choose("jpeg", chrome)).as("this machine has libheif with AV1").isEqualTo("avif");
    }
}
