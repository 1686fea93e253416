package org.imageserving.ps.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.imageserving.ps.rules.RuleSet;

/**
 * One loaded image catalog: its attributes, image records and macros. Immutable: a reload builds a new one. A named
 * catalog falls back to the default catalog ({@code parent}) for attributes it leaves empty and for records and
 * macros it lacks.
 */
public final class Catalog {
    /** Attributes for which "defined but empty" is a value of its own ("none"), not "inherit". */
    private static final Set<String> EMPTY_IS_A_VALUE = Set.of("defaultext", "defaultimage", "errorimage", "rootpath",
            "rooturl", "savepath", "staticcontentrootpath", "watermark");

    private final Path iniFile;
    private final Instant iniModified;
    private final Map<String, String> attributes;
    private final Map<String, Map<String, String>> records;
    private final Map<String, String> macros;
    private final Catalog parent;
    private final RuleSet ruleSet;
    private final Map<String, Map<String, String>> staticRecords;
    /** {@code IccProfileMapFile}: profile name (lower case) → ProfilePath as written. */
    private final Map<String, String> profiles;
    /** {@code FontMapFile}: its records in file order. */
    private final java.util.List<FontRecord> fonts;

    /** A font map record ("Font map reference"): Name, Bold, Italic and FontPath as written. */
    public record FontRecord(String name, boolean bold, boolean italic, String fontPath) {}
    /**
     * Effective attribute values and their numbers by the name as asked for: a request reads some thirty attributes,
     * each a lower-casing and up to two lookups, and a number parse that threw for every empty one. The names are the
     * code's constants and this catalog's own, so the memos stay small; a catalog never changes, so they never go stale.
     */
    private final Map<String, String> effective = new ConcurrentHashMap<>();
    private final Map<String, Double> numbers = new ConcurrentHashMap<>();

    Catalog(Path iniFile, Instant iniModified, Map<String, String> attributes, Map<String, Map<String, String>> records,
            Map<String, String> macros, Catalog parent, RuleSet ruleSet) {
        this(iniFile, iniModified, attributes, records, Map.of(), macros, parent, ruleSet);
    }

    Catalog(Path iniFile, Instant iniModified, Map<String, String> attributes, Map<String, Map<String, String>> records,
            Map<String, Map<String, String>> staticRecords, Map<String, String> macros, Catalog parent, RuleSet ruleSet) {
        this(iniFile, iniModified, attributes, records, staticRecords, macros, Map.of(), parent, ruleSet);
    }

    Catalog(Path iniFile, Instant iniModified, Map<String, String> attributes, Map<String, Map<String, String>> records,
            Map<String, Map<String, String>> staticRecords, Map<String, String> macros, Map<String, String> profiles,
            Catalog parent, RuleSet ruleSet) {
        this(iniFile, iniModified, attributes, records, staticRecords, macros, profiles, java.util.List.of(), parent,
                ruleSet);
    }

    Catalog(Path iniFile, Instant iniModified, Map<String, String> attributes, Map<String, Map<String, String>> records,
            Map<String, Map<String, String>> staticRecords, Map<String, String> macros, Map<String, String> profiles,
            java.util.List<FontRecord> fonts, Catalog parent, RuleSet ruleSet) {
        this.fonts = java.util.List.copyOf(fonts);
        this.profiles = Map.copyOf(profiles);
        this.ruleSet = ruleSet;
        this.staticRecords = Map.copyOf(staticRecords);
        this.iniFile = iniFile;
        this.iniModified = iniModified;
        this.attributes = Map.copyOf(attributes);
        this.records = Map.copyOf(records);
        this.macros = Map.copyOf(macros);
        this.parent = parent;
    }

    /** The same catalog with some attributes replaced for one request (rule set overrides). */
    public Catalog withOverrides(Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new java.util.LinkedHashMap<>(attributes);
        overrides.forEach((name, value) -> merged.put(name.toLowerCase(Locale.ROOT), value));
        return new Catalog(iniFile, iniModified, merged, records, staticRecords, macros, profiles, fonts, parent,
                ruleSet);
    }

    /** This catalog's rule set ({@code attribute::RuleSetFile}); empty when it has none. */
    public RuleSet ruleSet() {
        return ruleSet;
    }

    public boolean isDefault() {
        return parent == null;
    }

