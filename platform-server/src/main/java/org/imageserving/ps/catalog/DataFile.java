package org.imageserving.ps.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A catalog data file: a tab-separated table whose first record names the fields. Fields may be quoted with
 * {@code "} (only then may they hold TAB, CR or LF; a doubled quote is a literal one); nothing is URL-decoded.
 * Columns starting with {@code .} are ignored. A malformed record is skipped with its file and line in the log, and
 * the rest of the file still loads.
 */
final class DataFile {
    private static final Logger LOG = LoggerFactory.getLogger(DataFile.class);

    /** One data record: field name (lower case) → value, and the line it starts on. */
    record Row(int line, Map<String, String> fields) {
        String get(String field) {
            return fields.getOrDefault(field, "");
        }
    }

    private DataFile() {}

    static List<Row> read(Path file, String keyField) throws IOException {
        return parse(file.toString(), CatalogText.read(file), keyField);
    }

    static List<Row> parse(String source, String text, String keyField) {
        List<RawRecord> records = split(source, text);
        List<Row> rows = new ArrayList<>();
        if (records.isEmpty()) {
            return rows;
        }
        RawRecord header = records.get(0);
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : header.fields()) {
            String lower = name.strip().toLowerCase(Locale.ROOT);
            if (!lower.startsWith(".") && !seen.add(lower)) {
                LOG.warn("{}:{}: the field name {} is repeated; only its first column is used", source, header.line(), name);
                lower = "." + lower;
            }
            names.add(lower);
        }
        if (!names.contains(keyField)) {
            LOG.error("{}:{}: the header has no {} field; no record of this file is loaded", source, header.line(), keyField);
            return rows;
        }
        for (RawRecord record : records.subList(1, records.size())) {
            if (record.error() != null) {
                LOG.error("{}:{}: broken record skipped: {}", source, record.line(), record.error());
                continue;
            }
            if (record.fields().size() == 1 && record.fields().get(0).isEmpty()) {
                continue; // an empty line
            }
            if (record.fields().size() > names.size()) {
                LOG.error("{}:{}: broken record skipped: {} fields but the header names {}", source, record.line(),
                        record.fields().size(), names.size());
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < record.fields().size(); i++) {
                if (!names.get(i).startsWith(".")) {
                    fields.put(names.get(i), record.fields().get(i));
                }
            }
            String key = fields.getOrDefault(keyField, "");
            if (key.isEmpty() || key.contains(",")) {
                LOG.error("{}:{}: broken record skipped: the {} field is {}", source, record.line(), keyField,
                        key.isEmpty() ? "empty" : "'" + key + "', which contains a comma");
                continue;
            }
            rows.add(new Row(record.line(), fields));
        }
        return rows;
    }

    private record RawRecord(int line, List<String> fields, String error) {}

    private static List<RawRecord> split(String source, String text) {
        List<RawRecord> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int i = 0;
        String error = null;
        boolean fieldStart = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (fieldStart && c == '"') {
                int close = closingQuote(text, i + 1);
                if (close < 0) {
                    error = "a quoted field is not closed";
                    // skip to the end of this physical line and go on with the next record
                    int end = nextLineEnd(text, i);
                    i = end;
                    continue;
                }
                String quoted = text.substring(i + 1, close).replace("\"\"", "\"");
                line += countLines(quoted);
                field.append(quoted);
                i = close + 1;
                fieldStart = false;
                continue;
            }
            fieldStart = false;
            if (c == '\t') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                i++;
            } else if (c == '\r' || c == '\n') {
                fields.add(field.toString());
                records.add(new RawRecord(recordLine, List.copyOf(fields), error));
                fields.clear();
                field.setLength(0);
                error = null;
                fieldStart = true;
                i += (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') ? 2 : 1;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                i++;
            }
        }
        if (field.length() > 0 || !fields.isEmpty() || error != null) {
            fields.add(field.toString());
            records.add(new RawRecord(recordLine, List.copyOf(fields), error));
        }
        return records;
    }

    private static int closingQuote(String text, int from) {
        int i = from;
        while (i < text.length()) {
            if (text.charAt(i) == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }

    private static int nextLineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '\r' || text.charAt(i) == '\n') {
                return i;
            }
        }
        return text.length();
    }

    private static int countLines(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n' || (text.charAt(i) == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                n++;
            }
        }
        return n;
    }
}
