package org.imageserving.is.gif;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The LZW decoder's rows against the indices ImageIO's reader gives for the same file (written by ImageIO's GIF
 * writer), for code streams longer than the decoder's first buffer: noise, which clears the table every few thousand
 * pixels, so the buffer is compacted many times and must not grow; one flat colour, whose strings grow to thousands
 * of pixels and never fill the table, so everything written stays referenced and the buffer must grow; and an image
 * whose top is flat and whose bottom is noise, which does both. Odd widths, so rows and strings straddle every
 * compaction at a different place.
 */
class GifLzwTest {
    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} {1}x{2}, first buffer {3}")
    @CsvSource({"noise,1301,923,65536", "flat,1501,1101,65536", "halves,999,1001,65536", "noise,7,3001,65536",
            "bands,1283,1009,65536", "noise,7,3001,0", "bands,1283,1009,0", "halves,999,1001,0"})
    void everyRowIsTheIndicesImageIoReads(String kind, int width, int height, int firstBuffer) throws IOException {
        Path file = write(image(kind, width, height));
        Raster expected = ImageIO.read(file.toFile()).getRaster();
        int[] rows = {0};
        int[] wrong = {-1};
        GifLzw lzw = decoder(file, firstBuffer);
        boolean complete = lzw.decode(width, height, (row, buffer, at) -> {
            for (int x = 0; x < width; x++) {
                if ((buffer[at + x] & 0xFF) != expected.getSample(x, row, 0) && wrong[0] < 0) {
                    wrong[0] = row;
                }
            }
            rows[0]++;
            return true;
        });
        assertThat(complete).isTrue();
        assertThat(rows[0]).isEqualTo(height);
        assertThat(wrong[0]).as("first row that differs").isEqualTo(-1);
        if (kind.equals("noise") && firstBuffer > 0) { // the table is cleared often: only a few rows are ever kept
            assertThat(lzw.bufferLength()).isLessThan(200_000);
        } else if (kind.equals("flat")) { // nothing is ever cleared: the whole output is kept
            assertThat(lzw.bufferLength()).isGreaterThan(width * height);
        }
    }

    @Test
    void onlyTheRowsAskedForAreDecoded() throws IOException {
        Path file = write(image("noise", 601, 401));
        int[] rows = {0};
        assertThat(decoder(file).decode(601, 37, (row, buffer, at) -> rows[0]++ >= 0)).isTrue();
        assertThat(rows[0]).isEqualTo(37);
        assertThat(decoder(file).decode(601, 401, (row, buffer, at) -> row < 100)).as("the sink stops it").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cut", "endCode"})
    void aStreamThatEndsBeforeTheLastRowIsIncomplete(String damage) throws IOException {
        Path file = write(image("halves", 999, 1001));
        byte[] bytes = Files.readAllBytes(file);
        if (damage.equals("cut")) { // past many compactions and growths
            bytes = Arrays.copyOf(bytes, bytes.length * 9 / 10);
        } else { // a zero-length sub-block: the data end there
            int at = (int) StreamedGif.firstFrame(file).dataOffset();
            while (at < bytes.length * 9 / 10) {
                at += (bytes[at] & 0xFF) + 1;
            }
            bytes[at] = 0;
        }
        Files.write(file, bytes);
        int[] rows = {0};
        assertThat(decoder(file).decode(999, 1001, (row, buffer, at) -> rows[0]++ >= 0)).isFalse();
        assertThat(rows[0]).isBetween(1, 1000);
    }

    private static GifLzw decoder(Path file) throws IOException {
        return decoder(file, 1 << 16);
    }

    /** With a first buffer of 0, the smallest: four rows, so the table's strings are moved while in use. */
    private static GifLzw decoder(Path file, int firstBuffer) throws IOException {
        StreamedGif.Frame frame = StreamedGif.firstFrame(file);
        assertThat(frame).isNotNull();
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.skipNBytes(frame.dataOffset());
        return new GifLzw(in, frame.minCodeSize(), firstBuffer);
    }

    /**
     * 256 grays: "noise" any of them, "flat" one, "halves" flat above and noise below, "bands" diagonal bands whose
     * repeats make strings of tens of pixels, so one table spans more output than the first buffer holds and its
     * entries are moved by compactions while the stream still uses them.
     */
    private static BufferedImage image(String kind, int width, int height) {
        byte[] gray = new byte[256];
        for (int i = 0; i < 256; i++) {
            gray[i] = (byte) i;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, gray, gray, gray));
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            boolean noise = kind.equals("noise") || kind.equals("halves") && y >= height / 2;
            for (int x = 0; x < width; x++) {
                int band = (x + 3 * y) / 20 % 61 + (random.nextInt(100) == 0 ? 100 : 0);
                image.getRaster().setSample(x, y, 0, noise ? random.nextInt(256) : kind.equals("bands") ? band : 77);
            }
        }
        return image;
    }

    /** Not interlaced (ImageIO's default), so the stream's rows are the image's rows in order. */
    private Path write(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        Path file = folder.resolve("image.gif");
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), null);
            String format = metadata.getNativeMetadataFormatName();
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
            ((IIOMetadataNode) root.getElementsByTagName("ImageDescriptor").item(0))
                    .setAttribute("interlaceFlag", "false");
            metadata.setFromTree(format, root);
            writer.write(new IIOImage(image, null, metadata));
        } finally {
            writer.dispose();
        }
        return file;
    }
}
