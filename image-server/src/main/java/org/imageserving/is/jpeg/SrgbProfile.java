package org.imageserving.is.jpeg;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;

/**
 * Whether an embedded ICC profile describes sRGB, judged by its colorimetry rather than its name (Java's own
 * "linear sRGB" profile is named sRGB and is not): RGB primaries within 0.01 of sRGB's (as adapted to D50 in every
 * ICC v2/v4 profile) and tone curves within 0.01 of sRGB's at dark, middle and light values. Such a source decoded
 * as plain sRGB looks the same as converted through its profile, so the fast path may take it.
 */
final class SrgbProfile {
    private static final double TOLERANCE = 0.01;
    private static final double[] PROBES = {0.1, 0.5, 0.9};
    private static final int[] PRIMARIES = {
        ICC_Profile.icSigRedColorantTag, ICC_Profile.icSigGreenColorantTag, ICC_Profile.icSigBlueColorantTag};
    private static final int[] CURVES = {ICC_Profile.icSigRedTRCTag, ICC_Profile.icSigGreenTRCTag, ICC_Profile.icSigBlueTRCTag};
    private static final ICC_Profile SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB);

    private SrgbProfile() {}

    static boolean matches(byte[] data) {
        try {
            ICC_Profile profile = ICC_Profile.getInstance(data);
            if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
                return false;
            }
            for (int tag : PRIMARIES) {
                byte[] ours = profile.getData(tag);
                byte[] reference = SRGB.getData(tag);
                if (ours == null || ours.length < 20) {
                    return false;
                }
                for (int i = 0; i < 3; i++) {
                    if (Math.abs(s15Fixed16(ours, 8 + 4 * i) - s15Fixed16(reference, 8 + 4 * i)) > TOLERANCE) {
                        return false;
                    }
                }
            }
            for (int tag : CURVES) {
                byte[] curve = profile.getData(tag);
                if (curve == null) {
                    return false;
                }
                for (double x : PROBES) {
                    double y = evaluate(curve, x);
                    if (Double.isNaN(y) || Math.abs(y - srgbToLinear(x)) > TOLERANCE) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return false; // not a profile Java can read: the ImageIO path decides what to do with it
        }
    }

    /** A {@code curv} or {@code para} tone curve at {@code x}; NaN for any other type. */
    static double evaluate(byte[] tag, double x) {
        ByteBuffer b = ByteBuffer.wrap(tag);
        int type = b.getInt(0);
        if (type == 0x63757276) { // 'curv'
            int count = b.getInt(8);
            if (count == 0) {
                return x;
            }
            if (count == 1) {
                return Math.pow(x, (b.getShort(12) & 0xFFFF) / 256.0);
            }
            double at = x * (count - 1);
            int i = Math.min(count - 2, (int) Math.floor(at));
            double lo = (b.getShort(12 + 2 * i) & 0xFFFF) / 65535.0;
            double hi = (b.getShort(12 + 2 * (i + 1)) & 0xFFFF) / 65535.0;
            return lo + (hi - lo) * (at - i);
        }
        if (type == 0x70617261) { // 'para'
            int function = b.getShort(8) & 0xFFFF;
            double[] p = new double[7];
            int n = new int[] {1, 3, 4, 5, 7}[Math.min(function, 4)];
            for (int i = 0; i < n; i++) {
                p[i] = s15Fixed16(tag, 12 + 4 * i);
            }
            double g = p[0], a = p[1], c = p[3], d = p[4], e = p[5], f = p[6];
            double bb = p[2];
            return switch (function) {
                case 0 -> Math.pow(x, g);
                case 1 -> x >= -bb / a ? Math.pow(a * x + bb, g) : 0;
                case 2 -> x >= -bb / a ? Math.pow(a * x + bb, g) + c : c;
                case 3 -> x >= d ? Math.pow(a * x + bb, g) : c * x;
                case 4 -> x >= d ? Math.pow(a * x + bb, g) + e : c * x + f;
                default -> Double.NaN;
            };
        }
        return Double.NaN;
    }

    private static double srgbToLinear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double s15Fixed16(byte[] data, int at) {
        return ByteBuffer.wrap(data).getInt(at) / 65536.0;
    }
}
