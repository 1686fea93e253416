package org.imageserving.is.render;

import org.imageserving.common.imaging.format.SourceFormat;

/**
 * Where the header of a JPEG or PNG ends: every reader of sizes, pixel types, profiles and resolutions
 * ({@link SourceImage}, {@link SourceMetadata}, the JPEG fast path's header) stops there, at a JPEG's first scan (SOS)
 * or a PNG's first image data (IDAT). So {@code req=imageprops} of such a master in a bucket needs its first bytes only.
 */
final class HeaderExtent {
    private HeaderExtent() {}

    /** The offset where the header ends if {@code head} (the file's first bytes) holds all of it; else -1. */
    static long end(byte[] head) {
        return switch (SourceFormat.of(head, head.length)) {
            case JPEG -> jpeg(head);
            case PNG -> png(head);
            default -> -1;
        };
    }

    private static long jpeg(byte[] head) {
        int at = 2;
        while (at + 4 <= head.length) {
            if ((head[at] & 0xFF) != 0xFF) {
                return -1; // not at a marker: leave it to a reader of the whole file
            }
            int marker = head[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == 0xDA) {
                return at;
            }
            if (marker == 0xD9 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                return -1;
            }
            at += 2 + ((head[at + 2] & 0xFF) << 8 | head[at + 3] & 0xFF);
        }
        return -1;
    }

    private static long png(byte[] head) {
        long at = 8;
        while (at + 8 <= head.length) {
            int i = (int) at;
            long length = ((head[i] & 0xFFL) << 24) | ((head[i + 1] & 0xFF) << 16) | ((head[i + 2] & 0xFF) << 8)
                    | (head[i + 3] & 0xFF);
            String type = new String(head, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (type.equals("IDAT") || type.equals("IEND")) {
                return at;
            }
            at += 12 + length;
        }
        return -1;
    }
}
