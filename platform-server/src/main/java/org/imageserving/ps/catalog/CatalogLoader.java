package org.imageserving.ps.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.imageserving.ps.rules.AddressFilter;
import org.imageserving.ps.rules.RuleSet;
import org.imageserving.ps.rules.RuleSetFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one catalog: its {@code .ini} and the data files it names. Parsed data files are kept by path and
 * modification time, so a reload re-parses only the files that changed (the documented way to add a few records
 * cheaply is a small second data file), and in the compiled catalog cache, so a restart does not parse unchanged
 * files either.
 */
final class CatalogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogLoader.class);
    private final Path catalogFolder;
    private final Optional<CompiledDataFiles> compiled;
    private final Map<String, ParsedFile> parsed = new ConcurrentHashMap<>();
    private final AtomicInteger textParses = new AtomicInteger();

    private record ParsedFile(CompiledDataFiles.Stamp stamp, List<DataFile.Row> rows) {}

    CatalogLoader(Path catalogFolder) {
        this(catalogFolder, Optional.empty());
    }

    CatalogLoader(Path catalogFolder, Optional<CompiledDataFiles> compiled) {
        this.catalogFolder = catalogFolder;
        this.compiled = compiled;
    }

    /** How many data files were parsed from their text (not found in memory or in the compiled cache). */
    int textParses() {
        return textParses.get();
    }

    /** Loads a catalog; {@code parent} is the default catalog, or null when loading {@code default.ini} itself. */
    Catalog load(Path iniFile, Catalog parent) throws IOException {
        return load(iniFile, parent, false);
    }

    /**
     * As {@link #load(Path, Catalog)}; with {@code requireDataFiles} a data file the {@code .ini} names but that does
     * not exist fails the load instead of being left out. A reload asks for that: an {@code .ini} cut short in the
     * middle of a file name, or touched before its data files arrived, would otherwise replace a working catalog by
     * an empty one.
     */
    Catalog load(Path iniFile, Catalog parent, boolean requireDataFiles) throws IOException {
        Instant modified = Files.getLastModifiedTime(iniFile).toInstant();
        Map<String, String> attributes = AttributeFile.read(iniFile);
        Map<String, Map<String, String>> records = new LinkedHashMap<>();
        for (String dataFile : list(attributes.get("catalogfile"))) {
            for (DataFile.Row row : rows(iniFile, dataFile, "id", requireDataFiles)) {
                records.put(row.get("id"), row.fields());
            }
        }
        for (String dataFile : list(attributes.get("svgcatalogfile"))) {
            for (DataFile.Row row : rows(iniFile, dataFile, "id", requireDataFiles)) {
                if (records.putIfAbsent(row.get("id"), row.fields()) != null) {
                    LOG.warn("{}:{}: SVG record {} discarded: the image table already has this id", dataFile, row.line(),
                            row.get("id"));
                }
            }
        }
        Map<String, Map<String, String>> staticRecords = new LinkedHashMap<>();
        for (String dataFile : list(attributes.get("staticcontentcatalogfile"))) {
            for (DataFile.Row row : rows(iniFile, dataFile, "id", requireDataFiles)) {
                staticRecords.put(row.get("id"), row.fields());
            }
        }
        Map<String, String> macros = new LinkedHashMap<>();
        for (String macroFile : list(attributes.get("macrofile"))) {
            for (DataFile.Row row : rows(iniFile, macroFile, "name", requireDataFiles)) {
                macros.put(row.get("name").toLowerCase(Locale.ROOT), row.get("definition"));
            }
        }
        Map<String, String> profiles = new LinkedHashMap<>();
        for (String mapFile : list(attributes.get("iccprofilemapfile"))) {
            for (DataFile.Row row : rows(iniFile, mapFile, "name", requireDataFiles)) {
                String path = row.get("profilepath");
                if (path == null || path.isBlank()) {
                    LOG.warn("{}:{}: profile {} discarded: it has no ProfilePath", mapFile, row.line(), row.get("name"));
                    continue;
                }
                profiles.put(row.get("name").strip().toLowerCase(Locale.ROOT), path.strip());
            }
        }
        List<Catalog.FontRecord> fonts = new java.util.ArrayList<>();
        for (String mapFile : list(attributes.get("fontmapfile"))) {
            for (DataFile.Row row : rows(iniFile, mapFile, "name", requireDataFiles)) {
                String path = row.get("fontpath");
                if (path.isBlank()) {
                    LOG.warn("{}:{}: font {} discarded: it has no FontPath", mapFile, row.line(), row.get("name"));
                    continue;
                }
                fonts.add(new Catalog.FontRecord(row.get("name").strip(), flag(row.get("bold")),
                        flag(row.get("italic")), path.strip()));
            }
        }
        RuleSet ruleSet = RuleSet.EMPTY;
        String ruleSetFile = attributes.getOrDefault("rulesetfile", "").strip();
        if (!ruleSetFile.isEmpty()) {
            Path file = catalogFolder.resolve(ruleSetFile).normalize();
            try {
                ruleSet = RuleSetFile.read(file);
            } catch (IOException e) {
                // a catalog without its rules could serve what the rules refuse: the catalog does not load
                throw new IOException("rule set " + file + " does not load: " + e.getMessage(), e);
            }
        }
        String filter = attributes.getOrDefault("clientaddressfilter", "");
        if (!filter.isBlank()) {
            try {
                AddressFilter.parse(filter);
            } catch (IllegalArgumentException e) {
                // the requests fail closed (500, see RequestGate); say why once, when the catalog loads
                LOG.error("{}: ClientAddressFilter is invalid ({}): every request of this catalog is refused with a 500 "
                        + "until it is corrected", iniFile, e.getMessage());
            }
        }
        return new Catalog(iniFile, modified, attributes, records, staticRecords, macros, profiles, fonts, parent,
                ruleSet);
    }

    private List<DataFile.Row> rows(Path iniFile, String name, String keyField, boolean required) throws IOException {
        Path file = catalogFolder.resolve(name).normalize();
        if (!Files.isRegularFile(file) && required) {
            throw new IOException("the data file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            LOG.error("{}: the data file {} does not exist; the catalog loads without it", iniFile, file);
            return List.of();
        }
        CompiledDataFiles.Stamp stamp = CompiledDataFiles.Stamp.of(file);
        String key = file + "\u0000" + keyField;
        ParsedFile cached = parsed.get(key);
        if (cached != null && cached.stamp().equals(stamp)) {
            return cached.rows();
        }
        Optional<List<DataFile.Row>> fromCache = compiled.flatMap(c -> c.read(file, keyField, stamp));
        List<DataFile.Row> rows;
        if (fromCache.isPresent()) {
            rows = fromCache.get();
            LOG.info("read {}: {} records, from the compiled catalog cache", file, rows.size());
        } else {
            rows = DataFile.read(file, keyField);
            textParses.incrementAndGet();
            LOG.info("read {}: {} records", file, rows.size());
            compiled.ifPresent(c -> c.write(file, keyField, stamp, rows));
        }
        parsed.put(key, new ParsedFile(stamp, rows));
        return rows;
    }

    private static boolean flag(String value) {
        String v = value.strip();
        return v.equals("1") || v.equalsIgnoreCase("true");
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
