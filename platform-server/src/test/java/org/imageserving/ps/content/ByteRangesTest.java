package org.imageserving.ps.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.imageserving.ps.content.ByteRanges.Part;
import org.imageserving.ps.content.ByteRanges.Unsatisfiable;
import org.imageserving.ps.content.ByteRanges.Whole;
import org.junit.jupiter.api.Test;

/** The corners of RFC 9110's byte ranges that the servlet test does not reach. */
class ByteRangesTest {
    private static final String TAG = "\"abc\"";
    private static final long MODIFIED = 784_111_777_000L; // Sun, 06 Nov 1994 08:49:37 GMT

    private static ByteRanges.Selection select(String range, long length) {
        return ByteRanges.select(range, null, TAG, MODIFIED, length);
    }

    @Test
    void boundsAreClampedAndHugeNumbersDoNotOverflow() {
        assertThat(select("bytes=0-99999999999999999999999", 10)).isEqualTo(new Part(0, 9));
        assertThat(select("bytes=-99999999999999999999999", 10)).isEqualTo(new Part(0, 9));
        assertThat(select("bytes=99999999999999999999999-", 10)).isInstanceOf(Unsatisfiable.class);
        assertThat(select("bytes=9-9", 10)).isEqualTo(new Part(9, 9));
        assertThat(select("BYTES=2-3", 10)).as("the unit is case-insensitive")
                .isEqualTo(new Part(2, 3));
    }

    @Test
    void listSyntaxAndEmptyFiles() {
        assertThat(select("bytes=, 2-3 ,", 10)).as("empty list elements are allowed").isEqualTo(new Part(2, 3));
        assertThat(select("bytes=0-0,-1", 10)).isInstanceOf(Whole.class);
        assertThat(select("bytes=-5", 0)).isInstanceOf(Unsatisfiable.class);
        assertThat(select("bytes=0-", 0)).isInstanceOf(Unsatisfiable.class);
        assertThat(select("bytes=+1-2", 10)).isInstanceOf(Whole.class);
        assertThat(select(null, 10)).isInstanceOf(Whole.class);
    }

    @Test
    void ifRangeComparesStronglyOrByTheSecond() {
        assertThat(ByteRanges.select("bytes=0-0", TAG, TAG, MODIFIED, 10)).isInstanceOf(Part.class);
        assertThat(ByteRanges.select("bytes=0-0", "Sun, 06 Nov 1994 08:49:37 GMT", TAG, MODIFIED + 500, 10))
                .isInstanceOf(Part.class);
        assertThat(ByteRanges.select("bytes=0-0", "Sun, 06 Nov 1994 08:49:38 GMT", TAG, MODIFIED, 10))
                .isInstanceOf(Whole.class);
        assertThat(ByteRanges.select("bytes=0-0", "yesterday", TAG, MODIFIED, 10)).isInstanceOf(Whole.class);
        assertThat(ByteRanges.select("bytes=99-", "\"old\"", TAG, MODIFIED, 10))
                .as("a stale validator ignores even an unsatisfiable range").isInstanceOf(Whole.class);
    }
}
