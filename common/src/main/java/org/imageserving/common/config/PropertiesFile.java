package org.imageserving.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Java-properties configuration file ({@code PlatformServer.conf}, {@code svg.conf}, ...) that remembers the line
 * of every key. The documented rules hold: backslash escapes, {@code #}/{@code !} comments, each key at most once
 * (a repeated key is an error, not a silent override), unknown keys kept.
 */
public final class PropertiesFile {
    private final Path path;
    private final Map<String, String> values;
    private final Map<String, Integer> lines;

    private PropertiesFile(Path path, Map<String, String> values, Map<String, Integer> lines) {
        this.path = path;
        this.values = Collections.unmodifiableMap(values);
        this.lines = lines;
    }

    /** An absent file is the same as an empty one: every setting keeps its documented default. */
    public static PropertiesFile readIfPresent(Path path) {
        return Files.exists(path) ? read(path) : new PropertiesFile(path, new LinkedHashMap<>(), Map.of());
    }

    public static PropertiesFile read(Path path) {
        List<String> raw;
        try {
            raw = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path, 0, "file not found");
        } catch (IOException e) {
            throw new ConfigException(path, 0, "cannot read: " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            int lineNumber = i + 1;
            StringBuilder logical = new StringBuilder(stripBom(raw.get(i), i).stripLeading());
            if (logical.length() == 0 || logical.charAt(0) == '#' || logical.charAt(0) == '!') {
                continue;
            }
            while (endsWithContinuation(logical) && i + 1 < raw.size()) {
                logical.setLength(logical.length() - 1);
                logical.append(raw.get(++i).stripLeading());
            }
            String line = logical.toString();
            int separator = separatorIndex(line);
            String key = unescape(path, lineNumber, (separator < 0 ? line : line.substring(0, separator)).strip());
            String value = separator < 0 ? "" : unescape(path, lineNumber, skipSeparator(line, separator));
            if (key.isEmpty()) {
                throw new ConfigException(path, lineNumber, "a value without a setting name");
            }
            if (values.containsKey(key)) {
                throw new ConfigException(path, lineNumber,
                        "setting '" + key + "' appears twice (first on line " + lines.get(key) + ")");
            }
            values.put(key, value.strip());
            lines.put(key, lineNumber);
        }
        return new PropertiesFile(path, values, lines);
    }

    public Path path() {
        return path;
    }

    public Map<String, String> values() {
        return values;
    }

    /** The first of the given spellings that is present: the documentation spells some keys two ways. */
    public Optional<String> firstOf(String... keys) {
        for (String key : keys) {
            if (values.containsKey(key)) {
                return Optional.of(values.get(key));
            }
        }
        return Optional.empty();
    }

    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public long getLong(String key, long defaultValue, long min, long max) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < min || value > max) {
                throw error(key, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(key, "must be a whole number, got '" + text + "'");
        }
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        return (int) getLong(key, defaultValue, min, max);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        return switch (text.strip().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw error(key, "must be true or false, got '" + text + "'");
        };
    }

    public ConfigException error(String key, String message) {
        return new ConfigException(path, lines.getOrDefault(key, 0), key + " " + message);
    }

    private static String stripBom(String line, int index) {
        return index == 0 && line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static boolean endsWithContinuation(CharSequence line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static int separatorIndex(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String skipSeparator(String line, int separator) {
        int i = separator;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i < line.length() && (line.charAt(i) == '=' || line.charAt(i) == ':')) {
            i++;
        }
        return line.substring(i);
    }

    private static String unescape(Path path, int lineNumber, String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 >= text.length()) {
                        throw new ConfigException(path, lineNumber, "incomplete \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException e) {
                        throw new ConfigException(path, lineNumber, "bad \\u escape");
                    }
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
