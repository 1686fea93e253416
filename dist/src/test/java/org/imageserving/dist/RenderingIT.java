package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.text;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tier 1 rendering through HTTP against a running system, on synthetic sources whose every pixel is known:
 * {@code quad.png} is 200×100 with flat quadrants (red top-left, green top-right, blue bottom-left, yellow
 * bottom-right), so every expected pixel below follows from the geometry alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenderingIT {
    static final int RED = 0xFF0000, GREEN = 0x00FF00, BLUE = 0x0000FF, YELLOW = 0xFFFF00, WHITE = 0xFFFFFF,
            BLACK = 0x000000, TRANSPARENT = -1;

    @TempDir
    static Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        Path test = Files.createDirectories(system.root.resolve("images/test"));
        ImageIO.write(quadrants(), "png", test.resolve("quad.png").toFile());
        ImageIO.write(grid(64, 8), "png", test.resolve("grid.png").toFile());
        ImageIO.write(halfTransparent(), "png", test.resolve("alpha.png").toFile());
        Files.write(test.resolve("corrupt.jpg"), "this is not a JPEG".getBytes(StandardCharsets.US_ASCII));
        byte[] jpeg = Files.readAllBytes(system.root.resolve("images/samples/tower.jpg"));
        Files.write(test.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.write(test.resolve("bomb.png"), pngHeaderOnly(60_000, 60_000));
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    // ---------------------------------------------------------------- view transform

    @Nested
    class View {
        @Test
        void widAloneKeepsTheAspectRatio() {
            BufferedImage out = png("quad.png?wid=100");
            assertSize(out, 100, 50);
            assertPixel(out, 25, 12, RED);
            assertPixel(out, 75, 37, YELLOW);
        }

        @Test
        void heiAloneKeepsTheAspectRatio() {
            assertSize(png("quad.png?hei=50"), 100, 50);
        }

        @Test
        void widAndHeiFitInsideAndPadWithBgcCentred() {
            BufferedImage out = png("quad.png?wid=100&hei=100&bgc=0,0,255");
            assertSize(out, 100, 100);
            assertPixel(out, 50, 10, BLUE); // 25 rows of padding above
            assertPixel(out, 10, 30, RED);
            assertPixel(out, 90, 70, YELLOW);
            assertPixel(out, 50, 90, BLUE);
        }

        @Test
        void alignPlacesTheImageInThePadding() {
            BufferedImage top = png("quad.png?wid=100&hei=100&bgc=000000&align=0,-1");
            assertPixel(top, 10, 5, RED);
            assertPixel(top, 90, 45, YELLOW);
            assertPixel(top, 50, 95, BLACK);
            BufferedImage bottom = png("quad.png?wid=100&hei=100&bgc=000000&align=0,1");
            assertPixel(bottom, 50, 5, BLACK);
            assertPixel(bottom, 10, 55, RED);
        }

        @Test
        void bgcIsIgnoredByAlphaFormats() {
            BufferedImage out = png("quad.png?wid=100&hei=100&bgc=0,0,255&fmt=png-alpha");
            assertPixel(out, 50, 10, TRANSPARENT);
            assertPixel(out, 10, 30, RED);
        }

        @Test
        void sclDividesTheSize() {
            BufferedImage out = png("quad.png?scl=2");
            assertSize(out, 100, 50);
            assertPixel(out, 10, 10, RED);
        }

        @Test
        void sclWithWidAndHeiPadsToThem() {
            BufferedImage out = png("quad.png?scl=2&wid=150&hei=50");
            assertSize(out, 150, 50);
            assertPixel(out, 10, 25, WHITE); // attribute::BkgColor default
            assertPixel(out, 30, 10, RED);
            assertPixel(out, 140, 25, WHITE);
        }

        @Test
        void sclOneDefeatsDefaultPix() {
            assertSize(image("/is/image/samples/landscape.jpg?scl=1"), 1600, 1067);
            assertSize(image("/is/image/samples/landscape.jpg"), 400, 267); // attribute::DefaultPix 400,400
        }

        @ParameterizedTest(name = "fit={0} wid={1} hei={2} -> {3}x{4}")
        @CsvSource({
            "fit,        400, 400, 400, 400",
            "'fit,1',    400, 400, 400, 400",
            "constrain,  100, 100, 100,  50",
            "'crop,1',   100, 100, 100, 100",
            "crop,        50,  50,  50,  50",
            "'wrap,1',   100, 100, 200, 100",
            "stretch,    100, 100, 100, 100",
            "hfit,       100, 100, 100, 100",
            "vfit,       100,  50, 100,  50"})
        void fitModesGiveTheDocumentedSizes(String fit, int wid, int hei, int width, int height) {
            assertSize(png("quad.png?fit=" + fit + "&wid=" + wid + "&hei=" + hei), width, height);
        }

        @Test
        void fitWithoutUpscaleCentresTheUnscaledImage() {
            BufferedImage out = png("quad.png?fit=fit,0&wid=400&hei=400&bgc=000000");
            assertPixel(out, 5, 5, BLACK);
            assertPixel(out, 110, 160, RED); // 200x100 at (100,150)
            assertPixel(out, 290, 240, YELLOW);
        }

        @Test
        void fitWithUpscaleFillsTheWidth() {
            BufferedImage out = png("quad.png?fit=fit,1&wid=400&hei=400&bgc=000000");
            assertPixel(out, 10, 110, RED); // 400x200 at (0,100)
            assertPixel(out, 10, 90, BLACK);
        }

        @Test
        void fitCropCutsTheOverflowCentred() {
            BufferedImage out = png("quad.png?fit=crop&wid=50&hei=50");
            assertPixel(out, 10, 10, RED);
            assertPixel(out, 40, 10, GREEN);
            assertPixel(out, 10, 40, BLUE);
            assertPixel(out, 40, 40, YELLOW);
        }

        @Test
        void fitStretchChangesTheAspect() {
            BufferedImage out = png("quad.png?fit=stretch&wid=100&hei=100");
            assertPixel(out, 25, 25, RED);
            assertPixel(out, 75, 75, YELLOW);
        }

        @Test
        void rgnSelectsARegionOfTheComposite() {
            BufferedImage out = png("quad.png?rgn=100,0,100,50");
            assertSize(out, 100, 50);
            assertPixel(out, 0, 0, GREEN);
            assertPixel(out, 99, 49, GREEN);
        }

        @Test
        void rectCutsTilesFromTheView() {
            BufferedImage tile = png("quad.png?rect=150,50,50,50");
            assertSize(tile, 50, 50);
            assertPixel(tile, 0, 0, YELLOW);
            BufferedImage zoomed = png("quad.png?rect=0,0,100,100,2");
            assertSize(zoomed, 100, 100);
            assertPixel(zoomed, 90, 90, RED); // view pixel 45,45 of the red quadrant, kernel clear of the blue one
            BufferedImage outside = png("quad.png?rect=180,0,40,10&bgc=000000");
            assertPixel(outside, 10, 5, GREEN);
            assertPixel(outside, 30, 5, BLACK);
        }

        @Test
        void maxPixRefusesLargerReplies() {
            HttpResponse<byte[]> response = system.get("/is/image/test/quad.png?wid=2001");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(text(response)).startsWith("#S7Z ERROR").contains("MaxPix");
        }

        @Test
        void thumbnailsFillDefaultThumbPixWithFitAndCentre() {
            BufferedImage out = png("quad.png?req=tmb");
            assertSize(out, 100, 100);
            assertPixel(out, 50, 10, WHITE);
            assertPixel(out, 25, 30, RED);
            assertPixel(out, 75, 70, YELLOW);
            assertSize(png("quad.png?req=tmb&wid=60&hei=40"), 60, 40);
        }

        @Test
        void thumbnailsRefuseFit() {
            assertUsageError("quad.png?req=tmb&fit=crop&wid=50&hei=50", "fit");
        }
    }

    // ---------------------------------------------------------------- layer geometry

    @Nested
    class Layer {
        @Test
        void cropInSourcePixels() {
            BufferedImage out = png("quad.png?crop=100,50,100,50");
            assertSize(out, 100, 50);
            assertPixel(out, 0, 0, YELLOW);
            assertPixel(out, 99, 49, YELLOW);
        }

        @Test
        void cropNormalized() {
            BufferedImage out = png("quad.png?cropN=0.5,0,0.5,0.5");
            assertSize(out, 100, 50);
            assertPixel(out, 50, 25, GREEN);
        }

        @Test
        void cropBeyondTheImageIsTransparentThenBackground() {
            BufferedImage out = png("quad.png?crop=-50,0,100,50&bgc=000000");
            assertSize(out, 100, 50);
            assertPixel(out, 10, 10, BLACK);
            assertPixel(out, 60, 10, RED);
            assertPixel(png("quad.png?crop=-50,0,100,50&fmt=png-alpha"), 10, 10, TRANSPARENT);
        }

        @Test
        void sizeFitsTheLayerInsideTheBox() {
            assertSize(png("quad.png?size=100,100"), 100, 50);
            assertSize(png("quad.png?size=0,20"), 40, 20);
        }

        @Test
        void scaleScalesTheSource() {
            BufferedImage out = png("quad.png?scale=0.5");
            assertSize(out, 100, 50);
            assertPixel(out, 75, 12, GREEN);
        }

        @Test
        void extendAddsMarginsFilledWithBackground() {
            BufferedImage out = png("quad.png?extend=10,20,30,40&bgc=000000");
            assertSize(out, 240, 160);
            assertPixel(out, 5, 5, BLACK);
            assertPixel(out, 15, 25, RED);
            assertPixel(out, 205, 115, YELLOW);
            assertPixel(out, 215, 125, BLACK);
            assertSize(png("quad.png?extend=-50,0,-50,0"), 100, 100);
        }

        @Test
        void flipMirrors() {
            assertPixel(png("quad.png?flip=lr"), 0, 0, GREEN);
            assertPixel(png("quad.png?flip=ud"), 0, 0, BLUE);
            assertPixel(png("quad.png?flip=lrud"), 0, 0, YELLOW);
        }

        @Test
        void rotateByQuarterTurnsIsExact() {
            BufferedImage r90 = png("quad.png?rotate=90");
            assertSize(r90, 100, 200);
            assertPixel(r90, 0, 0, BLUE);
            assertPixel(r90, 99, 0, RED);
            assertPixel(png("quad.png?rotate=180"), 0, 0, YELLOW);
            assertPixel(png("quad.png?rotate=-90"), 0, 0, GREEN);
        }

        @Test
        void rotateByOtherAnglesGrowsTheRectangle() {
            BufferedImage out = png("quad.png?rotate=30&bgc=000000");
            // 200 cos30 + 100 sin30 = 223.2; 200 sin30 + 100 cos30 = 186.6
            assertSize(out, 223, 187);
            assertPixel(out, 1, 1, BLACK);
            assertPixel(png("quad.png?rotate=30&fmt=png-alpha"), 1, 1, TRANSPARENT);
        }

        @Test
        void orderIsCropScaleFlipRotateExtend() {
            BufferedImage out = png("quad.png?crop=0,0,100,100&scale=0.5&flip=ud&rotate=90&extend=0,0,10,0&bgc=000000");
            assertSize(out, 60, 50);
            // cropped left half (red over blue), halved, flipped (blue over red), turned (blue right, red left)
            assertPixel(out, 5, 25, RED);
            assertPixel(out, 45, 25, BLUE);
            assertPixel(out, 55, 25, BLACK);
        }
    }

    // ---------------------------------------------------------------- output formats

    @Nested
    class Output {
        @Test
        void dprMultipliesTheViewAndJpegSizeAndPscanShapeTheJpeg() {
            assertSize(png("quad.png?wid=100&dpr=on,2"), 200, 100);
            byte[] limited = bytes("samples/landscape.jpg?wid=800&qlt=95&jpegSize=30");
            assertThat(limited.length).isLessThanOrEqualTo(30 * 1024);
            assertThat(decode(limited).getWidth()).isEqualTo(800);
            assertUsageError("quad.png?jpegSize=-1", "jpegSize=-1");
            byte[] progressive = bytes("samples/landscape.jpg?wid=300&fmt=pjpeg&pscan=4");
            int scans = 0;
            for (int i = 0; i + 1 < progressive.length; i++) {
                scans += (progressive[i] & 0xFF) == 0xFF && (progressive[i + 1] & 0xFF) == 0xDA ? 1 : 0;
            }
            assertThat(scans).isEqualTo(1 + 3 * 3);
            assertSize(decode(progressive), 300, 200);
        }

        @ParameterizedTest(name = "fmt={0}")
        @CsvSource({
            "jpeg, image/jpeg", "jpg, image/jpeg", "pjpeg, image/jpeg", "png, image/png", "png-alpha, image/png",
            "png8, image/png", "gif, image/gif", "gif-alpha, image/gif", "tif, image/tiff", "tif-alpha, image/tiff",
            "'tif,,lzw', image/tiff", "'tif,,zip', image/tiff", "'tif,,jpeg', image/tiff", "webp, image/webp",
            "webp-alpha, image/webp", "'webp,,lossless', image/webp"})
        void everyFormatDecodesWithTheRightSizeAndType(String fmt, String mime) {
            HttpResponse<byte[]> response = system.get("/is/image/test/quad.png?wid=100&fmt=" + fmt);
            assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(mime);
            BufferedImage out = decode(response.body());
            assertSize(out, 100, 50);
            assertNear(out, 25, 12, RED, 40);
            assertNear(out, 75, 37, YELLOW, 40);
        }

        /** AVIF through libheif on the running system, read back by heif-convert (libheif-examples). */
        @ParameterizedTest(name = "fmt={0}")
        @ValueSource(strings = {"avif", "avif-alpha", "'avif,,lossless'"})
        void avifRepliesDecodeWithTheRightSizeAndType(String fmt, @TempDir Path dir) throws IOException {
            Path heifConvert = DebianPackage.require(Path.of("/usr/bin/heif-convert"),
                    "libheif-examples");
            HttpResponse<byte[]> response = system.get("/is/image/test/quad.png?wid=100&fmt=" + fmt.replace("'", ""));
            assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("image/avif");
            Path avif = Files.write(dir.resolve("reply.avif"), response.body());
            ExternalTools.Result converted = ExternalTools.run(dir,
                    java.util.List.of(heifConvert.toString(), avif.toString(), "reply.png"), 60);
            assertThat(converted.exitCode()).as(converted.stderr()).isZero();
            BufferedImage out = ImageIO.read(dir.resolve("reply.png").toFile());
            assertSize(out, 100, 50);
            assertNear(out, 25, 12, RED, 40);
            assertNear(out, 75, 37, YELLOW, 40);
        }

        @Test
        void pjpegIsProgressiveAndJpegIsBaseline() {
            assertThat(marker(bytes("quad.png?fmt=pjpeg"), 0xC2)).isGreaterThan(0);
            assertThat(marker(bytes("quad.png?fmt=jpeg"), 0xC0)).isGreaterThan(0);
        }

        @Test
        void qltSetsQualityAndChromaSubsampling() {
            byte[] low = bytes("samples/landscape.jpg?wid=400&qlt=10");
            byte[] high = bytes("samples/landscape.jpg?wid=400&qlt=95");
            assertThat(low.length).isLessThan(high.length / 2);
            byte[] subsampled = bytes("quad.png?qlt=90,0");
            byte[] full = bytes("quad.png?qlt=90,1");
            assertThat(lumaSampling(subsampled)).isEqualTo(0x22);
            assertThat(lumaSampling(full)).isEqualTo(0x11);
        }

        @Test
        void pngColorTypes() {
            assertThat(bytes("quad.png?fmt=png")[25]).isEqualTo((byte) 2);
            assertThat(bytes("quad.png?fmt=png-alpha")[25]).isEqualTo((byte) 6);
            assertThat(bytes("quad.png?fmt=png8")[25]).isEqualTo((byte) 3);
            assertThat(bytes("quad.png?fmt=png,gray")[25]).isEqualTo((byte) 0);
        }

        @Test
        void quantizeLimitsThePalette() {
            BufferedImage four = decode(bytes("quad.png?fmt=png8&quantize=adaptive,off,4"));
            assertPixel(four, 10, 10, RED);
            assertPixel(four, 190, 90, YELLOW);
            assertThat(colors(decode(bytes("samples/landscape.jpg?wid=200&fmt=gif&quantize=adaptive,diffuse,8"))))
                    .hasSizeLessThanOrEqualTo(8);
            for (int c : colors(decode(bytes("samples/landscape.jpg?wid=100&fmt=gif&quantize=web")))) {
                assertThat(((c >> 16) & 0xFF) % 51).isZero();
                assertThat(((c >> 8) & 0xFF) % 51).isZero();
                assertThat((c & 0xFF) % 51).isZero();
            }
            assertThat(palette(bytes("samples/landscape.jpg?wid=100&fmt=png8&quantize=adaptive,off,4,ff00ff")))
                    .hasSizeLessThanOrEqualTo(4).contains(0xFF00FF);
        }

        @Test
        void gifAlphaKeepsTransparencyAsAKeyColour() {
            BufferedImage out = decode(bytes("alpha.png?fmt=gif-alpha"));
            assertPixel(out, 10, 50, RED);
            assertPixel(out, 90, 50, TRANSPARENT);
            assertPixel(decode(bytes("alpha.png?fmt=gif&bgc=0,0,255")), 90, 50, BLUE);
        }

        @Test
        void alphaFormatsKeepTransparencyAndOthersFlattenOnBgc() {
            assertPixel(decode(bytes("alpha.png?fmt=png-alpha")), 90, 50, TRANSPARENT);
            assertPixel(decode(bytes("alpha.png?fmt=tif-alpha,,lzw")), 90, 50, TRANSPARENT);
            assertThat(decode(bytes("alpha.png?fmt=webp-alpha")).getRGB(90, 50) >>> 24).isZero();
            assertPixel(decode(bytes("alpha.png?fmt=png")), 90, 50, WHITE);
            assertNear(decode(bytes("alpha.png?fmt=jpeg&bgc=0,255,0")), 90, 50, GREEN, 8);
        }

        @Test
        void metadataIsStripped() {
            String jpeg = new String(bytes("samples/landscape.jpg?wid=100"), StandardCharsets.ISO_8859_1);
            assertThat(jpeg).doesNotContain("Exif").doesNotContain("ICC_PROFILE").doesNotContain("http://ns.adobe.com/xap");
        }

        @Test
        void badOutputValuesAreUsageErrors() {
            assertUsageError("quad.png?fmt=bmp", "fmt=bmp");
            assertUsageError("quad.png?fmt=tif-alpha,,jpeg", "fmt=");
            assertUsageError("quad.png?qlt=101", "qlt=101");
            assertUsageError("quad.png?fmt=gif&quantize=octree", "quantize=");
            assertUsageError("quad.png?fmt=gif-alpha&quantize=mac", "quantize=");
        }
    }

    // ---------------------------------------------------------------- resampling and filters

    @Nested
    class Resampling {
        @ParameterizedTest
        @ValueSource(strings = {"bilin", "bicub", "sharp2", "bisharp", "trilin"})
        void everyModeKeepsFlatAreasAndEdgesExact(String mode) {
            BufferedImage out = png("quad.png?wid=77&resMode=" + mode);
            assertSize(out, 77, 39);
            assertPixel(out, 0, 0, RED);
            assertPixel(out, 76, 0, GREEN);
            assertPixel(out, 0, 38, BLUE);
            assertPixel(out, 76, 38, YELLOW);
        }

        @Test
        void reducingAveragesEverySourcePixel() {
            // 1-px black lines every 8 px on white, reduced 4×: each output pixel covers a quarter of a line pair.
            BufferedImage out = png("grid.png?wid=16&resMode=bilin");
            int mean = 0;
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    mean += out.getRGB(x, y) & 0xFF;
                }
            }
            mean /= 256;
            // 15 of every 64 source pixels are black: the mean is 255 * 49/64 = 195 whatever the kernel.
            assertThat(mean).isBetween(190, 200);
        }

        @Test
        void modesReallyDiffer() {
            assertThat(bytes("samples/landscape.jpg?wid=150&fmt=png&resMode=bilin"))
                    .isNotEqualTo(bytes("samples/landscape.jpg?wid=150&fmt=png&resMode=sharp2"));
        }

        @Test
        void unknownModeIsAUsageError() {
            assertUsageError("quad.png?resMode=nearest", "resMode=nearest");
        }
    }

    @Nested
    class Filters {
        @Test
        void invert() {
            assertPixel(png("quad.png?op_invert=1"), 10, 10, 0x00FFFF);
        }

        @Test
        void brightness() {
            assertPixel(png("quad.png?op_brightness=20"), 10, 10, 0xFF3333);
            assertPixel(png("quad.png?op_brightness=-100"), 10, 10, BLACK);
        }

        @Test
        void contrastMinus100IsFlatGray() {
            assertPixel(png("quad.png?op_contrast=-100"), 10, 10, 0x808080);
        }

        @Test
        void saturationMinus100IsGray() {
            assertPixel(png("quad.png?op_saturation=-100"), 10, 10, 0x4C4C4C); // 0.299 * 255 = 76
        }

        @Test
        void hueRotatesRedToGreen() {
            assertPixel(png("quad.png?op_hue=120"), 10, 10, GREEN);
        }

        @Test
        void blurMixesAcrossEdgesOnly() {
            BufferedImage out = png("quad.png?op_blur=6");
            assertPixel(out, 20, 20, RED);
            int edge = out.getRGB(100, 20);
            assertThat((edge >> 16) & 0xFF).isBetween(60, 200);
            assertThat((edge >> 8) & 0xFF).isBetween(60, 200);
        }

        @Test
        void sharpenAndUnsharpMaskLeaveFlatAreasAndSteepenEdges() {
            BufferedImage plain = png("samples/landscape.jpg?wid=200&fmt=png");
            // op_usm's radius is in source pixels and shrinks with the image (1600 -> 200: 16 px -> 2 px);
            // op_usmR's is used as given, so these two are the same operation.
            byte[] scaled = bytes("samples/landscape.jpg?wid=200&fmt=png&op_usm=3,16,0,0");
            assertThat(scaled).isEqualTo(bytes("samples/landscape.jpg?wid=200&fmt=png&op_usmR=3,2,0,0"));
            BufferedImage usm = decode(scaled);
            BufferedImage sharp = png("samples/landscape.jpg?wid=200&fmt=png&op_sharpen=1");
            assertThat(contrast(usm)).isGreaterThan(contrast(plain));
            assertThat(contrast(sharp)).isGreaterThan(contrast(plain));
            assertPixel(png("quad.png?op_usmR=5,3,0,1"), 20, 20, RED);
            assertPixel(png("quad.png?op_sharpen=1"), 20, 20, RED);
        }

        @Test
        void colorizeTintsByLuminanceAndColorBalanceShiftsChannels() {
            // red's luminance is 76: 76 / 127.5 of the way from black to a0b0c0
            assertPixel(png("quad.png?op_colorize=a0b0c0,off"), 10, 10, 0x5F6972);
            assertPixel(png("quad.png?op_colorbalance=-20,20,0"), 10, 10, 0xCC3300);
        }

        @Test
        void noiseIsTheSameForTheSameRequest() {
            byte[] once = bytes("quad.png?op_noise=20,gaussian&fmt=png&cache=off");
            assertThat(bytes("quad.png?op_noise=20,gaussian&fmt=png&cache=off")).isEqualTo(once);
            assertThat(png("quad.png?op_noise=20,gaussian&fmt=png&cache=off").getRGB(10, 10) & 0xFFFFFF)
                    .isNotEqualTo(RED);
        }

        @Test
        void growMaskAndGrowActOnTheAlphaOfATransparentSource() {
            // alpha.png: the left half (x < 50) opaque red
            BufferedImage grown = png("alpha.png?op_growMaskR=4&fmt=png-alpha");
            assertThat(grown.getRGB(53, 50)).isEqualTo(0xFF000000 | RED);
            assertThat(grown.getRGB(55, 50) >>> 24).isZero();
            BufferedImage shrunk = png("alpha.png?op_grow=-4&fmt=png-alpha");
            assertThat(shrunk.getRGB(47, 50) >>> 24).isZero();
            assertThat(shrunk.getRGB(45, 50)).isEqualTo(0xFF000000 | RED);
        }

        @Test
        void outOfRangeValuesAreUsageErrors() {
            assertUsageError("quad.png?op_noise=5,poisson", "op_noise=5,poisson");
            assertUsageError("quad.png?op_hue=181", "op_hue=181");
            assertUsageError("quad.png?op_brightness=abc", "op_brightness=abc");
            assertUsageError("quad.png?op_invert=2", "op_invert=2");
        }
    }

    // ---------------------------------------------------------------- properties

    @Nested
    class Properties {
        @Test
        void propsDescribeTheReplyInText() {
            HttpResponse<byte[]> response = system.get("/is/image/test/quad.png?wid=100&fmt=png&req=props");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(text(response)).startsWith("#S7Z OK\n#").contains("image.width=100\n", "image.height=50\n",
                    "image.type=image/png\n", "image.mask=0\n", "image.bgc=FFFFFF\n");
        }

        @Test
        void theFourFormats() {
            assertThat(text(system.get("/is/image/test/quad.png?req=props,javascript&wid=100")))
                    .contains("image.width='100'\n");
            HttpResponse<byte[]> xml = system.get("/is/image/test/quad.png?req=props,xml&wid=100");
            assertThat(xml.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/xml");
            assertThat(text(xml)).startsWith("<?xml").contains("<prop-group name=\"image\">",
                    "<property name=\"width\" value=\"100\"/>");
            HttpResponse<byte[]> json = system.get("/is/image/test/quad.png?req=props,json&wid=100&handler=cb&id=7");
            assertThat(json.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
            assertThat(text(json).strip()).startsWith("/*jsonp*/cb({").contains("\"image.width\":\"100\"").endsWith("},\"7\");");
        }

        @Test
        void imagepropsDescribeTheSource() {
            assertThat(text(system.get("/is/image/test/alpha.png?req=imageprops&wid=10")))
                    .contains("image.width=100\n", "image.height=100\n", "image.mask=2\n");
        }

        @Test
        void existsSaysWhetherTheImageIsThere() {
            assertThat(text(system.get("/is/image/test/quad.png?req=exists"))).contains("catalogRecord.exists=1");
            HttpResponse<byte[]> missing = system.get("/is/image/test/nothing.png?req=exists,json");
            assertThat(missing.statusCode()).isEqualTo(200);
            assertThat(text(missing)).contains("\"catalogRecord.exists\":\"0\"");
        }

        @Test
        void validateParsesWithoutRendering() {
            assertThat(text(system.get("/is/image/test/nothing.png?req=validate&wid=10")))
                    .contains("request.isValid=1");
            assertUsageError("quad.png?req=validate&wid=abc", "wid=abc");
        }
    }

    // ---------------------------------------------------------------- errors

    @Nested
    class Errors {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "quad.png?wid=abc|wid=abc", "quad.png?wid=0|wid=0", "quad.png?hei=99999|hei=99999",
            "quad.png?fit=bogus&wid=10|fit=bogus", "quad.png?fit=crop|fit=", "quad.png?align=2,0|align=2,0",
            "quad.png?bgc=zz|bgc=zz", "quad.png?rgn=1,2,3|rgn=1,2,3", "quad.png?rect=0,0,0,10|rect=",
            "quad.png?crop=0,0,0,10|crop=", "quad.png?size=a,b|size=", "quad.png?scale=-1|scale=-1",
            "quad.png?flip=diagonal|flip=diagonal", "quad.png?rotate=left|rotate=left",
            "quad.png?extend=1,2|extend=", "quad.png?req=bogus|req=bogus", "quad.png?sizeN=0.5,0.5|sizeN",
            "quad.png?layer=1|layer=1"})
        void malformedValuesGetUsageErrors(String request, String mention) {
            assertUsageError(request, mention);
        }

        @Test
        void missingCorruptTruncatedAndOversizedSources() {
            assertError("nothing.png?wid=10", 403, "image not found");
            assertError("corrupt.jpg?wid=10", 403, "corrupt");
            assertError("truncated.jpg?wid=10", 403, "corrupt");
            assertError("bomb.png?wid=10", 403, "MaxNonDsfSize");
            // the Image Server is still there
            assertSize(png("quad.png?wid=10"), 10, 5);
        }
    }

    // ---------------------------------------------------------------- helpers

    static BufferedImage png(String request) {
        return decode(bytes(request + (request.contains("fmt=") ? "" : (request.contains("?") ? "&" : "?") + "fmt=png")));
    }

    static byte[] bytes(String request) {
        HttpResponse<byte[]> response = system.get(path(request));
        assertThat(response.statusCode()).as("%s: %s", request, text(response)).isEqualTo(200);
        return response.body();
    }

    static BufferedImage image(String pathAndQuery) {
        HttpResponse<byte[]> response = system.get(pathAndQuery);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        return decode(response.body());
    }

    static String path(String request) {
        return request.startsWith("samples/") ? "/is/image/" + request : "/is/image/test/" + request;
    }

    static void assertUsageError(String request, String mention) {
        assertError(request, 403, mention);
    }

    static void assertError(String request, int status, String mention) {
        HttpResponse<byte[]> response = system.get(path(request));
        assertThat(response.statusCode()).as(request).isEqualTo(status);
        assertThat(text(response)).as(request).startsWith("#S7Z ERROR").contains(mention);
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as("decodable image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void assertSize(BufferedImage image, int width, int height) {
        assertThat(image.getWidth() + "x" + image.getHeight()).isEqualTo(width + "x" + height);
    }

    static void assertPixel(BufferedImage image, int x, int y, int rgb) {
        int p = image.getRGB(x, y);
        if (rgb == TRANSPARENT) {
            assertThat(p >>> 24).as("alpha at %d,%d", x, y).isZero();
        } else {
            assertThat(String.format("%06X", p & 0xFFFFFF)).as("pixel at %d,%d (alpha %d)", x, y, p >>> 24)
                    .isEqualTo(String.format("%06X", rgb));
            assertThat(p >>> 24).as("alpha at %d,%d", x, y).isEqualTo(255);
        }
    }

    static void assertNear(BufferedImage image, int x, int y, int rgb, int tolerance) {
        int p = image.getRGB(x, y);
        for (int shift = 16; shift >= 0; shift -= 8) {
            assertThat((p >> shift) & 0xFF).as("channel %d at %d,%d of %06X", shift, x, y, p & 0xFFFFFF)
                    .isCloseTo((rgb >> shift) & 0xFF, org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    /** Mean absolute difference between horizontal neighbours: grows when edges get steeper. */
    static double contrast(BufferedImage image) {
        long sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 1; x < image.getWidth(); x++) {
                sum += Math.abs((image.getRGB(x, y) & 0xFF) - (image.getRGB(x - 1, y) & 0xFF));
            }
        }
        return sum / (double) (image.getWidth() * image.getHeight());
    }

    static Set<Integer> colors(BufferedImage image) {
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colors.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colors;
    }

    /** The colours of a PNG's PLTE chunk. */
    static Set<Integer> palette(byte[] png) {
        Set<Integer> colors = new HashSet<>();
        int i = 8;
        while (i + 8 < png.length) {
            int length = ((png[i] & 0xFF) << 24) | ((png[i + 1] & 0xFF) << 16) | ((png[i + 2] & 0xFF) << 8) | (png[i + 3] & 0xFF);
            String type = new String(png, i + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("PLTE")) {
                for (int c = 0; c < length; c += 3) {
                    colors.add(((png[i + 8 + c] & 0xFF) << 16) | ((png[i + 9 + c] & 0xFF) << 8) | (png[i + 10 + c] & 0xFF));
                }
            }
            i += 12 + length;
        }
        return colors;
    }

    /** Offset of the first JPEG marker 0xFF {@code code}, or -1. */
    static int marker(byte[] jpeg, int code) {
        for (int i = 2; i < jpeg.length - 1; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == code) {
                return i;
            }
        }
        return -1;
    }

    /** The sampling-factor byte of the first component in the SOF0 segment. */
    static int lumaSampling(byte[] jpeg) {
        int sof = marker(jpeg, 0xC0);
        return jpeg[sof + 11] & 0xFF; // FF C0, length(2), precision, height(2), width(2), count, id, sampling
    }

    static BufferedImage quadrants() {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(RED));
        g.fillRect(0, 0, 100, 50);
        g.setColor(new Color(GREEN));
        g.fillRect(100, 0, 100, 50);
        g.setColor(new Color(BLUE));
        g.fillRect(0, 50, 100, 50);
        g.setColor(new Color(YELLOW));
        g.fillRect(100, 50, 100, 50);
        g.dispose();
        return image;
    }

    static BufferedImage grid(int size, int step) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, x % step == 0 || y % step == 0 ? 0 : WHITE);
            }
        }
        return image;
    }

    /** 100×100: left half opaque red, right half fully transparent. */
    static BufferedImage halfTransparent() {
        BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 50; x++) {
                image.setRGB(x, y, 0xFF000000 | RED);
            }
        }
        return image;
    }

    /** A PNG whose header claims {@code width}×{@code height} but carries no pixel data: a decompression bomb stand-in. */
    static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeBytes("IHDR");
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0});
        out.writeInt(13);
        out.write(ihdr.toByteArray());
        CRC32 crc = new CRC32();
        crc.update(ihdr.toByteArray());
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }
}
