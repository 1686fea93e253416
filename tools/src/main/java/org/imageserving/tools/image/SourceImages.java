package org.imageserving.tools.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.tools.ptiff.InterleavedImage;
import org.w3c.dom.NodeList;

/**
 * Opens source images through ImageIO (with the TwelveMonkeys plug-ins on the class path): the header alone, or every
 * pixel turned into {@link InterleavedImage}. A reader's warnings (a JPEG that ends early decodes as grey with only a warning)
 * count as errors, so a damaged file is never taken for a good one.
 */
public final class SourceImages {
    private SourceImages() {
    }

    /** An open reader on a file; close it to release the file. */
    public static final class Opened implements AutoCloseable {
        public final ImageReader reader;
        public final SourceFormat format;
        private final ImageInputStream stream;
        final List<String> warnings = new ArrayList<>();

        Opened(ImageReader reader, ImageInputStream stream, SourceFormat format) {
            this.reader = reader;
            this.stream = stream;
            this.format = format;
            reader.addIIOReadWarningListener((source, warning) -> {
                if (!isInformational(warning)) {
                    warnings.add(warning);
                }
            });
        }

        public ImageHeader header() throws IOException {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            int bits = 0;
            int bands = 0;
            ImageTypeSpecifier type = reader.getRawImageType(0);
            if (type == null) {
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                type = types.hasNext() ? types.next() : null;
            }
            if (type != null) {
                bands = type.getNumBands();
                for (int b = 0; b < bands; b++) {
                    bits = Math.max(bits, type.getBitsPerBand(b));
                }
            }
            int images = format.isTiff() ? reader.getNumImages(true) : -1;
            return new ImageHeader(format, reader.getFormatName(), width, height, bits, bands, images);
        }

        /** Decodes image {@code index} whole; reader warnings become an {@link IOException}. */
        public BufferedImage read(int index) throws IOException {
            return read(index, reader.getDefaultReadParam());
        }

        /** Decodes what {@code param} selects of image {@code index}; reader warnings become an {@link IOException}. */
        public BufferedImage read(int index, ImageReadParam param) throws IOException {
            BufferedImage image = reader.read(index, param);
            if (!warnings.isEmpty()) {
                throw new IOException("damaged image data: " + String.join("; ", warnings));
            }
            return image;
        }

        /**
         * Warnings about colour management (a CMYK JPEG without a profile is converted with a generic one) say nothing
         * about damage; every other warning does, such as a JPEG whose data ends early.
         */
        static boolean isInformational(String warning) {
            String text = warning.toLowerCase(java.util.Locale.ROOT);
            return text.contains("icc") || text.contains("color profile") || text.contains("colour profile");
        }

        /** The print resolution from the format-neutral metadata, or 0 when the file has none. */
        public double dpi() {
            try {
                IIOMetadata metadata = reader.getImageMetadata(0);
                if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
                    return 0;
                }
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_1.0");
                NodeList sizes = root.getElementsByTagName("HorizontalPixelSize");
                if (sizes.getLength() == 0) {
                    return 0;
                }
                double millimetres = Double.parseDouble(((IIOMetadataNode) sizes.item(0)).getAttribute("value"));
                return millimetres > 0 ? Math.round(25.4 / millimetres * 100) / 100.0 : 0;
            } catch (IOException | RuntimeException e) {
                return 0; // a resolution we cannot read is no reason to refuse the image
            }
        }

