package org.imageserving.tools.ptiff;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The TIFF DateTime tag (306): {@code YYYY:MM:DD HH:MM:SS}, 19 characters. TIFF names no time zone; ic writes UTC,
 * and the Platform Server compares the text, not a parsed time, so the zone only matters to human readers.
 */
public final class TiffDateTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private TiffDateTime() {}

    public static String format(Instant time) {
        return FORMAT.format(time);
    }
}
