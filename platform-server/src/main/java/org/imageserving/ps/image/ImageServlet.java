package org.imageserving.ps.image;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.imageserving.common.health.HealthReport;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.common.wire.ComponentUnavailableException;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.common.wire.FrameType;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.http.RequestException;

/** {@code /is/image}: the Image Serving protocol. Parses the request, has the Image Server render it, relays the reply. */
public final class ImageServlet extends HttpServlet {
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
    private final FrameClient imageServer;

    public ImageServlet(FrameClient imageServer) {
        this.imageServer = imageServer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String object = objectPath(request);
        String query = request.getQueryString();
        if (object.isEmpty() && (query == null || query.isEmpty())) {
            serverInfo(response);
            return;
        }
        try {
            if (object.isEmpty()) {
                throw new RequestException(403, "no image given: use /is/image/<catalog>/<id> or /is/image/<path>");
            }
            RenderRequest renderRequest = ImageRequestParser.parse(object, query);
            Frame reply = imageServer.exchange(new Frame(FrameType.RENDER, renderRequest.toHeaders(), null));
            if (reply.type() == FrameType.IMAGE) {
                sendImage(response, reply);
            } else {
                int status = parseStatus(reply.header("status"));
                ErrorResponse.send(response, status, title(status), reply.header("message"));
            }
        } catch (RequestException e) {
            ErrorResponse.send(response, e.status(), title(e.status()), e.getMessage());
        } catch (ComponentUnavailableException e) {
            ErrorResponse.send(response, 503, "Image Server unavailable",
                    "the Image Server is not answering (it may be restarting); try again shortly");
        }
    }

    private static void sendImage(HttpServletResponse response, Frame reply) throws IOException {
        response.setStatus(200);
        response.setContentType(reply.header("contentType"));
        response.setContentLength(reply.body().length);
        String lastModified = reply.header("source.lastModified");
        if (lastModified != null) {
            response.setDateHeader("Last-Modified", Long.parseLong(lastModified));
        }
        response.getOutputStream().write(reply.body());
    }

    /** The liveness page: the documented {@code #S7Z OK} header plus {@code imageServer.*} facts proving ps reached is. */
    private void serverInfo(HttpServletResponse response) throws IOException {
        StringBuilder body = new StringBuilder()
                .append("#S7Z OK\n")
                .append('#').append(Instant.now()).append('\n')
                .append("copyright=ImageServing contributors; an implementation of the Image Serving protocol\n");
        try {
            Frame pong = imageServer.exchange(Frame.of(FrameType.PING, Map.of()), PING_TIMEOUT);
            HealthReport report = HealthReport.fromHeaders(pong.headers());
            body.append("imageServer.status=ok\n")
                .append("imageServer.version=").append(report.version()).append('\n')
                .append("imageServer.uptime=").append(report.uptimeMillis() / 1000).append('\n');
        } catch (ComponentUnavailableException e) {
            body.append("imageServer.status=unreachable\n");
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain; charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache, no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String objectPath(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null) {
            return "";
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }

    private static int parseStatus(String status) {
        try {
            int code = Integer.parseInt(status);
            return code >= 400 && code <= 599 ? code : 500;
        } catch (NumberFormatException e) {
            return 500;
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400, 403 -> "Invalid request";
            case 404 -> "Not found";
            case 503 -> "Service unavailable";
            default -> "Server error";
        };
    }
}
