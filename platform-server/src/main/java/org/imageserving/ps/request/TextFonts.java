package org.imageserving.ps.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.imageserving.common.render.FontMap;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.catalog.Catalog;

/**
 * The fonts of a request with text layers ("Font handling"): the Image Server never reads catalogs, so the font map
 * records its text may name travel with the request ({@link RenderRequest#FONTS}), their FontPath resolved against
 * the RootPath of the catalog whose map has them, with {@code DefaultFont} and {@code SynthesizeFontStyles}. Only the
 * records whose name appears in the text (or is the default font) are sent: the key stays small and a font map
 * change that cannot matter to a request does not split its cache entries.
 */
public final class TextFonts {
    private TextFonts() {}

    /** Whether commands (names in any case) make a text layer. */
    public static boolean isText(Map<String, String> commands) {
        return commands.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("textps") || k.equalsIgnoreCase("text"));
    }

    /** The request with its font map added when it has text layers; unchanged otherwise. */
    public static RenderRequest add(RenderRequest request, Catalog catalog, ObjectResolver resolver) {
        List<String> texts = new ArrayList<>();
        for (Layer layer : request.layers()) {
            for (String name : List.of("textps", "text")) {
                String value = layer.commands().get(name);
                if (value != null) {
                    texts.add(value.toLowerCase(Locale.ROOT));
                }
            }
        }
        if (texts.isEmpty()) {
            return request;
        }
        String defaultFont = catalog.attribute("DefaultFont").strip();
        List<FontMap.Face> faces = new ArrayList<>();
        for (Map.Entry<Catalog, Catalog.FontRecord> entry : catalog.fontRecords()) {
            Catalog.FontRecord f = entry.getValue();
            String lower = f.name().toLowerCase(Locale.ROOT);
            if (f.name().equalsIgnoreCase(defaultFont) || texts.stream().anyMatch(t -> t.contains(lower))) {
                faces.add(new FontMap.Face(f.name(), f.bold(), f.italic(),
                        resolver.profilePath(entry.getKey(), f.fontPath(), true)));
            }
        }
        FontMap map = new FontMap(faces, defaultFont, FontMap.flag(catalog.attribute("SynthesizeFontStyles")));
        TreeMap<String, String> global = new TreeMap<>(request.global());
        global.put(RenderRequest.FONTS, map.encode());
        return new RenderRequest(global, request.layers());
    }
}
