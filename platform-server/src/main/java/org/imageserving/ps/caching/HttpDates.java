package org.imageserving.ps.caching;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * HTTP dates ({@code Sun, 06 Nov 1994 08:49:37 GMT}) for the {@code Date} and {@code Expires} of every image reply.
 * A reply needs two, both whole seconds that change once a second, so each is formatted once and then found in a
 * small table indexed by the second: a cache hit is a few microseconds, and formatting showed in its profile.
 */
final class HttpDates {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final int SLOTS = 64;

    private record Formatted(long epochSecond, String text) {}

    private final AtomicReferenceArray<Formatted> slots = new AtomicReferenceArray<>(SLOTS);

    String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int slot = (int) Math.floorMod(second, SLOTS);
        Formatted known = slots.get(slot);
        if (known == null || known.epochSecond() != second) {
            known = new Formatted(second, FORMAT.format(Instant.ofEpochSecond(second)));
            slots.set(slot, known);
        }
        return known.text();
    }
}
