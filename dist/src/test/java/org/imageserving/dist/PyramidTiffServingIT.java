package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.text;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.imageserving.dist.ExternalTools.Result;
import org.imageserving.dist.TestInstallation.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pyramid TIFFs made by the real bin/ic (and by libvips) served through HTTP: thumbnails, crops and {@code rect=} tiles
 * match the same request on the source image, {@code req=imageprops} reports the full size, a pyramid larger than
 * {@code IS::MaxNonDsfSize} is served while the same image as a JPEG is refused, and a truncated pyramid is a clean 403.
 *
 * <p>Tolerance: mean absolute difference per channel against the reply from the source, PNG replies. The levels are
 * made by halving (ic: Lanczos 2; libvips: a 2×2 box) and then reduced again by the server, so they differ slightly
 * from one reduction of the full image, most for the smallest replies: below 2.5 of 255 for ic's lossless levels
 * (measured 0 to 1.75), 4 for libvips' (0 to 2.81), 5 for ic's JPEG tiles at quality 95 (0.60 to 3.79). At scale 1
 * the replies are identical (0.00), so the geometry is exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PyramidTiffServingIT {
    static final List<String> REQUESTS = List.of("wid=400", "wid=160&hei=160", "wid=1300", "crop=700,300,900,600&wid=300",
            "rgn=1000,500,1000,700&wid=400&hei=280", "scl=1&rect=1024,768,256,256", "scl=2&rect=256,256,256,256",
            "scl=8&rect=0,0,300,200", "req=tmb&wid=120", "wid=300&rotate=90");

    @TempDir
    static Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws Exception {
        ExternalTools.require();
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        // The original's limit of 4 MP for non-pyramid sources: the 2400x1600 source passes, the 12 MP JPEG does not.
        system.edit("ImageServerRegistry.xml", Map.of("<MaxNonDsfSize>50</MaxNonDsfSize>", "<MaxNonDsfSize>4</MaxNonDsfSize>"));
        Path images = Files.createDirectories(system.root.resolve("images/pt"));
        ImageIO.write(photoLike(2400, 1600), "png", images.resolve("source.png").toFile());
        ic(images.resolve("source.png"), images.resolve("deflate.tif"));
        ic(images.resolve("source.png"), images.resolve("jpeg.tif"), "-jpegcompress");
        Result vips = ExternalTools.run(images, List.of("vips", "tiffsave", "source.png", "vips.tif", "--tile",
                "--pyramid", "--compression", "deflate"), 120);
        assertThat(vips.exitCode()).as(vips.toString()).isZero();
        ImageIO.write(photoLike(4000, 3000), "jpeg", images.resolve("large.jpg").toFile());
        ic(images.resolve("large.jpg"), images.resolve("large.tif"), "-jpegcompress");
        Result vipsLarge = ExternalTools.run(images, List.of("vips", "tiffsave", "large.jpg", "vips-large.tif", "--tile",
                "--pyramid", "--compression", "jpeg"), 120);
        assertThat(vipsLarge.exitCode()).as(vipsLarge.toString()).isZero();
        byte[] pyramid = Files.readAllBytes(images.resolve("deflate.tif"));
        Files.write(images.resolve("truncated.tif"), Arrays.copyOf(pyramid, pyramid.length * 2 / 3));
        Run run = system.script("start");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    static void ic(Path source, Path target, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("-convert"));
        args.addAll(List.of(options));
        args.addAll(List.of(source.toString(), target.toString()));
        Result ic = ExternalTools.script("ic", args, folder);
        assertThat(ic.exitCode()).as("bin/ic %s: %s", args, ic).isZero();
    }

    /** Smooth colour fields crossed by sharp dark bars: the filtering and the geometry both show in a comparison. */
    static BufferedImage photoLike(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 97.0) * Math.cos(y / 131.0));
                int g = (int) (128 + 90 * Math.sin((x + y) / 173.0));
                int b = 40 + (x + 2 * y) * 170 / (width + 2 * height);
                if (x % 200 < 12 || y % 250 < 12) {
                    r = g = b = 20;
                }
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    @ParameterizedTest
    @ValueSource(strings = {"deflate.tif", "jpeg.tif", "vips.tif"})
    void repliesMatchTheSameRequestsOnTheSourceImage(String pyramid) {
        double tolerance = switch (pyramid) {
            case "jpeg.tif" -> 5;
            case "vips.tif" -> 4;
            default -> 2.5;
        };
        for (String query : REQUESTS) {
            BufferedImage expected = png("source.png?" + query);
            BufferedImage actual = png(pyramid + "?" + query);
            assertThat(actual.getWidth()).as(query).isEqualTo(expected.getWidth());
            assertThat(actual.getHeight()).as(query).isEqualTo(expected.getHeight());
            double diff = meanDifference(expected, actual);
            System.out.printf("%s vs source.png %-45s mean |diff| %.2f%n", pyramid, query, diff);
            assertThat(diff).as("%s?%s", pyramid, query).isLessThan(tolerance);
        }
    }

    @Test
    void imagepropsReportsTheFullResolutionSize() {
        HttpResponse<byte[]> props = system.get("/is/image/pt/deflate.tif?req=imageprops");
        assertThat(props.statusCode()).isEqualTo(200);
        assertThat(text(props)).contains("image.width=2400").contains("image.height=1600");
    }

    @Test
    void aPyramidIsExemptFromMaxNonDsfSizeButTheSameImageAsAJpegIsNot() {
        HttpResponse<byte[]> jpeg = system.get("/is/image/pt/large.jpg?wid=400&fmt=png");
        assertThat(jpeg.statusCode()).isEqualTo(403);
        assertThat(text(jpeg)).contains("IS::MaxNonDsfSize");
        BufferedImage fromPyramid = png("large.tif?wid=400");
        assertThat(fromPyramid.getWidth()).isEqualTo(400);
        assertThat(fromPyramid.getHeight()).isEqualTo(300);
        HttpResponse<byte[]> props = system.get("/is/image/pt/large.tif?req=imageprops");
        assertThat(text(props)).contains("image.width=4000").contains("image.height=3000");
        // a full-resolution tile of it
        assertThat(png("large.tif?scl=1&rect=2000,1500,256,256").getWidth()).isEqualTo(256);
        // libvips' pyramid of it is recognised too (else it would be refused like the JPEG)
        assertThat(png("vips-large.tif?wid=400").getHeight()).isEqualTo(300);
    }

    @Test
    void aTruncatedPyramidIsACleanError() {
        HttpResponse<byte[]> reply = system.get("/is/image/pt/truncated.tif?wid=400");
        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(text(reply)).startsWith("#S7Z ERROR").contains("truncated.tif").contains("corrupt");
        // and the server keeps serving
        assertThat(png("deflate.tif?wid=100").getWidth()).isEqualTo(100);
    }

    static BufferedImage png(String pathAndQuery) {
        HttpResponse<byte[]> reply = system.get("/is/image/pt/" + pathAndQuery + "&fmt=png&cache=off");
        assertThat(reply.statusCode()).as("%s: %s", pathAndQuery, text(reply)).isEqualTo(200);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(reply.body()));
            assertThat(image).as(pathAndQuery).isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
