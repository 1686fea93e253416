package org.imageserving.ps.http;

import jakarta.servlet.ServletException;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.AccessLogValve;

/**
 * Tomcat's access log with the fields the Image Serving pattern adds: {@code %G} (time the reply was sent,
 * {@code yyyy-MM-dd HH:mm:ss.SSS ±offset}), {@code %O} (requests in progress when this one started), {@code %R}
 * (the request line with spaces encoded so that the line splits at spaces), and {@code %D} in milliseconds as
 * documented (Tomcat's is in microseconds). The {@code %{Name}r}
 * fields ({@code CacheUse}, {@code RootId}, ...) are request attributes the servlets set.
 */
public final class ImageServingAccessLog extends AccessLogValve {
    /** The request attribute holding {@code %O}: the requests in progress when this one started, itself included. */
    public static final String OVERLAP = "org.imageserving.accesslog.overlap";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("xx");
    /**
     * Tomcat keeps the line buffers of up to this many characters for the next line. Its default, 256, is shorter
     * than a line of the Image Serving pattern (400 to 600), so every line grew a fresh buffer from 128 characters by
     * doubling (a sixth of what a cache hit allocated).
     */
    static final int LINE_BUFFER = 4096;
    private final AtomicInteger active = new AtomicInteger();
    private final SentTime sentTime = new SentTime();

    public ImageServingAccessLog() {
        setMaxLogMessageBufferSize(LINE_BUFFER);
    }

    /**
     * {@code %G} for a time in milliseconds. Formatting a zoned time per request showed in profiles of cache hits, so
     * the part up to the seconds is formatted once per second.
     */
    private static final class SentTime {
        private record Second(long epochSecond, String head, String zone) {}

        private volatile Second second = new Second(Long.MIN_VALUE, "", "");

        String format(long millis) {
            long epochSecond = Math.floorDiv(millis, 1000);
            Second s = second;
            if (s.epochSecond() != epochSecond) {
                ZonedDateTime time = Instant.ofEpochSecond(epochSecond).atZone(ZoneId.systemDefault());
                s = new Second(epochSecond, SECONDS.format(time), ZONE.format(time));
                second = s;
            }
            int ms = (int) Math.floorMod(millis, 1000);
            return s.head() + '.' + (ms < 100 ? (ms < 10 ? "00" : "0") : "") + ms + ' ' + s.zone();
        }
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        request.setAttribute(OVERLAP, requestStarted());
        try {
            super.invoke(request, response);
        } finally {
            requestEnded();
        }
    }

    /**
     * Counts a request in progress for {@code %O}: the value for {@link #OVERLAP}. Requests answered below the
     * servlet layer ({@code ps.hits}) count themselves here, so that every request sees the others.
     */
    public int requestStarted() {
        return active.incrementAndGet();
    }

    /** The end of a request counted by {@link #requestStarted}. */
    public void requestEnded() {
        active.decrementAndGet();
    }

    @Override
    protected AccessLogElement createAccessLogElement(char pattern) {
        return switch (pattern) {
            case 'G' -> element((buf, request) -> buf.append(sentTime.format(System.currentTimeMillis())));
            // the documented %D is milliseconds; Tomcat's own %D counts microseconds
            case 'D' -> new AccessLogElement() {
                @Override
                public void addElement(CharArrayWriter buf, Request request, Response response, long time) {
                    buf.append(Long.toString(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(time)));
                }
            };
            case 'O' -> element((buf, request) -> buf.append(String.valueOf(request.getAttribute(OVERLAP))));
            case 'R' -> element((buf, request) -> {
                String query = request.getQueryString();
                String line = request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query)
                        + " " + request.getProtocol();
                buf.append(line.replace(" ", "%20")); // the URL part is already %-encoded
            });
            default -> super.createAccessLogElement(pattern);
        };
    }

    /** {@code %{Name}r}: the fields of the request's {@link RequestLog} too, not only its attributes. */
    @Override
    protected AccessLogElement createAccessLogElement(String name, char pattern) {
        if (pattern != 'r') {
            return super.createAccessLogElement(name, pattern);
        }
        return new AccessLogElement() {
            @Override
            public void addElement(CharArrayWriter buf, Request request, Response response, long time) {
                String value = AccessLogFields.get(request, name);
                if (value == null) {
                    buf.append('-');
                } else {
                    escapeAndAppend(value, buf);
                }
            }
        };
    }

    private interface Writer {
        void write(CharArrayWriter buf, Request request);
    }

    private static AccessLogElement element(Writer writer) {
        return new AccessLogElement() {
            @Override
            public void addElement(CharArrayWriter buf, Request request, Response response, long time) {
                writer.write(buf, request);
            }
        };
    }
}
