package org.imageserving.ps.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imageserving.ps.http.RequestException;

/**
 * {@code attribute::LocaleMap}: {@code locId,suffix[,suffix…]|…|,defaultSuffixes}. For a generic id the suffixes of
 * the requested locale are tried in order (an empty suffix tries the id itself); the entry with an empty locale id
 * handles unknown locales, and without it an unknown locale is an error.
 */
public final class LocaleMap {
    private final Map<String, List<String>> suffixes;

    private LocaleMap(Map<String, List<String>> suffixes) {
        this.suffixes = suffixes;
    }

    public static LocaleMap parse(String text) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String entry : text.split("\\|")) {
                String[] parts = entry.split(",", -1);
                List<String> list = new ArrayList<>();
                for (int i = 1; i < parts.length; i++) {
                    list.add(parts[i].strip());
                }
                map.putIfAbsent(parts[0].strip().toLowerCase(Locale.ROOT), list);
            }
        }
        return new LocaleMap(map);
    }

    /** Every suffix of every locale, each once, in the map's order (the empty suffix: the id itself). */
    public List<String> allSuffixes() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        suffixes.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    public boolean isEmpty() {
        return suffixes.isEmpty();
    }

    /** The ids to try, in order, for {@code id} in {@code locale}; just the id when no translation applies. */
    public List<String> candidates(String id, String locale) {
        if (suffixes.isEmpty() || locale == null || locale.isEmpty()) {
            return List.of(id);
        }
        List<String> list = suffixes.get(locale.toLowerCase(Locale.ROOT));
        if (list == null) {
            list = suffixes.get("");
        }
        if (list == null) {
            throw new RequestException(403, "locale=" + locale + " is not in the catalog's LocaleMap");
        }
        List<String> ids = new ArrayList<>();
        for (String suffix : list) {
            ids.add(id + suffix);
        }
        return ids.isEmpty() ? List.of(id) : ids;
    }
}
