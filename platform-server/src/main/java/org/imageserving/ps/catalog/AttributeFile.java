package org.imageserving.ps.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A catalog attribute file ({@code *.ini}): {@code Name = value} per line, names case-insensitive, {@code #} comment
 * lines, a backslash right before the line end continues the value, the last of repeated names wins.
 */
final class AttributeFile {
    private static final Logger LOG = LoggerFactory.getLogger(AttributeFile.class);

    private AttributeFile() {}

    /** Attribute name (lower case) → value. */
    static Map<String, String> read(Path file) throws IOException {
        return parse(file.toString(), CatalogText.read(file));
    }

    static Map<String, String> parse(String source, String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            StringBuilder line = new StringBuilder(lines[i]);
            while (line.length() > 0 && line.charAt(line.length() - 1) == '\\' && i + 1 < lines.length) {
                line.setLength(line.length() - 1);
                line.append('\n').append(lines[++i]);
            }
            String record = line.toString();
            if (record.isBlank() || record.startsWith("#")) {
                continue;
            }
            int eq = record.indexOf('=');
            String name = (eq < 0 ? record : record.substring(0, eq)).strip();
            if (eq < 0 || !name.matches("[A-Za-z0-9._-]+")) {
                // only the name-like start of the line: a misspelt "SignatureKey: secret" must not put the key in the log
                LOG.warn("{}:{}: not an attribute record (Name=value), ignored: {}", source, lineNumber, start(record));
                continue;
            }
            attributes.put(name.toLowerCase(Locale.ROOT), record.substring(eq + 1).strip());
        }
        return attributes;
    }

    private static String start(String record) {
        String stripped = record.strip();
        int end = 0;
        while (end < stripped.length() && end < 40 && (Character.isLetterOrDigit(stripped.charAt(end))
                || "._-".indexOf(stripped.charAt(end)) >= 0)) {
            end++;
        }
        return end == stripped.length() ? stripped : stripped.substring(0, end) + "...";
    }
}
