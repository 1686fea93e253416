package org.imageserving.common.render;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A fully resolved, validated render request: what the Platform Server sends to the Image Server, and (in its
 * canonical form) the key of the response cache. Equal requests have equal canonical forms, whatever order or
 * spelling the URL used. Absent values are empty, never defaults, so that "not asked" stays distinguishable.
 *
 * @param source path of the source image relative to an {@code IS::RootPath}, with '/' separators
 */
public record RenderRequest(String source, OptionalInt width, OptionalInt height, OutputFormat format, int quality) {
    public static final int DEFAULT_QUALITY = 80;

    public RenderRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1..100");
        }
    }

    /** The frame headers: also the canonical form, since frame headers are sorted by name. */
    public Map<String, String> toHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("src", source);
        width.ifPresent(w -> headers.put("wid", Integer.toString(w)));
        height.ifPresent(h -> headers.put("hei", Integer.toString(h)));
        headers.put("fmt", format.token());
        headers.put("qlt", Integer.toString(quality));
        return headers;
    }

    public static RenderRequest fromHeaders(Map<String, String> headers) {
        String source = Optional.ofNullable(headers.get("src"))
                .orElseThrow(() -> new IllegalArgumentException("render request without src"));
        OutputFormat format = OutputFormat.parse(headers.getOrDefault("fmt", "jpeg"))
                .orElseThrow(() -> new IllegalArgumentException("unknown fmt " + headers.get("fmt")));
        return new RenderRequest(source, optionalInt(headers.get("wid")), optionalInt(headers.get("hei")), format,
                Integer.parseInt(headers.getOrDefault("qlt", Integer.toString(DEFAULT_QUALITY))));
    }

    /** {@code name=value&...} sorted by name, values URL-encoded: stable across releases, safe in a file name hash. */
    public String canonical() {
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<>(toHeaders()).forEach((k, v) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    private static OptionalInt optionalInt(String value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
    }
}
