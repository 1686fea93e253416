package org.imageserving.ps.request;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.color.BuiltInProfiles;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.http.RequestException;

/**
 * Resolves the output profiles of a request where the catalogs are known: {@code icc=}'s profile and the catalog's
 * {@code IccProfileRgb|Gray|Cmyk} become what the Image Server reads, a path under its roots (which it checks again)
 * or the name of a profile the Image Server has built in. A name is looked up in the catalog's
 * {@code IccProfileMapFile}, then the default catalog's, then among {@link BuiltInProfiles} (sRGB, the free standard
 * RGB ids, GenericCMYK); anything else is a profile path relative to the catalog's RootPath ({@code icc=} "relative
 * profile path").
 */
public final class OutputProfiles {
    private static final List<String> ATTRIBUTES = List.of("iccprofilergb", "iccprofilegray", "iccprofilecmyk");

    private OutputProfiles() {}

    /** Replaces {@code icc=} and the forwarded profile attributes in {@code forwarded} by what they resolve to. */
    public static void resolve(ObjectResolver resolver, Catalog catalog, Map<String, String> forwarded) {
        String icc = forwarded.get("icc");
        if (icc != null) {
            int comma = icc.indexOf(',');
            String name = comma < 0 ? icc : icc.substring(0, comma);
            String rest = comma < 0 ? "" : icc.substring(comma);
            forwarded.put("icc", resolve(resolver, catalog, name, "icc=" + icc, false) + rest);
        }
        for (String attribute : ATTRIBUTES) {
            String key = "attribute::" + attribute;
            String value = forwarded.get(key);
            if (value != null && !value.isBlank()) {
                forwarded.put(key, resolve(resolver, catalog, value, key + "=" + value, true));
            }
        }
    }

    static String resolve(ObjectResolver resolver, Catalog catalog, String name, String what, boolean fromCatalog) {
        String n = name.strip();
        if (n.isEmpty()) {
            throw new RequestException(403, what + ": a profile name or path is required");
        }
        Optional<Map.Entry<Catalog, String>> mapped = catalog.profile(n);
        if (mapped.isPresent()) {
            return resolver.profilePath(mapped.get().getKey(), mapped.get().getValue(), true);
        }
        Optional<String> builtIn = BuiltInProfiles.find(n);
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        try {
            return resolver.profilePath(catalog, n, fromCatalog);
        } catch (RequestException e) {
            throw new RequestException(403, what + ": " + e.getMessage());
        }
    }
}
