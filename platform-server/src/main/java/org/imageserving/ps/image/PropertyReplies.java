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
import org.imageserving.ps.caching.HttpCaching;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.LocaleStrings;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.http.PropertiesResponse;
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
        PropertiesResponse.Body body = PropertiesResponse.format(format, properties,
                commandOf(request, "handler"), commandOf(request, "id"), clock.instant());
        HttpCaching.expiration(response, ttl, clock.instant());
        PropertiesResponse.send(response, body);
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
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("error.title", title);
        if (errorDetail >= ErrorResponse.DETAILED) {
            properties.put("error.message", message);
        }
        if (errorDetail >= ErrorResponse.WITH_STACK_TRACE && !stackTrace.isEmpty()) {
            properties.put("error.stackTrace", stackTrace.strip());
        }
        PropertiesResponse.Body body = PropertiesResponse.format(format, properties, commandOf(request, "handler"),
                commandOf(request, "id"), clock.instant());
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
