package org.imageserving.tools.playlog;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What a replay did: requests sent, answers by status, transport errors, lines skipped, time taken. */
final class ReplaySummary {
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final AtomicInteger errors = new AtomicInteger();
    private int requests;
    private int skippedLines;

    synchronized void sent() {
        requests++;
    }

    synchronized void answered(int status) {
        statuses.merge(status, 1, Integer::sum);
    }

    void failed() {
        errors.incrementAndGet();
    }

    synchronized void skipped() {
        skippedLines++;
    }

    synchronized int requests() {
        return requests;
    }

    int errors() {
        return errors.get();
    }

    synchronized Map<Integer, Integer> statuses() {
        return new TreeMap<>(statuses);
    }

    synchronized int serverErrors() {
        return statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(Map.Entry::getValue).sum();
    }

    synchronized String describe(Duration elapsed) {
        StringBuilder byStatus = new StringBuilder();
        statuses.forEach((status, count) -> byStatus.append(byStatus.length() == 0 ? "" : ", ").append(status).append(" x").append(count));
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        return String.format(Locale.ROOT, "playlog: %d requests in %.1f s (%.1f/s); statuses: %s; %d errors; %d lines skipped",
                requests, seconds, requests / seconds, byStatus.length() == 0 ? "none" : byStatus, errors.get(), skippedLines);
    }
}
