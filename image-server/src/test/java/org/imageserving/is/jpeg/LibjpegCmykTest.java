package org.imageserving.is.jpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.imageserving.is.render.SourceCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native CMYK decode itself, below the fallbacks that would hide its failure: it runs (and reduces) on a clean
 * file, refuses a damaged one before libjpeg's API sees it, and remembers a validated file only while it is the same
 * file on disk.
 */
class LibjpegCmykTest {
    @TempDir
    Path folder;

    @Test
    void aCleanFileIsDecodedReducedToRawComponents() throws IOException {
        Path file = cmyk(folder.resolve("clean.jpg"), 66, 50);
        JpegHeader header = JpegHeader.read(file).orElseThrow();
        assertThat(header.adobeCmyk()).isTrue();
        assertThat(LibjpegCmyk.available()).isTrue();
        CmykToSrgb conversion = CmykToSrgb.of(header.iccProfile()).orElseThrow();
        BufferedImage half = NativeJpeg.decodeCmyk(file, 2, new Rectangle(0, 0, 33, 25), header, 66, 50, conversion);
        assertThat(half).isNotNull();
        assertThat(half.getWidth()).isEqualTo(33);
        assertThat(half.getHeight()).isEqualTo(25);
        // the ink ramps from none (white) at the left to full cyan at the right
        assertThat(half.getRGB(0, 12) & 0xFFFFFF).isGreaterThan(0xE0E0E0);
        assertThat((half.getRGB(32, 12) >> 16) & 0xFF).isLessThan(80);
    }

    @Test
    void aDamagedFileIsRefusedAndNotRemembered() throws IOException {
        Path file = cmyk(folder.resolve("damaged.jpg"), 400, 300);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] = (byte) 0xFF; // a stray marker mid-scan: a libjpeg warning
        bytes[bytes.length / 2 + 1] = (byte) 0xD5;
        Files.write(file, bytes);
        JpegHeader header = JpegHeader.read(file).orElseThrow();
        CmykToSrgb conversion = CmykToSrgb.of(Optional.empty()).orElseThrow();
        assertThat(NativeJpeg.decodeCmyk(file, 4, new Rectangle(0, 0, 100, 75), header, 400, 300, conversion)).isNull();
        assertThat(ValidatedJpegs.known(ValidatedJpegs.of(file))).isFalse();
    }

    @Test
    void aValidatedFileIsRememberedUntilItIsReplaced() throws IOException {
        Path file = cmyk(folder.resolve("remembered.jpg"), 64, 48);
        JpegHeader header = JpegHeader.read(file).orElseThrow();
        CmykToSrgb conversion = CmykToSrgb.of(Optional.empty()).orElseThrow();
        assertThat(NativeJpeg.decodeCmyk(file, 1, new Rectangle(0, 0, 64, 48), header, 64, 48, conversion)).isNotNull();
        assertThat(ValidatedJpegs.known(ValidatedJpegs.of(file))).isTrue();
        Path other = cmyk(folder.resolve("other.jpg"), 64, 48);
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
        assertThat(ValidatedJpegs.known(ValidatedJpegs.of(file))).isFalse();
    }

    /** An Adobe CMYK JPEG whose cyan ink ramps from 0 at the left to full at the right. */
    private static Path cmyk(Path file, int w, int h) {
        WritableRaster ink = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ink.setSample(x, y, 0, 255 * x / (w - 1));
                ink.setSample(x, y, 3, (x * 7 + y * 13) % 32); // some black, so K takes part
            }
        }
        SourceCorpus.cmykJpeg(ink, file, false);
        return file;
    }
}
