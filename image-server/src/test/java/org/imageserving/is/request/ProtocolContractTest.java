package org.imageserving.is.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imageserving.common.protocol.AttributeSpec;
import org.imageserving.common.protocol.CatalogAttributes;
import org.imageserving.common.protocol.CommandSpec;
import org.imageserving.common.protocol.Commands;
import org.imageserving.common.protocol.RequestKind;
import org.imageserving.common.protocol.Support;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Image Server's half of the protocol contract: every command and attribute the Platform Server forwards
 * ({@link CommandSpec#cacheKey()}, {@link CatalogAttributes#forwarded()}) changes what the Image Server parses, so
 * nothing it is sent can split the cache without an effect; everything else is refused. The Platform Server's half
 * (it forwards exactly those) is {@code ProtocolCheckTest} in platform-server.
 */
class ProtocolContractTest {
    /** Commands whose effect shows only next to others (fit and align place the image in a wid x hei box). */
    private static final Map<String, String> CONTEXT = Map.of("wid", "100", "hei", "100");
    /** Commands that mean something only on the layers above layer 0. */
    private static final java.util.Set<String> ABOVE_LAYER_0 = java.util.Set.of("sizen", "res");
    /** A value other than the shipped default.ini's, for every attribute the Image Server acts on. */
    private static final Map<String, String> ATTRIBUTE_EXAMPLES = Map.ofEntries(
            Map.entry("defaultpix", "300,300"), Map.entry("defaultthumbpix", "50,50"), Map.entry("maxpix", "100,100"),
            Map.entry("bkgcolor", "FF0000"), Map.entry("jpegquality", "90,1"), Map.entry("resmode", "2"),
            Map.entry("thumbtype", "1"), Map.entry("thumbres", "100"), Map.entry("thumbbkgcolor", "00FF00"),
            Map.entry("thumbhorizalign", "1"), Map.entry("thumbvertalign", "3"), Map.entry("resolution", "300"),
            Map.entry("expiration", "5"), Map.entry("printresolution", "300"),
            Map.entry("iccprofilesrcrgb", "sRGB"), Map.entry("iccprofilesrcgray", "Dot Gain 20%"),
            Map.entry("iccprofilesrccmyk", "Coated FOGRA39"), Map.entry("iccprofilergb", "profiles/AdobeRGB.icc"),
            Map.entry("iccprofilegray", "profiles/Gray.icc"), Map.entry("iccprofilecmyk", "profiles/cmyk.icc"),
            Map.entry("iccrenderintent", "0"), Map.entry("iccblackpointcompensation", "0"),
            Map.entry("iccdither", "1"));

    private static ImageCommands parse(Map<String, String> commands) {
        return ImageCommands.parse(RenderRequest.of("x.jpg", commands));
    }

    @TestFactory
    List<DynamicTest> everyForwardedCommandChangesWhatTheImageServerParses() {
        return Commands.all().stream().filter(CommandSpec::cacheKey).map(spec -> DynamicTest.dynamicTest(spec.name(), () -> {
            if (spec.key().startsWith("perspective")) {
                // layers above 0 only: is reads it as a quadrilateral there
                assertThat(org.imageserving.is.compose.Perspective.parse(spec.name(), spec.example(), 200, 100,
                        spec.key().endsWith("n")).quad()).hasSize(8);
                return;
            }
            if (spec.key().equals("maskuse")) {
                // honoured in effect layers only so far
                assertThat(EffectCommands.parse(Map.of("@effect-1:color", "0", "@effect-1:maskuse", spec.example())))
                        .isNotEqualTo(EffectCommands.parse(Map.of("@effect-1:color", "0")));
                return;
            }
            if (spec.key().equals("textps") || spec.key().equals("text")) {
                // a layer's text makes it a text layer, laid out by is.text
                assertThat(org.imageserving.is.text.TextLayer.isText(Map.of(spec.key(), spec.example()))).isTrue();
                assertThat(org.imageserving.is.text.RtfParser.parse(spec.example()).toString()).contains("Sale");
                return;
            }
            if (spec.key().equals("textattr")) {
                assertThat(org.imageserving.is.text.TextAttr.parse(spec.example(), false))
                        .isNotEqualTo(org.imageserving.is.text.TextAttr.parse(null, false));
                return;
            }
            if (ABOVE_LAYER_0.contains(spec.key())) {
                // layer 0 refuses (sizeN) or has no use for (res) them: they act on the layers above it
                assertThat(LayerCommands.parseAbove0(Map.of(spec.key(), spec.example()), 200, 100, 72))
                        .as("%s=%s must change a layer's geometry", spec.name(), spec.example())
                        .isNotEqualTo(LayerCommands.parseAbove0(Map.of(), 200, 100, 72));
                return;
            }
            Map<String, String> with = new HashMap<>(CONTEXT);
            with.put(spec.key(), spec.example());
            if (spec.key().equals("req")) {
                with.put("req", "tmb"); // the example, img, is the default
            }
            assertThat(parse(with)).as("%s=%s must change the parsed request", spec.name(), with.get(spec.key()))
                    .isNotEqualTo(parse(CONTEXT));
        })).toList();
    }

    @TestFactory
    List<DynamicTest> everyForwardedAttributeChangesWhatTheImageServerParses() {
        return CatalogAttributes.forwarded().stream().map(spec -> DynamicTest.dynamicTest(spec.name(), () -> {
            String example = ATTRIBUTE_EXAMPLES.get(spec.key());
            assertThat(example).as("an example value of attribute::%s in this test", spec.name()).isNotNull();
            assertThat(parse(Map.of(spec.commandName(), example))).as("attribute::%s must have an effect", spec.name())
                    .isNotEqualTo(parse(Map.of()));
        })).toList();
    }

    @TestFactory
    List<DynamicTest> everyOtherDocumentedCommandIsRefused() {
        return Commands.all().stream().filter(spec -> !spec.cacheKey()).map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> assertThatThrownBy(() -> parse(Map.of(spec.key(), spec.example().isEmpty() ? "1" : spec.example())))
                        .isInstanceOf(RenderException.class).hasMessageContaining(spec.name())
                        .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403)))).toList();
    }

    @Test
    void unknownCommandsAndAttributesAreRefused() {
        assertThatThrownBy(() -> parse(Map.of("foo", "1"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("unknown command: foo=1");
        assertThatThrownBy(() -> parse(Map.of("attribute::watermark", "logo"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("attribute::watermark");
        assertThatThrownBy(() -> parse(Map.of("attribute::nonsense", "1"))).isInstanceOf(RenderException.class);
        assertThat(parse(Map.of("$color", "red"))).as("variables pass: SVG sources read them").isNotNull();
    }

    @Test
    void avifIsAcceptedWhereLibheifCanEncodeIt() {
        for (String fmt : new String[] {"avif", "avif-alpha,rgb,lossless"}) {
            assertThat(parse(Map.of("fmt", fmt))).isNotNull();
        }
    }

    @Test
    void requestTypesAnsweredByThePlatformServerAreRefusedHere() {
        for (RequestKind kind : RequestKind.values()) {
            boolean answeredHere = kind.actor().forwarded() && kind.support() != Support.NOT_YET;
            if (answeredHere) {
                assertThat(parse(Map.of("req", kind.documentedName()))).isNotNull();
            } else {
                assertThatThrownBy(() -> parse(Map.of("req", kind.documentedName()))).as(kind.documentedName())
                        .isInstanceOf(RenderException.class);
            }
        }
    }

    @Test
    void layersAboveZeroTakeOnlyLayerCommands() {
        RenderRequest turned = new RenderRequest(new java.util.TreeMap<>(),
                List.of(Layer.of(0, "x.jpg", Map.of()), Layer.of(1, "y.jpg", Map.of("rotate", "90"))));
        assertThat(ImageCommands.parse(turned).req().isImage()).isTrue();
        RenderRequest sized = new RenderRequest(new java.util.TreeMap<>(),
                List.of(Layer.of(0, "x.jpg", Map.of()), Layer.of(1, "y.jpg", Map.of("wid", "90"))));
        assertThatThrownBy(() -> ImageCommands.parse(sized)).isInstanceOf(RenderException.class)
                .hasMessageContaining("wid=90: applies to the whole request, not to layer 1");
    }

    @Test
    void attributesTheImageServerDoesNotActOnAreNotForwarded() {
        for (AttributeSpec spec : CatalogAttributes.all()) {
            if (!CatalogAttributes.forwarded().contains(spec)) {
                assertThatThrownBy(() -> parse(Map.of(spec.commandName(), "1"))).as(spec.name())
                        .isInstanceOf(RenderException.class);
            }
        }
    }
}
