package org.imageserving.is.color;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The built-in CMYK profile ({@code GenericCMYK}), made here rather than shipped: no press profile with a free
 * licence exists to ship (Debian's {@code icc-profiles-free} has the FOGRA measurement data but no CMYK profile;
 * Ghostscript's are AGPL). It is an ICC v2 output profile with XYZ tables (lut16) for a simple ink model: the inks
 * are the complements of the sRGB primaries, so its gamut is sRGB's, and black replaces all common gray (full gray
 * component replacement, at most 200 % total ink). It is right for "a CMYK file that looks like the RGB one", not a
 * proof for a press: operators who print set {@code IccProfileCmyk} to their printer's profile through a profile map.
 */
final class GenericCmykProfile {
    static final String DESCRIPTION = "Generic CMYK (ImageServing, sRGB-gamut ink model, full GCR)";
    /** Grid points per input of the tables: CMYK to Lab, Lab to CMYK. */
    private static final int A2B_GRID = 11;
    private static final int B2A_GRID = 33;
    /** 1.0 in the 16-bit XYZ encoding of lut16 tables (u1Fixed15). */
    private static final double XYZ_ONE = 32768;
    private static final double[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    /** D50, the PCS white. */
    private static final double XN = 0.9642, YN = 1.0, ZN = 0.8249;
    /** sRGB's primaries adapted to D50 (Bradford), as in the ICC's sRGB profile: linear RGB to XYZ. */
    private static final double[][] RGB_TO_XYZ = {
        {0.4360747, 0.3850649, 0.1430804},
        {0.2225045, 0.7168786, 0.0606169},
        {0.0139322, 0.0971045, 0.7141733}};
    private static final double[][] XYZ_TO_RGB = invert(RGB_TO_XYZ);

    private GenericCmykProfile() {}

    static byte[] create() {
        byte[][] tags = {desc(DESCRIPTION), text("No copyright, use freely"), xyz(XN, YN, ZN), a2b(), b2a()};
        String[] signatures = {"desc", "cprt", "wtpt", "A2B0", "B2A0"};
        int offset = 128 + 4 + 12 * tags.length;
        ByteBuffer table = ByteBuffer.allocate(4 + 12 * tags.length);
        table.putInt(tags.length);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < tags.length; i++) {
            table.put(signatures[i].getBytes(StandardCharsets.US_ASCII)).putInt(offset + data.size())
                    .putInt(tags[i].length);
            data.writeBytes(tags[i]);
            while (data.size() % 4 != 0) {
                data.write(0);
            }
        }
        int size = offset + data.size();
        ByteBuffer header = ByteBuffer.allocate(128);
        header.putInt(size).putInt(0).putInt(0x02100000);
        header.put("prtrCMYKXYZ ".getBytes(StandardCharsets.US_ASCII));
        header.putShort((short) 2024).putShort((short) 1).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0);
        header.put("acsp".getBytes(StandardCharsets.US_ASCII));
        header.position(64).putInt(0); // perceptual
        header.putInt(fixed(XN)).putInt(fixed(YN)).putInt(fixed(ZN));
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(header.array());
        out.writeBytes(table.array());
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }

    /** CMYK to XYZ: the ink model. */
    private static byte[] a2b() {
        int n = A2B_GRID;
        ByteBuffer clut = ByteBuffer.allocate(n * n * n * n * 3 * 2);
        for (int c = 0; c < n; c++) {
            for (int m = 0; m < n; m++) {
                for (int y = 0; y < n; y++) {
                    for (int k = 0; k < n; k++) {
                        double white = 1 - k / (n - 1.0);
                        double[] lin = {linear((1 - c / (n - 1.0)) * white), linear((1 - m / (n - 1.0)) * white),
                                linear((1 - y / (n - 1.0)) * white)};
                        for (double v : multiply(RGB_TO_XYZ, lin)) {
                            clut.putShort((short) Math.round(Math.min(65535, v * XYZ_ONE)));
                        }
                    }
                }
            }
        }
        return lut16(4, 3, n, IDENTITY, 2, identityCurves(4), clut.array(), identityCurves(3));
    }

    /**
     * XYZ to CMYK in three steps, so that the table only holds the ink model: the lut's matrix takes XYZ to linear
     * sRGB, its input curves encode that as sRGB does (clipping to the gamut), and the grid, over sRGB values,
     * separates them: black first, then the colour inks. The primaries and grays are grid points, so exact.
     */
    private static byte[] b2a() {
        int n = B2A_GRID;
        ByteBuffer clut = ByteBuffer.allocate(n * n * n * 4 * 2);
        for (int ri = 0; ri < n; ri++) {
            for (int gi = 0; gi < n; gi++) {
                for (int bi = 0; bi < n; bi++) {
                    double[] rgb = {ri / (n - 1.0), gi / (n - 1.0), bi / (n - 1.0)};
                    double k = 1 - Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
                    double rest = 1 - k;
                    for (int i = 0; i < 3; i++) {
                        double ink = rest <= 1e-9 ? 0 : 1 - rgb[i] / rest;
                        clut.putShort((short) Math.round(clamp(ink) * 65535));
                    }
                    clut.putShort((short) Math.round(clamp(k) * 65535));
                }
            }
        }
        int entries = 4096;
        byte[] encode = new byte[entries * 2];
        ByteBuffer curve = ByteBuffer.wrap(encode);
        for (int i = 0; i < entries; i++) {
            // the table's domain is the XYZ encoding's: 0..65535 stands for 0..1.99997
            double lin = i / (entries - 1.0) * 65535 / XYZ_ONE;
            curve.putShort((short) Math.round(encoded(lin) * 65535));
        }
        byte[] inputCurves = new byte[encode.length * 3];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(encode, 0, inputCurves, i * encode.length, encode.length);
        }
        return lut16(3, 4, n, XYZ_TO_RGB, entries, inputCurves, clut.array(), identityCurves(4));
    }

    private static byte[] lut16(int in, int out, int grid, double[][] matrix, int inputEntries, byte[] inputCurves,
                                byte[] clut, byte[] outputCurves) {
        ByteBuffer b = ByteBuffer.allocate(52 + inputCurves.length + clut.length + outputCurves.length);
        b.put("mft2".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        b.put((byte) in).put((byte) out).put((byte) grid).put((byte) 0);
        for (double[] row : matrix) {
            for (double v : row) {
                b.putInt(fixed(v)); // applied only to XYZ input, i.e. the B2A direction
            }
        }
        b.putShort((short) inputEntries).putShort((short) 2);
        b.put(inputCurves).put(clut).put(outputCurves);
        return b.array();
    }

    /** Two-entry straight curves, one per channel. */
    private static byte[] identityCurves(int channels) {
        ByteBuffer b = ByteBuffer.allocate(channels * 4);
        for (int i = 0; i < channels; i++) {
            b.putShort((short) 0).putShort((short) 0xFFFF);
        }
        return b.array();
    }

    private static double linear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double encoded(double v) {
        v = clamp(v);
        return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double[] multiply(double[][] m, double[] v) {
        return new double[] {
            m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
            m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
            m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]};
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        return new double[][] {
            {(m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det, (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det,
                (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det},
            {(m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det, (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det,
                (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det},
            {(m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det, (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det,
                (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det}};
    }

    private static int fixed(double v) {
        return (int) Math.round(v * 65536);
    }

    private static byte[] xyz(double x, double y, double z) {
        return ByteBuffer.allocate(20).put("XYZ ".getBytes(StandardCharsets.US_ASCII)).putInt(0)
                .putInt(fixed(x)).putInt(fixed(y)).putInt(fixed(z)).array();
    }

    private static byte[] text(String s) {
        byte[] ascii = (s + "\0").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(8 + ascii.length).put("text".getBytes(StandardCharsets.US_ASCII)).putInt(0)
                .put(ascii).array();
    }

    /** textDescriptionType (v2): ASCII, then empty Unicode and ScriptCode parts. */
    private static byte[] desc(String s) {
        byte[] ascii = (s + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(12 + ascii.length + 8 + 3 + 67);
        b.put("desc".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(ascii.length).put(ascii);
        return b.array(); // the remaining fields are zero: no Unicode, no ScriptCode description
    }
}