        @Override
        public void close() throws IOException {
            reader.dispose();
            stream.close();
        }
    }

    /** Opens a file with the first ImageIO reader that accepts it; fails with a clear message otherwise. */
    public static Opened open(Path file) throws IOException {
        SourceFormat format = SourceFormat.of(file);
        if (format == SourceFormat.EPS) {
            throw new IOException(SourceFormat.EPS_REFUSED);
        }
        ImageInputStream stream = ImageIO.createImageInputStream(file.toFile());
        if (stream == null) {
            throw new IOException("cannot open " + file);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
        if (!readers.hasNext()) {
            stream.close();
            throw new IOException("not an image in a supported format" + (format == SourceFormat.UNKNOWN ? "" : " (" + format + ")"));
        }
        ImageReader reader = readers.next();
        reader.setInput(stream, false, true);
        return new Opened(reader, stream, format);
    }

    /**
     * The image's samples as stored: gray, gray + alpha, RGB or RGB + alpha, 8 or 16 bits. Indexed images are
     * expanded (to gray when the palette is all grays), CMYK and other models are converted to RGB.
     */
    public static InterleavedImage toPixels(BufferedImage image) {
        InterleavedImage adopted = adoptInPlace(image);
        if (adopted != null) {
            return adopted;
        }
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        int space = model.getColorSpace().getType();
        if ((model instanceof ComponentColorModel || model instanceof DirectColorModel)
                && (space == ColorSpace.TYPE_GRAY || space == ColorSpace.TYPE_RGB) && !model.isAlphaPremultiplied()) {
            int bits = model.getComponentSize(0);
            boolean uniform = true;
            for (int c = 0; c < model.getNumComponents(); c++) {
                uniform &= model.getComponentSize(c) == bits;
            }
            if (uniform && (bits == 8 || bits == 16) && raster.getNumBands() == model.getNumComponents()) {
                InterleavedImage pixels = new InterleavedImage(width, height, model.getNumComponents(), model.hasAlpha(), bits);
                int channels = pixels.channels();
                int[] row = new int[width * channels];
                for (int y = 0; y < height; y++) {
                    raster.getPixels(0, y, width, 1, row);
                    for (int x = 0; x < width; x++) {
                        for (int c = 0; c < channels; c++) {
                            pixels.setSample(x, y, c, row[x * channels + c]);
                        }
                    }
                }
                return pixels;
            }
        }
        boolean alpha = model.hasAlpha();
        boolean gray = !alpha && (space == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel)
                || model instanceof IndexColorModel palette && allGray(palette));
        InterleavedImage pixels = new InterleavedImage(width, height, gray ? 1 : alpha ? 4 : 3, alpha, 8);
        int[] argb = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, argb, 0, width);
            for (int x = 0; x < width; x++) {
                int p = argb[x];
                if (gray) {
                    pixels.setSample(x, y, 0, p & 0xFF);
                } else {
                    pixels.setSample(x, y, 0, (p >>> 16) & 0xFF);
                    pixels.setSample(x, y, 1, (p >>> 8) & 0xFF);
                    pixels.setSample(x, y, 2, p & 0xFF);
                    if (alpha) {
                        pixels.setSample(x, y, 3, p >>> 24);
                    }
                }
            }
        }
        return pixels;
    }

    /**
     * For the layouts decoders usually return (gray, BGR, ABGR bytes, tightly packed), reorders the samples in place
     * to gray, RGB or RGBA and hands the decoder's own array to {@link InterleavedImage}. The image must not be used afterwards.
     * Returns null for any other layout.
     */
    private static InterleavedImage adoptInPlace(BufferedImage image) {
        int type = image.getType();
        int channels = switch (type) {
            case BufferedImage.TYPE_BYTE_GRAY -> 1;
            case BufferedImage.TYPE_3BYTE_BGR -> 3;
            case BufferedImage.TYPE_4BYTE_ABGR -> 4;
            default -> 0;
        };
        if (channels == 0 || !(image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferByte buffer)
                || buffer.getNumBanks() != 1 || buffer.getOffset() != 0
                || !(image.getRaster().getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel layout)
                || layout.getPixelStride() != channels || layout.getScanlineStride() != image.getWidth() * channels
                || image.getRaster().getSampleModelTranslateX() != 0 || image.getRaster().getSampleModelTranslateY() != 0) {
            return null;
        }
        byte[] data = buffer.getData();
        if ((long) data.length != (long) image.getWidth() * image.getHeight() * channels) {
            return null;
        }
        int[] offsets = layout.getBandOffsets();
        int[] expected = channels == 1 ? new int[] {0} : channels == 3 ? new int[] {2, 1, 0} : new int[] {3, 2, 1, 0};
        if (!java.util.Arrays.equals(offsets, expected)) {
            return null;
        }
        if (channels == 3) {
            for (int i = 0; i < data.length; i += 3) {
                byte b = data[i];
                data[i] = data[i + 2];
                data[i + 2] = b;
            }
        } else if (channels == 4) {
            for (int i = 0; i < data.length; i += 4) {
                byte a = data[i];
                byte b = data[i + 1];
                data[i] = data[i + 3];
                data[i + 1] = data[i + 2];
                data[i + 2] = b;
                data[i + 3] = a;
            }
        }
        return InterleavedImage.adopt(data, image.getWidth(), image.getHeight(), channels, channels == 4);
    }

    private static boolean allGray(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                return false;
            }
        }
        return true;
    }
}
