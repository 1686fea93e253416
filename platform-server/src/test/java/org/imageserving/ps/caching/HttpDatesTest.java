package org.imageserving.ps.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
    private final HttpDates dates = new HttpDates();

    @Test
    void imfFixdateWithTwoDigitDaysInGmt() {
        assertThat(dates.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(dates.format(Instant.parse("2026-11-07T08:49:37.999Z").toEpochMilli()))
                .isEqualTo("Sat, 07 Nov 2026 08:49:37 GMT");
    }

    @Test
    void secondsThatShareATableSlotAreEachFormattedRight() {
        long t = Instant.parse("2026-11-27T20:00:00Z").toEpochMilli();
        assertThat(dates.format(t + 500)).isEqualTo("Fri, 27 Nov 2026 20:00:00 GMT");
        assertThat(dates.format(t + 64_000)).isEqualTo("Fri, 27 Nov 2026 20:01:04 GMT");
        assertThat(dates.format(t)).isEqualTo("Fri, 27 Nov 2026 20:00:00 GMT");
        assertThat(dates.format(t - 1)).isEqualTo("Fri, 27 Nov 2026 19:59:59 GMT");
    }
}
