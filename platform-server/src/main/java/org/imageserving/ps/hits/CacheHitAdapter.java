package org.imageserving.ps.hits;

import java.io.IOException;
import java.util.Optional;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SocketEvent;
import org.imageserving.ps.http.AccessLogFields;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.ImageServingAccessLog;
import org.imageserving.ps.http.RequestLog;
import org.imageserving.ps.http.RequestSizeValve;
import org.imageserving.ps.image.ImageRequestProcessor;
import org.imageserving.ps.metrics.MetricsValve;
import org.imageserving.ps.metrics.PsMetrics;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.reply.ReplyWriter;

/**
 * Answers cache hits of {@code /is/image} on Tomcat's own request, below Catalina: no mapper, servlet request and
 * response objects, valves, filter chain or servlet, and none of their recycling, which together were most of what a
 * hit cost beyond nginx. Everything else, and every request it is not sure of, goes to Catalina's adapter unchanged.
 *
 * <p>A hit answered here is the hit the servlet path gives: the same {@link ImageRequestProcessor} decides it
 * ({@link ImageRequestProcessor#cachedReply}: remembered plan, source still there, entry fresh or validated), the
 * same {@code ReplyWriter} sets its headers ({@link CoyoteReplies}), and what the valves do for it is done here too:
 * {@code nosniff} ({@code SecurityHeadersValve}), GET and HEAD only ({@code MethodValve}), the size limits
 * ({@link RequestSizeValve}: a request beyond them goes to Catalina, which refuses it), the counters
 * ({@link MetricsValve#count}) and the access log line, written by the same {@link ImageServingAccessLog} through
 * Catalina's own logging entry ({@link Adapter#log}) with the fields in the request's attributes.
 */
public final class CacheHitAdapter implements Adapter {
    private final Adapter catalina;
    private final Connector connector;
    private final Context context;
    private final ImageRequestProcessor processor;
    private final CoyoteReplies replies;
    private final PsMetrics metrics;
    private final ImageServingAccessLog accessLog;

