package org.imageserving.is.text;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.imageserving.common.render.FontMap;

/**
 * The fonts of one request's text ("Font handling"): a name of the RTF's {@code \fonttbl} (or
 * {@code attribute::DefaultFont}) with its bold and italic flags is looked up in the request's {@link FontMap}; the
 * face with exactly that style is used, else, when {@code SynthesizeFontStyles} allows, the family's regular face
 * (or another of its faces) with the missing style made by the JDK's rasterizer. A name the map lacks is an error,
 * never a silent fallback: the documentation asks for one.
 *
 * <p>Font files are read once per JVM and kept by path (the roots' fonts are few and a request names a handful).
 */
public final class TextFonts {
    /** Font files are small; a bigger one is not a font this server should parse for a URL. */
    static final long MAX_FONT_BYTES = 64L << 20;
    private static final int MAX_CACHED = 256;
    private static final Map<Path, Font> LOADED = new ConcurrentHashMap<>();

    private final FontMap map;
    private final Function<String, Path> files;

    /** @param files resolves a font map path under the roots (refusing anything outside them) */
    public TextFonts(FontMap map, Function<String, Path> files) {
        this.map = map;
        this.files = files;
    }

    /** The font of {@code name} in this style at size 1 (derive the size); name null or empty: the default font. */
    public Font font(String name, boolean bold, boolean italic) {
        String n = name == null || name.isBlank() ? map.defaultFont() : name.strip();
        if (n.isBlank()) {
            throw new TextException("the text names no font and the catalog has no DefaultFont");
        }
        FontMap.Face exact = map.face(n, bold, italic).orElse(null);
        if (exact != null) {
            return load(exact).deriveFont(Font.PLAIN, 1f);
        }
        List<FontMap.Face> family = map.family(n);
        if (family.isEmpty()) {
            throw new TextException("the font '" + n + "' is not in the catalog's font map (FontMapFile)");
        }
        if (!map.synthesize()) {
            throw new TextException("the font '" + n + "' has no " + style(bold, italic)
                    + " face in the font map and the catalog does not synthesize font styles (SynthesizeFontStyles=0)");
        }
        // the closest face: the regular one, else any with part of the style asked for
        FontMap.Face base = map.face(n, false, false).orElseGet(() -> family.stream()
                .filter(f -> (!f.bold() || bold) && (!f.italic() || italic)).findFirst().orElse(family.get(0)));
        int missing = (bold && !base.bold() ? Font.BOLD : 0) | (italic && !base.italic() ? Font.ITALIC : 0);
        // Java2D emboldens and slants a font whose file lacks the asked style
        return load(base).deriveFont(missing, 1f);
    }

    private static String style(boolean bold, boolean italic) {
        return bold && italic ? "bold italic" : bold ? "bold" : italic ? "italic" : "regular";
    }

    private Font load(FontMap.Face face) {
        Path file;
        try {
            file = files.apply(face.path());
        } catch (RuntimeException e) {
            throw new TextException("the font file of '" + face.name() + "' (" + face.path() + ") is not there: "
                    + e.getMessage());
        }
        Font cached = LOADED.get(file);
        if (cached != null) {
            return cached;
        }
        try {
            if (Files.size(file) > MAX_FONT_BYTES) {
                throw new TextException("the font file of '" + face.name() + "' is larger than "
                        + (MAX_FONT_BYTES >> 20) + " MB");
            }
            Font font = Font.createFont(Font.TRUETYPE_FONT, file.toFile());
            if (LOADED.size() >= MAX_CACHED) {
                LOADED.clear();
            }
            LOADED.put(file, font);
            return font;
        } catch (FontFormatException | IOException e) {
            throw new TextException("the font file of '" + face.name() + "' (" + face.path()
                    + ") is not a TrueType or OpenType font: " + e.getMessage());
        }
    }
}
