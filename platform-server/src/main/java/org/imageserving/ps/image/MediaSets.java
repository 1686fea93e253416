package org.imageserving.ps.image;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.imageserving.common.props.PropertyWriter;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.http.RequestException;

/**
 * {@code req=set}: the tree a viewer reads for a record's {@code catalog::ImageSet} (or an inline {@code imageSet=}),
 * typed by {@code catalog::AssetType} or by the set's syntax ("Media set requests"): {@code img} for a record without a
 * set, {@code img_set} (swatch sets, hierarchical ones), {@code spin} (basic and 2-D), {@code ecat} (pages of up to
 * three images), {@code media_set} (typed items, each with an optional swatch) and {@code video_set}. Nested sets are
 * resolved through the catalog up to {@code PS::fvctx.nestingLimit} (10) levels; a media set inside a media set is an
 * error, as documented. The tree is written as XML or, element for element, as JSON ({@link Node}).
 */
final class MediaSets {
    static final int NESTING_LIMIT = 10;
    private static final Set<String> VIDEO = Set.of("mp3", "mp4", "flv", "f4v", "swf", "xml");
    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(Map.entry("img", "img"),
            Map.entry("basic", "img"), Map.entry("advanced_image", "img"), Map.entry("img_set", "img_set"),
            Map.entry("advanced_image_set", "img_set"), Map.entry("advanced_imageset", "img_set"),
            Map.entry("advanced_swatchset", "img_set"), Map.entry("spin", "spin"), Map.entry("video", "video"),
            Map.entry("video_set", "video_set"), Map.entry("static", "static"), Map.entry("ecat", "ecat"));

    /** An element: a name, attributes in order and child elements, or text. */
    record Node(String name, Map<String, String> attributes, List<Node> children, String text) {
        Node(String name) {
            this(name, new LinkedHashMap<>(), new ArrayList<>(), null);
        }

        static Node text(String name, String text) {
            return new Node(name, new LinkedHashMap<>(), new ArrayList<>(), text);
        }

        Node attr(String key, String value) {
            if (value != null && !value.isEmpty()) {
                attributes.put(key, value);
            }
            return this;
        }

        Node add(Node child) {
            children.add(child);
            return this;
        }

        String xml() {
            StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            xml(out, "");
            return out.toString();
        }

        private void xml(StringBuilder out, String indent) {
            out.append(indent).append('<').append(name);
            attributes.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(escapeXml(v)).append('"'));
            if (text != null) {
                out.append('>').append(escapeXml(text)).append("</").append(name).append(">\n");
                return;
            }
            if (children.isEmpty()) {
                out.append("/>\n");
                return;
            }
            out.append(">\n");
            children.forEach(c -> c.xml(out, indent + "  "));
            out.append(indent).append("</").append(name).append(">\n");
        }

