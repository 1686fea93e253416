package org.imageserving.ps.catalog;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One record of an image (or SVG) data file, with the catalog it belongs to. Field names are lower case; an empty
 * field means "inherit the default".
 *
 * @param catalog the catalog whose table holds the record (the default catalog for records found by fallback)
 */
public record CatalogRecord(String id, Map<String, String> fields, Catalog catalog) {
    public String field(String name) {
        return fields.getOrDefault(name, "");
    }

    public String path() {
        return field("path");
    }

    public String modifier() {
        return field("modifier");
    }

    public String postModifier() {
        return field("postmodifier");
    }

    /** {@code catalog::Expiration} in hours, empty when the field is empty or -2 ("use the attribute"). */
    public OptionalDouble expiration() {
        String value = field("expiration").strip();
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double hours = Double.parseDouble(value);
            return hours == -2 ? OptionalDouble.empty() : OptionalDouble.of(hours);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** {@code catalog::TimeStamp}, else the catalog's. */
    public Instant timeStamp() {
        return CatalogDates.parse(field("timestamp")).orElse(catalog.timeStamp());
    }

    public Optional<String> userData() {
        String data = field("userdata");
        return data.isEmpty() ? Optional.empty() : Optional.of(data);
    }
}
