package org.imageserving.tools.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes Photoshop (PSD) files at test time: header, optional ICC profile resource, no layers, the merged image
 * uncompressed, one plane per channel, as the format specification lays it out. Independent of any PSD library.
 */
public final class TestPsd {
    public static final int BITMAP = 0;
    public static final int GRAY = 1;
    public static final int RGB = 3;
    public static final int CMYK = 4;

    /** The value (0 to 2^depth - 1; for CMYK 0 = no ink) of channel {@code c} at a pixel. */
    @FunctionalInterface
    public interface Samples {
        int at(int x, int y, int c);
    }

    private TestPsd() {
    }

    public static byte[] write(int width, int height, int mode, int channels, int depth, Samples samples, byte[] icc) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBytes("8BPS");
            out.writeShort(1);
            out.write(new byte[6]);
            out.writeShort(channels);
            out.writeInt(height);
            out.writeInt(width);
            out.writeShort(depth);
            out.writeShort(mode);
            out.writeInt(0); // colour mode data
            if (icc == null) {
                out.writeInt(0);
            } else {
                int padded = icc.length + (icc.length & 1);
                out.writeInt(4 + 2 + 2 + 4 + padded);
                out.writeBytes("8BIM");
                out.writeShort(1039);
                out.writeShort(0); // empty name, padded to even
                out.writeInt(icc.length);
                out.write(icc);
                if ((icc.length & 1) == 1) {
                    out.write(0);
                }
            }
            out.writeInt(0); // layer and mask information
            out.writeShort(0); // raw image data
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    if (depth == 1) {
                        int acc = 0;
                        for (int x = 0; x < width; x++) {
                            acc = (acc << 1) | (samples.at(x, y, c) & 1);
                            if (x % 8 == 7) {
                                out.write(acc);
                                acc = 0;
                            }
                        }
                        if (width % 8 != 0) {
                            out.write(acc << (8 - width % 8));
                        }
                        continue;
                    }
                    for (int x = 0; x < width; x++) {
                        int v = samples.at(x, y, c);
                        if (mode == CMYK && c < 4) {
                            v = (depth == 16 ? 65535 : 255) - v; // PSD stores ink inverted: 0 is full ink
                        }
                        if (depth == 16) {
                            out.writeShort(v);
                        } else {
                            out.write(v);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