    CacheHitAdapter(Adapter catalina, Connector connector, Context context, ImageRequestProcessor processor,
                    CoyoteReplies replies, PsMetrics metrics, ImageServingAccessLog accessLog) {
        this.catalina = catalina;
        this.connector = connector;
        this.context = context;
        this.processor = processor;
        this.replies = replies;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /**
     * Whether hits can be answered on this connector as Catalina would: HTTP/1.1 without an upgrade protocol (HTTP/2
     * streams write their headers their own way), with compression off (compression looks at the content type
     * Catalina sets) and without {@code xpoweredBy} (a header Catalina adds).
     */
    static boolean supports(Connector connector) {
        return connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http
                && "off".equals(http.getCompression()) && !connector.getXpoweredBy()
                && connector.findUpgradeProtocols().length == 0;
    }

    @Override
    public void service(Request req, Response res) throws Exception {
        if (!answered(req, res)) {
            catalina.service(req, res);
        }
    }

    /** Answers the request if it is a cache hit; false, with the request and response untouched, if it is not. */
    private boolean answered(Request req, Response res) {
        String method = req.getMethod();
        // a request Tomcat found bad (an invalid Host, say) arrives with its 400 set, for Catalina to report
        if (!("GET".equals(method) || "HEAD".equals(method)) || res.getStatus() != 200
                || !context.getState().isAvailable()) {
            return false;
        }
        // toString, not toStringType: Catalina decodes the URI only while it is still bytes
        String uri = req.requestURI().toString();
        String rawPath = HitTarget.rawPath(uri, !connector.getRejectSuspiciousURIs());
        String query = req.queryString().toString();
        if (rawPath == null || tooLarge(req, uri, query)) {
            return false;
        }
        long started = System.nanoTime();
        ClientRequest client = ClientRequest.of(method, uri, rawPath, query, remoteAddress(req), req::getHeader);
        Reply reply;
        byte[] body = null;
        Reply.FileRegion sendfile = null;
        try {
            Optional<Reply> hit = processor.cachedReply(client);
            if (hit.isEmpty() || !CoyoteReplies.writable(hit.get())) {
                return false;
            }
            reply = hit.get();
            if (reply instanceof Reply.Entity entity && !client.method().equals("HEAD")) {
                sendfile = ReplyWriter.sendfileRegion(entity.body(),
                        connector.getProtocolHandler().isSendfileSupported() && req.getSendfile());
                // read before the response is touched: a body that cannot be read is the servlet path's error
                body = sendfile == null ? entity.body().bytes().get() : null;
            }
        } catch (RuntimeException e) {
            return false;
        }
        answer(req, res, client, reply, body, sendfile, started);
        return true;
    }

    private void answer(Request req, Response res, ClientRequest client, Reply reply, byte[] body,
                        Reply.FileRegion sendfile, long started) {
        req.setRequestThread();
        try {
            prepare(req);
            req.setAttribute(ImageServingAccessLog.OVERLAP, accessLog.requestStarted());
            RequestLog log = client.log();
            req.setAttribute(RequestLog.ATTRIBUTE, log);
            req.setAttribute(PsMetrics.PLAN_REUSED, Boolean.TRUE);
            try {
                replies.write(reply, body, sendfile, req, res);
            } catch (IOException e) {
                // the client went away; Tomcat has marked the connection to be closed, as on the servlet path
            } finally {
                accessLog.requestEnded();
                MetricsValve.count(metrics, client.requestUri(), AccessLogFields.get(log, "ReqType"),
                        AccessLogFields.get(log, "CacheUse"), true, res.getStatus(), System.nanoTime() - started);
                metrics.directHit();
            }
            res.action(ActionCode.CLOSE, null);
            catalina.log(req, res, System.nanoTime() - req.getStartTimeNanos());
        } finally {
            req.getRequestProcessor().setWorkerThreadName(null);
            req.clearRequestThread();
        }
    }

    /** What Catalina's adapter sets on every request before mapping it, which the access log reads ({@code %p}). */
    private void prepare(Request req) {
        if (req.scheme().isNull()) {
            req.scheme().setString(connector.getScheme());
        }
        if (connector.getProxyPort() != 0) {
            req.setServerPort(connector.getProxyPort());
        } else if (req.getServerPort() == -1) {
            req.setServerPort(req.scheme().equals("https") ? 443 : 80);
        }
        if (connector.getProxyName() != null) {
            req.serverName().setString(connector.getProxyName());
        }
        req.getParameters().setQueryStringCharset(connector.getURICharset());
    }

    private static String remoteAddress(Request req) {
        req.action(ActionCode.REQ_HOST_ADDR_ATTRIBUTE, req);
        return req.remoteAddr().toString();
    }

    /** Beyond {@link RequestSizeValve}'s limits: Catalina answers it with 414 or 431. */
    private boolean tooLarge(Request req, String uri, String query) {
        long target = uri.length() + (query == null ? 0 : query.length() + 1);
        if (target > RequestSizeValve.MAX_TARGET) {
            return true;
        }
        return RequestSizeValve.headerBytes(req.getMimeHeaders())
                > RequestSizeValve.headerLimit(connector.getProtocolHandler());
    }

    @Override
    public boolean prepare(Request req, Response res) throws Exception {
        return catalina.prepare(req, res);
    }

    @Override
    public boolean asyncDispatch(Request req, Response res, SocketEvent status) throws Exception {
        return catalina.asyncDispatch(req, res, status);
    }

    @Override
    public void log(Request req, Response res, long time) {
        catalina.log(req, res, time);
    }

    @Override
    public void checkRecycled(Request req, Response res) {
        catalina.checkRecycled(req, res);
    }

    @Override
    public String getDomain() {
        return catalina.getDomain();
    }
}
