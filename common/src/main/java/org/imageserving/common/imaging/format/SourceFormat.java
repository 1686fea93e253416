package org.imageserving.common.imaging.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A source format told by its first bytes, never by its file name: a misnamed file is still read as what it is, and a
 * file the readers would refuse is known before any reader is tried.
 */
public enum SourceFormat {
    JPEG, PNG, GIF, BMP, TIFF, BIGTIFF, WEBP, PSD, PICT, EPS, SVG, UNKNOWN;

    /** Why EPS sources are refused (by ic, validate and the Image Server alike). */
    public static final String EPS_REFUSED = "EPS is not supported: it is PostScript, which needs a PostScript "
            + "interpreter to rasterize, and its preview is a low-resolution thumbnail, not the image; "
            + "save the master as TIFF or PSD from Photoshop instead";

    /** Where a PICT's version opcode sits: after the size and frame, behind the optional 512-byte application header. */
    private static final int PICT_WITHOUT_HEADER = 10;
    private static final int PICT_WITH_HEADER = 512 + PICT_WITHOUT_HEADER;
    /** Enough of the file to tell every format apart, the PICT header included. */
    public static final int HEAD_BYTES = PICT_WITH_HEADER + 4;

    /** Classic TIFF or BigTIFF. */
    public boolean isTiff() {
        return this == TIFF || this == BIGTIFF;
    }

    public static SourceFormat of(Path file) throws IOException {
        byte[] head = new byte[HEAD_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return of(head, n);
    }

    /** The format of a file whose first {@code n} bytes are {@code head} ({@link #HEAD_BYTES} tell them all apart). */
    public static SourceFormat of(byte[] head, int n) {
        if (starts(head, n, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (n >= 8 && starts(head, n, 0x89, 'P', 'N', 'G')) {
            return PNG;
        }
        if (starts(head, n, 'G', 'I', 'F', '8')) {
            return GIF;
        }
        if (starts(head, n, 'B', 'M')) {
            return BMP;
        }
        if (starts(head, n, 'I', 'I', 42, 0) || starts(head, n, 'M', 'M', 0, 42)) {
            return TIFF;
        }
        if (starts(head, n, 'I', 'I', 43, 0) || starts(head, n, 'M', 'M', 0, 43)) {
            return BIGTIFF;
        }
        if (n >= 12 && starts(head, n, 'R', 'I', 'F', 'F') && head[8] == 'W' && head[9] == 'E') {
            return WEBP;
        }
        if (starts(head, n, '8', 'B', 'P', 'S')) {
            return PSD;
        }
        if (starts(head, n, '%', '!', 'P', 'S') || starts(head, n, 0xC5, 0xD0, 0xD3, 0xC6)) {
            return EPS;
        }
        if (isPictVersion(head, n, PICT_WITH_HEADER) || isPictVersion(head, n, PICT_WITHOUT_HEADER)) {
            return PICT;
        }
        if (startsLikeXml(head, n)) {
            return SVG; // no raster format starts with '<'; the SVG renderer tells a document that is not SVG
        }
        return UNKNOWN;
    }

    private static boolean starts(byte[] head, int n, int... expected) {
        if (n < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Version 2 ({@code 0011 02FF}) or version 1 ({@code 1101}) opcode at {@code at}. */
    private static boolean isPictVersion(byte[] head, int n, int at) {
        return n >= at + 4 && ((head[at] == 0 && head[at + 1] == 0x11 && head[at + 2] == 2 && (head[at + 3] & 0xFF) == 0xFF)
                || (head[at] == 0x11 && head[at + 1] == 1));
    }

    /** '<' as the first character after an optional UTF-8 byte-order mark and white space. */
    private static boolean startsLikeXml(byte[] head, int n) {
        int i = starts(head, n, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        while (i < n && Character.isWhitespace(head[i])) {
            i++;
        }
        return i < n && head[i] == '<';
    }
}
