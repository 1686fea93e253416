package org.imageserving.ps.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imageserving.common.props.PropertyWriter;
import org.imageserving.common.xmp.XmpPacket;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.LocaleMap;
import org.imageserving.ps.catalog.LocaleStrings;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.reply.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request types viewers use that read catalog data or files rather than render ({@code imageset}, {@code targets},
 * {@code set}, {@code xlate}, {@code message}, {@code xmp}), and the pieces of those that do ({@code map}'s area
 * transform, {@code saveToFile}'s target). Every property-shaped reply goes through the one {@link PropertyWriter}.
 */
final class ViewerReplies {
    private static final Logger LOG = LoggerFactory.getLogger(ViewerReplies.class);
    private static final Logger MESSAGES = LoggerFactory.getLogger("org.imageserving.ps.message");
    private static final byte[] XMP_START = "<x:xmpmeta".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XMP_END = "</x:xmpmeta>".getBytes(StandardCharsets.US_ASCII);
    static final int XMP_SCAN_BYTES = 4 << 20;
    static final String EMPTY_XMP = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>\n";
    private static final Pattern AREA = Pattern.compile("<area\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>\"']+)");

    private final Clock clock;

    ViewerReplies(Clock clock) {
        this.clock = clock;
    }

    static String localize(String text, Catalog main, String locale) {
        return LocaleStrings.parse(main.attribute("LocaleStrMap")).localize(text, locale);
    }

    private static Reply.Entity plain(String contentType, String text, Reply.Caching caching,
                                      List<Reply.Header> headers) {
        return new Reply.Entity(200, Reply.Body.of(contentType, text.getBytes(StandardCharsets.UTF_8)), caching,
                headers);
    }

    private Reply.Entity properties(PropertyWriter writer, Map<String, String> properties, Reply.Caching caching,
                                    List<Reply.Header> headers) {
        PropertyWriter.Reply body = writer.write(properties, clock.instant());
        return new Reply.Entity(200, Reply.Body.of(body.contentType(), body.body()), caching, headers);
    }

    private static boolean text(String format) {
        return format.isBlank() || format.equalsIgnoreCase("text");
    }

    private static final List<String> ENCODINGS = List.of("UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "ISO-8859-1");

    /**
     * An XML reply in the documented {@code encoding} of {@code req=type,xml,encoding} ({@code UTF-8}, {@code UTF-16},
     * {@code UTF-16LE}, {@code UTF-16BE}, {@code ISO-8859-1}): the declaration and the charset say so; characters the
     * encoding lacks become character references.
     */
    static Reply encoded(Reply reply, String encoding) {
        String wanted = encoding.strip();
        String name = ENCODINGS.stream().filter(e -> e.equalsIgnoreCase(wanted)).findFirst().orElseThrow(() ->
                new RequestException(403, "xml encoding " + encoding + ": one of " + String.join(", ", ENCODINGS)));
        if (!(reply instanceof Reply.Entity entity) || entity.status() != 200
                || !entity.body().contentType().startsWith("text/xml") || name.equals("UTF-8")) {
            return reply;
        }
        String text = new String(entity.body().bytes().get(), StandardCharsets.UTF_8)
                .replaceFirst("^<\\?xml version=\"1.0\" encoding=\"UTF-8\"\\?>", "<?xml version=\"1.0\" encoding=\"" + name + "\"?>");
        java.nio.charset.Charset charset = java.nio.charset.Charset.forName(name);
        StringBuilder safe = new StringBuilder(text.length());
        java.nio.charset.CharsetEncoder encoder = charset.newEncoder();
        text.codePoints().forEach(c -> {
            String ch = new String(Character.toChars(c));
            safe.append(encoder.canEncode(ch) ? ch : "&#" + c + ";");
        });
        return new Reply.Entity(200, Reply.Body.of("text/xml; charset=" + name, safe.toString().getBytes(charset)),
                entity.caching(), entity.headers());
    }

    /** {@code req=imageset}: the record's ImageSet, localized, plus CRLF (only CRLF without a record). */
    Reply.Entity imageSet(String format, PropertyWriter writer, Optional<CatalogRecord> record, Catalog main,
                          String locale, double ttl, List<Reply.Header> headers) {
        String set = record.map(r -> localize(r.field("imageset"), main, locale)).orElse("");
        if (text(format)) {
            return plain("text/plain; charset=UTF-8", set + "\r\n", Reply.Caching.ttl(ttl), headers);
        }
        return properties(writer, Map.of("catalogRecord.imageSet", set), Reply.Caching.ttl(ttl), headers);
    }

    /**
     * {@code req=targets}: {@code catalog::Targets} with {@code label} and {@code userData} values localized; in text
     * {@code ??} becomes CRLF and one CRLF ends it; the other formats hold the {@code target.N.*} properties.
     */
    Reply.Entity targets(String format, PropertyWriter writer, Optional<CatalogRecord> record, Catalog main,
                         String locale, double ttl, List<Reply.Header> headers) {
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        String data = record.map(r -> r.field("targets")).orElse("");
        for (String pair : data.isEmpty() ? new String[0] : data.split("\\?\\?|\r\n|\n")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                lines.add(pair);
                continue;
            }
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".label") || lower.endsWith(".userdata")) {
                value = localize(value, main, locale);
            }
            properties.put(name, value);
            lines.add(pair.substring(0, eq + 1) + value);
        }
        if (text(format)) {
            return plain("text/plain; charset=UTF-8", (lines.isEmpty() ? "" : String.join("\r\n", lines)) + "\r\n",
                    Reply.Caching.ttl(ttl), headers);
        }
        return properties(writer, properties, Reply.Caching.ttl(ttl), headers);
    }

    /**
     * {@code req=xlate}: the ids of the path's locale variants that exist, per {@code attribute::LocaleMap}, as
     * {@code xlate.translatedIds=image,image_fr,image_de}.
     */
    Reply.Entity xlate(PropertyWriter writer, Catalog catalog, String id, double ttl, List<Reply.Header> headers) {
        List<String> ids = new ArrayList<>();
        LocaleMap map = LocaleMap.parse(catalog.attribute("LocaleMap"));
        List<String> suffixes = new ArrayList<>(map.allSuffixes());
        suffixes.remove("");
        suffixes.add(0, "");
        for (String suffix : suffixes) {
            if (catalog.record(id + suffix).isPresent() && !ids.contains(id + suffix)) {
                ids.add(id + suffix);
            }
        }
        return properties(writer, Map.of("xlate.translatedIds", String.join(",", ids)), Reply.Caching.ttl(ttl),
                headers);
    }

    /** {@code req=message}: the client's text into the server log; an empty text reply, never cached. */
    static Reply.Entity message(String message, String client, List<Reply.Header> headers) {
        // one line, whatever the client sent
        MESSAGES.info("req=message from {}: {}", client, message.replaceAll("[\\r\\n\\t\\p{Cntrl}]", " "));
        return plain("text/plain; charset=UTF-8", "", Reply.Caching.NO_STORE, headers);
    }

    /** {@code req=set} in XML (the default) or JSON. */
    Reply.Entity set(String format, Map<String, String> commands, MediaSets.Node set, double ttl,
                     List<Reply.Header> headers) {
        if (format.equalsIgnoreCase("json")) {
            String handler = commands.get("handler");
            String callback = handler != null && handler.matches("[A-Za-z0-9]+") ? handler
                    : PropertyWriter.DEFAULT_HANDLER;
            String id = commands.getOrDefault("id", "");
            String json = "/*jsonp*/" + callback + "({\"set\":" + set.json() + "},\"" + id.replace("\\", "\\\\")
                    .replace("\"", "\\\"").replace("<", "\\u003c") + "\");";
            return plain("text/javascript; charset=UTF-8", json, Reply.Caching.ttl(ttl), headers);
        }
        if (!format.isBlank() && !format.equalsIgnoreCase("xml")) {
            throw new RequestException(403, "req=set," + format + ": the formats of req=set are xml and json");
        }
        return plain("text/xml; charset=UTF-8", set.xml(), Reply.Caching.ttl(ttl), headers);
    }

    /**
     * {@code req=xmp}: the XMP packet of the source as it is stored, else an empty {@code x:xmpmeta}. A file is read
     * where its format keeps the packet; an object in a bucket by its first {@link #XMP_SCAN_BYTES} (one ranged GET),
     * which hold the packet of every JPEG and PNG and of TIFFs that write it before their pixels.
     */
    static Reply.Entity xmp(SourceFiles sources, String path, double ttl, List<Reply.Header> headers) {
        Optional<String> stored = sources.readable(path, XMP_SCAN_BYTES)
                .flatMap(source -> source.file() != null ? readXmp(source.file()) : readXmp(source.objectHead()));
        return plain("text/xml; charset=UTF-8", stored.orElse(EMPTY_XMP), Reply.Caching.ttl(ttl), headers);
    }

    /** The packet in the first bytes of a source, read through a temporary file as {@link XmpPacket} reads files. */
    private static Optional<String> readXmp(byte[] head) {
        Path copy = null;
        try {
            copy = Files.createTempFile("imageserving-xmp", ".bin");
            Files.write(copy, head);
            return readXmp(copy);
        } catch (IOException e) {
            throw new RequestException(500, "req=xmp: cannot keep the source's first bytes: " + e.getMessage());
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", copy, e.getMessage());
                }
            }
        }
    }

    /**
     * The {@code <x:xmpmeta>…</x:xmpmeta>} of the file's XMP packet where the format keeps it (JPEG APP1, TIFF tag 700,
     * PNG iTXt: {@link XmpPacket}, as the Image Server reads it for {@code xmpEmbed=1}); for other formats (PSD, WebP)
     * the first one in the file's first 4 MB.
     */
    static Optional<String> readXmp(Path file) {
        Optional<byte[]> stored = XmpPacket.read(file);
        byte[] head;
        if (stored.isPresent()) {
            head = stored.get();
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(XMP_SCAN_BYTES);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        int start = indexOf(head, XMP_START, 0);
        if (start < 0) {
            return Optional.empty();
        }
        int end = indexOf(head, XMP_END, start);
        if (end < 0) {
            return Optional.empty();
        }
        String packet = new String(head, start, end + XMP_END.length - start, StandardCharsets.UTF_8);
        return Optional.of("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + packet + "\n");
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The reply's geometry for layer 0, as the Image Server described it beside a {@code req=props} answer, mapping a
     * source point as its pixels are mapped: crop and layer scale, flip, quarter turns, then extend and the view.
     */
    record Geometry(double[] crop, double layerScale, double[] layerSize, boolean flipX, boolean flipY,
                    int quarterTurns, double[] extend, double[] composite, double[] scale, double[] origin, int width,
                    int height) {
        static Geometry of(RenderedImage described) {
            if (described.property("layout.scale") == null || described.property("layout.composite") == null) {
                throw new RequestException(500, "the Image Server described no reply geometry for req=map "
                        + "(a response cache entry of an older version? cache=off,update asks again)");
            }
            int turns = Integer.parseInt(described.property("layout.quarterTurns"));
            if (turns < 0) {
                throw new RequestException(403, "req=map: maps of a layer rotated by other than quarter turns are not "
                        + "supported yet");
            }
            String flip = String.valueOf(described.property("layout.flip"));
            Map<String, String> props = PropertyReplies.data(described);
            return new Geometry(numbers(described.property("layout.crop")),
                    Double.parseDouble(described.property("layout.layerScale")),
                    numbers(described.property("layout.layerSize")), flip.startsWith("LR"),
                    flip.endsWith("UD"), turns % 4, numbers(described.property("layout.extend")),
                    numbers(described.property("layout.composite")),
                    numbers(described.property("layout.scale")), numbers(described.property("layout.origin")),
                    Integer.parseInt(props.get("image.width")), Integer.parseInt(props.get("image.height")));
        }

        private static double[] numbers(String list) {
            String[] parts = list.split(",");
            double[] values = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = Double.parseDouble(parts[i].strip());
            }
            return values;
        }

        int[] compositeSize() {
            return new int[] {(int) composite[0], (int) composite[1]};
        }

        /** Source point → reply point. */
        double[] point(double x, double y) {
            double lx = (x - crop[0]) * layerScale;
            double ly = (y - crop[1]) * layerScale;
            double fx = flipX ? layerSize[0] - lx : lx;
            double fy = flipY ? layerSize[1] - ly : ly;
            double rx;
            double ry;
            switch (quarterTurns) {
                case 1 -> { rx = layerSize[1] - fy; ry = fx; }
                case 2 -> { rx = layerSize[0] - fx; ry = layerSize[1] - fy; }
                case 3 -> { rx = fy; ry = layerSize[0] - fx; }
                default -> { rx = fx; ry = fy; }
            }
            return new double[] {origin[0] + scale[0] * (extend[0] + rx), origin[1] + scale[1] * (extend[1] + ry)};
        }

        /** The axis-aligned box of a source rectangle in the reply: left, top, right, bottom. */
        double[] box(double x1, double y1, double x2, double y2) {
            double[] a = point(x1, y1);
            double[] b = point(x2, y2);
            return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]),
                    Math.max(a[1], b[1])};
        }
    }

    /**
     * {@code catalog::Map} areas in source pixels, moved into the reply (flipped and turned with the layer): rectangles
     * are clipped to the layer within
     * the reply and dropped when nothing is left; polygon points are clamped to it; {@code SHAPE=DEFAULT} (or none)
     * becomes the layer's rectangle; circles are not supported and dropped, as documented. Quoted attribute values
     * other than coords and shape are localized.
     */
    static String transformMap(String map, Geometry g, Catalog main, String locale) {
        double[] layer = g.box(g.crop()[0], g.crop()[1], g.crop()[0] + g.crop()[2], g.crop()[1] + g.crop()[3]);
        return transformMap(map, g::point, layer, g, main, locale);
    }

    /** A map in composite coordinates ({@code map=} of layer 0 or comp), clipped to the composite in the reply. */
    static String transformCompositeMap(String map, Geometry g, Catalog main, String locale, int compositeWidth,
                                        int compositeHeight) {
        Coordinates point = (x, y) -> new double[] {g.origin()[0] + g.scale()[0] * x, g.origin()[1] + g.scale()[1] * y};
        double[] a = point.map(0, 0);
        double[] b = point.map(compositeWidth, compositeHeight);
        return transformMap(map, point, new double[] {a[0], a[1], b[0], b[1]}, g, main, locale);
    }

    /** Where a point of a map's coordinate system lands in the reply. */
    interface Coordinates {
        double[] map(double x, double y);
    }

    private static String transformMap(String map, Coordinates point, double[] clip, Geometry g, Catalog main,
                                       String locale) {
        double left = Math.max(0, clip[0]);
        double top = Math.max(0, clip[1]);
        double right = Math.min(g.width(), clip[2]);
        double bottom = Math.min(g.height(), clip[3]);
        StringBuilder out = new StringBuilder();
        Matcher area = AREA.matcher(map);
        while (area.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(area.group());
            while (a.find()) {
                String value = a.group(2);
                if (value.startsWith("\"") || value.startsWith("'")) {
                    value = value.substring(1, value.length() - 1);
                }
                attributes.put(a.group(1).toLowerCase(Locale.ROOT), value);
            }
            String shape = attributes.getOrDefault("shape", "default").toLowerCase(Locale.ROOT);
            double[] coords;
            try {
                coords = attributes.containsKey("coords") ? Geometry.numbers(attributes.get("coords")) : new double[0];
            } catch (NumberFormatException e) {
                continue; // percentages and other forms are not supported
            }
            String newCoords;
            if (shape.equals("default")) {
                newCoords = round(left) + "," + round(top) + "," + round(right) + "," + round(bottom);
                shape = "rect";
            } else if (shape.equals("rect") && coords.length == 4) {
                double[] c1 = point.map(coords[0], coords[1]);
                double[] c2 = point.map(coords[2], coords[3]);
                double[] box = {Math.min(c1[0], c2[0]), Math.min(c1[1], c2[1]), Math.max(c1[0], c2[0]),
                        Math.max(c1[1], c2[1])};
                double x1 = Math.max(left, box[0]);
                double y1 = Math.max(top, box[1]);
                double x2 = Math.min(right, box[2]);
                double y2 = Math.min(bottom, box[3]);
                if (x2 - x1 < 0.5 || y2 - y1 < 0.5) {
                    continue;
                }
                newCoords = round(x1) + "," + round(y1) + "," + round(x2) + "," + round(y2);
            } else if ((shape.equals("poly") || shape.equals("polygon")) && coords.length >= 6 && coords.length % 2 == 0) {
                StringBuilder points = new StringBuilder();
                boolean inside = false;
                for (int i = 0; i < coords.length; i += 2) {
                    double[] p = point.map(coords[i], coords[i + 1]);
                    double x = p[0];
                    double y = p[1];
                    inside |= x >= left && x <= right && y >= top && y <= bottom;
                    points.append(i == 0 ? "" : ",").append(round(Math.max(left, Math.min(right, x)))).append(',')
                            .append(round(Math.max(top, Math.min(bottom, y))));
                }
                if (!inside) {
                    continue;
                }
                newCoords = points.toString();
            } else {
                continue;
            }
            out.append("<area");
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                String name = attribute.getKey();
                String value = switch (name) {
                    case "shape" -> shape;
                    case "coords" -> newCoords;
                    default -> localize(attribute.getValue(), main, locale);
                };
                out.append(' ').append(name).append("=\"").append(value.replace("\"", "&quot;")).append('"');
            }
            if (!attributes.containsKey("shape")) {
                out.append(" shape=\"").append(shape).append('"');
            }
            if (!attributes.containsKey("coords")) {
                out.append(" coords=\"").append(newCoords).append('"');
            }
            out.append('>');
        }
        return out.toString();
    }

    private static long round(double value) {
        return Math.round(value);
    }

    /** {@code req=map} in its formats: text is the {@code <area>} elements, the others one {@code image.map} property. */
    Reply.Entity map(String format, PropertyWriter writer, String areas, double ttl, List<Reply.Header> headers) {
        if (text(format)) {
            return plain("text/plain; charset=UTF-8", areas, Reply.Caching.ttl(ttl), headers);
        }
        return properties(writer, Map.of("image.map", areas), Reply.Caching.ttl(ttl), headers);
    }

    /** {@code req=loadcache}: the reply's length once it is in the cache; never cached itself. */
    Reply.Entity loadCache(PropertyWriter writer, long length, List<Reply.Header> headers) {
        return properties(writer, Map.of("image.length", Long.toString(length)), Reply.Caching.NO_STORE, headers);
    }

    /**
     * Where {@code req=saveToFile&name=} writes: {@code IS::SaveDirectory/attribute::SavePath/name}, which must stay
     * inside that folder, whose folder must exist; refused (403) without a SaveDirectory or SavePath.
     */
    static Path saveTarget(Optional<Path> saveDirectory, Catalog catalog, String name) {
        String savePath = catalog.attribute("SavePath").strip();
        if (saveDirectory.isEmpty() || savePath.isEmpty()) {
            throw new RequestException(403, "req=saveToFile is not enabled: it needs IS::SaveDirectory and the "
                    + "catalog's attribute::SavePath");
        }
        if (name == null || name.isBlank()) {
            throw new RequestException(403, "req=saveToFile needs name=<relative path>");
        }
        Path base = saveDirectory.get().resolve(savePath).toAbsolutePath().normalize();
        Path target = base.resolve(name.strip()).toAbsolutePath().normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new RequestException(403, "req=saveToFile: name=" + name + " leaves the save folder");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new RequestException(403, "req=saveToFile: the folder of name=" + name + " does not exist");
        }
        return target;
    }

    /** Writes the saved image (through a temporary file, so a reader never sees half of it) and its properties. */
    Reply.Entity saved(PropertyWriter writer, Path target, byte[] image, long pixels, List<Reply.Header> headers) {
        try {
            Path temporary = Files.createTempFile(target.getParent(), ".save", ".tmp");
            Files.write(temporary, image);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RequestException(403, "req=saveToFile: cannot write " + target.getFileName() + ": " + e.getMessage());
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("lastUpdated", Long.toString(clock.millis()));
        properties.put("pixelsTotal", Long.toString(pixels));
        properties.put("status", "done");
        return properties(writer, properties, Reply.Caching.NO_STORE, headers);
    }
}
