package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composites through HTTP against a running system, checked against the same composite made independently by
 * ImageMagick at test time (same geometry, opacity and blend mode). Sources are lossless PNGs and replies PNG, so
 * the two may differ only by rounding: at most 2 levels per channel anywhere, where 8-bit premultiplied arithmetic
 * and ImageMagick's floating point round differently.
 */
class CompositionIT {
    @TempDir
    static Path folder;
    @TempDir
    static Path work;
    static TestInstallation system;
    static Path samples;

    @BeforeAll
    static void start() throws IOException {
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        samples = folder.resolve("images/samples");
        write(gradient(320, 200), samples.resolve("canvas.png"));
        write(badge(60, 40), samples.resolve("badge.png"));
        system.writeCatalog("shop.ini", "RootId=shop\nCatalogFile=shop.txt\n");
        write(halves(320, 200), samples.resolve("canvas-mask.png"));
        system.writeCatalog("shop.txt", "Id\tPath\tModifier\tMaskPath\n"
                + "sale\tsamples/canvas.png\tlayer=1&src=shop/badge&pos=100,-60\t\n"
                + "badge\tsamples/badge.png\t\t\n"
                + "cutout\tsamples/canvas.png\t\tsamples/canvas-mask.png\n");
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    /** A smooth, opaque gradient: every pixel differs, so a misplaced layer shows. */
    static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 160);
            }
        }
        return image;
    }

    /** A badge with soft, partly transparent edges and varied colours. */
    static BufferedImage badge(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int edge = Math.min(Math.min(x, width - 1 - x), Math.min(y, height - 1 - y));
                int alpha = Math.min(255, 60 + edge * 25);
                image.setRGB(x, y, alpha << 24 | 230 << 16 | (x * 4) << 8 | (255 - y * 5));
            }
        }
        return image;
    }

    /** A gray mask: white (inside) on the left half, black on the right. */
    static BufferedImage halves(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width / 2; x++) {
                image.setRGB(x, y, 0xffffff);
            }
        }
        return image;
    }

    static void write(BufferedImage image, Path file) {
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage image(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        try {
            return ImageIO.read(new ByteArrayInputStream(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ImageMagick: the badge at (x, y) over the canvas with an opacity and a compose operator. */
    static BufferedImage reference(int x, int y, double opacity, String compose) throws IOException {
        String unavailable = ExternalTools.imageMagickUnavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Path out = work.resolve("ref-" + x + "-" + y + "-" + opacity + "-" + compose + ".png");
        List<String> command = new ArrayList<>(ExternalTools.imageMagick("convert"));
        command.addAll(List.of(samples.resolve("canvas.png").toString(), "(", samples.resolve("badge.png").toString(),
                "-channel", "A", "-evaluate", "multiply", Double.toString(opacity), "+channel", ")",
                "-geometry", String.format("%+d%+d", x, y), "-compose", compose, "-composite",
                "-alpha", "off", "PNG24:" + out));
        ExternalTools.Result result = ExternalTools.run(work, command, 60);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return ImageIO.read(out.toFile());
    }

    static int maxDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    max = Math.max(max, Math.abs(((p >> shift) & 255) - ((q >> shift) & 255)));
                }
            }
        }
        return max;
    }

    @Test
    void aBadgePlacedWithPosMatchesImageMagick() throws IOException {
        // centres: canvas (160, 100) + pos (100, -60) - badge (30, 20) = top-left (230, 20)
        BufferedImage ours = image(system.get("/is/image/samples/canvas.png?fmt=png&layer=1&src=samples/badge.png"
                + "&pos=100,-60"));
        assertThat(maxDifference(ours, reference(230, 20, 1.0, "over"))).isLessThanOrEqualTo(2);
    }

    @Test
    void aNestedRequestAsALayersSourceMatchesImageMagick() throws IOException {
        // the nested result is lossless PNG with alpha: the same pixels as the file itself
        BufferedImage ours = image(system.get("/is/image/samples/canvas.png?fmt=png&layer=1"
                + "&src=is%7Bsamples/badge.png%7D&pos=100,-60"));
        assertThat(maxDifference(ours, reference(230, 20, 1.0, "over"))).isLessThanOrEqualTo(2);
    }

    @Test
    void opacityAndEveryBlendModeMatchImageMagick() throws IOException {
        String[][] modes = {{"norm", "over"}, {"mult", "multiply"}, {"screen", "screen"}, {"lighten", "lighten"},
                {"darken", "darken"}};
        for (String[] mode : modes) {
            BufferedImage ours = image(system.get("/is/image/samples/canvas.png?fmt=png&layer=1"
                    + "&src=samples/badge.png&opac=70&blendMode=" + mode[0] + "&origin=0,0&pos=-150,-90"));
            // origin at the badge's top-left: it lands at the canvas centre plus pos, (10, 10)
            assertThat(maxDifference(ours, reference(10, 10, 0.7, mode[1]))).as(mode[0]).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aCatalogRecordsModifierComposesAndTheViewTransformScalesTheComposite() throws IOException {
        BufferedImage full = image(system.get("/is/image/shop/sale?fmt=png"));
        assertThat(maxDifference(full, reference(230, 20, 1.0, "over"))).isLessThanOrEqualTo(2);
        // wid= scales the whole composite: the same as scaling the full-size composite (within resampling)
        BufferedImage half = image(system.get("/is/image/shop/sale?fmt=png&wid=160"));
        assertThat(half.getWidth()).isEqualTo(160);
        assertThat(half.getHeight()).isEqualTo(100);
        BufferedImage scaled = new BufferedImage(160, 100, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(full, 0, 0, 160, 100, null);
        g.dispose();
        assertThat(ReferenceRenderer.meanDifference(half, scaled)).isLessThan(3.0);
    }

    @Test
    void aRecordsMaskPathCutsItsImageOut() {
        BufferedImage cut = image(system.get("/is/image/shop/cutout?fmt=png-alpha"));
        assertThat(cut.getRGB(10, 100) >>> 24).isEqualTo(255);
        assertThat(cut.getRGB(300, 100) >>> 24).isZero();
        // flattened onto bgc where the format has no alpha
        BufferedImage flat = image(system.get("/is/image/shop/cutout?fmt=png&bgc=ff0000"));
        assertThat(flat.getRGB(300, 100) & 0xffffff).isEqualTo(0xff0000);
        // the same mask named by mask= on a layer, and maskUse=invert keeps the other half
        BufferedImage inverted = image(system.get("/is/image/samples/canvas.png?fmt=png-alpha&mask=shop/cutout"
                + "&maskUse=invert"));
        assertThat(inverted.getRGB(10, 100) >>> 24).isZero();
        assertThat(inverted.getRGB(300, 100) >>> 24).isEqualTo(255);
    }

    @Test
    void theDocumentedDropShadowExampleWithTheShippedMacro() {
        // "Layer effects": size=200,200&extend=0,0,10,10&effect=-1&$shadow$&color=50,143,254
        BufferedImage out = image(system.get("/is/image/samples/canvas.png?fmt=png-alpha&size=200,200"
                + "&extend=0,0,10,10&effect=-1&$shadow$&color=50,143,254"));
        assertThat(out.getWidth()).isEqualTo(210);
        assertThat(out.getHeight()).isEqualTo(135); // 200 x 125, and the margins
        int shadow = out.getRGB(203, 60);
        assertThat(shadow >>> 24).as("the shadow shows in the margin").isBetween(64, 200);
        assertThat((shadow & 255) > ((shadow >> 16) & 255)).as("and it is blue").isTrue();
        // below the image it fades out to the left, where the blurred edge of the moved shape is
        assertThat(out.getRGB(1, 131) >>> 24).as("fading").isLessThan((out.getRGB(100, 131) >>> 24) / 4);
        assertThat(out.getRGB(100, 131) >>> 24).isGreaterThan(64);
        assertThat(out.getRGB(100, 60) >>> 24).isEqualTo(255);
    }

    @Test
    void aSolidCanvasAsLayer0() {
        BufferedImage out = image(system.get("/is/image?fmt=png&size=400,300&color=336699&layer=1"
                + "&src=samples/badge.png&scale=2"));
        assertThat(out.getWidth()).isEqualTo(400);
        assertThat(out.getHeight()).isEqualTo(300);
        assertThat(out.getRGB(3, 3) & 0xffffff).isEqualTo(0x336699);
        assertThat(out.getRGB(200, 150) & 0xffffff).isNotEqualTo(0x336699); // the badge, 120 x 80 in the middle
        assertThat(out.getRGB(135, 105) & 0xffffff).isEqualTo(0x336699);
    }

    @Test
    void clipPathsPerspectiveAndTheMaskRequestThroughHttp() {
        // layer 0 clipped to its left half: transparent on the right
        BufferedImage clipped = image(system.get("/is/image/samples/canvas.png?fmt=png-alpha"
                + "&clipPath=M0,0L160,0L160,200L0,200Z"));
        assertThat(clipped.getRGB(40, 100) >>> 24).isEqualTo(255);
        assertThat(clipped.getRGB(280, 100) >>> 24).isZero();
        // req=mask of that: its alpha as gray, white left, black right
        BufferedImage mask = image(system.get("/is/image/samples/canvas.png?req=mask&fmt=png"
                + "&clipPath=M0,0L160,0L160,200L0,200Z"));
        assertThat(mask.getRGB(40, 100) & 0xffffff).isEqualTo(0xffffff);
        assertThat(mask.getRGB(280, 100) & 0xffffff).isZero();
        // a white solid layer mapped onto a quadrilateral: inside it white, outside it the canvas
        BufferedImage quad = image(system.get("/is/image/samples/canvas.png?fmt=png&layer=1&color=ffffff"
                + "&size=10,10&perspective=100,50,220,50,200,150,120,150"));
        assertThat(quad.getRGB(160, 100) & 0xffffff).isEqualTo(0xffffff);
        assertThat(quad.getRGB(105, 140) & 0xffffff).isNotEqualTo(0xffffff);
    }

    @Test
    void namedLayersSolidLayersAndRenderOrder() {
        // layer 2 is named, reselected by name later and drawn above layer 1 whatever the URL's order
        BufferedImage out = image(system.get("/is/image/samples/canvas.png?fmt=png&layer=2,dot&color=ffffff"
                + "&size=10,10&layer=1&color=000000&size=40,40&layer=dot&pos=5,0"));
        assertThat(out.getRGB(165, 100) & 0xffffff).isEqualTo(0xffffff);
        assertThat(out.getRGB(145, 85) & 0xffffff).isEqualTo(0x000000);
    }

    @Test
    void badCompositionsAreRefusedWithTheirReason() {
        assertThat(TestInstallation.text(system.get("/is/image/samples/canvas.png?layer=1&src=samples/none.png")))
                .contains("image not found: samples/none.png");
        assertThat(system.get("/is/image/samples/canvas.png?layer=1&src=samples/none.png").statusCode())
                .isEqualTo(403);
        assertThat(TestInstallation.text(system.get("/is/image/samples/canvas.png?layer=1&src=../../conf/server.xml")))
                .doesNotContain("<Server");
        assertThat(system.get("/is/image/samples/canvas.png?layer=1&src=../../conf/server.xml").statusCode())
                .isBetween(400, 499);
        assertThat(TestInstallation.text(system.get("/is/image/samples/canvas.png?layer=1&size=10,10")))
                .contains("needs src= or color=");
        StringBuilder many = new StringBuilder("/is/image/samples/canvas.png?fmt=png");
        for (int i = 1; i <= 101; i++) {
            many.append("&layer=").append(i).append("&color=ff0000&size=1,1");
        }
        HttpResponse<byte[]> tooMany = system.get(many.toString());
        assertThat(tooMany.statusCode()).isEqualTo(403);
        assertThat(TestInstallation.text(tooMany)).contains("more than the 100 allowed");
        // hostile sizes: each answered quickly, with an image or a reason, never by allocating what they name
        for (String hostile : List.of(
                "/is/image?size=60000,60000&color=ffffff&wid=100&fmt=png",
                "/is/image/samples/canvas.png?fmt=png&layer=1&src=samples/badge.png&size=60000,60000",
                "/is/image/samples/canvas.png?fmt=png&layer=1&src=samples/badge.png&extend=900000,900000,900000,900000"
                        + "&bgColor=ff0000",
                "/is/image/samples/canvas.png?fmt=png&layer=1&color=ff0000&size=60000,60000&effect=-1&color=0"
                        + "&op_blur=100&op_grow=100",
                "/is/image/samples/canvas.png?fmt=png&layer=1&src=samples/badge.png&perspective=0,0,1e6,0,1e6,1e6,0,1e6")) {
            long started = System.nanoTime();
            HttpResponse<byte[]> answer = system.get(hostile);
            assertThat(answer.statusCode()).as(hostile + ": " + TestInstallation.text(answer)).isIn(200, 403);
            assertThat(System.nanoTime() - started).as(hostile).isLessThan(10_000_000_000L);
        }
        // the system is still serving
        assertThat(system.get("/is/image/samples/canvas.png?wid=50").statusCode()).isEqualTo(200);
    }
}
