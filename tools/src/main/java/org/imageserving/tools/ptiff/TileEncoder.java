package org.imageserving.tools.ptiff;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.NodeList;

/**
 * Turns one tile of samples into the bytes stored in the file. Tiles are always full size: the part of an edge tile
 * that lies outside the image repeats the last row and column, which costs least to compress and keeps JPEG edges clean.
 */
final class TileEncoder {
    private final TiffOptions options;
    private final LzwEncoder lzw = new LzwEncoder();
    private final Deflater deflater = new Deflater(6);
    private ImageWriter jpegWriter;
    private byte[] jpegTables;

    TileEncoder(TiffOptions options) {
        this.options = options;
    }

    /** Lossless codecs use horizontal differencing on 8-bit samples: it shrinks photos by a fifth or more. */
    static boolean usesPredictor(TiffOptions options, InterleavedImage image) {
        return image.bits() == 8 && (options.compression() == Compression.LZW || options.compression() == Compression.DEFLATE);
    }

    byte[] encode(InterleavedImage image, int tileX, int tileY) {
        int size = TiffOptions.TILE_SIZE;
        int channels = image.channels();
        int bytesPerSample = image.bits() / 8;
        byte[] tile = new byte[size * size * channels * bytesPerSample];
        int x0 = tileX * size;
        int y0 = tileY * size;
        int i = 0;
        for (int y = 0; y < size; y++) {
            int sy = Math.min(y0 + y, image.height() - 1);
            for (int x = 0; x < size; x++) {
                int sx = Math.min(x0 + x, image.width() - 1);
                for (int c = 0; c < channels; c++) {
                    int v = image.sample(sx, sy, c);
                    if (bytesPerSample == 1) {
                        tile[i++] = (byte) v;
                    } else {
                        tile[i++] = (byte) v; // little-endian, as the file header says
                        tile[i++] = (byte) (v >>> 8);
                    }
                }
            }
        }
        switch (options.compression()) {
            case NONE:
                return tile;
            case JPEG:
                return jpeg(tile, channels);
            default:
                break;
        }
        if (usesPredictor(options, image)) {
            int rowBytes = size * channels;
            for (int y = 0; y < size; y++) {
                int row = y * rowBytes;
                for (int k = rowBytes - 1; k >= channels; k--) {
                    tile[row + k] -= tile[row + k - channels];
                }
            }
        }
        return options.compression() == Compression.LZW ? lzw.encode(tile, tile.length) : deflate(tile);
    }

    private byte[] deflate(byte[] data) {
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
        byte[] buffer = new byte[65536];
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * One complete JPEG stream per tile (TIFF compression 7 without shared tables, which libtiff and libvips read).
     * RGB is stored as YCbCr so that the TIFF's YCbCrSubsampling tag describes the stream exactly.
     */
    private byte[] jpeg(byte[] samples, int channels) {
        int size = TiffOptions.TILE_SIZE;
        BufferedImage tile = new BufferedImage(size, size, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((java.awt.image.DataBufferByte) tile.getRaster().getDataBuffer()).getData();
        if (channels == 1) {
            System.arraycopy(samples, 0, target, 0, samples.length);
        } else {
            for (int p = 0; p < size * size; p++) {
                target[p * 3] = samples[p * 3 + 2];
                target[p * 3 + 1] = samples[p * 3 + 1];
                target[p * 3 + 2] = samples[p * 3];
            }
        }
        ImageWriter writer = jpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(Math.max(0, Math.min(100, options.jpegQuality())) / 100f);
        try {
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(tile), param);
            if (options.fullSampleChroma() && channels == 3) {
                String format = "javax_imageio_jpeg_image_1.0";
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                NodeList specs = root.getElementsByTagName("componentSpec");
                for (int k = 0; k < specs.getLength(); k++) {
                    IIOMetadataNode spec = (IIOMetadataNode) specs.item(k);
                    spec.setAttribute("HsamplingFactor", "1");
                    spec.setAttribute("VsamplingFactor", "1");
                }
                metadata.setFromTree(format, root);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(tile, null, metadata), param);
            }
            byte[] stream = bytes.toByteArray();
            if (jpegTables == null) {
                jpegTables = tablesOf(stream);
            }
            return stream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The quantization and Huffman tables of the JPEG tiles as a tables-only stream, for the JPEGTables tag. Every
     * tile carries the same tables (same writer, same quality) and keeps its own copy too, which TIFF allows; readers
     * such as TwelveMonkeys' warn when the tag is missing.
     */
    byte[] jpegTables() {
        return jpegTables;
    }

    private static byte[] tablesOf(byte[] stream) {
        ByteArrayOutputStream tables = new ByteArrayOutputStream();
        tables.write(0xFF);
        tables.write(0xD8);
        int at = 2;
        while (at + 4 <= stream.length && (stream[at] & 0xFF) == 0xFF) {
            int marker = stream[at + 1] & 0xFF;
            int length = ((stream[at + 2] & 0xFF) << 8) | (stream[at + 3] & 0xFF);
            if (marker == 0xDA) {
                break;
            }
            if (marker == 0xDB || marker == 0xC4) {
                tables.write(stream, at, length + 2);
            }
            at += length + 2;
        }
        tables.write(0xFF);
        tables.write(0xD9);
        return tables.toByteArray();
    }

    /** The JDK's own JPEG writer: its metadata tree is the documented one we edit for full-sample chroma. */
    private ImageWriter jpegWriter() {
        if (jpegWriter == null) {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
            ImageWriter first = null;
            while (writers.hasNext()) {
                ImageWriter candidate = writers.next();
                if (first == null) {
                    first = candidate;
                }
                if (candidate.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageWriter")) {
                    jpegWriter = candidate;
                }
            }
            if (jpegWriter == null) {
                jpegWriter = first;
            }
        }
        return jpegWriter;
    }

    void close() {
        deflater.end();
        if (jpegWriter != null) {
            jpegWriter.dispose();
        }
    }
}
