package org.imageserving.ps.request;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.http.RequestException;

/**
 * The main catalog's protections of the query string, undone in the documented order: {@code RequestObfuscation}
 * (the query is base64), then our signature option, then {@code RequestLock} (a 4-hex-digit checksum appended as
 * {@code &xxxx}, which only deters casual editing).
 *
 * <p>The signature is an extension for real tamper protection: when the catalog attribute {@code SignatureKey} is
 * set, the query must end with {@code &sig=<hex HMAC-SHA256 of everything before "&sig=", keyed with the UTF-8
 * bytes of SignatureKey>}.
 */
public final class RequestUnlocker {
    public static final String SIGNATURE = "&sig=";

    private RequestUnlocker() {}

    public static String unlock(Catalog main, String rawQuery) {
        String query = rawQuery == null ? "" : rawQuery;
        if (main.flag("RequestObfuscation") && !query.isEmpty()) {
            query = deobfuscate(query);
        }
        String key = main.attribute("SignatureKey");
        if (!key.isEmpty()) {
            query = verifySignature(query, key);
        }
        if (main.flag("RequestLock")) {
            query = verifyLock(query);
        }
        return query;
    }

    static String deobfuscate(String query) {
        String text = query.replace('-', '+').replace('_', '/').replace("%3D", "=").replace("%3d", "=");
        try {
            return new String(Base64.getDecoder().decode(padded(text)), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            throw new RequestException(403, "the request is not validly obfuscated (base64)");
        }
    }

    private static String padded(String text) {
        String unpadded = text.replaceAll("=+$", "");
        return unpadded + "===".substring(0, (4 - unpadded.length() % 4) % 4);
    }

    static String verifyLock(String query) {
        if (query.length() < 5 || query.charAt(query.length() - 5) != '&') {
            throw new RequestException(403, "the request is locked and carries no lock value");
        }
        String modifiers = query.substring(0, query.length() - 5);
        String lock = query.substring(query.length() - 4);
        if (!lock.equalsIgnoreCase(lockValue(modifiers))) {
            throw new RequestException(403, "the request lock does not match the request");
        }
        return modifiers;
    }

    /** The documented lock: {@code sum = (sum * 131 + byte) & 0xFFFF} over the bytes, as 4 hex digits. */
    public static String lockValue(String modifiers) {
        int sum = 0;
        for (byte b : modifiers.getBytes(StandardCharsets.ISO_8859_1)) {
            sum = (sum * 131 + (b & 0xFF)) & 0xFFFF;
        }
        return String.format(Locale.ROOT, "%04x", sum);
    }

    static String verifySignature(String query, String key) {
        int at = query.lastIndexOf(SIGNATURE);
        if (at < 0) {
            throw new RequestException(403, "the request must be signed (sig=)");
        }
        String signed = query.substring(0, at);
        String given = query.substring(at + SIGNATURE.length());
        byte[] expected = HexFormat.of().parseHex(signature(signed, key));
        byte[] actual;
        try {
            actual = HexFormat.of().parseHex(given.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RequestException(403, "the request signature is not valid");
        }
        if (!MessageDigest.isEqual(expected, actual)) { // constant time: no timing oracle for forgers
            throw new RequestException(403, "the request signature is not valid");
        }
        return signed;
    }

    public static String signature(String query, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(query.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
