package org.imageserving.is.color;

import com.sun.jna.Pointer;
import java.awt.color.CMMException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The conversion of a source's embedded RGB profile (Adobe RGB, Display P3, ProPhoto) to sRGB on 8-bit pixels in
 * native memory, by the system's LittleCMS ({@link LittleCms}) with one transform per profile, made once and kept:
 * the JDK's {@code ColorConvertOp} links the profiles again on every call and converts through Java arrays, which
 * cost a JPEG thumbnail with a profile a third of its time. Same engine, same sRGB profile (the JDK's) and same intent
 * (the one in the source profile's header, as {@code ColorConvertOp} takes it) as the ImageIO path.
 *
 * <p>Transforms are safe to share between threads: LittleCMS copies its one-pixel cache for each call.
 */
public final class EmbeddedRgbToSrgb {
    /**
     * Distinct profiles kept with their transforms, for the life of the process (a render may be converting with any
     * of them); photos carry a handful. Files with further profiles are converted by the JDK's engine.
     */
    private static final int MAX_PROFILES = 32;
    private static final Map<ByteBuffer, EmbeddedRgbToSrgb> BY_PROFILE = new ConcurrentHashMap<>();
    private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    /** lcms2.h TYPE_ABGR_8: bytes A, B, G, R, which is a little-endian Leptonica word 0xRRGGBBAA. */
    private static final int ABGR_8 = 4 << 16 | 1 << 10 | 1 << 7 | 3 << 3 | 1;
    private static final int INTENT_PERCEPTUAL = 0;

    private final Pointer transform;

    private EmbeddedRgbToSrgb(Pointer transform) {
        this.transform = transform;
    }

    /**
     * The conversion from {@code profile}; empty without the library, when LittleCMS cannot link the profile, or when
     * {@link #MAX_PROFILES} others are kept.
     */
    public static Optional<EmbeddedRgbToSrgb> from(ICC_Profile profile) {
        return from(profile, BY_PROFILE, MAX_PROFILES);
    }

    /** {@link #from(ICC_Profile)} keeping transforms in {@code kept}, at most {@code max} of them. */
    static Optional<EmbeddedRgbToSrgb> from(ICC_Profile profile, Map<ByteBuffer, EmbeddedRgbToSrgb> kept, int max) {
        LittleCms.Lcms lcms = LittleCms.library();
        if (lcms == null || profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return Optional.empty();
        }
        byte[] data = profile.getData();
        ByteBuffer key = ByteBuffer.wrap(data);
        EmbeddedRgbToSrgb known = kept.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        if (kept.size() >= max) {
            return Optional.empty();
        }
        Pointer made = link(lcms, data, intent(data));
        if (made == null) {
            return Optional.empty();
        }
        synchronized (kept) {
            known = kept.get(key);
            if (known != null || kept.size() >= max) { // linked by another render meanwhile
                lcms.cmsDeleteTransform(made);
                return Optional.ofNullable(known);
            }
            EmbeddedRgbToSrgb conversion = new EmbeddedRgbToSrgb(made);
            kept.put(key, conversion);
            return Optional.of(conversion);
        }
    }

    /**
     * Converts, in place, {@code width} × {@code height} Leptonica RGB words (0xRRGGBBxx, little-endian) starting at
     * {@code address}, {@code wordsPerLine} apart; the spare byte is left as it is.
     */
    public void convertLeptonicaWords(long address, int width, int height, int wordsPerLine) {
        Pointer pixels = new Pointer(address);
        LittleCms.library().cmsDoTransformLineStride(transform, pixels, pixels, width, height, 4 * wordsPerLine,
                4 * wordsPerLine, 0, 0);
    }

    private static Pointer link(LittleCms.Lcms lcms, byte[] from, int intent) {
        Pointer in = null;
        Pointer out = null;
        try {
            in = lcms.cmsOpenProfileFromMem(from, from.length);
            out = lcms.cmsOpenProfileFromMem(SRGB, SRGB.length);
            return in == null || out == null ? null : lcms.cmsCreateTransform(in, ABGR_8, out, ABGR_8, intent, 0);
        } catch (CMMException e) {
            // The JDK's colour engine is this same library and installs its error handler, which raises a
            // CMMException in the calling Java thread, ours included: a profile LittleCMS cannot link (the ImageIO
            // path then answers the file, as it did before)
            return null;
        } finally {
            if (in != null) {
                lcms.cmsCloseProfile(in);
            }
            if (out != null) {
                lcms.cmsCloseProfile(out);
            }
        }
    }

    /** The intent in the profile header's low 16 bits, as the JDK's {@code ColorConvertOp} reads it; else perceptual. */
    private static int intent(byte[] profile) {
        if (profile.length < 68) {
            return INTENT_PERCEPTUAL;
        }
        int intent = (profile[66] & 0xFF) << 8 | (profile[67] & 0xFF);
        return intent <= 3 ? intent : INTENT_PERCEPTUAL;
    }
}