        /** The JSON object of this element's content: attributes, then children by name (an array when repeated). */
        String json() {
            if (text != null) {
                return quote(text);
            }
            StringBuilder out = new StringBuilder("{");
            String separator = "";
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                out.append(separator).append(quote(a.getKey())).append(':').append(quote(a.getValue()));
                separator = ",";
            }
            Map<String, List<Node>> byName = new LinkedHashMap<>();
            children.forEach(c -> byName.computeIfAbsent(c.name, n -> new ArrayList<>()).add(c));
            for (Map.Entry<String, List<Node>> group : byName.entrySet()) {
                out.append(separator).append(quote(group.getKey())).append(':');
                if (group.getValue().size() == 1) {
                    out.append(group.getValue().get(0).json());
                } else {
                    out.append('[');
                    for (int i = 0; i < group.getValue().size(); i++) {
                        out.append(i == 0 ? "" : ",").append(group.getValue().get(i).json());
                    }
                    out.append(']');
                }
                separator = ",";
            }
            return out.append('}').toString();
        }
    }

    /** An image's size and version for a set item: {@code dx}, {@code dy}, {@code iv}; empty when unknown. */
    interface ImageFacts {
        Map<String, String> of(String id);
    }

    private final Function<String, Optional<CatalogRecord>> records;
    private final ImageFacts facts;
    private final Function<String, String> localize;
    private final String labelKey;

    /**
     * @param records  a set entry's id (as written, e.g. {@code shop/red}) to its catalog record, if any
     * @param facts    an image item's {@code dx}, {@code dy} (full size) and {@code iv} (version), as far as known
     * @param localize string localization of a set's text (LocaleStrMap, locale=)
     * @param labelKey the request's {@code labelkey=}, or empty
     */
    MediaSets(Function<String, Optional<CatalogRecord>> records, ImageFacts facts, Function<String, String> localize,
              String labelKey) {
        this.records = records;
        this.facts = facts;
        this.localize = localize;
        this.labelKey = labelKey;
    }

    /** The {@code <set>} tree for the object named {@code name}, with its record (if any) and inline set (if any). */
    Node set(String name, Optional<CatalogRecord> record, String inlineSet) {
        String imageSet = !inlineSet.isEmpty() ? inlineSet : record.map(r -> r.field("imageset")).orElse("");
        String assetType = record.map(r -> r.field("assettype")).orElse("").strip();
        Node set = setNode(name, localize.apply(imageSet), assetType, record, 0);
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("pv", "1.0");
        ordered.putAll(set.attributes);
        set.attributes.clear();
        set.attributes.putAll(ordered);
        return set;
    }

    private Node setNode(String name, String imageSet, String assetType, Optional<CatalogRecord> record, int depth) {
        if (depth > NESTING_LIMIT) {
            throw new RequestException(403, "req=set: sets nested deeper than PS::fvctx.nestingLimit ("
                    + NESTING_LIMIT + ") at " + name);
        }
        if (imageSet.isBlank()) {
            String type = VIDEO.contains(suffix(record.map(CatalogRecord::path).orElse(name))) ? "video" : "img";
            Node set = new Node("set").attr("type", type).attr("n", name);
            set.add(single(name, record));
            return set;
        }
        List<String> entries = split(imageSet.strip(), ',');
        String type = setType(imageSet, assetType);
        Node set = new Node("set").attr("type", type).attr("n", name);
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            set.add(switch (type) {
                case "media_set" -> mediaItem(entry.strip(), depth);
                case "ecat" -> pageItem(entry.strip());
                case "spin" -> spinItem(entry.strip(), depth);
                case "video_set" -> new Node("item").add(new Node("v").attr("n", decode(entry.strip())));
                default -> swatchItem(entry.strip(), depth);
            });
        }
        return set;
    }

    /** Outer set type detection by syntax, as documented. */
    private String detect(List<String> entries) {
        if (entries.stream().anyMatch(e -> split(e, ':').size() > 1)) {
            return "ecat";
        }
        if (entries.stream().anyMatch(e -> split(e, ';').size() > 2)) {
            return "media_set";
        }
        if (entries.stream().anyMatch(e -> split(e, ';').size() == 2)) {
            return "img_set";
        }
        if (entries.stream().anyMatch(e -> isInline(e) || nestedSet(e.strip()).isPresent())) {
            return "spin";
        }
        return "img_set";
    }

    private Node single(String name, Optional<CatalogRecord> record) {
        Node item = new Node("item");
        item.add(new Node("i").attr("n", name).attr("l", label(record)));
        return withFacts(item, name);
    }

    /** {@code imageId[;swatch]}, a swatch being an image id or {@code {0xrrggbb label}}; or a nested swatch set. */
    private Node swatchItem(String entry, int depth) {
        List<String> parts = split(entry, ';');
        Node item = new Node("item");
        String image = parts.get(0).strip();
        Optional<Node> nested = nested(image, depth, "img_set");
        if (nested.isPresent()) {
            item.add(nested.get());
        } else {
            item.add(imageNode("i", image));
        }
        if (parts.size() > 1 && !parts.get(1).isBlank()) {
            item.add(swatch(parts.get(1).strip()));
        }
        return nested.isPresent() ? item : withFacts(item, decode(image));
    }

    private Node spinItem(String entry, int depth) {
        Optional<Node> nested = nested(entry, depth, "spin");
        if (nested.isPresent()) {
            return new Node("item").add(nested.get());
        }
        return withFacts(new Node("item").add(imageNode("i", entry)), decode(entry));
    }

    /** {@code id[:id[:id]]}: one page of up to three images. */
    private Node pageItem(String entry) {
        Node item = new Node("item");
        for (String page : split(entry, ':')) {
            item.add(imageNode("i", page.strip()));
        }
        return item;
    }

    /** {@code asset[;swatch][;type[;reserved]]}, the type mapped per the inner set type table, else detected. */
    private Node mediaItem(String entry, int depth) {
        List<String> parts = split(entry, ';');
        String asset = parts.get(0).strip();
        String swatch = "";
        String typeName = "";
        if (parts.size() > 1) {
            String second = parts.get(1).strip();
            if (MEDIA_TYPES.containsKey(second.toLowerCase(Locale.ROOT))) {
                typeName = second;
            } else {
                swatch = second;
                typeName = parts.size() > 2 ? parts.get(2).strip() : "";
            }
        }
        String type = MEDIA_TYPES.get(typeName.toLowerCase(Locale.ROOT));
        Optional<CatalogRecord> record = isInline(asset) ? Optional.empty() : records.apply(decode(asset));
        String nestedSet = isInline(asset) ? asset.substring(1, asset.length() - 1)
                : record.map(r -> r.field("imageset")).orElse("");
        if (type == null) {
            if (nestedSet.isBlank()) {
                type = VIDEO.contains(suffix(record.map(CatalogRecord::path).orElse(asset))) ? "video" : "img";
            } else {
                type = setType(nestedSet, record.map(r -> r.field("assettype")).orElse(""));
            }
        }
        Node item = new Node("item").attr("type", type);
        if (!swatch.isEmpty()) {
            item.add(swatch(swatch));
        }
        if (type.equals("img") || type.equals("video") || type.equals("static")) {
            item.add(imageNode(type.equals("img") ? "i" : "v", asset));
            return type.equals("img") ? withFacts(item, decode(asset)) : item;
        }
        Node inner = setNode(isInline(asset) ? "" : decode(asset), localize.apply(nestedSet),
                record.map(r -> r.field("assettype")).orElse(""), record, depth + 1);
        if ("media_set".equals(inner.attributes().get("type"))) {
            throw new RequestException(403, "req=set: a media set inside a media set (" + asset + ") is not supported");
        }
        return item.add(inner);
    }

    /** {@code catalog::AssetType}, else detection by syntax. */
    private String setType(String imageSet, String assetType) {
        return switch (assetType.strip().toUpperCase(Locale.ROOT)) {
            case "MEDIASET" -> "media_set";
            case "SPINSET", "SPINSET2D" -> "spin";
            case "VIDEOSET" -> "video_set";
            case "IMAGESET" -> "img_set";
            case "ECATALOG" -> "ecat";
            default -> detect(split(imageSet.strip(), ','));
        };
    }

    /** A nested set: an inline {@code {set}} or the id of a record that has an ImageSet. */
    private Optional<Node> nested(String entry, int depth, String fallbackType) {
        // the sets of a 2-D spin set are basic spin sets
        String implied = fallbackType.equals("spin") ? "SPINSET" : "";
        if (isInline(entry)) {
            String inner = entry.substring(1, entry.length() - 1);
            return Optional.of(setNode("", inner, implied, Optional.empty(), depth + 1));
        }
        return nestedSet(entry).map(record -> setNode(decode(entry), localize.apply(record.field("imageset")),
                record.field("assettype").isBlank() ? implied : record.field("assettype"), Optional.of(record),
                depth + 1));
    }

    private Optional<CatalogRecord> nestedSet(String entry) {
        if (isInline(entry)) {
            return Optional.empty();
        }
        return records.apply(decode(entry)).filter(r -> !r.field("imageset").isBlank());
    }

    private Node withFacts(Node item, String id) {
        facts.of(id).forEach((name, value) -> item.add(Node.text(name, value)));
        return item;
    }

    private Node swatch(String swatch) {
        if (swatch.startsWith("{") && swatch.endsWith("}")) {
            String inner = swatch.substring(1, swatch.length() - 1).strip();
            int space = inner.indexOf(' ');
            String color = space < 0 ? inner : inner.substring(0, space);
            String label = space < 0 ? "" : inner.substring(space + 1).strip();
            return new Node("s").attr("c", color).attr("l", decode(label));
        }
        return imageNode("s", swatch);
    }

    private Node imageNode(String element, String id) {
        String name = decode(id);
        return new Node(element).attr("n", name).attr("l", label(records.apply(name)));
    }

    /** {@code labelkey=}: the value of that key in the record's UserData. */
    private String label(Optional<CatalogRecord> record) {
        if (labelKey.isEmpty() || record.isEmpty()) {
            return "";
        }
        for (String pair : record.get().field("userdata").split("\\?\\?|\r\n|\n")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equals(labelKey)) {
                return localize.apply(pair.substring(eq + 1));
            }
        }
        return "";
    }

    private static boolean isInline(String entry) {
        String e = entry.strip();
        return e.length() >= 2 && ((e.startsWith("{") && e.endsWith("}")) || (e.startsWith("(") && e.endsWith(")")));
    }

    private static String suffix(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String decode(String id) {
        try {
            return URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return id;
        }
    }

    /** Splits at {@code separator} outside balanced {@code {}} and {@code ()}. */
    static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '(') {
                depth++;
            } else if (c == '}' || c == ')') {
                depth--;
                if (depth < 0) {
                    throw new RequestException(403, "req=set: unbalanced brackets in the image set: " + text);
                }
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new RequestException(403, "req=set: unbalanced brackets in the image set: " + text);
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String escapeXml(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String quote(String value) {
        return PropertyWriter.escapeJson(value);
    }
}
