package org.imageserving.ps.request;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.catalog.LocaleMap;
import org.imageserving.ps.http.RequestException;

/**
 * Resolves the object of the URL path as documented: the first element against the catalogs' {@code RootId}s (the
 * matched catalog becomes the main catalog), the rest as a record id (after {@code locale=} translation through
 * {@code attribute::LocaleMap}), else as a file path under {@code attribute::RootPath}, honouring {@code FullMatch},
 * {@code DefaultExt} and {@code AllowDirectAccess}. Paths are combined right to left and must stay inside the
 * Image Server's roots.
 */
public final class ObjectResolver {
    private final List<Path> imageRoots;

    public ObjectResolver(List<Path> imageRoots) {
        this.imageRoots = imageRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** The main catalog for a URL path, without looking at records (rule sets and locking need it first). */
    public static Catalog mainCatalog(Catalogs catalogs, List<String> elements) {
        if (elements.size() >= 2) {
            Optional<Catalog> named = catalogs.byRootId(elements.get(0));
            if (named.isPresent()) {
                return named.get();
            }
        }
        return catalogs.defaultCatalog();
    }

    public ResolvedObject resolve(Catalogs catalogs, List<String> elements, String locale) {
        for (String element : elements) {
            checkElement(element);
        }
        String whole = String.join("/", elements);
        if (elements.size() >= 2) {
            Optional<Catalog> named = catalogs.byRootId(elements.get(0));
            if (named.isPresent()) {
                Catalog catalog = named.get();
                String tail = String.join("/", elements.subList(1, elements.size()));
                Optional<CatalogRecord> record = lookup(catalog, tail, locale);
                if (record.isPresent()) {
                    return new ResolvedObject(whole, catalog, record, recordSource(record.get()));
                }
                if (!catalog.flag("FullMatch")) {
                    return new ResolvedObject(whole, catalog, Optional.empty(), directPath(catalog, tail));
                }
                // FullMatch: the catalog is ignored entirely; the rootId element stays part of the file path
            }
        }
        Catalog defaultCatalog = catalogs.defaultCatalog();
        Optional<CatalogRecord> record = lookup(defaultCatalog, whole, locale);
        if (record.isPresent()) {
            return new ResolvedObject(whole, defaultCatalog, record, recordSource(record.get()));
        }
        return new ResolvedObject(whole, defaultCatalog, Optional.empty(), directPath(defaultCatalog, whole));
    }

    /**
     * An object named inside a request ({@code src=}, {@code template=}, {@code attribute::Watermark}), resolved as
     * "object" documents: a leading {@code /} means the default catalog; otherwise the whole string is first tried as
     * an id of the main catalog (so a template's {@code src=} without a {@code rootId} names the main catalog's
     * records), then as {@code rootId/id} or a path like the URL's object.
     */
    public ResolvedObject resolveIn(Catalogs catalogs, Catalog main, String object, String locale) {
        List<String> elements = Arrays.stream(object.split("/")).filter(e -> !e.isEmpty()).toList();
        if (elements.isEmpty()) {
            throw new RequestException(403, "an empty object name");
        }
        if (!object.startsWith("/") && !main.isDefault()) {
            String whole = String.join("/", elements);
            for (String element : elements) {
                checkElement(element);
            }
            Optional<CatalogRecord> record = lookup(main, whole, locale);
            if (record.isPresent()) {
                return new ResolvedObject(whole, main, record, recordSource(record.get()));
            }
        }
        return resolve(catalogs, elements, locale);
    }

    /** A record of {@code catalog} (or the default catalog) by id, after {@code locale=} translation. */
    public static Optional<CatalogRecord> lookup(Catalog catalog, String id, String locale) {
        String effectiveLocale = locale == null || locale.isEmpty() ? catalog.attribute("DefaultLocale") : locale;
        for (String candidate : LocaleMap.parse(catalog.attribute("LocaleMap")).candidates(id, effectiveLocale)) {
            Optional<CatalogRecord> record = catalog.record(candidate);
            if (record.isPresent()) {
                return record;
            }
        }
        return Optional.empty();
    }

    private String recordSource(CatalogRecord record) {
        String path = record.path().strip();
        if (path.isEmpty()) {
            return ""; // a template: its body is in Modifier
        }
        return combine(record.catalog(), withDefaultExt(record.catalog(), path), true);
    }

    /** A path field of a record ({@code MaskPath}), combined with its catalog's RootPath like {@code catalog::Path}. */
    public String recordPath(CatalogRecord record, String path) {
        return combine(record.catalog(), withDefaultExt(record.catalog(), path.strip()), true);
    }

    /**
     * An ICC profile's path relative to the Image Server's roots: a profile map's ProfilePath (absolute, or relative
     * to its catalog's RootPath), or a path a request gives (relative only).
     */
    public String profilePath(Catalog catalog, String path, boolean fromCatalog) {
        return combine(catalog, path.strip(), fromCatalog);
    }

    private String directPath(Catalog catalog, String path) {
        if (!directAccessAllowed(catalog.attribute("AllowDirectAccess"), "IS")) {
            throw new RequestException(403, "direct access to image files is not allowed for this catalog: " + path);
        }
        return combine(catalog, withDefaultExt(catalog, path), false);
    }

    /** {@code [include:|exclude:]type,…}; no keyword means include; empty means every type is allowed. */
    static boolean directAccessAllowed(String setting, String type) {
        String value = setting.strip();
        if (value.isEmpty()) {
            return true;
        }
        boolean exclude = false;
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("exclude:")) {
            exclude = true;
            value = value.substring("exclude:".length());
        } else if (lower.startsWith("include:")) {
            value = value.substring("include:".length());
        }
        boolean listed = Arrays.stream(value.split(",")).map(String::strip).anyMatch(type::equalsIgnoreCase);
        return exclude != listed;
    }

