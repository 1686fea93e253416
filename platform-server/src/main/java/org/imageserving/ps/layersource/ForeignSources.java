package org.imageserving.ps.layersource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocketFactory;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.http.RequestException;

/**
 * Foreign sources ({@code src={url}}): off unless the main catalog sets {@code attribute::AllowDirectUrls=1} (absolute
 * URLs) or {@code attribute::RootUrl} (URLs relative to it, which must stay below it). Only HTTP and HTTPS. A fetch
 * gets {@code IS::RemoteUrlTimeout} in all (connect, headers and body), at most {@code PS::foreignSource.maxSize}
 * bytes, an {@code image/*} reply with status 200, and follows at most {@value #MAX_REDIRECTS} redirects, all to the
 * same scheme, host and port (and below {@code RootUrl} when that named the source). Hosts that resolve to loopback,
 * private, link-local or otherwise internal addresses are refused unless
 * {@code PS::foreignSource.allowPrivateAddresses=true}: a public image server must not become a way into the
 * network behind it. The name is resolved once per hop and the connection goes to an address that was checked
 * ({@link PinnedGet}), so a DNS answer that changes after the check (rebinding) cannot redirect it. Every refusal is a
 * 403 naming the URL and the reason.
 */
public final class ForeignSources {
    private static final int MAX_REDIRECTS = 3;
    private static final int BUFFER = 64 * 1024;
    private final long maxBytes;
    private final Duration timeout;
    private final boolean allowPrivateAddresses;
    private final Clock clock;
    private final Resolver resolver;
    private final SSLSocketFactory tls;

    public ForeignSources(long maxBytes, Duration timeout, boolean allowPrivateAddresses, Clock clock) {
        this(maxBytes, timeout, allowPrivateAddresses, clock, InetAddress::getAllByName,
                (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * @param resolver how host names are resolved: the system's resolver, or one a test controls
     * @param tls      the TLS sockets for HTTPS origins (the JDK's trust store, or one a test controls)
     */
    ForeignSources(long maxBytes, Duration timeout, boolean allowPrivateAddresses, Clock clock, Resolver resolver,
                   SSLSocketFactory tls) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.clock = clock;
        this.resolver = resolver;
        this.tls = tls;
    }

    /** A host name's addresses; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * A foreign source to fetch: its URL and where redirects may lead, below {@code rootUrl} when the URL was relative
     * to {@code attribute::RootUrl}, else (null) only to the URL's own scheme, host and port.
     */
    public record Target(URI url, URI rootUrl) {}

    /** The URL {@code src={text}} names for this catalog, or a 403 when the catalog does not allow it. */
    public static Target resolve(Catalog main, String text) {
        String rootUrl = main.attribute("RootUrl").strip();
        boolean direct = main.attribute("AllowDirectUrls").strip().equals("1");
        URI uri = parse(text);
        if (uri.isAbsolute()) {
            if (!direct) {
                throw new RequestException(403, "src={" + text + "}: foreign URLs are not allowed here "
                        + "(attribute::AllowDirectUrls is not 1)");
            }
            return new Target(checkScheme(uri, text), null);
        }
        if (rootUrl.isEmpty()) {
            throw new RequestException(403, "src={" + text + "}: a relative foreign URL needs attribute::RootUrl");
        }
        URI root = checkScheme(parse(rootUrl.endsWith("/") ? rootUrl : rootUrl + "/"), rootUrl);
        URI resolved = root.resolve(text.startsWith("/") ? text.substring(1) : text).normalize();
        if (!below(resolved, root)) {
            throw new RequestException(403, "src={" + text + "}: the URL leaves attribute::RootUrl");
        }
        return new Target(resolved, root);
    }

    private static URI parse(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new RequestException(403, "src={" + text + "}: not a URL (" + e.getReason() + ")");
        }
    }

    private static URI checkScheme(URI uri, String text) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new RequestException(403, "src={" + text + "}: only http:// and https:// URLs with a host are allowed");
        }
        return uri;
    }

