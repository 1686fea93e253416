package org.imageserving.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProtocolModelTest {
    private static final Path MATRIX = Path.of("..", "docs", "protocol-support.md");

    @Test
    void commandsAreFoundInAnyCaseAndRefusedWhenUnknownOrNotYetBuilt() {
        assertThat(Commands.find("OP_USMR")).get().extracting(CommandSpec::name).isEqualTo("op_usmR");
        assertThat(Commands.accept("Wid", "100").scope()).isEqualTo(Scope.VIEW);
        assertThatThrownBy(() -> Commands.accept("foo", "1")).isInstanceOf(ProtocolException.class)
                .hasMessage("unknown command: foo=1");
        assertThatThrownBy(() -> Commands.accept("textPath", "x")).isInstanceOf(ProtocolException.class)
                .hasMessage("textPath=x: this command is not supported yet");
        assertThatThrownBy(() -> Commands.accept("attribute::maxpix", "0,0"))
                .as("clients cannot send the servers' own names").isInstanceOf(ProtocolException.class);
    }

    @Test
    void everyAcceptedCommandHasAnExampleAndEveryPartialOrRefusedOneSaysWhy() {
        for (CommandSpec c : Commands.all()) {
            if (c.support() == Support.SUPPORTED || c.support() == Support.PARTIAL) {
                assertThat(c.example()).as(c.name()).isNotBlank();
            }
            if (c.support() != Support.SUPPORTED) {
                assertThat(c.note()).as(c.name()).isNotBlank();
            }
            assertThat(c.cacheKey()).as("only commands the Image Server acts on are part of the key: " + c.name())
                    .isEqualTo(c.actor().forwarded() && (c.support() == Support.SUPPORTED || c.support() == Support.PARTIAL));
        }
    }

    @Test
    void requestTypesParseWithTheirFormatAndRefuseTheUnknown() {
        assertThat(RequestKind.of(null)).isEqualTo(RequestKind.IMG);
        assertThat(RequestKind.of(" ImageProps ,json")).isEqualTo(RequestKind.IMAGEPROPS);
        assertThat(RequestKind.find("saveToFile")).contains(RequestKind.SAVETOFILE);
        assertThat(RequestKind.of("mbrSet,xml")).isEqualTo(RequestKind.MBRSET);
        assertThat(RequestKind.values()).as("every documented req= type is answered").allMatch(k -> k.support().accepted());
        assertThatThrownBy(() -> RequestKind.of("nonsense")).hasMessage("req=nonsense: unknown request type");
    }

    @Test
    void attributesNotYetBuiltAcceptOnlyWhatTheServerDoesAnyway() {
        AttributeSpec digimarc = CatalogAttributes.find("DigimarcId").orElseThrow();
        assertThat(digimarc.honours("")).isTrue();
        assertThat(digimarc.honours("42")).isFalse();
        // a watermark is built: any record id is honoured
        assertThat(CatalogAttributes.find("watermark").orElseThrow().honours("logo")).isTrue();
        AttributeSpec srcRgb = CatalogAttributes.find("IccProfileSrcRgb").orElseThrow();
        assertThat(srcRgb.honours("sRGB")).isTrue();
        assertThat(srcRgb.honours("AdobeRGB")).isFalse();
        // output profiles are built: any profile the Platform Server can resolve is honoured
        assertThat(CatalogAttributes.find("IccProfileCmyk").orElseThrow().honours("CoatedFogra39")).isTrue();
        assertThat(CatalogAttributes.find("MaxPix").orElseThrow().commandName()).isEqualTo("attribute::maxpix");
    }

    @Test
    void theDocumentedSupportMatrixIsTheModels() throws IOException {
        String doc = Files.readString(MATRIX, StandardCharsets.UTF_8);
        int begin = doc.indexOf(SupportMatrix.BEGIN);
        int end = doc.indexOf(SupportMatrix.END);
        assertThat(begin).as("docs/protocol-support.md holds the generated matrix").isNotNegative();
        String current = doc.substring(begin, end + SupportMatrix.END.length() + 1);
        if (Boolean.getBoolean("protocol.matrix.write")) {
            Files.writeString(MATRIX, doc.replace(current, SupportMatrix.markdown()), StandardCharsets.UTF_8);
            return;
        }
        assertThat(current).as("docs/protocol-support.md is out of date: run the common tests with "
                + "-Dprotocol.matrix.write=true").isEqualTo(SupportMatrix.markdown());
    }
}
