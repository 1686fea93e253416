package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.imageserving.is.gif.StreamedGif;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GIFs decoded row by row and reduced while they stream, against the ImageIO path: generated photos of odd sizes
 * quantised to palettes of 2, 16 and 256 colours (minimum code sizes 2, 4 and 8; the 256-colour noise fills the LZW
 * table, so clear codes and 12-bit codes are met), interlaced or not, with a transparent index or not, with the
 * colour table global or local to the image, and animated. Tolerances: at full size and for a window identical (a GIF
 * has no rounding to disagree on); a thumbnail at least 45 dB PSNR over premultiplied samples from the one drawn from
 * ImageIO's full-size pixels, the floor of the other reducing decoders. Damaged files keep the ImageIO result.
 */
class StreamedGifTest {
    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} colours, interlaced={1}, transparent={2}")
    @CsvSource({"256,false,false", "256,true,false", "256,false,true", "256,true,true", "16,false,true",
            "2,true,false", "2,false,false"})
    void aFullSizeReadGivesTheImageIoPixels(int colors, boolean interlaced, boolean transparent) throws IOException {
        Path file = write(gif(List.of(indexed(401, 267, 1, colors, transparent)), interlaced), "a.gif");
        assertSameAsImageIo(file, new Rectangle(0, 0, 401, 267), new Rectangle(100, 50, 151, 101));
    }

    @Test
    void aLocalColourTableAndAnAnimationsFirstImageGiveTheImageIoPixels() throws IOException {
        byte[] animated = gif(List.of(indexed(211, 123, 3, 256, true), indexed(211, 123, 4, 16, false)), false);
        assertSameAsImageIo(write(animated, "animated.gif"), new Rectangle(0, 0, 211, 123));
        byte[] local = globalToLocal(gif(List.of(indexed(211, 123, 5, 256, false)), true));
        Path file = write(local, "local.gif");
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            // the palette moved: the ImageIO path reads the same pixels from the local table
            assertThat(ReducedDecodeTest.maxWorkingDifference(PixelSource.of(image).read(new Rectangle(0, 0, 211, 123), 1),
                    Pixels.toWorking(ImageIO.read(write(gif(List.of(indexed(211, 123, 5, 256, false)), true),
                            "global.gif").toFile())))).isZero();
        }
        assertSameAsImageIo(file, new Rectangle(0, 0, 211, 123));
    }

    @ParameterizedTest(name = "interlaced={0}")
    @CsvSource({"false", "true"})
    void aThumbnailIsReducedWhileStreamingAndLooksLikeTheImageIoOne(boolean interlaced) throws IOException {
        Path file = write(gif(List.of(indexed(1201, 801, 2, 256, true, false)), interlaced), "large.gif");
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            ReducedDecodeTest.assertReducedWhileStreaming(image, StreamedGif.of(file, image), StreamedGif.class);
        }
    }

    @ParameterizedTest(name = "interlaced={0}")
    @CsvSource({"false", "true"})
    void aTruncatedFileGivesTheImageIoError(boolean interlaced) throws IOException {
        Path file = write(gif(List.of(indexed(400, 300, 5, 256, false)), interlaced), "cut.gif");
        byte[] bytes = Files.readAllBytes(file);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = StreamedGif.of(file, image);
            assertThat(fast).isInstanceOf(StreamedGif.class);
            Files.write(file, Arrays.copyOf(bytes, bytes.length / 2)); // cut after the header was read
            Rectangle all = new Rectangle(0, 0, 400, 300);
            Throwable theirs = catchThrowable(() -> PixelSource.of(image).read(all, 1));
            Throwable ours = catchThrowable(() -> fast.read(all, 4));
            assertThat(theirs).isNotNull();
            assertThat(ours).isInstanceOf(RenderException.class).hasMessageContaining(file.getFileName().toString());
            assertThat(ours).hasMessage(theirs.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"flipped", "overwritten", "zeroed"})
    void damagedImageDataGivesWhatTheImageIoPathGives(String damage) throws IOException {
        byte[] bytes = gif(List.of(indexed(400, 300, 6, 256, false)), false);
        int at = bytes.length / 2;
        switch (damage) {
            case "flipped" -> bytes[at] ^= 0x10;
            case "overwritten" -> Arrays.fill(bytes, at, at + 64, (byte) 0xFF);
            default -> Arrays.fill(bytes, at, at + 300, (byte) 0);
        }
        Path damaged = write(bytes, damage + ".gif");
        try (SourceImage image = SourceImage.open(damaged, 50_000_000L)) {
            PixelSource fast = StreamedGif.of(damaged, image);
            assertThat(fast).isInstanceOf(StreamedGif.class);
            Rectangle all = new Rectangle(0, 0, 400, 300);
            Throwable theirs = catchThrowable(() -> PixelSource.of(image).read(all, 1));
            Throwable ours = catchThrowable(() -> fast.read(all, 1));
            if (theirs == null) {
                assertThat(ours).isNull();
                assertThat(ReducedDecodeTest.maxWorkingDifference(fast.read(all, 1), PixelSource.of(image).read(all, 1))).isZero();
            } else {
                assertThat(ours).isInstanceOf(RenderException.class).hasMessage(theirs.getMessage());
            }
        }
    }

    private void assertSameAsImageIo(Path file, Rectangle... regions) {
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = StreamedGif.of(file, image);
            assertThat(fast).isInstanceOf(StreamedGif.class);
            for (Rectangle region : regions) {
                assertThat(ReducedDecodeTest.maxWorkingDifference(fast.read(region, 1), PixelSource.of(image).read(region, 1)))
                        .as(region.toString()).isZero();
            }
        }
    }

    /**
     * The generated photo quantised to {@code colors} (black and white for 2, a colour cube otherwise); noisy: one
     * pixel in eight any colour of the palette, as dithering spreads them, which fills the LZW table.
     */
    static BufferedImage indexed(int w, int h, long seed, int colors, boolean transparent) {
        return indexed(w, h, seed, colors, transparent, true);
    }

    static BufferedImage indexed(int w, int h, long seed, int colors, boolean transparent, boolean noisy) {
        BufferedImage photo = ShrinkOnLoadJpegTest.photo(w, h, seed);
        byte[] r = new byte[colors], g = new byte[colors], b = new byte[colors];
        int levels = colors == 256 ? 6 : colors == 16 ? 2 : 1;
        for (int i = 0; i < colors; i++) {
            int v = levels == 1 ? i * 255 : 0;
            r[i] = (byte) (levels == 1 ? v : (i % levels) * 255 / (levels - 1));
            g[i] = (byte) (levels == 1 ? v : (i / levels % levels) * 255 / (levels - 1));
            b[i] = (byte) (levels == 1 ? v : (i / levels / levels % levels) * 255 / (levels - 1));
        }
        int cube = levels == 1 ? 2 : levels * levels * levels;
        IndexColorModel model = transparent ? new IndexColorModel(8, colors, r, g, b, colors - 1)
                : new IndexColorModel(8, colors, r, g, b);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
        java.util.Random noise = new java.util.Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = photo.getRGB(x, y);
                int index;
                if (transparent && x < w / 5 && y < h / 3) {
                    index = colors - 1;
                } else if (levels == 1) {
                    index = (p >> 8 & 0xFF) + noise.nextInt(64) - 32 > 127 ? 1 : 0;
                } else if (noisy && colors == 256 && noise.nextInt(8) == 0) {
                    index = noise.nextInt(transparent ? 255 : 256); // the rest of the palette, as dither would
                } else {
                    int q = levels - 1;
                    index = Math.round((p >> 16 & 0xFF) * q / 255f) + levels * Math.round((p >> 8 & 0xFF) * q / 255f)
                            + levels * levels * Math.round((p & 0xFF) * q / 255f);
                    index = Math.min(index, cube - 1);
                    if (transparent && index == colors - 1) {
                        index--;
                    }
                }
                image.getRaster().setSample(x, y, 0, index);
            }
        }
        return image;
    }

    /** The images as one GIF by ImageIO's writer, each with its palette and the interlace flag asked for. */
    static byte[] gif(List<BufferedImage> images, boolean interlaced) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage image : images) {
                IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), null);
                String format = metadata.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                IIOMetadataNode descriptor = (IIOMetadataNode) root.getElementsByTagName("ImageDescriptor").item(0);
                descriptor.setAttribute("interlaceFlag", Boolean.toString(interlaced));
                metadata.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(image, null, metadata), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The same file with its global colour table moved into the first image's descriptor as a local one. */
    static byte[] globalToLocal(byte[] gif) {
        int flags = gif[10] & 0xFF;
        assertThat(flags & 0x80).as("a global table").isNotZero();
        int tableBytes = 3 * (2 << (flags & 7));
        byte[] table = Arrays.copyOfRange(gif, 13, 13 + tableBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(gif, 0, 10);
        out.write(flags & 0x70);
        out.write(gif, 11, 2);
        int at = 13 + tableBytes;
        while ((gif[at] & 0xFF) == 0x21) { // extensions: introducer, label, sub-blocks
            int start = at;
            at += 2;
            while (gif[at] != 0) {
                at += (gif[at] & 0xFF) + 1;
            }
            at++;
            out.write(gif, start, at - start);
        }
        assertThat(gif[at] & 0xFF).isEqualTo(0x2C);
        out.write(gif, at, 9);
        int imageFlags = gif[at + 9] & 0xFF;
        assertThat(imageFlags & 0x80).as("no local table yet").isZero();
        out.write(imageFlags & 0x40 | 0x80 | flags & 7);
        out.writeBytes(table);
        out.write(gif, at + 10, gif.length - at - 10);
        return out.toByteArray();
    }

    private Path write(byte[] bytes, String name) throws IOException {
        return Files.write(folder.resolve(name), bytes);
    }
}
