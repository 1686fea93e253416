package org.imageserving.ps.responsecache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Cache keys as the cache stores them: the SHA-256 of the key text in lower-case hex, which is also what the access
 * log shows as {@code %{CacheKey}r} and what cache-cluster peers ask {@code /is/cache/<key>} for.
 */
public final class CacheKeys {
    private static final int LENGTH = 64;

    /** One digest per thread: looking the algorithm up again for every request showed in profiles of cache hits. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private CacheKeys() {}

    public static String hash(String key) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Whether {@code text} has the form of a key hash. Hashes become file names and come from peers' requests, so
     * anything else (a path, a dot) must never get that far.
     */
    public static boolean isHash(String text) {
        if (text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
