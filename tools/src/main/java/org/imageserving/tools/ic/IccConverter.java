package org.imageserving.tools.ic;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.imageserving.tools.image.SourceImages;
import org.imageserving.tools.ptiff.InterleavedImage;

/**
 * Converts decoded pixels from one ICC profile to another with the JDK's colour management (LittleCMS), in strips so
 * that only the output image is held twice.
 *
 * <p>The JDK chooses the render intent itself: relative colorimetric when the first profile is a printer profile,
 * perceptual otherwise; an intent written in a profile's header is ignored. A render intent is, in a profile, the choice
 * of its tables (A2B0/B2A0 perceptual, A2B1/B2A1 colorimetric, A2B2/B2A2 saturation). So the profiles are copied with
 * the requested intent's tables (A2B0 when the profile lacks them, as the ICC specification says) in every slot: whichever
 * the JDK picks is the one asked for. Matrix/TRC profiles have no tables; for them the intents are the same.
 *
 * <p>Two steps the JDK's CMM does not take are done in the XYZ connection space, as LittleCMS does them: absolute
 * colorimetric scales the colorimetric result by the ratio of the two media white points, and black point
 * compensation (ic's default, as documented; not for absolute colorimetric) scales each component so that the source's
 * black lands on the destination's while white stays white. When neither changes anything the conversion is direct.
 */
final class IccConverter {
    private static final int STRIP_ROWS = 64;
    /** XYZ in the CMM's 16-bit encoding: 0x8000 is 1.0. */
    private static final double XYZ_ONE = 32768;
    private static final double[] D50 = {0.9642, 1.0, 0.8249};
    /** Black points closer than this (in Y, 0-1) need no compensation; white points closer need no scaling. */
    private static final double NEGLIGIBLE = 0.002;
    private static final String[] TABLE_PREFIXES = {"A2B", "B2A"};

    private final ICC_Profile source;
    private final ICC_Profile target;
    private final ICC_Profile xyz;
    /** Per XYZ component: out = in × scale + offset, or null when the conversion is direct. */
    private final double[] pcsScale;
    private final double[] pcsOffset;
    private final boolean compensatesBlackPoint;

    IccConverter(ICC_Profile source, ICC_Profile target, RenderIntent intent, boolean blackPointCompensation) {
        this.source = forIntent(source, intent);
        this.target = forIntent(target, intent);
        this.xyz = ICC_Profile.getInstance(ColorSpace.CS_CIEXYZ);
        double[] scale = null;
        double[] offset = null;
        boolean compensates = false;
        if (intent == RenderIntent.ABSOLUTE_COLORIMETRIC) {
            double[] sourceWhite = mediaWhite(source);
            double[] targetWhite = mediaWhite(target);
            if (Math.abs(sourceWhite[0] - targetWhite[0]) + Math.abs(sourceWhite[1] - targetWhite[1])
                    + Math.abs(sourceWhite[2] - targetWhite[2]) > NEGLIGIBLE) {
                scale = new double[3];
                offset = new double[3];
                for (int i = 0; i < 3; i++) {
                    scale[i] = sourceWhite[i] / targetWhite[i];
                }
            }
        } else if (blackPointCompensation) {
            double[] sourceBlack = blackPoint(this.source, xyz, source.getColorSpaceType() == ColorSpace.TYPE_CMYK);
            double[] targetBlack = blackPoint(forIntent(target, RenderIntent.RELATIVE_COLORIMETRIC), xyz, false);
            if (Math.abs(sourceBlack[1] - targetBlack[1]) > NEGLIGIBLE) {
                compensates = true;
                scale = new double[3];
                offset = new double[3];
                for (int i = 0; i < 3; i++) {
                    scale[i] = (D50[i] - targetBlack[i]) / (D50[i] - sourceBlack[i]);
                    offset[i] = (targetBlack[i] - sourceBlack[i] * scale[i]) * XYZ_ONE;
                }
            }
        }
        this.pcsScale = scale;
        this.pcsOffset = offset;
        this.compensatesBlackPoint = compensates;
    }

    /** Whether black point compensation changes this conversion (the black points differ). */
    boolean compensatesBlackPoint() {
        return compensatesBlackPoint;
    }

