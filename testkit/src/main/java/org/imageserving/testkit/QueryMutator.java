package org.imageserving.testkit;

import java.util.List;
import java.util.Random;

/**
 * Small random mutations of a valid request query, for the seeded fuzz tests: tokens that parsers stumble over
 * (broken escapes, NUL, lone surrogates, braces, absurd numbers) inserted, deleted, duplicated, swapped. Every
 * mutation is a function of one {@link Random}, so a seed reproduces it.
 */
public final class QueryMutator {
    static final List<String> TOKENS = List.of("%", "%2", "%zz", "%00", "%ff", "%c0%af", "%ed%a0%80", "%25", "%26",
            "%3D", "&", "&&", "=", "==", "{", "}", "(", ")", "is{", "is(", "{http://x/}", "$", "$$", "$x$", "$x=", ",",
            ",,", ".", "+", "-", "--", "e", "E", "e9999", "NaN", "Infinity", "-Infinity", "-1", "0", "-0", "1e-320",
            "99999999999999999999", "2147483648", "-2147483649", "1e308", "0x1F", "layer=", "layer=comp", "layer=-1",
            "layer=2147483647", "effect=", "effect=0", "src=", "req=", "req=props,", "fmt=", "\0", "\u00ff", "\ud800",
            "\udfff", "é", "\uff11", " ", "\t", "\r\n", ";", ":", "|", "\\", "/", "..", "../", "#", "?", "@layer1:",
            "attribute::MaxPix", "wid=", "crop=", "size=", "rotate=", "qlt=", "op_usm=", "op_blur=", "$v$");

    private QueryMutator() {}

    public static String mutate(Random random, String seed) {
        StringBuilder text = new StringBuilder(seed);
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(8)) {
                case 0, 1 -> text.insert(at, token(random));
                case 2 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(6)));
                case 3 -> {
                    if (at < text.length()) {
                        text.replace(at, at + 1, token(random));
                    }
                }
                case 4 -> {
                    int end = Math.min(text.length(), at + 1 + random.nextInt(20));
                    String copy = text.substring(at, end);
                    text.insert(end, copy.repeat(1 + random.nextInt(3)));
                }
                case 5 -> replaceNumber(random, text);
                case 6 -> swapParts(random, text);
                default -> text.setLength(at);
            }
        }
        return text.toString();
    }

    private static String token(Random random) {
        return TOKENS.get(random.nextInt(TOKENS.size()));
    }

    private static void replaceNumber(Random random, StringBuilder text) {
        int start = -1;
        int tries = 0;
        while (start < 0 && tries++ < 10 && text.length() > 0) {
            int at = random.nextInt(text.length());
            if (Character.isDigit(text.charAt(at))) {
                start = at;
            }
        }
        if (start < 0) {
            return;
        }
        int end = start;
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        String[] absurd = {"-1", "0", "2147483648", "-2147483649", "1e308", "NaN", "99999999999999999999", "1e-320",
                "0.0000001", "100000", "-100000", "360000000"};
        text.replace(start, end, absurd[random.nextInt(absurd.length)]);
    }

    private static void swapParts(Random random, StringBuilder text) {
        String[] parts = text.toString().split("&", -1);
        if (parts.length < 2) {
            return;
        }
        int a = random.nextInt(parts.length);
        int b = random.nextInt(parts.length);
        String t = parts[a];
        parts[a] = parts[b];
        parts[b] = t;
        text.setLength(0);
        text.append(String.join("&", parts));
    }
}
