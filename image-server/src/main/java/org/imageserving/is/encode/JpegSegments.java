package org.imageserving.is.encode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.imageserving.common.xmp.XmpPacket;

/**
 * Header segments the ImageIO JPEG writer cannot be asked for, written into its output: the print resolution in the
 * JFIF header, an ICC profile as {@code APP2 ICC_PROFILE} chunks (ICC.1 Annex B.4) and an XMP packet as the
 * {@code APP1} segment of XMP part 3, placed after the JFIF or Adobe segment that must come first.
 */
final class JpegSegments {
    /** Bytes of profile per APP2 segment: 65535 less the length field (2) and "ICC_PROFILE\0", seq, count (14). */
    private static final int ICC_CHUNK = 65519;
    /** Bytes of XMP in one APP1 segment: 65535 less the length field (2) and the 29-byte namespace header. */
    static final int XMP_MAX = 65504;

    private JpegSegments() {}

    /** Sets the JFIF density to {@code dpi} dots per inch; a JPEG without a JFIF header (CMYK) is returned as is. */
    static byte[] withDensity(byte[] jpeg, int dpi) {
        if (dpi <= 0 || jpeg.length < 18 || (jpeg[2] & 0xFF) != 0xFF || (jpeg[3] & 0xFF) != 0xE0
                || !new String(jpeg, 6, 5, StandardCharsets.ISO_8859_1).equals("JFIF\0")) {
            return jpeg;
        }
        int d = Math.min(dpi, 65535);
        jpeg[13] = 1; // units: dots per inch
        jpeg[14] = (byte) (d >> 8);
        jpeg[15] = (byte) d;
        jpeg[16] = (byte) (d >> 8);
        jpeg[17] = (byte) d;
        return jpeg;
    }

    /**
     * Adds the Adobe segment (APP14, transform 0) that tells decoders the four channels are CMYK, not YCCK; with
     * it they read the values inverted, as Photoshop writes them (the ImageIO writer writes none for a raster).
     */
    static byte[] withAdobeCmyk(byte[] jpeg) {
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] out = new byte[jpeg.length + adobe.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(adobe, 0, out, 2, adobe.length);
        System.arraycopy(jpeg, 2, out, 2 + adobe.length, jpeg.length - 2);
        return out;
    }

    /**
     * Adds the XMP packet, unchanged, as one {@code APP1} segment headed {@code http://ns.adobe.com/xap/1.0/\0}. A
     * packet too long for one segment (over {@value #XMP_MAX} bytes) would have to be split into extended XMP, which
     * changes it: such a JPEG is returned without it.
     */
    static byte[] withXmp(byte[] jpeg, byte[] packet) {
        if (packet.length > XMP_MAX) {
            return jpeg;
        }
        int at = afterFirstSegments(jpeg);
        int length = 2 + XmpPacket.JPEG_HEADER.length + packet.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + length + 2);
        out.write(jpeg, 0, at);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length);
        out.writeBytes(XmpPacket.JPEG_HEADER);
        out.writeBytes(packet);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    /** Where segments may be added: after SOI and the JFIF (APP0) or Adobe (APP14) segment decoders look for first. */
    private static int afterFirstSegments(byte[] jpeg) {
        int at = 2; // after SOI
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF
                && ((jpeg[at + 1] & 0xFF) == 0xE0 || (jpeg[at + 1] & 0xFF) == 0xEE)) {
            at += 2 + ((jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF));
        }
        return at;
    }

    static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        int at = afterFirstSegments(jpeg);
        int count = (profile.length + ICC_CHUNK - 1) / ICC_CHUNK;
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + profile.length + 18 * count);
        out.write(jpeg, 0, at);
        for (int i = 0; i < count; i++) {
            int from = i * ICC_CHUNK;
            int n = Math.min(ICC_CHUNK, profile.length - from);
            int length = 2 + 14 + n;
            out.write(0xFF);
            out.write(0xE2);
            out.write(length >> 8);
            out.write(length);
            out.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1));
            out.write(i + 1);
            out.write(count);
            out.write(profile, from, n);
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }
}
