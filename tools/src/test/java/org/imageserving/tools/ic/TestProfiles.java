package org.imageserving.tools.ic;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * ICC profiles written at test time from formulas, so tests know exactly what a conversion must give. The JDK ships
 * only matrix/TRC profiles (sRGB, linear RGB, gray), on which every render intent gives the same result; these are
 * table-based (lut16, Lab PCS) with one table per intent, as device profiles are, and include a CMYK one.
 */
public final class TestProfiles {
    private TestProfiles() {
    }

    /** sRGB (D50-adapted) to XYZ, the matrix the ICC sRGB profiles use. */
    private static final double[][] SRGB_TO_XYZ = {
        {0.4360747, 0.3850649, 0.1430804},
        {0.2225045, 0.7168786, 0.0606169},
        {0.0139322, 0.0971045, 0.7141733}};
    private static final double[] D50 = {0.9642, 1.0, 0.8249};
    private static final double[][] XYZ_TO_SRGB = invert(SRGB_TO_XYZ);

    /** How the wide-gamut profile's colorimetric table turns its linear RGB into linear sRGB: pure primaries leave sRGB. */
    static final double[][] WIDE_TO_SRGB = {{1.4, -0.2, -0.2}, {-0.2, 1.4, -0.2}, {-0.2, -0.2, 1.4}};
    /** The saturation table: a milder expansion. */
    static final double[][] WIDE_TO_SRGB_SATURATION = {{1.2, -0.1, -0.1}, {-0.1, 1.2, -0.1}, {-0.1, -0.1, 1.2}};

    /**
     * A wide-gamut RGB source profile (gamma 2.2 encoding). Colorimetric table (A2B1): linear RGB through
     * {@link #WIDE_TO_SRGB}, so (0, 180, 0) is a green sRGB cannot show. Perceptual (A2B0): the gamut compressed onto
     * sRGB's, device values read as sRGB. Saturation (A2B2): {@link #WIDE_TO_SRGB_SATURATION}. The media white point
     * is a warm paper white, which is what absolute colorimetric keeps and relative colorimetric maps to white.
     */
    public static byte[] wideGamutRgb() {
        Map<String, byte[]> tags = new LinkedHashMap<>();
        tags.put("A2B0", lut16(3, 17, rgb -> labOfSrgb(rgb)));
        tags.put("A2B1", lut16(3, 17, rgb -> labOfSrgbLinear(mul(WIDE_TO_SRGB, gammaToLinear(rgb, 2.2)))));
        tags.put("A2B2", lut16(3, 17, rgb -> labOfSrgbLinear(mul(WIDE_TO_SRGB_SATURATION, gammaToLinear(rgb, 2.2)))));
        return profile("scnr", "RGB ", "Test wide-gamut RGB", new double[] {0.93, 0.97, 0.70}, tags);
    }

    /**
     * The sRGB colour (encoded, 0-1) that the CMYK profile gives a CMYK value (0-1, 1 = full ink): each ink removes its
     * complementary primary, black removes all, and the darkest ink reaches 10 %, not 0, like real paper and ink.
     */
    public static double[] cmykToSrgb(double c, double m, double y, double k) {
        return new double[] {0.1 + 0.9 * (1 - c) * (1 - k), 0.1 + 0.9 * (1 - m) * (1 - k), 0.1 + 0.9 * (1 - y) * (1 - k)};
    }

    /**
     * A CMYK printer profile following {@link #cmykToSrgb}, one table each way used for every intent. The way back (Lab
     * to CMYK, which readers such as TwelveMonkeys' check a profile with) separates with full black replacement.
     */
    public static byte[] cmyk() {
        Map<String, byte[]> tags = new LinkedHashMap<>();
        tags.put("A2B0", lut16(4, 11, v -> labOfSrgb(cmykToSrgb(v[0], v[1], v[2], v[3]))));
        tags.put("B2A0", lut16(3, 4, 17, v -> {
            double[] lab = {v[0] * 65535 / 65280 * 100, v[1] * 65535 / 256 - 128, v[2] * 65535 / 256 - 128};
            double[] rgb = srgbOfLinear(linearOfLab(lab));
            double[] ink = new double[3];
            for (int i = 0; i < 3; i++) {
                ink[i] = Math.max(0, Math.min(1, (rgb[i] / 255 - 0.1) / 0.9));
            }
            double k = 1 - Math.max(ink[0], Math.max(ink[1], ink[2]));
            int[] cmyk = new int[4];
            for (int i = 0; i < 3; i++) {
                cmyk[i] = k >= 1 ? 0 : clamp16((1 - ink[i] - k) / (1 - k) * 65535);
            }
            cmyk[3] = clamp16(k * 65535);
            return cmyk;
        }));
        return profile("prtr", "CMYK", "Test CMYK", D50, tags);
    }

    private static double[] linearOfLab(double[] lab) {
        double fy = (lab[0] + 16) / 116;
        double fx = fy + lab[1] / 500;
        double fz = fy - lab[2] / 200;
        double[] xyz = {D50[0] * finv(fx), D50[1] * finv(fy), D50[2] * finv(fz)};
        return mul(XYZ_TO_SRGB, xyz);
    }

    private static double finv(double t) {
        return t > 6.0 / 29 ? t * t * t : 3 * 36.0 / 841 * (t - 4.0 / 29);
    }

