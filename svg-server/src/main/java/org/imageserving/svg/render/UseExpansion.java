package org.imageserving.svg.render;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts how many elements a document draws once every reference is expanded, while it is parsed: a {@code <use>}
 * draws its target, and so does every {@code url(#id)} paint, mask, clip path, filter or marker and every local
 * {@code href} (a pattern or gradient inheriting from another). A "use bomb" (each level drawing the previous one ten
 * times, fifteen levels deep) or a "pattern bomb" (each pattern's tile filled with the pattern below, ten deep) is a
 * few kilobytes of XML but 10^10 or more shapes to draw; counted here, it is refused before a single pixel is drawn
 * instead of running into the render time limit (which costs the SVG server a restart, since a drawing thread
 * cannot be stopped).
 */
final class UseExpansion {
    private static final int NONE = -1;
    private int count;
    private int[] parent = new int[256];
    private int[] firstChild = new int[256];
    private int[] nextSibling = new int[256];
    private int[] lastChild = new int[256];
    private String[][] targets = new String[256][];
    private final Map<String, Integer> ids = new HashMap<>();
    private int current = NONE;

    /** An element starts; {@code id} and {@code target} (the id a {@code <use>} points at) may be null. */
    void start(String id, String target) {
        start(id, target == null ? List.of() : List.of(target));
    }

    /** An element starts that draws the elements {@code drawn} (ids, possibly none); {@code id} may be null. */
    void start(String id, List<String> drawn) {
        if (count == parent.length) {
            int size = count * 2;
            parent = Arrays.copyOf(parent, size);
            firstChild = Arrays.copyOf(firstChild, size);
            nextSibling = Arrays.copyOf(nextSibling, size);
            lastChild = Arrays.copyOf(lastChild, size);
            targets = Arrays.copyOf(targets, size);
        }
        int node = count++;
        parent[node] = current;
        firstChild[node] = NONE;
        lastChild[node] = NONE;
        nextSibling[node] = NONE;
        targets[node] = drawn.isEmpty() ? null : drawn.toArray(String[]::new);
        if (current != NONE) {
            if (lastChild[current] == NONE) {
                firstChild[current] = node;
            } else {
                nextSibling[lastChild[current]] = node;
            }
            lastChild[current] = node;
        }
        if (id != null) {
            ids.putIfAbsent(id, node);
        }
        current = node;
    }

    private static final Pattern LOCAL_URL = Pattern.compile("url\\(\\s*['\"]?#([^)'\"\\s]+)");

    /** The ids an attribute value draws through {@code url(#id)} (fill, stroke, mask, clip-path, filter, style, ...). */
    static List<String> urlReferences(String value) {
        if (value.indexOf("url(") < 0) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher matcher = LOCAL_URL.matcher(value);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    void end() {
        if (current != NONE) {
            current = parent[current];
        }
    }

    /**
     * Elements drawn with every {@code <use>} expanded, counted up to {@code limit + 1}. A {@code <use>} whose target
     * is missing counts as nothing; one that refers to itself (directly or not) is refused by JSVG and counts once.
     */
    long expandedElements(long limit) {
        long[] weight = new long[count];
        byte[] state = new byte[count];
        long total = 0;
        for (int node = 0; node < count && total <= limit; node++) {
            if (parent[node] == NONE) {
                total = Math.min(limit + 1, total + weight(node, weight, state, limit, 0));
            }
        }
        return total;
    }

    private long weight(int node, long[] weight, byte[] state, long limit, int depth) {
        if (state[node] == 2) {
            return weight[node];
        }
        if (state[node] == 1 || depth > 4096) {
            return 1; // a reference cycle, or absurd chains: JSVG refuses them; counting them once is enough here
        }
        state[node] = 1;
        long sum = 1;
        for (int child = firstChild[node]; child != NONE && sum <= limit; child = nextSibling[child]) {
            sum += weight(child, weight, state, limit, depth + 1);
        }
        if (targets[node] != null) {
            for (String name : targets[node]) {
                Integer target = ids.get(name);
                if (target != null && sum <= limit) {
                    sum = Math.min(limit + 1, sum + weight(target, weight, state, limit, depth + 1));
                }
            }
        }
        weight[node] = Math.min(limit + 1, sum);
        state[node] = 2;
        return weight[node];
    }
}
