package org.imageserving.ps.request;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.imageserving.ps.http.RequestException;

/**
 * Splits a modifier string into {@link Modifier}s as documented: at unencoded {@code &} outside {@code {}} and
 * {@code ()} (nested requests are embedded unencoded), then each at its first {@code =}; only then are values
 * percent-decoded, so {@code %26} and {@code %3D} in a value are data. URL query values decode {@code +} to a space;
 * catalog fields ({@code Modifier}, macro definitions) are never URL-decoded.
 */
public final class ModifierTokenizer {
    private ModifierTokenizer() {}

    /** Tokenizes a URL query (percent-decoded, {@code +} = space). */
    public static List<Modifier> fromUrl(String query) {
        return tokenize(query, true);
    }

    /** Tokenizes a catalog field or macro definition (no decoding). */
    public static List<Modifier> fromCatalog(String text) {
        return tokenize(text, false);
    }

    static List<Modifier> tokenize(String text, boolean urlEncoded) {
        List<Modifier> modifiers = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return modifiers;
        }
        for (String part : split(text)) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.startsWith(".")) {
                modifiers.add(new Modifier(Modifier.Kind.COMMENT, "", part.substring(1)));
                continue;
            }
            int eq = part.indexOf('=');
            String rawName = eq < 0 ? part : part.substring(0, eq);
            String name = (urlEncoded ? decode(rawName, false) : rawName).strip();
            String value = eq < 0 ? "" : urlEncoded ? decode(part.substring(eq + 1), true) : part.substring(eq + 1);
            if (name.isEmpty()) {
                throw new RequestException(403, "a value without a command name: '" + part + "'");
            }
            if (name.startsWith("$") && name.endsWith("$") && name.length() > 2 && eq < 0) {
                modifiers.add(new Modifier(Modifier.Kind.MACRO, lower(name.substring(1, name.length() - 1)), ""));
            } else if (name.startsWith("$") && name.length() > 1) {
                modifiers.add(new Modifier(Modifier.Kind.VARIABLE, lower(name.substring(1)), value));
            } else {
                modifiers.add(Modifier.command(lower(name), value));
            }
        }
        return modifiers;
    }

    /** Splits at {@code &} that are not inside braces or parentheses. */
    static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '(') {
                depth++;
            } else if ((c == '}' || c == ')') && depth > 0) {
                depth--;
            } else if (c == '&' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Percent-decoding of one element. Escapes are bytes; a sequence that is valid UTF-8 is read as UTF-8, anything
     * else as ISO-8859-1 (the documented encoding of {@code %xx}), so both old and new clients work.
     */
    public static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new RequestException(403, "malformed %-escape in '" + text + "'");
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        byte[] raw = bytes.toByteArray();
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try {
            return utf8.decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }
}