    /** Linear sRGB (clipped to 0-1) encoded as 0-255 sRGB values: what an sRGB conversion should give. */
    public static double[] srgbOfLinear(double[] linear) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Math.max(0, Math.min(1, linear[i]));
            out[i] = 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055);
        }
        return out;
    }

    static double[] gammaToLinear(double[] v, double gamma) {
        return new double[] {Math.pow(v[0], gamma), Math.pow(v[1], gamma), Math.pow(v[2], gamma)};
    }

    static double[] mul(double[][] m, double[] v) {
        return new double[] {
            m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
            m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
            m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]};
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double[][] minor = new double[2][2];
                for (int a = 0, mi = 0; a < 3; a++) {
                    if (a == j) {
                        continue;
                    }
                    for (int b = 0, mj = 0; b < 3; b++) {
                        if (b != i) {
                            minor[mi][mj++] = m[a][b];
                        }
                    }
                    mi++;
                }
                r[i][j] = ((i + j) % 2 == 0 ? 1 : -1) * (minor[0][0] * minor[1][1] - minor[0][1] * minor[1][0]) / det;
            }
        }
        return r;
    }

    private static double srgbDecode(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double[] labOfSrgb(double[] encoded) {
        return labOfSrgbLinear(new double[] {srgbDecode(encoded[0]), srgbDecode(encoded[1]), srgbDecode(encoded[2])});
    }

    private static double[] labOfSrgbLinear(double[] linear) {
        double[] xyz = mul(SRGB_TO_XYZ, linear);
        double fx = f(xyz[0] / D50[0]);
        double fy = f(xyz[1] / D50[1]);
        double fz = f(xyz[2] / D50[2]);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    /** An ICC v2 lut16Type table from device values (0-1) to Lab, with identity curves around the grid. */
    private static byte[] lut16(int inputs, int grid, Function<double[], double[]> toLab) {
        return lut16(inputs, 3, grid, device -> encodeLab(toLab.apply(device)));
    }

    /** Lab in the ICC v2 16-bit encoding (L 0-100 as 0-0xFF00, a and b with 0x8000 as 0). */
    private static int[] encodeLab(double[] lab) {
        return new int[] {clamp16(lab[0] * 65280 / 100), clamp16((lab[1] + 128) * 256), clamp16((lab[2] + 128) * 256)};
    }

    /** A lut16Type table: grid inputs 0-1 (the whole 16-bit range) to 16-bit outputs. */
    private static byte[] lut16(int inputs, int outputs, int grid, Function<double[], int[]> table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBytes("mft2");
            out.writeInt(0);
            out.writeByte(inputs);
            out.writeByte(outputs);
            out.writeByte(grid);
            out.writeByte(0);
            for (int i = 0; i < 9; i++) {
                out.writeInt(i % 4 == 0 ? 0x10000 : 0);
            }
            out.writeShort(2);
            out.writeShort(2);
            for (int i = 0; i < inputs; i++) {
                out.writeShort(0);
                out.writeShort(0xFFFF);
            }
            int points = (int) Math.pow(grid, inputs);
            double[] device = new double[inputs];
            for (int p = 0; p < points; p++) {
                int rest = p;
                for (int i = inputs - 1; i >= 0; i--) { // the first input varies slowest
                    device[i] = (rest % grid) / (double) (grid - 1);
                    rest /= grid;
                }
                for (int v : table.apply(device)) {
                    out.writeShort(v);
                }
            }
            for (int i = 0; i < outputs; i++) {
                out.writeShort(0);
                out.writeShort(0xFFFF);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int clamp16(double v) {
        return (int) Math.max(0, Math.min(65535, Math.round(v)));
    }

    private static byte[] profile(String deviceClass, String colorSpace, String description, double[] whitePoint,
            Map<String, byte[]> lutTags) {
        Map<String, byte[]> tags = new LinkedHashMap<>();
        tags.put("desc", textDescription(description));
        tags.put("cprt", text("No copyright, test data"));
        tags.put("wtpt", xyz(whitePoint));
        tags.putAll(lutTags);
        int tableSize = 4 + 12 * tags.size();
        int offset = 128 + tableSize;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        try (DataOutputStream tableOut = new DataOutputStream(table)) {
            tableOut.writeInt(tags.size());
            for (Map.Entry<String, byte[]> tag : tags.entrySet()) {
                while ((offset + data.size()) % 4 != 0) {
                    data.write(0);
                }
                tableOut.writeBytes(tag.getKey());
                tableOut.writeInt(offset + data.size());
                tableOut.writeInt(tag.getValue().length);
                data.writeBytes(tag.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int size = offset + data.size();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(all)) {
            out.writeInt(size);
            out.writeInt(0); // preferred CMM
            out.writeInt(0x02100000);
            out.writeBytes(deviceClass);
            out.writeBytes(colorSpace);
            out.writeBytes("Lab ");
            for (int v : new int[] {2026, 11, 27, 12, 0, 0}) {
                out.writeShort(v);
            }
            out.writeBytes("acsp");
            out.write(new byte[4 + 4 + 4 + 4 + 8]); // platform, flags, manufacturer, model, attributes
            out.writeInt(0); // rendering intent
            for (double v : D50) {
                out.writeInt(s15Fixed16(v));
            }
            out.write(new byte[4 + 16 + 28]); // creator, profile id, reserved
            out.write(table.toByteArray());
            out.write(data.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toByteArray();
    }

    private static int s15Fixed16(double v) {
        return (int) Math.round(v * 65536);
    }

    private static byte[] xyz(double[] v) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBytes("XYZ ");
            out.writeInt(0);
            for (double c : v) {
                out.writeInt(s15Fixed16(c));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] text(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("text".getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[4]);
        bytes.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
        bytes.write(0);
        return bytes.toByteArray();
    }

    private static byte[] textDescription(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBytes("desc");
            out.writeInt(0);
            out.writeInt(value.length() + 1);
            out.writeBytes(value);
            out.writeByte(0);
            out.writeInt(0); // Unicode language
            out.writeInt(0); // Unicode count
            out.writeShort(0); // ScriptCode code
            out.writeByte(0); // ScriptCode count
            out.write(new byte[67]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
