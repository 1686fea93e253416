package org.imageserving.svg.render;

import com.github.weisj.jsvg.parser.DomDocument;
import com.github.weisj.jsvg.parser.resources.RenderableResource;
import com.github.weisj.jsvg.parser.resources.ResourceLoader;
import com.github.weisj.jsvg.parser.resources.ResourcePolicy;
import com.github.weisj.jsvg.parser.resources.ResourceSupplier;
import com.github.weisj.jsvg.parser.resources.impl.ImageResource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decides which {@code href} of one SVG may be loaded, and loads it. Exactly two kinds are allowed:
 * <ul>
 *   <li>an inline raster image, {@code data:image/png|jpeg|gif;base64,...};</li>
 *   <li>an Image Serving request, {@code /is/image/...} or {@code http(s)://any-host/is/image/...}: the host is
 *       dropped and the image is fetched from the Platform Server on 127.0.0.1:PS::svgProvider.port, nowhere else.</li>
 * </ul>
 * Everything else (file:, other hosts' paths, other SVG documents, fonts) is refused and remembered, and the render
 * then fails with a message naming it. Allowed Image Serving requests become URIs of a private {@code isimage:} scheme
 * that only {@link #loadImage} understands, so no other code path could open them as URLs. Embedded SVG objects are
 * refused too: an SVG embedding itself would otherwise loop through ps, is and svg until every worker is taken.
 */
final class EmbeddedImages implements ResourcePolicy, ResourceLoader {
    static final int MAX_IMAGES = 32;
    static final long MAX_IMAGE_BYTES = 16L << 20;
    private static final String SCHEME = "isimage";
    private static final Pattern DATA_IMAGE = Pattern.compile("data:image/(png|jpeg|jpg|gif);base64,(.*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern IS_REQUEST = Pattern.compile("(?:https?://[^/?#]+)?(/is/image/[^#]*)",
            Pattern.CASE_INSENSITIVE);

    private final HttpClient http;
    private final int platformServerPort;
    private final long maxPixels;
    private final Duration timeout;
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failed = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger loaded = new AtomicInteger();
    /** Pixels of all embedded images together: bounded like one raster, so a document cannot fill the heap. */
    private final java.util.concurrent.atomic.AtomicLong embeddedPixels = new java.util.concurrent.atomic.AtomicLong();

    EmbeddedImages(HttpClient http, int platformServerPort, long maxPixels, Duration timeout) {
        this.http = http;
        this.platformServerPort = platformServerPort;
        this.maxPixels = maxPixels;
        this.timeout = timeout;
    }

    /** The references this document tried to use and was not allowed to, in document order. */
    List<String> refused() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    /** Embedded images that were allowed but could not be loaded, with the reason. */
    List<String> failed() {
        synchronized (failed) {
            return List.copyOf(failed);
        }
    }

    @Override
    public URI resolveResourceURI(URI root, String href) {
        String reference = href == null ? "" : href.strip();
        if (DATA_IMAGE.matcher(reference).matches()) {
            try {
                return new URI(reference.replaceAll("\\s", ""));
            } catch (URISyntaxException e) {
                return refuse(abbreviated(reference));
            }
        }
        Matcher request = IS_REQUEST.matcher(reference);
        if (request.matches() && !embedsSvg(request.group(1))) {
            try {
                return new URI(SCHEME, request.group(1), null);
            } catch (URISyntaxException e) {
                return refuse(reference);
            }
        }
        return refuse(abbreviated(reference));
    }

    @Override
    public URI resolveResourceURI(URI root, URI uri) {
        return resolveResourceURI(root, uri == null ? null : uri.toString());
    }

    /**
     * JSVG draws a placeholder for an image it could not load; a missing embedded image must fail the render instead,
     * so every failure is remembered here and reported by {@link #problems()}.
     */
    @Override
    public ResourceSupplier<RenderableResource> loadImage(DomDocument document, URI uri) throws IOException {
        try {
            return load(uri);
        } catch (IOException | RuntimeException e) {
            failed.add(e.getMessage());
            throw e;
        }
    }

    private ResourceSupplier<RenderableResource> load(URI uri) throws IOException {
        if (loaded.incrementAndGet() > MAX_IMAGES) {
            throw new IOException("more than " + MAX_IMAGES + " embedded images");
        }
        BufferedImage image;
        if (SCHEME.equals(uri.getScheme())) {
            image = fetch(uri.getSchemeSpecificPart());
        } else if ("data".equalsIgnoreCase(uri.getScheme())) {
            Matcher data = DATA_IMAGE.matcher(uri.toString());
            if (!data.matches()) {
                throw new IOException("not an inline image");
            }
            byte[] bytes = Base64.getMimeDecoder().decode(data.group(2));
            image = decode(new ByteArrayInputStream(bytes), "inline image");
        } else {
            refuse(uri.toString());
            throw new IOException("refused " + uri);
        }
        ImageResource resource = new ImageResource(image);
        return platform -> Optional.of(resource);
    }

    private BufferedImage fetch(String pathAndQuery) throws IOException {
        URI target = URI.create("http://127.0.0.1:" + platformServerPort + escapeForUri(pathAndQuery));
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("embedded image " + pathAndQuery + " could not be rendered (status "
                            + response.statusCode() + ")");
                }
                return decode(limited(body), pathAndQuery);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + pathAndQuery, e);
        } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
            throw new IOException("embedded image " + pathAndQuery + " could not be fetched from the Platform Server: "
                    + e, e);
        }
    }

    private InputStream limited(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes((int) MAX_IMAGE_BYTES + 1);
        if (bytes.length > MAX_IMAGE_BYTES) {
            throw new IOException("embedded image larger than " + MAX_IMAGE_BYTES + " bytes");
        }
        return new ByteArrayInputStream(bytes);
    }

    /** Decodes after checking the header, so an embedded decompression bomb costs nothing. */
    private BufferedImage decode(InputStream bytes, String what) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(bytes)) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(what + " is not an image this server reads");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (embeddedPixels.addAndGet(pixels) > maxPixels) {
                    throw new IOException(what + ": embedded images of more than " + maxPixels
                            + " pixels together (IS::SvgMAxRenderRgnPixels)");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Escapes what a URI cannot carry literally (spaces, braces of nested {@code is{...}} requests, non-ASCII) and
     * leaves existing {@code %xx} escapes alone: the Platform Server decodes the request exactly as the author wrote it.
     */
    static String escapeForUri(String pathAndQuery) {
        StringBuilder out = new StringBuilder(pathAndQuery.length() + 16);
        for (byte b : pathAndQuery.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean literal = c > 0x20 && c < 0x7f && "{}|\\^`<>\" ".indexOf(c) < 0;
            if (literal) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                   .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean embedsSvg(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = (query < 0 ? pathAndQuery : pathAndQuery.substring(0, query)).toLowerCase(Locale.ROOT);
        return path.endsWith(".svg");
    }

    private URI refuse(String reference) {
        refused.add(reference);
        return null;
    }

    private static String abbreviated(String reference) {
        return reference.length() <= 80 ? reference : reference.substring(0, 77) + "...";
    }
}
