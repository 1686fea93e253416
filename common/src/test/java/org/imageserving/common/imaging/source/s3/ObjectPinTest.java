package org.imageserving.common.imaging.source.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The version pin travels as one frame header and comes back the same, whatever the key holds. */
class ObjectPinTest {
    @Test
    void aPinSurvivesItsHeaderWithAKeyOfAnyCharacters() {
        BucketRoot root = BucketRoot.parse("s3://masters/catalog/");
        ObjectPin pin = ObjectPin.of(root, "catalog/a|b c/ü.jpg",
                new ObjectVersion("\"0123abcd-2\"", 12345, Instant.ofEpochMilli(1_700_000_000_000L)));
        ObjectPin back = ObjectPin.parse(pin.header()).orElseThrow();
        assertThat(back).isEqualTo(pin);
        assertThat(back.names(root, "catalog/a|b c/ü.jpg")).isTrue();
        assertThat(back.names(root, "catalog/other.jpg")).isFalse();
        assertThat(back.names(BucketRoot.parse("s3://others/catalog/"), "catalog/a|b c/ü.jpg")).isFalse();
    }

    @Test
    void aMissingOrMalformedPinIsNone() {
        assertThat(ObjectPin.parse(null)).isEmpty();
        assertThat(ObjectPin.parse("masters|\"e\"|12|notanumber|key")).isEmpty();
        assertThat(ObjectPin.parse("masters|\"e\"|12")).isEmpty();
        assertThat(ObjectPin.parse("masters|\"e\"|12|5|")).isEmpty();
    }
}
