package org.imageserving.ps.caching;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.BiConsumer;
import org.apache.tomcat.util.http.FastHttpDateFormat;

/**
 * The caching headers of a reply and the answer to conditional requests, from the documented TTL in hours:
 * {@code > 0} public for that long, {@code 0} not to be reused without revalidation, {@code -1} never expires
 * (a year, the HTTP maximum). Non-cacheable replies get {@code no-store}.
 */
public final class HttpCaching {
    public static final double NEVER_EXPIRES = -1;
    private static final long ONE_YEAR_SECONDS = 31_536_000L;
    private static final HttpDates DATES = new HttpDates();

    private HttpCaching() {}

    /** The headers of a reply kept for {@code ttlHours}: {@code Date}, {@code Cache-Control}, {@code Expires}. */
    public static void expiration(BiConsumer<String, String> header, double ttlHours, Instant now) {
        long millis = now.toEpochMilli();
        header.accept("Date", DATES.format(millis));
        if (ttlHours < 0) {
            header.accept("Cache-Control", "public, max-age=" + ONE_YEAR_SECONDS);
            header.accept("Expires", DATES.format(millis + ONE_YEAR_SECONDS * 1000));
        } else if (ttlHours == 0) {
            header.accept("Cache-Control", "no-cache, max-age=0");
            header.accept("Expires", DATES.format(millis));
        } else {
            long seconds = Math.round(ttlHours * 3600);
            header.accept("Cache-Control", "public, max-age=" + seconds);
            header.accept("Expires", DATES.format(millis + seconds * 1000));
        }
    }

    public static void notCacheable(BiConsumer<String, String> header) {
        header.accept("Cache-Control", "no-store");
    }

    /**
     * Whether a conditional GET/HEAD with these two headers ({@code ifModifiedSince} -1 when absent) may be answered
     * 304: {@code If-None-Match} listing this ETag (or {@code *}),
     * else {@code If-Modified-Since} not older than {@code lastModified} (only when a Last-Modified is sent). A
     * never-expiring record answers every conditional request with 304, as documented.
     */
    public static boolean notModified(String ifNoneMatch, long ifModifiedSince, String etag, long lastModifiedMillis,
                                      boolean neverExpires) {
        if (neverExpires && (ifNoneMatch != null || ifModifiedSince >= 0)) {
            return true;
        }
        if (ifNoneMatch != null) {
            return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                    .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                    .anyMatch(t -> t.equals("*") || t.equals(etag));
        }
        return lastModifiedMillis > 0 && ifModifiedSince >= 0 && lastModifiedMillis / 1000 <= ifModifiedSince / 1000;
    }

    /** {@code If-Modified-Since} in epoch milliseconds; -1 when absent or malformed. */
    public static long ifModifiedSince(HttpServletRequest request) {
        try {
            return request.getDateHeader("If-Modified-Since");
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** {@code If-Modified-Since} as {@link #ifModifiedSince(HttpServletRequest)} reads it, from the header's value. */
    public static long ifModifiedSince(String value) {
        return value == null ? -1 : FastHttpDateFormat.parseDate(value);
    }
}
