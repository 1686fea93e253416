package org.imageserving.ps.responsecache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheKeysTest {
    @Test
    void aKeyIsStoredUnderItsSha256InLowerCaseHex() {
        assertThat(CacheKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(CacheKeys.hash("abc")).as("the digest is reused, not carried over").isEqualTo(CacheKeys.hash("abc"));
        assertThat(ResponseCache.hash("abc")).isEqualTo(CacheKeys.hash("abc"));
    }

    @Test
    void onlySixtyFourLowerCaseHexDigitsAreAHash() {
        String hash = CacheKeys.hash("k");
        assertThat(CacheKeys.isHash(hash)).isTrue();
        assertThat(CacheKeys.isHash(hash.toUpperCase())).isFalse();
        assertThat(CacheKeys.isHash(hash.substring(1))).isFalse();
        assertThat(CacheKeys.isHash(hash + "0")).isFalse();
        assertThat(CacheKeys.isHash("../" + hash.substring(3))).isFalse();
        assertThat(CacheKeys.isHash("")).isFalse();
    }
}