    /**
     * Converts {@code decoded}, whose colour samples are in the source profile's space, to the target profile; alpha
     * is kept. 16-bit sources stay 16-bit.
     */
    InterleavedImage convert(BufferedImage decoded) throws ConversionException {
        ColorModel model = decoded.getColorModel();
        int sourceBands = source.getNumComponents();
        Rows rows;
        boolean alpha;
        int bits;
        if (model.getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
            // read the ink values themselves: turning them into RGB first would apply the decoder's own profile
            alpha = model.hasAlpha();
            bits = model.getComponentSize(0) > 8 ? 16 : 8;
            checkMatch(4, "CMYK");
            Raster raster = decoded.getRaster();
            rows = (y, n, out) -> raster.getPixels(0, y, decoded.getWidth(), n, out);
        } else {
            InterleavedImage pixels = SourceImages.toPixels(decoded);
            alpha = pixels.hasAlpha();
            bits = pixels.bits();
            checkMatch(pixels.colorChannels(), pixels.colorChannels() == 1 ? "gray" : "RGB");
            int channels = pixels.channels();
            int width = pixels.width();
            rows = (y, n, out) -> {
                int i = 0;
                for (int row = y; row < y + n; row++) {
                    for (int x = 0; x < width; x++) {
                        for (int c = 0; c < channels; c++) {
                            out[i++] = pixels.sample(x, row, c);
                        }
                    }
                }
            };
        }
        int width = decoded.getWidth();
        int height = decoded.getHeight();
        int targetBands = target.getNumComponents();
        InterleavedImage out = new InterleavedImage(width, height, targetBands + (alpha ? 1 : 0), alpha, bits);
        int dataType = bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        int inBands = sourceBands + (alpha ? 1 : 0);
        ColorConvertOp direct = pcsScale == null ? new ColorConvertOp(new ICC_Profile[] {source, target}, null) : null;
        ColorConvertOp toXyz = pcsScale == null ? null : new ColorConvertOp(new ICC_Profile[] {source, xyz}, null);
        ColorConvertOp fromXyz = pcsScale == null ? null : new ColorConvertOp(new ICC_Profile[] {xyz, target}, null);
        int[] in = new int[width * STRIP_ROWS * inBands];
        for (int y = 0; y < height; y += STRIP_ROWS) {
            int n = Math.min(STRIP_ROWS, height - y);
            rows.read(y, n, in);
            WritableRaster color = Raster.createInterleavedRaster(dataType, width, n, sourceBands, null);
            int[] colorSamples = new int[width * n * sourceBands];
            for (int p = 0, i = 0; p < width * n; p++) {
                for (int c = 0; c < sourceBands; c++) {
                    colorSamples[i++] = in[p * inBands + c];
                }
            }
            color.setPixels(0, 0, width, n, colorSamples);
            WritableRaster converted = Raster.createInterleavedRaster(dataType, width, n, targetBands, null);
            if (direct != null) {
                direct.filter(color, converted);
            } else {
                WritableRaster pcs = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, width, n, 3, null);
                toXyz.filter(color, pcs);
                adjustInConnectionSpace(pcs);
                fromXyz.filter(pcs, converted);
            }
            int[] result = converted.getPixels(0, 0, width, n, (int[]) null);
            for (int row = 0; row < n; row++) {
                for (int x = 0; x < width; x++) {
                    int p = row * width + x;
                    for (int c = 0; c < targetBands; c++) {
                        out.setSample(x, y + row, c, result[p * targetBands + c]);
                    }
                    if (alpha) {
                        out.setSample(x, y + row, targetBands, in[p * inBands + inBands - 1]);
                    }
                }
            }
        }
        return out;
    }

    private void checkMatch(int imageBands, String imageType) throws ConversionException {
        if (source.getNumComponents() != imageBands) {
            throw new ConversionException("the source profile has " + source.getNumComponents()
                    + " colour channels but the image is " + imageType + " (" + imageBands
                    + "): -imageprofile must match the source's pixel type");
        }
    }

    /** Applies the absolute colorimetric white scaling or the black point compensation to XYZ samples. */
    private void adjustInConnectionSpace(WritableRaster pcs) {
        int width = pcs.getWidth();
        int height = pcs.getHeight();
        int[] samples = pcs.getPixels(0, 0, width, height, (int[]) null);
        for (int i = 0; i < samples.length; i++) {
            int c = i % 3;
            long v = Math.round(samples[i] * pcsScale[c] + pcsOffset[c]);
            samples[i] = (int) Math.max(0, Math.min(65535, v));
        }
        pcs.setPixels(0, 0, width, height, samples);
    }

    /** The XYZ (0-1, D50 relative) of the profile's darkest device value: no light for RGB and gray, all inks for CMYK. */
    private static double[] blackPoint(ICC_Profile profile, ICC_Profile xyz, boolean inks) {
        int bands = profile.getNumComponents();
        WritableRaster device = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, 1, 1, bands, null);
        int[] value = new int[bands];
        java.util.Arrays.fill(value, inks ? 65535 : 0);
        device.setPixel(0, 0, value);
        WritableRaster pcs = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, 1, 1, 3, null);
        new ColorConvertOp(new ICC_Profile[] {profile, xyz}, null).filter(device, pcs);
        int[] black = pcs.getPixel(0, 0, (int[]) null);
        return new double[] {black[0] / XYZ_ONE, black[1] / XYZ_ONE, black[2] / XYZ_ONE};
    }

    /** A copy of the profile with the tables of {@code intent} in every intent's slot (see the class comment). */
    static ICC_Profile forIntent(ICC_Profile profile, RenderIntent intent) {
        ICC_Profile copy = ICC_Profile.getInstance(profile.getData());
        int wanted = intent == RenderIntent.ABSOLUTE_COLORIMETRIC ? RenderIntent.RELATIVE_COLORIMETRIC.iccValue : intent.iccValue;
        for (String prefix : TABLE_PREFIXES) {
            byte[] table = copy.getData(signature(prefix + wanted));
            if (table == null) {
                table = copy.getData(signature(prefix + 0));
            }
            if (table != null) {
                for (int slot = 0; slot < 3; slot++) {
                    copy.setData(signature(prefix + slot), table);
                }
            }
        }
        return copy;
    }

    private static int signature(String tag) {
        return (tag.charAt(0) << 24) | (tag.charAt(1) << 16) | (tag.charAt(2) << 8) | tag.charAt(3);
    }

    /** The profile's media white point (wtpt, XYZ), or D50 when it has none. */
    private static double[] mediaWhite(ICC_Profile profile) {
        byte[] tag = profile.getData(ICC_Profile.icSigMediaWhitePointTag);
        if (tag == null || tag.length < 20) {
            return D50.clone();
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(tag);
        return new double[] {buffer.getInt(8) / 65536.0, buffer.getInt(12) / 65536.0, buffer.getInt(16) / 65536.0};
    }

    /** Reads {@code n} rows from {@code y} as interleaved samples, every band of the source. */
    @FunctionalInterface
    private interface Rows {
        void read(int y, int n, int[] out);
    }
}