    /** {@code attribute::RootId}; empty for the default catalog. */
    public String rootId() {
        return isDefault() ? "" : attributes.getOrDefault("rootid", "");
    }

    public String name() {
        return iniFile.getFileName().toString();
    }

    public Path iniFile() {
        return iniFile;
    }

    public Instant iniModified() {
        return iniModified;
    }

    /** The effective value of an attribute (name case-insensitive): this catalog's, else the default catalog's, else "". */
    public String attribute(String name) {
        String known = effective.get(name);
        if (known == null) {
            known = lookup(name);
            effective.put(name, known);
        }
        return known;
    }

    private String lookup(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        String own = attributes.get(key);
        if (own != null && (!own.isEmpty() || EMPTY_IS_A_VALUE.contains(key))) {
            return own;
        }
        return parent == null ? "" : parent.attribute(key);
    }

    /** Every attribute name this catalog or the default catalog defines, for {@code req=catalogprops}. */
    public Set<String> attributeNames() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(attributes.keySet());
        if (parent != null) {
            names.addAll(parent.attributeNames());
        }
        return names;
    }

    public boolean flag(String name) {
        return attribute(name).strip().equals("1") || attribute(name).strip().equalsIgnoreCase("true");
    }

    /** An attribute's value as a number, {@code fallback} when it is empty or not a number. */
    public double number(String name, double fallback) {
        Double known = numbers.get(name);
        if (known == null) {
            known = parse(attribute(name).strip());
            numbers.put(name, known);
        }
        return known.isNaN() ? fallback : known;
    }

    /** NaN for "no number" (an empty value, or anything Double.parseDouble refuses). */
    private static Double parse(String value) {
        if (value.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A record of this catalog's own table (ids are case-sensitive). */
    public Optional<CatalogRecord> ownRecord(String id) {
        Map<String, String> fields = records.get(id);
        return fields == null ? Optional.empty() : Optional.of(new CatalogRecord(id, fields, this));
    }

    /** A record of this catalog, else of the default catalog (records are shared through the default catalog). */
    public Optional<CatalogRecord> record(String id) {
        Optional<CatalogRecord> own = ownRecord(id);
        return own.isPresent() || parent == null ? own : parent.ownRecord(id);
    }

    /** A record of the static content table ({@code /is/content}), this catalog's else the default catalog's. */
    public Optional<CatalogRecord> staticRecord(String id) {
        Map<String, String> fields = staticRecords.get(id);
        if (fields != null) {
            return Optional.of(new CatalogRecord(id, fields, this));
        }
        return parent == null ? Optional.empty() : parent.staticRecord(id);
    }

    public int recordCount() {
        return records.size();
    }

    /** A macro definition by name (case-insensitive): this catalog's macro file, else the default catalog's. */
    public Optional<String> macro(String name) {
        String definition = macros.get(name.toLowerCase(Locale.ROOT));
        if (definition != null || parent == null) {
            return Optional.ofNullable(definition);
        }
        return parent.macro(name);
    }

    /**
     * The ProfilePath of a profile map entry (name case-insensitive): this catalog's {@code IccProfileMapFile}, else
     * the default catalog's, with the catalog whose map has it (its RootPath applies to a relative path).
     */
    public Optional<Map.Entry<Catalog, String>> profile(String name) {
        String path = profiles.get(name.strip().toLowerCase(Locale.ROOT));
        if (path != null) {
            return Optional.of(Map.entry(this, path));
        }
        return parent == null ? Optional.empty() : parent.profile(name);
    }

    /**
     * The font map records text may use, each with the catalog whose map has it (its RootPath applies to a relative
     * FontPath): this catalog's first, then the default catalog's, so that a face of both is this catalog's.
     */
    public java.util.List<Map.Entry<Catalog, FontRecord>> fontRecords() {
        java.util.List<Map.Entry<Catalog, FontRecord>> all = new java.util.ArrayList<>();
        fonts.forEach(f -> all.add(Map.entry(this, f)));
        if (parent != null) {
            all.addAll(parent.fontRecords());
        }
        return all;
    }

    /** {@code attribute::TimeStamp}, else the {@code .ini} file's modification time. */
    public Instant timeStamp() {
        String own = attributes.getOrDefault("timestamp", "");
        return CatalogDates.parse(own).orElse(iniModified);
    }
}
