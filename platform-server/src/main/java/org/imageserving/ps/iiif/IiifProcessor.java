package org.imageserving.ps.iiif;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.imageserving.common.wire.ComponentUnavailableException;
import org.imageserving.ps.caching.HttpCaching;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.http.RedirectedException;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.image.ImageRequestProcessor;
import org.imageserving.ps.image.ImageRequestProcessor.SourceImage;
import org.imageserving.ps.image.RenderedImage;
import org.imageserving.ps.reply.ErrorTitles;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.request.ModifierTokenizer;

/**
 * The IIIF Image API 3.0 at {@code /iiif/3/<identifier>/…}, without a servlet: one {@link ClientRequest} (whose raw
 * path is the part after {@code /iiif/3/}) in, one {@link Reply} out.
 *
 * <p>The identifier is a catalog object, {@code catalog/id} percent-encoded as one path segment
 * ({@code samples%2Ftower}) or an id of the default catalog. Each IIIF request becomes the {@code /is/image} request
 * for that object with the equivalent commands ({@link IiifRequest}) and is answered by the
 * {@link ImageRequestProcessor}: the same admission (rule sets, locks, address filters), resolution (roots, catalogs,
 * nothing outside the roots), limits, response cache and caching headers. Equivalent IIIF requests become the same
 * commands, so they share one cache entry.
 *
 * <ul>
 *   <li>{@code <id>} → 303 to {@code <id>/info.json};</li>
 *   <li>{@code <id>/info.json} → the image information ({@link IiifInfo});</li>
 *   <li>{@code <id>/{region}/{size}/{rotation}/{quality}.{format}} → the image.</li>
 * </ul>
 * Every reply carries {@code Access-Control-Allow-Origin: *}; errors are plain text with the Image API's status.
 */
public final class IiifProcessor {
    public static final String JSON_LD = "application/ld+json;profile=\"" + IiifInfo.CONTEXT + "\"";
    private final ImageRequestProcessor images;
    private final long maxArea;

    /** @param maxArea {@code IS::MaxRenderRgnPixels}: the largest reply in pixels */
    public IiifProcessor(ImageRequestProcessor images, long maxArea) {
        this.images = images;
        this.maxArea = maxArea;
    }

    /**
     * @param request the request; its raw path is the part after {@code /iiif/3/}, still percent-encoded
     * @param base    the public URI of the service, {@code http://host:port/iiif/3}, without a trailing slash
     */
    public Reply process(ClientRequest request, String base) {
        List<String> segments = Arrays.asList(request.rawPath().split("/", -1));
        try {
            if (segments.isEmpty() || segments.get(0).isEmpty()) {
                throw IiifException.badRequest("no identifier: use /iiif/3/<identifier>/info.json");
            }
            String identifier = ModifierTokenizer.decode(segments.get(0), false);
            String id = base + "/" + encodeSegment(identifier);
            String objectPath = objectPath(identifier);
            if (segments.size() == 1 || segments.size() == 2 && segments.get(1).isEmpty()) {
                return new Reply.Entity(303, Reply.Body.of("text/plain; charset=UTF-8",
                        ("See " + id + "/info.json\n").getBytes(StandardCharsets.UTF_8)), Reply.Caching.NONE,
                        List.of(cors(), Reply.Header.set("Location", id + "/info.json")));
            }
            if (segments.size() == 2 && segments.get(1).equals("info.json")) {
                return info(request, objectPath, id);
            }
            if (segments.size() == 5) {
                IiifRequest parsed = IiifRequest.parse(decode(segments.get(1)), decode(segments.get(2)),
                        decode(segments.get(3)), decode(segments.get(4)));
                return image(request, objectPath, id, parsed);
            }
            throw IiifException.badRequest("use /iiif/3/<identifier>/info.json or "
                    + "/iiif/3/<identifier>/{region}/{size}/{rotation}/{quality}.{format}");
        } catch (IiifException e) {
            request.log().error(e.status(), e.getMessage());
            return error(e.status(), e.getMessage());
        } catch (RedirectedException e) {
            if (e.reply().isPresent()) {
                return new Reply.Relayed(e.reply().get());
            }
            request.log().error(404, e.getMessage());
            return error(404, "Image not found");
        } catch (RequestException e) {
            int status = status(e.status(), ErrorTitles.of(e.status(), e.getMessage()));
            request.log().error(status, e.getMessage());
            return error(status, ErrorTitles.of(e.status(), e.getMessage()));
        } catch (ComponentUnavailableException e) {
            request.log().error(503, e.getMessage());
            return error(503, "the Image Server is not answering (it may be restarting); try again shortly");
        }
    }

    private Reply info(ClientRequest request, String objectPath, String id) {
        SourceImage source = images.sourceImage(objectRequest(request, objectPath, null));
        IiifInfo.Structure structure = IiifInfo.structure(source.bytes(), source.width(), source.height());
        byte[] body = IiifInfo.json(id, source.width(), source.height(), structure, limits(source.layerCatalog()))
                .getBytes(StandardCharsets.UTF_8);
        String etag = RenderedImage.md5(body);
        List<Reply.Header> headers = List.of(cors(),
                Reply.Header.set("Link", "<" + IiifInfo.PROFILE_URI + ">;rel=\"profile\""),
                Reply.Header.set("Vary", "Accept"));
        Reply.Caching caching = Reply.Caching.ttl(source.main().number("NonImgExpiration", 0.1));
        request.log().set("ContentType", "application/json");
        if (HttpCaching.notModified(request.header("if-none-match"), -1, etag, -1, false)) {
            return new Reply.NotModified(etag, caching, headers);
        }
        return new Reply.Entity(200, new Reply.Body(jsonType(request.header("accept")), body.length, () -> body,
                null, etag), caching, headers);
    }

