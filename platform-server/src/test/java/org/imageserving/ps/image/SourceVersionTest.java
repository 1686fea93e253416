package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.imageio.ImageIO;
import org.imageserving.tools.ic.ConversionSettings;
import org.imageserving.tools.ic.PyramidConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache validation dates: a PTIFF's header date (as the real ic writes it), the file time for everything else. */
class SourceVersionTest {
    private static final Instant CONVERTED = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    Path root;

    private Path ptiff(String name, Instant converted, int width) throws Exception {
        BufferedImage image = new BufferedImage(width, 600, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 7 + y * 3) & 0xFFFFFF);
            }
        }
        Path png = root.resolve(name + ".png");
        ImageIO.write(image, "png", png.toFile());
        Path tif = root.resolve(name);
        new PyramidConverter(ConversionSettings.defaults(), Clock.fixed(converted, ZoneOffset.UTC)).convert(png, tif, l -> {});
        return tif;
    }

    @Test
    void aPyramidIsValidatedByItsHeaderDateNotItsFileTime() throws Exception {
        Path tif = ptiff("a.tif", CONVERTED, 700);
        assertThat(PyramidHeaderDate.read(tif)).contains("2026:03:04 05:06:07");
        SourceFiles sources = new SourceFiles(List.of(root));
        String before = sources.version("a.tif");
        assertThat(before).contains("ptiff:2026:03:04 05:06:07");

        Files.setLastModifiedTime(tif, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(sources.version("a.tif")).as("a copy with a new file time is the same image").isEqualTo(before);

        // converted again later, then given the old file time back (cp -p, rsync -t): the header date tells
        Path again = ptiff("b.tif", CONVERTED.plusSeconds(60), 700);
        FileTime time = Files.getLastModifiedTime(tif);
        Files.move(again, tif, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(tif, time);
        assertThat(sources.version("a.tif")).isNotEqualTo(before).contains("ptiff:2026:03:04 05:07:07");
    }

    @Test
    void otherFilesAreValidatedByFileTime() throws Exception {
        Path png = root.resolve("p.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        SourceFiles sources = new SourceFiles(List.of(root));
        String before = sources.version("p.png");
        assertThat(before).doesNotContain("ptiff:");
        Files.setLastModifiedTime(png, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(sources.version("p.png")).isNotEqualTo(before);
        assertThat(sources.version("none.png")).isEqualTo("missing");
    }

    @Test
    void aSingleImageTiffOrADamagedHeaderHasNoHeaderDate() throws IOException {
        Path single = root.resolve("single.tif");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "tiff", single.toFile());
        assertThat(PyramidHeaderDate.read(single)).isEmpty();

        Path loop = root.resolve("loop.tif"); // one directory whose next offset points to itself, date out of bounds
        byte[] bytes = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, (byte) 0x32, 1, 2, 0, 20, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0,
                8, 0, 0, 0};
        Files.write(loop, bytes);
        assertThat(PyramidHeaderDate.read(loop)).isEmpty();
        Files.write(root.resolve("short.tif"), new byte[] {'M', 'M', 0, 42, 0, 0});
        assertThat(PyramidHeaderDate.read(root.resolve("short.tif"))).isEmpty();
        assertThat(new SourceFiles(List.of(root)).version("short.tif")).doesNotContain("ptiff:");
    }

    /**
     * The remembered header dates are bounded by frequency, not cleared when full: a popular PTIFF's date is still
     * remembered after a scan over many other sources. Seen from outside by rewriting its header in place with the
     * same size, time and inode, which only a fresh read of the header notices.
     */
    @Test
    void aPopularPyramidsHeaderDateSurvivesAScanOfManyOthers() throws Exception {
        Path tif = ptiff("hot.tif", CONVERTED, 700);
        byte[] later = Files.readAllBytes(ptiff("later.tif", CONVERTED.plusSeconds(60), 700));
        assertThat(later).hasSize((int) Files.size(tif));
        int bound = 50;
        SourceFiles sources = new SourceFiles(List.of(root), bound);
        for (int i = 0; i < bound * 20; i++) {
            if (i % 10 == 0) { // it stays popular while the scan goes on
                assertThat(sources.version("hot.tif")).contains("ptiff:2026:03:04 05:06:07");
            }
            Files.write(root.resolve("scan" + i + ".tif"), new byte[] {'I', 'I', 42, 0, 0, 0, 0, 0});
            sources.version("scan" + i + ".tif");
        }
        FileTime time = Files.getLastModifiedTime(tif);
        Object inode = Files.readAttributes(tif, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Files.write(tif, later, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Files.setLastModifiedTime(tif, time);
        assertThat(Files.readAttributes(tif, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(inode);

        assertThat(sources.version("hot.tif")).as("still remembered, so the header was not read again")
                .contains("ptiff:2026:03:04 05:06:07");
        assertThat(new SourceFiles(List.of(root), bound).version("hot.tif")).as("what a fresh read finds")
                .contains("ptiff:2026:03:04 05:07:07");
    }
}
