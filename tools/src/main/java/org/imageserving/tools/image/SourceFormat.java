package org.imageserving.tools.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A source format told by its first bytes, never by its file name. */
public enum SourceFormat {
    JPEG, PNG, GIF, BMP, TIFF, WEBP, PSD, UNKNOWN;

    public static SourceFormat of(Path file) throws IOException {
        byte[] head = new byte[12];
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
        return UNKNOWN;
    }
}
