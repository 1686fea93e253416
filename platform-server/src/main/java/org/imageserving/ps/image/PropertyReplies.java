package org.imageserving.ps.image;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.props.PropertyData;
import org.imageserving.common.props.PropertyWriter;
import org.imageserving.ps.request.LayerSegments;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.LocaleStrings;
import org.imageserving.ps.http.PropertiesResponse;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.request.ResolvedObject;

/** The replies {@code ps} answers itself: property requests in their four formats, {@code req=resolve}, errors of them. */
final class PropertyReplies {
    private final CatalogService catalogs;
    private final Clock clock;

    PropertyReplies(CatalogService catalogs, Clock clock) {
        this.catalogs = catalogs;
        this.clock = clock;
    }

    /** A property list in the request's format, cacheable for {@code ttl} hours. */
    Reply.Entity properties(PropertyWriter writer, Map<String, String> properties, double ttl,
                            List<Reply.Header> headers) {
        PropertyWriter.Reply body = writer.write(properties, clock.instant());
        return new Reply.Entity(200, Reply.Body.of(body.contentType(), body.body()), Reply.Caching.ttl(ttl), headers);
    }

    /** The one writer, with the request's {@code handler=} and {@code id=}, which never reach the Image Server. */
    static PropertyWriter writer(String format, Map<String, String> commands) {
        return PropertiesResponse.writer(format, commands.get("handler"), commands.get("id"));
    }

    /** The property list an Image Server reply holds ({@code req=props}, {@code imageprops}, {@code validate}). */
    static Map<String, String> data(RenderedImage image) {
        if (!PropertyData.CONTENT_TYPE.equals(image.contentType())) {
            throw new RequestException(500, "the Image Server answered a property request with " + image.contentType()
                    + " (a response cache entry of an older version? cache=off,update renders it again)");
        }
        return PropertyData.decode(image.body());
    }

    /**
     * A property reply of the Image Server ({@code imageprops}, {@code validate}) written in the requested format, as
     * a reply {@link ImageServlet} sends like an image (ETag, Last-Modified, caching, 304). The catalog record's
     * Anchor and modifiers replace what the Image Server cannot know ({@code req=imageprops} page). The ETag is that
     * of the data and the request's form, so that a text reply's time stamp does not defeat revalidation.
     */
    ImageRendering.Rendered formatted(PropertyWriter writer, ImageRendering.Rendered rendered,
                                      Optional<CatalogRecord> record) {
        Map<String, String> properties = new LinkedHashMap<>(data(rendered.image()));
        if (record.isPresent() && properties.containsKey("image.anchor")) {
            String anchor = record.get().field("anchor").strip();
            if (!anchor.isEmpty()) {
                properties.put("image.anchor", anchor);
            }
            properties.put("image.modifier", record.get().modifier());
            properties.put("image.postModifier", record.get().postModifier());
        }
        PropertyWriter.Reply reply = writer.write(properties, clock.instant());
        String etag = RenderedImage.md5((rendered.image().etag() + "\n" + writer.format() + "\n"
                + writer.handler() + "\n" + writer.id()).getBytes(StandardCharsets.UTF_8));
        RenderedImage image = new RenderedImage(reply.contentType(), reply.body(), rendered.image().properties(), etag);
        return new ImageRendering.Rendered(image, rendered.outcome(), rendered.ttlHours(), rendered.clientCacheable(),
                rendered.lastModified(), rendered.neverExpires(), rendered.varyAccept());
    }

    /** {@code catalog::UserData} localized through the main catalog's {@code LocaleStrMap}. */
    static CatalogRecord localized(CatalogRecord record, Catalog main, String locale) {
        String data = record.field("userdata");
        LocaleStrings strings = LocaleStrings.parse(main.attribute("LocaleStrMap"));
        List<String> pairs = new ArrayList<>();
        for (String pair : data.split("\\?\\?", -1)) {
            int eq = pair.indexOf('=');
            pairs.add(eq < 0 ? strings.localize(pair, locale)
                    : pair.substring(0, eq + 1) + strings.localize(pair.substring(eq + 1), locale));
        }
        Map<String, String> fields = new LinkedHashMap<>(record.fields());
        fields.put("userdata", String.join("??", pairs));
        return new CatalogRecord(record.id(), fields, record.catalog());
    }

