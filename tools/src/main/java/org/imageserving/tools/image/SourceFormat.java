package org.imageserving.tools.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A source format told by its first bytes, never by its file name. */
public enum SourceFormat {
    JPEG, PNG, GIF, BMP, TIFF, WEBP, PSD, PICT, EPS, UNKNOWN;

    /** Why EPS sources are refused (by ic, validate and the Image Server alike). */
    public static final String EPS_REFUSED = "EPS is not supported: it is PostScript, which needs a PostScript "
            + "interpreter to rasterize, and its preview is a low-resolution thumbnail, not the image; "
            + "save the master as TIFF or PSD from Photoshop instead";


    /** Where a PICT's version opcode sits: after the size and frame, behind the optional 512-byte application header. */
    private static final int PICT_WITHOUT_HEADER = 10;
    private static final int PICT_WITH_HEADER = 512 + PICT_WITHOUT_HEADER;

    /** Version 2 ({@code 0011 02FF}) or version 1 ({@code 1101}) opcode at {@code at}. */
    private static boolean isPictVersion(byte[] head, int n, int at) {
        return n >= at + 4 && ((head[at] == 0 && head[at + 1] == 0x11 && head[at + 2] == 2 && (head[at + 3] & 0xFF) == 0xFF)
                || (head[at] == 0x11 && head[at + 1] == 1));
    }

    public static SourceFormat of(Path file) throws IOException {
        byte[] head = new byte[PICT_WITH_HEADER + 4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (n >= 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return PNG;
        }
        if (n >= 4 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
            return GIF;
        }
        if (n >= 2 && head[0] == 'B' && head[1] == 'M') {
            return BMP;
        }
        if (n >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
                || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) {
            return TIFF;
        }
        if (n >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F' && head[8] == 'W' && head[9] == 'E') {
            return WEBP;
        }
        if (n >= 4 && head[0] == '8' && head[1] == 'B' && head[2] == 'P' && head[3] == 'S') {
            return PSD;
        }
        if (n >= 4 && ((head[0] == '%' && head[1] == '!' && head[2] == 'P' && head[3] == 'S')
                || ((head[0] & 0xFF) == 0xC5 && (head[1] & 0xFF) == 0xD0 && (head[2] & 0xFF) == 0xD3 && (head[3] & 0xFF) == 0xC6))) {
            return EPS;
        }
        if (isPictVersion(head, n, PICT_WITH_HEADER) || isPictVersion(head, n, PICT_WITHOUT_HEADER)) {
            return PICT;
        }
        return UNKNOWN;
    }
}
