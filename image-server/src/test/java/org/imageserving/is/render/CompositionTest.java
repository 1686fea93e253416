package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.render.Patterns.BLUE;
import static org.imageserving.is.render.Patterns.GREEN;
import static org.imageserving.is.render.Patterns.RED;
import static org.imageserving.is.render.Patterns.YELLOW;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.source.SourceResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers on real files, with pixels computed by hand: a 200 x 100 quadrant pattern as the canvas and a 20 x 10 copy
 * of it as the layer placed on top ("Layer placement": the layer's origin lands pos= from layer 0's origin; both
 * default to the centres).
 */
class CompositionTest {
    static final int WHITE = 0xffffffff;
    @TempDir
    static Path root;
    static Renderer renderer;

    @BeforeAll
    static void images() {
        Patterns.write(Patterns.quadrants(200, 100), "png", root.resolve("quad.png"));
        Patterns.write(Patterns.quadrants(20, 10), "png", root.resolve("small.png"));
        // a 20 x 10 opaque blue card in the middle of a 40 x 30 transparent image
        BufferedImage card = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
        for (int y = 10; y < 20; y++) {
            for (int x = 10; x < 30; x++) {
                card.setRGB(x, y, BLUE);
            }
        }
        Patterns.write(card, "png", root.resolve("card.png"));
        // gray masks: white left half (inside), black right half
        Patterns.write(halves(200, 100, false), "png", root.resolve("half.png"));
        // an alpha mask twice the size of small.png: opaque left half
        Patterns.write(halves(40, 20, true), "png", root.resolve("half-alpha.png"));
        // the quadrants as a JPEG with two saved Photoshop paths: its left half, and a square at its middle
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(Patterns.quadrants(200, 100), "jpg", jpeg);
            byte[] resources = ImagePropsMetadataTest.concat("Photoshop 3.0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    savedPath(2000, "Left", 0, 0, 0.5, 1), savedPath(2001, "Middle", 0.4, 0.3, 0.6, 0.7));
            java.nio.file.Files.write(root.resolve("paths.jpg"), ImagePropsMetadataTest.withSegments(jpeg.toByteArray(),
                    ImagePropsMetadataTest.segment(0xED, resources)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        renderer = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 16L << 20,
                Encoders.standard(), null, Clock.fixed(Instant.parse("2025-11-27T13:00:00Z"), ZoneOffset.UTC));
    }

    /** {@code global} for the whole request and layer 0, then each further layer as (number, source, commands). */
    static BufferedImage compose(String global, Object... layers) {
        RenderRequest single = RenderRequest.of("quad.png", commands(global + "&fmt=png-alpha"));
        List<Layer> all = new ArrayList<>(List.of(single.layer0()));
        for (int i = 0; i < layers.length; i += 3) {
            all.add(Layer.of((Integer) layers[i], (String) layers[i + 1], commands((String) layers[i + 2])));
        }
        return Patterns.decode(renderer.render(new RenderRequest(single.global(), all)).bytes());
    }

    static Map<String, String> commands(String query) {
        Map<String, String> commands = new TreeMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                commands.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return commands;
    }

    @Test
    void aLayerIsCentredOnLayer0ByDefaultAndMovedByPos() {
        BufferedImage centred = compose("", 1, "small.png", "");
        // the layer's 20 x 10 rectangle sits at 90..110, 45..55: its own quadrants
        assertThat(centred.getRGB(90, 45)).isEqualTo(RED);
        assertThat(centred.getRGB(109, 45)).isEqualTo(GREEN);
        assertThat(centred.getRGB(90, 54)).isEqualTo(BLUE);
        assertThat(centred.getRGB(109, 54)).isEqualTo(YELLOW);
        assertThat(centred.getRGB(89, 45)).isEqualTo(RED); // layer 0 around it
        assertThat(centred.getRGB(110, 54)).isEqualTo(YELLOW);

        BufferedImage moved = compose("", 1, "small.png", "pos=-60,20");
        assertThat(moved.getRGB(30, 65)).isEqualTo(RED);
        assertThat(moved.getRGB(49, 74)).isEqualTo(YELLOW);
        assertThat(moved.getRGB(50, 74)).isEqualTo(BLUE); // layer 0 again

        BufferedImage normalized = compose("", 1, "small.png", "posN=-0.3,0.2");
        assertThat(normalized.getRGB(30, 65)).isEqualTo(RED);
    }

    @Test
    void originAndAnchorChooseTheLayersAlignmentPoint() {
        // origin at the layer's top-left: its top-left corner lands on layer 0's centre
        BufferedImage origin = compose("", 1, "small.png", "origin=0,0");
        assertThat(origin.getRGB(100, 50)).isEqualTo(RED);
        assertThat(origin.getRGB(119, 59)).isEqualTo(YELLOW);
        BufferedImage originN = compose("", 1, "small.png", "originN=-0.5,-0.5");
        assertThat(originN.getRGB(119, 59)).isEqualTo(YELLOW);
        // the anchor is a source point carried through the transforms: doubled by scale=2, (20,10) becomes (40,20)
        BufferedImage anchor = compose("", 1, "small.png", "anchor=20,10&scale=2");
        assertThat(anchor.getRGB(60, 30)).isEqualTo(RED);
        assertThat(anchor.getRGB(99, 49)).isEqualTo(YELLOW);
        assertThat(anchor.getRGB(100, 50)).isEqualTo(YELLOW); // layer 0's own bottom-right quadrant
        // anchorN is normalized from the source's centre: 0.5,0.5 is its bottom-right corner, the same point
        assertThat(compose("", 1, "small.png", "anchorN=0.5,0.5&scale=2")).satisfies(same -> {
            assertThat(same.getRGB(60, 30)).isEqualTo(RED);
            assertThat(same.getRGB(99, 49)).isEqualTo(YELLOW);
        });
    }

    @Test
    void higherLayersAreDrawnOnTopAndPartsOutsideTheCanvasAreDropped() {
        BufferedImage out = compose("", 2, "", "color=ffffff&size=10,10", 1, "small.png", "scale=4");
        assertThat(out.getRGB(100, 50)).isEqualTo(WHITE); // layer 2 over layer 1
        assertThat(out.getRGB(60, 30)).isEqualTo(RED); // layer 1 (80 x 40 at 60..140, 30..70)
        assertThat(out.getWidth()).isEqualTo(200);

        BufferedImage outside = compose("", 1, "", "color=ffffff&size=50,50&pos=100,0");
        assertThat(outside.getWidth()).isEqualTo(200);
        assertThat(outside.getRGB(199, 50)).isEqualTo(WHITE);
        assertThat(outside.getRGB(175, 50)).isEqualTo(WHITE);
        assertThat(outside.getRGB(174, 50)).isEqualTo(YELLOW);
        assertThat(outside.getRGB(175, 24)).isEqualTo(GREEN);
    }

    @Test
    void theViewTransformScalesTheWholeComposite() {
        BufferedImage out = compose("wid=100", 1, "", "color=ffffff&size=20,20");
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(out.getRGB(50, 25)).isEqualTo(WHITE); // 10 x 10 at 45..55, 20..30
        assertThat(out.getRGB(45, 20)).isEqualTo(WHITE);
        assertThat(out.getRGB(44, 20)).isEqualTo(RED);
        assertThat(out.getRGB(55, 30)).isEqualTo(YELLOW);
    }

    @Test
    void opacityAndBlendModesFollowTheCompositingFormulas() {
        // 50 % white over red: (255, 128, 128)
        int half = compose("", 1, "", "color=ffffff&size=20,20&opac=50").getRGB(95, 45);
        assertThat(channels(half)).containsExactly(255, 255, 128, 128);
        // opacity × fill opacity
        int quarter = compose("", 1, "", "color=ffffff&size=20,20&opac=50,50").getRGB(95, 45);
        assertThat(channels(quarter)).containsExactly(255, 255, 64, 64);
        // multiply: gray 50 % × red = (128, 0, 0); screen: 1-(1-a)(1-b) = (255, 128, 128)
        assertThat(channels(compose("", 1, "", "color=808080&size=20,20&blendMode=mult").getRGB(95, 45)))
                .containsExactly(255, 128, 0, 0);
        assertThat(channels(compose("", 1, "", "color=808080&size=20,20&blendMode=screen").getRGB(95, 45)))
                .containsExactly(255, 255, 128, 128);
        assertThat(channels(compose("", 1, "", "color=808080&size=20,20&blendMode=lighten").getRGB(95, 45)))
                .containsExactly(255, 255, 128, 128);
        assertThat(channels(compose("", 1, "", "color=808080&size=20,20&blendMode=darken").getRGB(95, 45)))
                .containsExactly(255, 128, 0, 0);
        // dissolve at 50 %: each pixel wholly one layer or the other, about half of each, the same every time
        BufferedImage dissolved = compose("", 1, "", "color=ffffff&size=100,100&blendMode=dissolve&opac=50");
        int white = 0;
        for (int y = 0; y < 100; y++) {
            for (int x = 50; x < 150; x++) {
                int p = dissolved.getRGB(x, y);
                assertThat(p == WHITE || p == RED || p == GREEN || p == BLUE || p == YELLOW).isTrue();
                white += p == WHITE ? 1 : 0;
            }
        }
        assertThat(white).isBetween(4500, 5500);
        assertThat(compose("", 1, "", "color=ffffff&size=100,100&blendMode=dissolve&opac=50").getRGB(77, 33))
                .isEqualTo(dissolved.getRGB(77, 33));
    }

    @Test
    void hiddenLayersAndOpacityOfTheCompositeAndOfLayer0() {
        assertThat(compose("", 1, "", "color=ffffff&size=20,20&hide=1").getRGB(95, 45)).isEqualTo(RED);
        assertThat(compose("hide=1", 1, "", "color=ffffff&size=20,20").getRGB(10, 10) >>> 24).isZero();
        // layer 0 at 50 % (its own opac) under an opaque layer
        BufferedImage faded = compose("opac=50", 1, "", "color=ffffff&size=20,20");
        assertThat(faded.getRGB(10, 10) >>> 24).isBetween(127, 128);
        assertThat(faded.getRGB(100, 50)).isEqualTo(WHITE);
    }

    @Test
    void fillsOfALayer() {
        // bgColor fills the extended rectangle behind the layer; color fills its transparent parts before extend
        BufferedImage out = compose("", 1, "small.png", "extend=5,5,5,5&bgColor=ffffff");
        assertThat(out.getRGB(86, 41)).isEqualTo(WHITE);
        assertThat(out.getRGB(90, 45)).isEqualTo(RED);
        assertThat(out.getRGB(84, 41)).isEqualTo(RED);
    }

    @Test
    void quarterTurnsAndSizeNOfALayer() {
        // turned 90° clockwise: the 10 x 20 result's top-left is the source's bottom-left (blue)
        BufferedImage turned = compose("", 1, "small.png", "rotate=90");
        assertThat(turned.getRGB(95, 40)).isEqualTo(BLUE);
        assertThat(turned.getRGB(104, 40)).isEqualTo(RED);
        assertThat(turned.getRGB(104, 59)).isEqualTo(GREEN);
        // sizeN is relative to the canvas: half of 200 x 100 fits the 2:1 layer to 100 x 50
        BufferedImage half = compose("", 1, "small.png", "sizeN=0.5,0.5");
        assertThat(half.getRGB(50, 25)).isEqualTo(RED);
        assertThat(half.getRGB(149, 74)).isEqualTo(YELLOW);
    }

    @Test
    void anOuterEffectIsTheLayersShapeMovedAndDrawnBehindIt() {
        // the card's blue 20 x 10 sits at 90..110, 45..55; its black shadow moved by 5,5 shows at 110..115 and below
        BufferedImage out = compose("", 1, "card.png", "@effect-1:color=000000&@effect-1:pos=5,5");
        assertThat(out.getRGB(100, 50)).isEqualTo(BLUE);
        assertThat(out.getRGB(112, 57)).isEqualTo(0xff000000);
        assertThat(out.getRGB(96, 57)).isEqualTo(0xff000000);
        assertThat(out.getRGB(94, 57)).isEqualTo(BLUE); // layer 0 left of the shadow
        assertThat(out.getRGB(116, 50)).isEqualTo(YELLOW); // beyond it
        // 50 % black multiplied into yellow (255, 255, 0) halves it: (128, 128, 0)
        int mult = compose("", 1, "card.png", "@effect-1:color=0,0,0,128&@effect-1:pos=5,5&@effect-1:blendmode=mult")
                .getRGB(112, 57);
        assertThat(channels(mult)).containsExactly(255, 127, 127, 0);
    }

    @Test
    void anInnerEffectShowsOnlyInsideTheLayer() {
        // the outside moved by 5,5 covers the card's top and left 5 pixels
        BufferedImage out = compose("", 1, "card.png", "@effect1:color=ffffff&@effect1:pos=5,5");
        assertThat(out.getRGB(92, 47)).isEqualTo(WHITE);
        assertThat(out.getRGB(100, 47)).isEqualTo(WHITE);
        assertThat(out.getRGB(100, 52)).isEqualTo(BLUE);
        assertThat(out.getRGB(108, 53)).isEqualTo(BLUE);
        assertThat(out.getRGB(88, 44)).isEqualTo(RED); // nothing outside the card
    }

    @Test
    void effectsOfTheCompositeFollowItsShape() {
        // on comp (a single transparent layer): the doc's drop shadow, extended so it has room
        RenderRequest single = RenderRequest.of("card.png", commands("fmt=png-alpha&@effect-1:color=000000"
                + "&@effect-1:pos=5,5&@effect-1:maskuse=norm"));
        BufferedImage out = Patterns.decode(renderer.render(single).bytes());
        assertThat(out.getRGB(20, 15)).isEqualTo(BLUE);
        assertThat(out.getRGB(32, 22)).isEqualTo(0xff000000);
        assertThat(out.getRGB(5, 5) >>> 24).isZero();
        // effectMask=0: the shadow is not cut by the card, which is opaque anyway: the same pixels
        RenderRequest unmasked = RenderRequest.of("card.png", commands("fmt=png-alpha&@effect-1:color=000000"
                + "&@effect-1:pos=5,5&effectmask=0"));
        assertThat(Patterns.decode(renderer.render(unmasked).bytes()).getRGB(32, 22)).isEqualTo(0xff000000);
    }

    @Test
    void aClipPathKeepsWhatIsInsideIt() {
        // layer 0 clipped to its left half; clipXPath cuts a 20 x 20 hole into that
        BufferedImage clipped = compose("clipPath=M0,0L100,0L100,100L0,100Z&clipXPath=M10,10l20,0,0,20,-20,0z");
        assertThat(clipped.getRGB(50, 40)).isEqualTo(RED);
        assertThat(clipped.getRGB(150, 50) >>> 24).isZero();
        assertThat(clipped.getRGB(20, 20) >>> 24).isZero();
        assertThat(clipped.getRGB(40, 40)).isEqualTo(RED);
        // on a layer, in its pixels from its top-left (small.png: 20 x 10 at 90..110, 45..55): a triangle
        BufferedImage triangle = compose("", 1, "small.png", "clipPath=M0,0L20,0L0,10Z");
        assertThat(triangle.getRGB(91, 46)).isEqualTo(RED);
        assertThat(triangle.getRGB(108, 54)).isEqualTo(YELLOW); // layer 0's own quadrant: the triangle is cut there
        // a solid layer sized by its path, in layer 0's coordinates from its origin (the centre, 100,50)
        BufferedImage self = compose("", 1, "", "color=ffffff&clipPath=M-50,-20L50,-20L50,20L-50,20Z");
        assertThat(self.getRGB(51, 31)).isEqualTo(WHITE);
        assertThat(self.getRGB(148, 68)).isEqualTo(WHITE);
        assertThat(self.getRGB(48, 31)).isEqualTo(RED);
        assertThat(self.getRGB(152, 68)).isEqualTo(YELLOW);
        assertThatThrownBy(() -> compose("", 1, "", "color=ffffff&clipPath=M0,0L10,0L10,10Z&rotate=10"))
                .hasMessageContaining("not allowed on a solid color layer sized by its clip path");
    }

    @Test
    void perspectiveMapsTheLayersCornersOntoAQuadrilateral() {
        // small.png's four quadrants onto the rectangle 20,20 - 120,70 (an affine case, checkable by hand)
        BufferedImage rect = compose("", 1, "small.png", "perspective=20,20,120,20,120,70,20,70,R1");
        assertThat(rect.getRGB(30, 30)).isEqualTo(RED);
        assertThat(rect.getRGB(110, 30)).isEqualTo(GREEN);
        assertThat(rect.getRGB(30, 60)).isEqualTo(BLUE);
        assertThat(rect.getRGB(110, 60)).isEqualTo(YELLOW);
        assertThat(rect.getRGB(150, 30)).isEqualTo(GREEN); // layer 0 outside it
        // a trapezoid: narrower at the top, so near the top corners the layer is absent, below it present
        BufferedImage trapezoid = compose("", 1, "small.png", "perspective=60,20,80,20,120,80,20,80");
        assertThat(trapezoid.getRGB(25, 22)).isEqualTo(RED); // layer 0: outside the trapezoid
        assertThat(trapezoid.getRGB(64, 24)).isEqualTo(RED);
        assertThat(trapezoid.getRGB(76, 24)).isEqualTo(GREEN);
        assertThat(trapezoid.getRGB(25, 78)).isEqualTo(BLUE);
        // normalized to layer 0's size, moved by pos
        BufferedImage moved = compose("", 1, "small.png", "perspectiveN=0.1,0.2,0.6,0.2,0.6,0.7,0.1,0.7,R2&pos=10,0");
        assertThat(moved.getRGB(35, 25)).isEqualTo(RED);
        assertThatThrownBy(() -> compose("", 1, "small.png", "perspective=0,0,10,10,0,10,10,0"))
                .hasMessageContaining("self-intersecting");
        assertThatThrownBy(() -> compose("perspective=0,0,10,0,10,10,0,10"))
                .hasMessageContaining("layers above layer 0");
        assertThatThrownBy(() -> compose("", 1, "small.png", "perspective=0,0,10,0,10,10,0,10,R9"))
                .hasMessageContaining("R1, R2, R3");
    }

    @Test
    void reqMaskAnswersTheAlphaAsGray() {
        RenderRequest mask = RenderRequest.of("quad.png", commands("req=mask&fmt=png&mask=half.png&wid=100"));
        BufferedImage out = Patterns.decode(renderer.render(mask).bytes());
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(out.getRGB(10, 25) & 0xffffff).isEqualTo(0xffffff);
        assertThat(out.getRGB(90, 25) & 0xffffff).isZero();
        // without a mask an opaque source is white all over, and the default format is a gray JPEG
        Renderer.Rendered plain = renderer.render(RenderRequest.of("quad.png", commands("req=mask")));
        assertThat(plain.properties().get("contentType")).isEqualTo("image/jpeg");
        BufferedImage white = Patterns.decode(plain.bytes());
        assertThat(white.getRaster().getNumBands()).isEqualTo(1);
        assertThat(white.getRaster().getSample(100, 50, 0)).isGreaterThan(250);
    }

    @Test
    void layer0CanBeASolidCanvas() {
        RenderRequest canvas = new RenderRequest(new TreeMap<>(Map.of("fmt", "png-alpha")), List.of(
                Layer.of(0, "", Map.of("color", "ffffff", "size", "300,200")),
                Layer.of(1, "small.png", Map.of())));
        BufferedImage out = Patterns.decode(renderer.render(canvas).bytes());
        assertThat(out.getWidth()).isEqualTo(300);
        assertThat(out.getHeight()).isEqualTo(200);
        assertThat(out.getRGB(5, 5)).isEqualTo(WHITE);
        assertThat(out.getRGB(140, 95)).isEqualTo(RED); // small.png centred: 140..160, 95..105
        assertThat(out.getRGB(159, 104)).isEqualTo(YELLOW);
        // half opaque: its colour is its content, which opac fades
        RenderRequest faded = new RenderRequest(new TreeMap<>(Map.of("fmt", "png-alpha")), List.of(
                Layer.of(0, "", Map.of("color", "ffffff", "size", "30,20", "opac", "50"))));
        assertThat(Patterns.decode(renderer.render(faded).bytes()).getRGB(5, 5) >>> 24).isBetween(127, 128);
        RenderRequest unsized = new RenderRequest(new TreeMap<>(), List.of(Layer.of(0, "", Map.of("color", "ffffff"))));
        assertThatThrownBy(() -> renderer.render(unsized)).hasMessageContaining("needs size=");
    }

    @Test
    void badLayersAreUsageErrors() {
        assertThatThrownBy(() -> compose("", 1, "", "size=20,20")).hasMessageContaining("needs src= or color=");
        assertThatThrownBy(() -> compose("", 1, "", "color=ffffff")).hasMessageContaining("needs size=");
        assertThatThrownBy(() -> compose("", 1, "small.png", "wid=20")).hasMessageContaining("not to layer 1");
        assertThatThrownBy(() -> compose("", 1, "small.png", "blendMode=overlay")).hasMessageContaining("blendMode");
        assertThatThrownBy(() -> compose("", 1, "small.png", "@effect-1:pos=1,1")).hasMessageContaining("needs color=");
        assertThatThrownBy(() -> compose("", 1, "small.png", "@effect-1:color=0&@effect-1:crop=0,0,1,1"))
                .hasMessageContaining("effect layers take only");
        Object[] many = new Object[3 * Composition.MAX_LAYERS];
        for (int i = 0; i < Composition.MAX_LAYERS; i++) {
            many[3 * i] = i + 1;
            many[3 * i + 1] = "";
            many[3 * i + 2] = "color=ffffff&size=1,1";
        }
        assertThatThrownBy(() -> compose("", many)).hasMessageContaining("more than the 100 allowed");
    }

    /** A Photoshop path resource: one closed rectangle, corners in fractions of the image (x0, y0, x1, y1). */
    static byte[] savedPath(int id, String name, double x0, double y0, double x1, double y1) {
        java.nio.ByteBuffer records = java.nio.ByteBuffer.allocate(26 * 5);
        records.putShort((short) 0).putShort((short) 4).put(new byte[22]);
        double[][] corners = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
        for (double[] corner : corners) {
            records.putShort((short) 1);
            for (int k = 0; k < 3; k++) { // preceding, anchor and leaving points all at the corner: straight edges
                records.putInt((int) Math.round(corner[1] * (1 << 24))).putInt((int) Math.round(corner[0] * (1 << 24)));
            }
        }
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int nameField = (1 + n.length + 1) & ~1;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 2 + nameField + 4 + records.capacity());
        b.put("8BIM".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putShort((short) id).put((byte) n.length)
                .put(n);
        if (((1 + n.length) & 1) == 1) {
            b.put((byte) 0);
        }
        return b.putInt(records.capacity()).put(records.array()).array();
    }

    @Test
    void pathsSavedInTheSourceClipItAndMoveWithIt() {
        RenderRequest left = RenderRequest.of("paths.jpg", commands("fmt=png-alpha&clipPathE=Left"));
        BufferedImage out = Patterns.decode(renderer.render(left).bytes());
        assertThat(out.getRGB(20, 20) >>> 24).isEqualTo(255);
        assertThat(out.getRGB(180, 20) >>> 24).isZero();
        // flipped, the path goes with the content: now the right half stays
        BufferedImage flipped = Patterns.decode(renderer.render(RenderRequest.of("paths.jpg",
                commands("fmt=png-alpha&clipPathE=Left&flip=lr"))).bytes());
        assertThat(flipped.getRGB(20, 20) >>> 24).isZero();
        assertThat(flipped.getRGB(180, 20) >>> 24).isEqualTo(255);
        // on a layer scaled to half size (100 x 50, moved to 10..110, 5..55), with the middle square cut out
        BufferedImage layer = compose("", 1, "paths.jpg", "scale=0.5&clipPathE=Left,Nothing&clipXPathE=Middle"
                + "&pos=-40,-20");
        int kept = layer.getRGB(35, 40); // the layer's own blue quadrant, over layer 0's red
        assertThat(kept & 255).isGreaterThan(200);
        assertThat((kept >> 16) & 255).isLessThan(60);
        assertThat(layer.getRGB(55, 30)).isEqualTo(RED); // the middle square cut out: layer 0
        assertThat(layer.getRGB(100, 20)).isEqualTo(GREEN); // the layer's right half clipped away: layer 0
        assertThat(layer.getRGB(70, 45)).isEqualTo(RED); // clipped there too: layer 0's red
        // no path of that name: no clipping, so the layer's own yellow quadrant shows there
        int whole = compose("", 1, "paths.jpg", "scale=0.5&clipPathE=Nothing&pos=-40,-20").getRGB(70, 45);
        assertThat((whole >> 8) & 255).isGreaterThan(200);
    }

    static BufferedImage halves(int width, int height, boolean alpha) {
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 2 ? 0xffffffff : alpha ? 0x00ffffff : 0xff000000);
            }
        }
        return image;
    }

    @Test
    void aMaskGivesALayerItsCoverage() {
        // layer 0 through a gray mask: the left half stays, the right half is cut out
        BufferedImage masked = compose("mask=half.png");
        assertThat(masked.getRGB(10, 10)).isEqualTo(RED);
        assertThat(masked.getRGB(150, 80) >>> 24).isZero();
        // an alpha mask of another size is stretched over its layer: small.png's left half only
        // (moved onto layer 0's red quadrant: 40..60, 20..30)
        BufferedImage layer = compose("", 1, "small.png", "mask=half-alpha.png&pos=-50,-25");
        assertThat(layer.getRGB(41, 21)).isEqualTo(RED);
        assertThat(layer.getRGB(41, 29)).isEqualTo(BLUE);
        assertThat(layer.getRGB(59, 21)).isEqualTo(RED); // layer 0 shows through the cut-out half
        // maskUse=invert keeps the other half; off ignores the mask
        BufferedImage inverted = compose("", 1, "small.png", "mask=half-alpha.png&maskUse=invert&pos=-50,-25");
        assertThat(inverted.getRGB(59, 21)).isEqualTo(GREEN);
        assertThat(inverted.getRGB(41, 29)).isEqualTo(RED); // layer 0, not the layer's blue
        assertThat(compose("", 1, "small.png", "mask=half-alpha.png&maskUse=off&pos=-50,-25").getRGB(59, 21))
                .isEqualTo(GREEN);
        // a solid layer takes its size from its mask: a 40 x 20 white rectangle, its right half cut
        BufferedImage solid = compose("", 1, "", "color=ffffff&mask=half-alpha.png");
        assertThat(solid.getRGB(81, 41)).isEqualTo(WHITE);
        assertThat(solid.getRGB(99, 58)).isEqualTo(WHITE);
        assertThat(solid.getRGB(101, 45)).isEqualTo(GREEN);
        assertThat(solid.getRGB(79, 45)).isEqualTo(RED);
    }

    @Test
    void theWatermarkLayerIsMergedAfterTheCompositesOpacityAndFilters() {
        RenderRequest base = RenderRequest.of("quad.png", commands("fmt=png-alpha"));
        List<Layer> layers = List.of(base.layer0(), Layer.of(1, "", commands("color=000000&size=10,10&pos=-80,-30")),
                Layer.of(2, "small.png", Map.of()));
        Map<String, String> global = new TreeMap<>(base.global());
        global.put("opac", "50");
        global.put("op_invert", "1");
        BufferedImage plain = Patterns.decode(renderer.render(new RenderRequest(new TreeMap<>(global), layers)).bytes());
        assertThat(plain.getRGB(90, 45) >>> 24).as("a layer like any other fades with comp").isBetween(126, 129);
        global.put(RenderRequest.WATERMARK, "2");
        BufferedImage marked = Patterns.decode(renderer.render(new RenderRequest(new TreeMap<>(global), layers)).bytes());
        assertThat(marked.getRGB(90, 45)).as("the watermark keeps its own pixels").isEqualTo(RED);
        assertThat(marked.getRGB(109, 54)).isEqualTo(YELLOW);
        assertThat(marked.getRGB(10, 10) >>> 24).as("the composite under it is faded").isBetween(126, 129);
        assertThat(marked.getRGB(20, 20) & 0xffffff).as("layer 1, inverted with the composite").isEqualTo(0xffffff);
        // placed from the canvas centre, whatever origin layer 0 has: originN=0.5,0.5 and posN=0.5,0.5 is the corner
        RenderRequest moved = RenderRequest.of("quad.png", commands("fmt=png-alpha&origin=0,0"));
        Map<String, String> movedGlobal = new TreeMap<>(moved.global());
        movedGlobal.put(RenderRequest.WATERMARK, "1");
        BufferedImage corner = Patterns.decode(renderer.render(new RenderRequest(new TreeMap<>(movedGlobal),
                List.of(moved.layer0(), Layer.of(1, "", commands("color=000000&size=10,10&originN=0.5,0.5"
                        + "&posN=0.5,0.5"))))).bytes());
        assertThat(corner.getRGB(195, 95)).isEqualTo(0xff000000);
        assertThat(corner.getRGB(185, 85)).isEqualTo(YELLOW);
    }

    static List<Integer> channels(int argb) {
        return List.of(argb >>> 24, (argb >> 16) & 255, (argb >> 8) & 255, argb & 255);
    }
}
