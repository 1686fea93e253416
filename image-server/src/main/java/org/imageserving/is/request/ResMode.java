package org.imageserving.is.request;

import java.util.Locale;

/**
 * {@code resMode=}: which reconstruction filter every scaling step of the request uses. Each maps to a real separable
 * kernel (see {@code render/Kernel}); {@code sharp} (deprecated) means {@code sharp2} and {@code trilin}, an older
 * value some clients still send, means {@code bilin}.
 */
public enum ResMode {
    BILIN, BICUB, SHARP2, BISHARP;

    public static ResMode parse(String name, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "bilin", "trilin" -> BILIN;
            case "bicub" -> BICUB;
            case "sharp2", "sharp" -> SHARP2;
            case "bisharp" -> BISHARP;
            default -> throw Values.usage(name, value, "expected bilin, bicub, sharp2 or bisharp");
        };
    }

    /** {@code attribute::ResMode}: enum 1 sharp (deprecated), 2 bilin, 3 bicub, 4 sharp2; names accepted too. */
    public static ResMode parseAttribute(String name, String value) {
        return switch (value.strip()) {
            case "1", "4" -> SHARP2;
            case "2" -> BILIN;
            case "3" -> BICUB;
            default -> parse(name, value);
        };
    }
}
