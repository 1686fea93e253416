package org.imageserving.ps.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * String localization ({@code attribute::LocaleStrMap}, {@code locale,locId[,locId…]|…}): a catalog string may hold
 * variants, {@code default^loc=ID1^text1^loc=ID2^text2}. For the request's locale the listed locale ids are tried in
 * order, an empty id selecting the default text; no match gives the empty string. Strings without variants, and
 * every string when the map is empty, pass unchanged.
 */
public final class LocaleStrings {
    private final Map<String, List<String>> ids;

    private LocaleStrings(Map<String, List<String>> ids) {
        this.ids = ids;
    }

    public static LocaleStrings parse(String map) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        if (map != null && !map.isBlank()) {
            for (String entry : map.split("\\|")) {
                String[] parts = entry.split(",", -1);
                List<String> list = new ArrayList<>();
                for (int i = 1; i < parts.length; i++) {
                    list.add(parts[i].strip());
                }
                ids.putIfAbsent(parts[0].strip().toLowerCase(Locale.ROOT), list);
            }
        }
        return new LocaleStrings(ids);
    }

    public String localize(String text, String locale) {
        if (ids.isEmpty() || !text.contains("^loc=")) {
            return text;
        }
        String[] parts = text.split("\\^", -1);
        Map<String, String> variants = new LinkedHashMap<>();
        for (int i = 1; i + 1 < parts.length; i += 2) {
            if (parts[i].startsWith("loc=")) {
                variants.putIfAbsent(parts[i].substring(4), parts[i + 1]);
            }
        }
        List<String> wanted = ids.get(locale == null ? "" : locale.toLowerCase(Locale.ROOT));
        if (wanted == null) {
            wanted = ids.getOrDefault("", List.of(""));
        }
        for (String id : wanted) {
            if (id.isEmpty()) {
                return parts[0];
            }
            if (variants.containsKey(id)) {
                return variants.get(id);
            }
        }
        return "";
    }
}
