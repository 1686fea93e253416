package org.imageserving.ps.image;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.props.PropertyData;
import org.imageserving.common.props.PropertyWriter;
import org.imageserving.ps.caching.HttpCaching;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.LocaleStrings;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.http.PropertiesResponse;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.request.ResolvedObject;

/** The replies {@code ps} answers itself: property requests in their four formats, {@code req=resolve}, errors of them. */
final class PropertyReplies {
    private final CatalogService catalogs;
    private final Clock clock;

    PropertyReplies(CatalogService catalogs, Clock clock) {
        this.catalogs = catalogs;
        this.clock = clock;
    }

    void sendProperties(HttpServletRequest request, HttpServletResponse response, String format,
                                Map<String, String> properties, double ttl) throws IOException {
        PropertyWriter.Reply body = writer(request, format).write(properties, clock.instant());
        HttpCaching.expiration(response, ttl, clock.instant());
        PropertiesResponse.send(response, body);
    }

    /** The one writer, with the request's {@code handler=} and {@code id=}, which never reach the Image Server. */
    static PropertyWriter writer(HttpServletRequest request, String format) {
        return PropertiesResponse.writer(format, commandOf(request, "handler"), commandOf(request, "id"));
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
    ImageRendering.Rendered formatted(HttpServletRequest request, ImageRendering.Rendered rendered, String format,
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
        PropertyWriter writer = writer(request, format);
        PropertyWriter.Reply reply = writer.write(properties, clock.instant());
        String etag = RenderedImage.md5((rendered.image().etag() + "\n" + writer.format() + "\n"
                + commandOf(request, "handler") + "\n" + commandOf(request, "id")).getBytes(StandardCharsets.UTF_8));
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

    void sendUserData(HttpServletRequest request, HttpServletResponse response, String format,
                              Optional<CatalogRecord> record, double ttl) throws IOException {
        String data = record.flatMap(CatalogRecord::userData).orElse("");
        if (format.equalsIgnoreCase("text") || format.isBlank()) {
            String text = (data.isEmpty() ? "" : data.replace("??", "\r\n")) + "\r\n";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            HttpCaching.expiration(response, ttl, clock.instant());
            response.setContentType("text/plain; charset=UTF-8");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            return;
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String pair : data.split("\\?\\?|\r\n|\n")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                properties.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
            }
        }
        sendProperties(request, response, format, properties, ttl);
    }

    void sendResolved(HttpServletResponse response, ResolvedObject object, Map<String, String> commands,
                              List<String> comments) throws IOException {
        StringBuilder out = new StringBuilder(object.sourcePath().isEmpty() ? object.requested() : object.sourcePath());
        char separator = '?';
        for (Map.Entry<String, String> c : commands.entrySet()) {
            if (c.getKey().equals("req")) {
                continue;
            }
            out.append(separator).append(c.getKey()).append('=').append(c.getValue());
            separator = '&';
        }
        byte[] bytes = (out + "\n").getBytes(StandardCharsets.UTF_8);
        HttpCaching.notCacheable(response);
        response.setContentType("text/plain; charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
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

    /** An error of a property request in the format it asked for (xml, json, javascript), with the error status. */
    void sendFormattedError(HttpServletRequest request, HttpServletResponse response, int status, String format,
                                    String title, String message, int errorDetail, String stackTrace) throws IOException {
        PropertyWriter.Reply body = writer(request, format)
                .error(ErrorResponse.properties(title, message, errorDetail, stackTrace), clock.instant());
        response.resetBuffer();
        response.setStatus(status);
        HttpCaching.notCacheable(response);
        PropertiesResponse.send(response, body);
    }

    static String commandOf(HttpServletRequest request, String name) {
        @SuppressWarnings("unchecked")
        Map<String, String> commands = (Map<String, String>) request.getAttribute("commands");
        return commands == null ? null : commands.get(name);
    }

}
