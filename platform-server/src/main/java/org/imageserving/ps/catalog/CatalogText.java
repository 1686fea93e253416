package org.imageserving.ps.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a catalog file in the documented encoding: UTF-8 only when it starts with the byte order mark EF BB BF,
 * anything else is ISO-8859-1 (which never fails to decode, so a stray byte cannot make a whole catalog unreadable).
 * A NUL byte is refused: no catalog text has one, while a file whose blocks were allocated but never written (a copy
 * cut off by a crash) reads as runs of them, and a binary file put in the wrong place has them too.
 */
final class CatalogText {
    private CatalogText() {}

    static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new IOException(file + " has a NUL byte at offset " + i + ": not a catalog text file");
            }
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