    /** {@code req=userdata}: the record's UserData as text lines, or as a property list in another format. */
    Reply.Entity userData(String format, PropertyWriter writer, Optional<CatalogRecord> record, double ttl,
                          List<Reply.Header> headers) {
        String data = record.flatMap(CatalogRecord::userData).orElse("");
        if (format.equalsIgnoreCase("text") || format.isBlank()) {
            String text = (data.isEmpty() ? "" : data.replace("??", "\r\n")) + "\r\n";
            return new Reply.Entity(200, Reply.Body.of("text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8)),
                    Reply.Caching.ttl(ttl), headers);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String pair : data.split("\\?\\?|\r\n|\n")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                properties.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
            }
        }
        return properties(writer, properties, ttl, headers);
    }

    /** {@code req=resolve}: the request after catalog resolution, never cached. */
    static Reply.Entity resolved(ResolvedObject object, Map<String, String> commands, List<Reply.Header> headers) {
        StringBuilder out = new StringBuilder(object.sourcePath().isEmpty() ? object.requested() : object.sourcePath());
        List<String> parts = new java.util.ArrayList<>();
        Map<Integer, Map<String, String>> layers = new java.util.TreeMap<>();
        Map<String, String> comp = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> c : commands.entrySet()) {
            if (c.getKey().equals("req")) {
                continue;
            }
            var layer = LayerSegments.parse(c.getKey());
            if (layer.isPresent()) {
                layers.computeIfAbsent(layer.get().getKey(), n -> new java.util.LinkedHashMap<>())
                        .put(layer.get().getValue(), c.getValue());
            } else {
                comp.put(c.getKey(), c.getValue());
            }
        }
        // as a URL would say it: comp's commands, then each layer's segment, effects after their layer's own
        segment(comp, parts);
        layers.forEach((number, own) -> {
            parts.add("layer=" + number);
            segment(own, parts);
        });
        for (int i = 0; i < parts.size(); i++) {
            out.append(i == 0 ? '?' : '&').append(parts.get(i));
        }
        return new Reply.Entity(200, Reply.Body.of("text/plain; charset=UTF-8",
                (out + "\n").getBytes(StandardCharsets.UTF_8)), Reply.Caching.NO_STORE, headers);
    }

    private static void segment(Map<String, String> commands, List<String> parts) {
        Map<String, List<String>> effects = new java.util.TreeMap<>();
        commands.forEach((name, value) -> {
            if (name.isEmpty()) {
                return;
            }
            if (name.startsWith(LayerSegments.EFFECT_PREFIX)) {
                int colon = name.indexOf(':');
                effects.computeIfAbsent(name.substring(LayerSegments.EFFECT_PREFIX.length(), colon),
                        n -> new java.util.ArrayList<>()).add(name.substring(colon + 1) + "=" + value);
            } else {
                parts.add(name + "=" + value);
            }
        });
        effects.forEach((number, own) -> {
            parts.add("effect=" + number);
            parts.addAll(own);
        });
    }

    static Map<String, String> imageProps(ImageRendering.Rendered rendered) {
        RenderedImage image = rendered.image();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("image.width", image.property("image.width"));
        props.put("image.height", image.property("image.height"));
        props.put("image.length", Long.toString(image.length()));
        props.put("image.type", image.contentType());
        props.put("image.version", image.etag().replace("\"", ""));
        return props;
    }

    Map<String, String> catalogProps(Catalog catalog) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : List.of("BkgColor", "DefaultExt", "DefaultPix", "DefaultThumbPix", "Expiration",
                "DefaultExpiration", "NonImgExpiration")) {
            props.put("catalog." + Character.toLowerCase(name.charAt(0)) + name.substring(1), catalog.attribute(name));
        }
        props.put("catalog.fileTime", Long.toString(catalog.timeStamp().toEpochMilli()));
        for (String name : List.of("JpegQuality", "MaxPix", "PrintResolution", "PublishInfo", "ResMode", "Resolution",
                "ThumbBkgColor", "ThumbHorizAlign", "ThumbRes", "ThumbType", "ThumbVertAlign", "Watermark")) {
            props.put("catalog." + Character.toLowerCase(name.charAt(0)) + name.substring(1), catalog.attribute(name));
        }
        String loadError = catalogs.loadError(catalog);
        if (!loadError.isEmpty()) {
            props.put("catalog.loadError", loadError);
        }
        return props;
    }
}