    /**
     * {@code application/ld+json} with the context as profile, unless the client accepts {@code application/json}
     * and not JSON-LD (Image API §5).
     */
    static String jsonType(String accept) {
        if (accept != null) {
            String lower = accept.toLowerCase(Locale.ROOT);
            if (lower.contains("application/json") && !lower.contains("application/ld+json")) {
                return "application/json";
            }
        }
        return JSON_LD;
    }

    private Reply image(ClientRequest request, String objectPath, String id, IiifRequest parsed) {
        SourceImage source = images.sourceImage(objectRequest(request, objectPath, null));
        IiifRequest.Resolved resolved = parsed.resolve(source.width(), source.height(), limits(source.layerCatalog()));
        List<String> modifiers = new ArrayList<>();
        resolved.commands().forEach((name, value) -> modifiers.add(name + "=" + value));
        // the format is the one asked for, whatever the client accepts; a missing image is not found, not a default
        modifiers.add("bfc=off");
        modifiers.add("defaultImage=");
        String query = String.join("&", modifiers);
        request.log().set("TransformedUrl", objectPath + "?" + query);
        Reply reply = images.process(objectRequest(request, objectPath, query), false);
        List<Reply.Header> added = List.of(cors(),
                Reply.Header.set("Link", "<" + id + "/" + resolved.canonical() + ">;rel=\"canonical\""));
        if (reply instanceof Reply.Entity entity) {
            return new Reply.Entity(entity.status(), entity.body(), entity.caching(), join(entity.headers(), added));
        }
        if (reply instanceof Reply.NotModified notModified) {
            return new Reply.NotModified(notModified.etag(), notModified.caching(),
                    join(notModified.headers(), added));
        }
        if (reply instanceof Reply.Failure failure) {
            int status = status(failure.status(), failure.title());
            String message = failure.errorDetail() >= ErrorResponse.DETAILED ? failure.message() : failure.title();
            return error(status, message);
        }
        return reply;
    }

    /** The same client request, as {@code /is/image/<objectPath>?<query>}. */
    private static ClientRequest objectRequest(ClientRequest request, String objectPath, String query) {
        Map<String, String> headers = new HashMap<>();
        if (request.header("if-none-match") != null) {
            headers.put("if-none-match", request.header("if-none-match"));
        }
        return new ClientRequest(request.method(), request.requestUri(), objectPath, query, request.clientAddress(),
                headers, request.ifModifiedSince(), request.log());
    }

    /**
     * The limits of the replies of a catalog's images: {@code attribute::MaxPix} ({@code 0,0} none) and
     * {@code IS::MaxRenderRgnPixels}.
     */
    IiifRequest.Limits limits(Catalog catalog) {
        long maxWidth = Long.MAX_VALUE;
        long maxHeight = Long.MAX_VALUE;
        String[] maxPix = catalog.attribute("MaxPix").split(",");
        if (maxPix.length == 2) {
            try {
                long w = Long.parseLong(maxPix[0].strip());
                long h = Long.parseLong(maxPix[1].strip());
                if (w > 0 && h > 0) {
                    maxWidth = w;
                    maxHeight = h;
                }
            } catch (NumberFormatException e) {
                // the Image Server refuses such a catalog with a clearer message
            }
        }
        return new IiifRequest.Limits(maxWidth, maxHeight, maxArea);
    }

    /** The Image API's status of an Image Serving failure: a missing image is 404; the rest keep theirs. */
    private static int status(int status, String title) {
        return "Image not found".equals(title) ? 404 : status;
    }

    private static Reply error(int status, String message) {
        return new Reply.Entity(status, Reply.Body.of("text/plain; charset=UTF-8",
                (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8)), Reply.Caching.NO_STORE,
                List.of(cors()));
    }

    private static Reply.Header cors() {
        return Reply.Header.set("Access-Control-Allow-Origin", "*");
    }

    private static List<Reply.Header> join(List<Reply.Header> first, List<Reply.Header> second) {
        List<Reply.Header> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String decode(String segment) {
        return ModifierTokenizer.decode(segment, false);
    }

    /**
     * The {@code /is/image} path of an identifier: {@code catalog/id} split at its slashes, each element
     * percent-encoded again (the Image Serving path decodes them one by one).
     */
    static String objectPath(String identifier) {
        String path = Arrays.stream(identifier.split("/")).filter(e -> !e.isEmpty()).map(IiifProcessor::encodeSegment)
                .collect(Collectors.joining("/"));
        if (path.isEmpty()) {
            throw IiifException.badRequest("empty identifier");
        }
        return path;
    }

    /** A path segment percent-encoded: everything but letters, digits and {@code -._~}. */
    static String encodeSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
