package org.imageserving.ps.http;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * The status that says what is too large, instead of Tomcat's plain 400: 414 for a request target (path and query)
 * longer than {@link #MAX_TARGET} bytes, 431 for header fields of more than {@link #headerLimit} bytes together. Tomcat
 * itself holds the request line and the headers in one buffer of the connector's {@code maxHttpHeaderSize} (ps gives
 * it {@link #DEFAULT_MAX_HTTP_HEADER_SIZE}, room for both limits) and answers 400 beyond it, before any valve runs.
 */
public final class RequestSizeValve extends ValveBase {
    /** The longest request target: the protocol's URLs, nested requests included, fit in it (spec: 16 KB). */
    public static final int MAX_TARGET = 16 * 1024;
    /** The least room for header fields: what Tomcat and most servers allow by default. */
    static final int MIN_HEADERS = 8 * 1024;
    /** The connector's buffer: a maximal request target plus {@link #MIN_HEADERS} of header fields. */
    public static final int DEFAULT_MAX_HTTP_HEADER_SIZE = MAX_TARGET + MIN_HEADERS;

    public RequestSizeValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        // a request Tomcat could not parse reaches the pipeline without a method, or with its error status set, to
        // have its 400 reported
        if (request.getMethod() == null || response.getStatus() >= 400) {
            getNext().invoke(request, response);
            return;
        }
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        long target = (uri == null ? 0 : uri.length()) + (query == null ? 0 : query.length() + 1);
        if (target > MAX_TARGET) {
            refuse(response, 414, "the URL is " + target + " bytes long, more than the " + MAX_TARGET + " allowed");
            return;
        }
        long headers = headerBytes(request.getCoyoteRequest().getMimeHeaders());
        int limit = headerLimit(request.getConnector() == null ? null : request.getConnector().getProtocolHandler());
        if (headers > limit) {
            refuse(response, 431, "the request's header fields are " + headers + " bytes together, more than the "
                    + limit + " allowed");
            return;
        }
        getNext().invoke(request, response);
    }

    /**
     * The connector's {@code maxHttpHeaderSize} less room for the longest target, at least {@link #MIN_HEADERS}: an
     * operator who raises the connector's limit for large cookies raises this one with it.
     */
    public static int headerLimit(ProtocolHandler protocol) {
        // asked of the protocol handler directly: Connector.getProperty goes through reflection, which showed in
        // profiles of cache hits
        int size = protocol instanceof AbstractHttp11Protocol<?> http
                ? http.getMaxHttpHeaderSize() : DEFAULT_MAX_HTTP_HEADER_SIZE;
        return Math.max(MIN_HEADERS, size - MAX_TARGET);
    }

    /**
     * Each field as it came: {@code name: value} and its line end. Counted on Tomcat's parsed header table, whose
     * entries are the bytes received (one byte per character, as Tomcat decodes header fields as ISO-8859-1), without
     * making a string of every name and value.
     */
    public static long headerBytes(MimeHeaders headers) {
        long bytes = 0;
        for (int i = 0; i < headers.size(); i++) {
            MessageBytes value = headers.getValue(i);
            bytes += headers.getName(i).getLength() + 2 + (value == null ? 0 : value.getLength()) + 2;
        }
        return bytes;
    }

    private static void refuse(Response response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Connection", "close");
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("#S7Z ERROR\nerror.title=Request too large\nerror.message=" + message + "\n");
        response.finishResponse();
    }
}