    private static String withDefaultExt(Catalog catalog, String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        String ext = catalog.attribute("DefaultExt").strip();
        return last.contains(".") || ext.isEmpty() ? path : path + (ext.startsWith(".") ? ext : "." + ext);
    }

    /**
     * {@code IS::RootPath / attribute::RootPath / filePath}, combined right to left until absolute. The result is
     * relative to the Image Server's roots; an absolute result must lie inside one of them.
     */
    private String combine(Catalog catalog, String filePath, boolean fromCatalog) {
        String rootPath = catalog.attribute("RootPath").strip().replace('\\', '/');
        Path file;
        Path catalogRoot;
        try {
            // a catalog field is not a URL element: a NUL or another character no file name may hold can be in it
            file = Path.of(filePath.replace('\\', '/'));
            catalogRoot = Path.of(rootPath);
        } catch (InvalidPathException e) {
            throw new RequestException(403, "invalid image path" + (fromCatalog ? " in catalog " + catalog.name() : ""));
        }
        Path combined;
        if (file.isAbsolute()) {
            if (!fromCatalog) {
                throw new RequestException(403, "absolute paths are not allowed in requests");
            }
            combined = file;
        } else if (rootPath.isEmpty()) {
            combined = file;
        } else {
            combined = catalogRoot.resolve(file);
        }
        combined = combined.normalize();
        if (combined.isAbsolute()) {
            for (Path root : imageRoots) {
                if (combined.startsWith(root)) {
                    return slashes(root.relativize(combined));
                }
            }
            throw new RequestException(403, "the image path lies outside every IS::RootPath"
                    + (fromCatalog ? " (catalog " + catalog.name() + ")" : ""));
        }
        String relative = slashes(combined);
        if (relative.startsWith("..") || relative.isEmpty()) {
            throw new RequestException(403, "the image path leaves the image roots");
        }
        return relative;
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    private static void checkElement(String element) {
        if (element.equals("..") || element.equals(".") || element.indexOf('\\') >= 0 || element.indexOf('\0') >= 0
                || element.indexOf(':') >= 0 && element.length() >= 2 && element.charAt(1) == ':') {
            throw new RequestException(403, "invalid path element '" + element + "'");
        }
    }
}
