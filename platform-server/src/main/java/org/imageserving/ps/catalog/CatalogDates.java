package org.imageserving.ps.catalog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog date/time type: milliseconds since 1970 UTC, or {@code mm/dd/yyyy hh:mm:ss zzz} with a zone code
 * ({@code PST}, {@code PDT}, ...) or {@code GMT±h[:mm]}. A malformed value is ignored (empty), as documented.
 */
final class CatalogDates {
    private static final Pattern FORM = Pattern.compile(
            "(\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2})\\s+([A-Za-z]+)\\s*([+-]\\d{1,2}(?::\\d{2})?)?");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("M/d/yyyy H:mm:ss");
    /** Zone codes of the examples; daylight codes are fixed offsets, not regions. */
    private static final Map<String, ZoneOffset> CODES = Map.ofEntries(
            Map.entry("GMT", ZoneOffset.UTC), Map.entry("UTC", ZoneOffset.UTC),
            Map.entry("PST", ZoneOffset.ofHours(-8)), Map.entry("PDT", ZoneOffset.ofHours(-7)),
            Map.entry("MST", ZoneOffset.ofHours(-7)), Map.entry("MDT", ZoneOffset.ofHours(-6)),
            Map.entry("CST", ZoneOffset.ofHours(-6)), Map.entry("CDT", ZoneOffset.ofHours(-5)),
            Map.entry("EST", ZoneOffset.ofHours(-5)), Map.entry("EDT", ZoneOffset.ofHours(-4)),
            Map.entry("CET", ZoneOffset.ofHours(1)), Map.entry("CEST", ZoneOffset.ofHours(2)));

    private CatalogDates() {}

    static Optional<Instant> parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.matches("\\d+")) {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
        }
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.parse(m.group(1), LOCAL);
            ZoneId zone = CODES.get(m.group(2).toUpperCase(java.util.Locale.ROOT));
            if (zone == null) {
                return Optional.empty();
            }
            if (m.group(3) != null) {
                String offset = m.group(3);
                String[] parts = offset.substring(1).split(":");
                int seconds = Integer.parseInt(parts[0]) * 3600 + (parts.length > 1 ? Integer.parseInt(parts[1]) * 60 : 0);
                zone = ZoneOffset.ofTotalSeconds(offset.startsWith("-") ? -seconds : seconds);
            }
            return Optional.of(local.atZone(zone).toInstant());
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
