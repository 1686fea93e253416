package org.imageserving.is.color;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import org.imageserving.is.request.ColorCommands.RenderIntent;

/**
 * One conversion between two profiles: by the system's LittleCMS ({@link LittleCms}, which takes the intent and black
 * point compensation itself) where it is installed, else with the JDK's colour engine, plus what that engine does not
 * offer. Its
 * {@code ColorConvertOp} takes no render intent (it picks perceptual, or relative colorimetric after a printer
 * profile) and no black point compensation. So, as {@code ic}'s converter does (tools {@code ic.IccConverter}; the
 * two should move to a module both use):
 * <ul>
 *   <li>the intent is chosen by copying the profiles with that intent's tables ({@code A2B}/{@code B2A} 0 perceptual,
 *   1 colorimetric, 2 saturation; table 0 when a profile lacks one, as ICC says) into every slot;</li>
 *   <li>absolute colorimetric scales the colorimetric result by the ratio of the media white points, and black point
 *   compensation maps the source's black onto the destination's keeping white, both in XYZ, as LittleCMS does. The
 *   destination's black is that of its darkest device value (all inks for CMYK), which LittleCMS refines for
 *   LUT-based printer profiles: results near black may differ by a few levels.</li>
 * </ul>
 */
final class IccTransform {
    /** XYZ in the engine's 16-bit encoding: 0x8000 is 1.0. */
    private static final double XYZ_ONE = 32768;
    private static final double[] D50 = {0.9642, 1.0, 0.8249};
    /** Black or white points closer than this (Y, 0-1) change nothing worth a detour through XYZ. */
    private static final double NEGLIGIBLE = 0.002;
    private static final ICC_Profile XYZ = ICC_Profile.getInstance(ColorSpace.CS_CIEXYZ);

    private final ICC_Profile originalSource;
    private final ICC_Profile originalTarget;
    private final RenderIntent intent;
    private final boolean blackPointCompensation;
    private final ICC_Profile source;
    private final ICC_Profile target;
    private final double[] scale;
    private final double[] offset;

    IccTransform(ICC_Profile source, ICC_Profile target, RenderIntent intent, boolean blackPointCompensation) {
        this.originalSource = source;
        this.originalTarget = target;
        this.intent = intent;
        this.blackPointCompensation = blackPointCompensation;
        this.source = forIntent(source, intent);
        this.target = forIntent(target, intent);
        double[] s = null;
        double[] o = null;
        if (intent == RenderIntent.ABSOLUTE) {
            double[] from = mediaWhite(source);
            double[] to = mediaWhite(target);
            if (Math.abs(from[0] - to[0]) + Math.abs(from[1] - to[1]) + Math.abs(from[2] - to[2]) > NEGLIGIBLE) {
                s = new double[3];
                o = new double[3];
                for (int i = 0; i < 3; i++) {
                    s[i] = from[i] / to[i];
                }
            }
        } else if (blackPointCompensation) {
            double[] from = blackPoint(this.source);
            double[] to = blackPoint(forIntent(target, RenderIntent.RELATIVE));
            if (Math.abs(from[1] - to[1]) > NEGLIGIBLE) {
                s = new double[3];
                o = new double[3];
                for (int i = 0; i < 3; i++) {
                    s[i] = (D50[i] - to[i]) / (D50[i] - from[i]);
                    o[i] = (to[i] - from[i] * s[i]) * XYZ_ONE;
                }
            }
        }
        this.scale = s;
        this.offset = o;
    }

    /** {@code color} has the source profile's bands, {@code converted} the target's; 8 or 16 bits, no alpha. */
    void convert(Raster color, WritableRaster converted) {
        if (!LittleCms.convert(originalSource, originalTarget, intent, blackPointCompensation, color, converted)) {
            convertWithJdk(color, converted);
        }
    }

    /** The fallback where the system has no LittleCMS; kept apart so that tests hold it against LittleCMS. */
    void convertWithJdk(Raster color, WritableRaster converted) {
        if (scale == null) {
            new ColorConvertOp(new ICC_Profile[] {source, target}, null).filter(color, converted);
            return;
        }
        int w = color.getWidth(), h = color.getHeight();
        WritableRaster pcs = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, w, h, 3, null);
        new ColorConvertOp(new ICC_Profile[] {source, XYZ}, null).filter(color, pcs);
        int[] samples = pcs.getPixels(0, 0, w, h, (int[]) null);
        for (int i = 0; i < samples.length; i++) {
            int c = i % 3;
            samples[i] = (int) Math.max(0, Math.min(65535, Math.round(samples[i] * scale[c] + offset[c])));
        }
        pcs.setPixels(0, 0, w, h, samples);
        new ColorConvertOp(new ICC_Profile[] {XYZ, target}, null).filter(pcs, converted);
    }

    /** A copy of the profile with the tables of {@code intent} in every intent's slot; the profile when it has none. */
    static ICC_Profile forIntent(ICC_Profile profile, RenderIntent intent) {
        int wanted = intent == RenderIntent.ABSOLUTE ? 1 : intent.ordinal();
        ICC_Profile copy = null;
        for (String prefix : new String[] {"A2B", "B2A"}) {
            byte[] table = profile.getData(signature(prefix + wanted));
            if (table == null) {
                table = profile.getData(signature(prefix + 0));
            }
            if (table == null) {
                continue;
            }
            if (copy == null) {
                copy = ICC_Profile.getInstance(profile.getData());
            }
            for (int slot = 0; slot < 3; slot++) {
                copy.setData(signature(prefix + slot), table);
            }
        }
        return copy == null ? profile : copy;
    }

    /**
     * XYZ (0-1, D50) of the profile's darkest colour: no light for RGB and gray; for CMYK, the colour its tables give
     * for black (all inks at once are beyond what a press prints, and beyond what LittleCMS takes as black).
     */
    private static double[] blackPoint(ICC_Profile profile) {
        int bands = profile.getNumComponents();
        WritableRaster device = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, 1, 1, bands, null);
        if (profile.getColorSpaceType() == ColorSpace.TYPE_CMYK) {
            WritableRaster black = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, 1, 1, 3, null);
            new ColorConvertOp(new ICC_Profile[] {XYZ, profile}, null).filter(black, device);
        }
        WritableRaster pcs = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, 1, 1, 3, null);
        new ColorConvertOp(new ICC_Profile[] {profile, XYZ}, null).filter(device, pcs);
        int[] black = pcs.getPixel(0, 0, (int[]) null);
        return new double[] {black[0] / XYZ_ONE, black[1] / XYZ_ONE, black[2] / XYZ_ONE};
    }

    /**
     * The media white point (wtpt), or D50 when the profile has none, and for v2 display profiles, whose white point
     * tag gives the display's white before adaptation (sRGB's says D65) while their colours are already adapted to
     * D50: LittleCMS reads them the same way.
     */
    private static double[] mediaWhite(ICC_Profile profile) {
        byte[] tag = profile.getData(ICC_Profile.icSigMediaWhitePointTag);
        if (tag == null || tag.length < 20
                || profile.getProfileClass() == ICC_Profile.CLASS_DISPLAY && profile.getMajorVersion() < 4) {
            return D50.clone();
        }
        ByteBuffer b = ByteBuffer.wrap(tag);
        return new double[] {b.getInt(8) / 65536.0, b.getInt(12) / 65536.0, b.getInt(16) / 65536.0};
    }

    private static int signature(String tag) {
        return tag.charAt(0) << 24 | tag.charAt(1) << 16 | tag.charAt(2) << 8 | tag.charAt(3);
    }
}
