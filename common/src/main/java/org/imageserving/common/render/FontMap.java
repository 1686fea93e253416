package org.imageserving.common.render;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fonts a request's text layers may use, as the Platform Server resolved them from the catalogs' font maps
 * ({@code FontMapFile}, "Font map reference"): the Image Server never reads a catalog, so the faces travel with the
 * request as {@link RenderRequest#FONTS}, each with its file as a path under the roots. Also carries
 * {@code attribute::DefaultFont} and {@code attribute::SynthesizeFontStyles}, which mean nothing without it.
 *
 * @param faces         the font map entries the request's text may name (main catalog's first)
 * @param defaultFont   the font used when the RTF names none; empty when the catalog sets none
 * @param synthesize    whether a missing bold or italic face may be made from another face of the family
 */
public record FontMap(List<Face> faces, String defaultFont, boolean synthesize) {
    /** One font map record: the name as the RTF's {@code \fonttbl} writes it, its style and its file. */
    public record Face(String name, boolean bold, boolean italic, String path) {}

    public FontMap {
        faces = List.copyOf(faces);
    }

    /** The face of {@code name} (case-insensitive) with exactly this style, the first listed winning. */
    public Optional<Face> face(String name, boolean bold, boolean italic) {
        return faces.stream().filter(f -> f.name().equalsIgnoreCase(name) && f.bold() == bold && f.italic() == italic)
                .findFirst();
    }

    /** Every face of {@code name}, case-insensitive. */
    public List<Face> family(String name) {
        return faces.stream().filter(f -> f.name().equalsIgnoreCase(name)).toList();
    }

    /** {@code d=name;s=1;f=name,b,i,path;…}, every field URL-encoded: one frame header, one part of the cache key. */
    public String encode() {
        StringBuilder out = new StringBuilder("d=").append(enc(defaultFont)).append(";s=").append(synthesize ? 1 : 0);
        for (Face f : faces) {
            out.append(";f=").append(enc(f.name())).append(',').append(f.bold() ? 1 : 0).append(',')
                    .append(f.italic() ? 1 : 0).append(',').append(enc(f.path()));
        }
        return out.toString();
    }

    public static FontMap decode(String value) {
        String defaultFont = "";
        boolean synthesize = false;
        List<Face> faces = new ArrayList<>();
        for (String part : value.split(";")) {
            if (part.startsWith("d=")) {
                defaultFont = dec(part.substring(2));
            } else if (part.startsWith("s=")) {
                synthesize = part.substring(2).equals("1");
            } else if (part.startsWith("f=")) {
                String[] f = part.substring(2).split(",", -1);
                if (f.length != 4) {
                    throw new IllegalArgumentException("not a font map entry: " + part);
                }
                faces.add(new Face(dec(f[0]), f[1].equals("1"), f[2].equals("1"), dec(f[3])));
            } else if (!part.isEmpty()) {
                throw new IllegalArgumentException("not a font map part: " + part);
            }
        }
        return new FontMap(faces, defaultFont, synthesize);
    }

    /** A flag of a font map or catalog: 1 or true (any case). */
    public static boolean flag(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
