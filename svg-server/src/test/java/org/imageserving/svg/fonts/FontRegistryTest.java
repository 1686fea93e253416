package org.imageserving.svg.fonts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.imageserving.svg.render.SvgRasterizer;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FontRegistryTest {
    /** Debian's fonts-dejavu-core; the family is renamed so that only the copy under the font root can provide it. */
    static final Path MONO = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf");

    @TempDir
    Path root;

    @Test
    void aFontUnderTheFontRootIsUsedBySvgTextByFamilyName() throws IOException {
        DebianPackage.require(MONO, "fonts-dejavu-core");
        Path folder = Files.createDirectories(root.resolve("fonts/nested"));
        Files.write(folder.resolve("renamed.ttf"), rename(Files.readAllBytes(MONO), "DejaVu Sans Mono", "FontRootMonoTest"));
        Files.writeString(root.resolve("not-a-font.ttf"), "garbage");

        // Registered before the first text is drawn, as the server does at start: JSVG caches the family names.
        assertThat(FontRegistry.registerAll(root)).containsExactly("FontRootMonoTest");

        SvgRasterizer rasterizer = new SvgRasterizer(1, 4_000_000, Duration.ofSeconds(1));
        int fromFontRoot = inkWidth(rasterizer.parse(text("FontRootMonoTest"), Map.of()).render(400, 40));
        int fallback = inkWidth(rasterizer.parse(text("NoSuchFamilyAnywhere"), Map.of()).render(400, 40));

        // ten 'i' of a monospaced font span ten full cells (0.6 em each); a proportional fallback's are narrow
        assertThat(fromFontRoot).isGreaterThan(150);
        assertThat(fallback).isLessThan(fromFontRoot * 2 / 3);
    }

    private static byte[] text(String family) {
        return ("<svg xmlns='http://www.w3.org/2000/svg' width='400' height='40'><text x='0' y='30' font-size='30' "
                + "font-family='" + family + "'>iiiiiiiiii</text></svg>").getBytes(StandardCharsets.UTF_8);
    }

    /** Renames a font family in the font's name table, in its ASCII and UTF-16 records (same length required). */
    static byte[] rename(byte[] font, String from, String to) {
        assertThat(to).hasSameSizeAs(from);
        replaceAll(font, from.getBytes(StandardCharsets.US_ASCII), to.getBytes(StandardCharsets.US_ASCII));
        replaceAll(font, from.getBytes(StandardCharsets.UTF_16BE), to.getBytes(StandardCharsets.UTF_16BE));
        return font;
    }

    private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
        outer:
        for (int i = 0; i + from.length <= bytes.length; i++) {
            for (int j = 0; j < from.length; j++) {
                if (bytes[i + j] != from[j]) {
                    continue outer;
                }
            }
            System.arraycopy(to, 0, bytes, i, to.length);
        }
    }

    /** Distance between the leftmost and the rightmost column with ink. */
    static int inkWidth(BufferedImage image) {
        int left = Integer.MAX_VALUE;
        int right = -1;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) >>> 24) > 128) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return right < 0 ? 0 : right - left;
    }
}
