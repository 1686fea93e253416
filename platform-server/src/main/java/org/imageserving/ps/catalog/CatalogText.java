package org.imageserving.ps.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a catalog file in the documented encoding: UTF-8 only when it starts with the byte order mark EF BB BF,
 * anything else is ISO-8859-1 (which never fails to decode, so a stray byte cannot make a whole catalog unreadable).
 */
final class CatalogText {
    private CatalogText() {}

    static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