    private static boolean below(URI uri, URI root) {
        return sameOrigin(uri, root) && uri.getRawPath() != null && uri.getRawPath().startsWith(root.getRawPath());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getHost() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** The image at the target's URL. */
    public byte[] fetch(Target target) {
        URI url = target.url();
        Instant deadline = clock.instant().plus(timeout);
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            List<InetAddress> addresses = checkedAddresses(current);
            try (PinnedGet reply = send(url, current, addresses, deadline)) {
                int status = reply.status();
                if (status >= 300 && status < 400 && reply.header("location") != null) {
                    URI next = redirectTarget(url, current, reply.header("location"));
                    boolean allowed = target.rootUrl() != null ? below(next, target.rootUrl()) : sameOrigin(next, url);
                    if (redirects >= MAX_REDIRECTS || !allowed) {
                        throw refused(url, redirects >= MAX_REDIRECTS ? "more than " + MAX_REDIRECTS + " redirects"
                                : "it redirects to " + next + ", outside where it may lead");
                    }
                    current = next;
                    continue;
                }
                if (status != 200) {
                    throw refused(url, "the server answered " + status);
                }
                String type = reply.header("content-type") == null ? ""
                        : reply.header("content-type").toLowerCase(Locale.ROOT);
                if (!type.startsWith("image/") || type.startsWith("image/svg")) {
                    throw refused(url, "its content type '" + type + "' is not a raster image");
                }
                if (reply.contentLength() > maxBytes) {
                    throw refused(url, "it is " + reply.contentLength() + " bytes, more than the "
                            + "PS::foreignSource.maxSize of " + maxBytes);
                }
                return body(url, reply, deadline);
            } catch (java.net.SocketTimeoutException e) {
                throw refused(url, "no answer within IS::RemoteUrlTimeout (" + timeout.toSeconds() + " s)");
            } catch (IOException e) {
                throw refused(url, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private static URI redirectTarget(URI url, URI current, String location) {
        try {
            return current.resolve(location.strip()).normalize();
        } catch (IllegalArgumentException e) {
            throw refused(url, "it redirects to a malformed location");
        }
    }

    /**
     * The request, sent to the first of the checked addresses that accepts a connection, never to a fresh answer
     * for the name. Only a refused or unreachable connection moves on to the next address.
     */
    private PinnedGet send(URI url, URI current, List<InetAddress> addresses, Instant deadline) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            try {
                return PinnedGet.send(current, address, () -> remainingMillis(url, deadline), tls);
            } catch (java.net.ConnectException | java.net.NoRouteToHostException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no address for " + current.getHost());
    }

    /** The body, within the byte cap and the overall deadline (a server trickling bytes cannot hold a thread longer). */
    private byte[] body(URI url, PinnedGet reply, Instant deadline) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER];
        InputStream in = reply.body();
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > maxBytes) {
                throw refused(url, "it is more than the PS::foreignSource.maxSize of " + maxBytes + " bytes");
            }
            reply.readTimeout(remainingMillis(url, deadline));
        }
        if (out.size() == 0) {
            throw refused(url, "it is empty");
        }
        return out.toByteArray();
    }

    private int remainingMillis(URI url, Instant deadline) {
        long left = Duration.between(clock.instant(), deadline).toMillis();
        if (left <= 0) {
            throw refused(url, "no complete answer within IS::RemoteUrlTimeout (" + timeout.toSeconds() + " s)");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /**
     * The host's addresses, resolved once: these are what the connection uses. Unless private addresses are allowed,
     * every one must be public (a name with one internal address among public ones is refused, not filtered).
     */
    private List<InetAddress> checkedAddresses(URI uri) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            throw refused(uri, "unknown host " + uri.getHost());
        }
        if (addresses == null || addresses.length == 0) {
            throw refused(uri, "unknown host " + uri.getHost());
        }
        if (!allowPrivateAddresses) {
            for (InetAddress address : addresses) {
                if (internal(address)) {
                    throw refused(uri, "its host resolves to the internal address " + address.getHostAddress()
                            + " (PS::foreignSource.allowPrivateAddresses is false)");
                }
            }
        }
        return List.of(addresses);
    }

    static boolean internal(InetAddress address) {
        byte[] b = address.getAddress();
        boolean uniqueLocal6 = address instanceof Inet6Address && (b[0] & 0xFE) == 0xFC;
        boolean sharedOrZero4 = b.length == 4 && (b[0] == 0 || ((b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64));
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal6 || sharedOrZero4;
    }

    private static RequestException refused(URI url, String reason) {
        return new RequestException(403, "foreign source " + url + " refused: " + reason);
    }
}
