package org.imageserving.dist;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Client threads that send requests to the Platform Server until closed, each request bounded by {@link #bound} (a
 * request that takes longer is recorded as a timeout, never waited for), and keep what happened to every one.
 * Each thread sends one kind of request ("hit", "render", ...), its URLs made from a running counter.
 */
final class Load implements AutoCloseable {
    /** One request: its kind, URL, when it started and ended (nanoTime), its status, or the exception it ended with. */
    record Sample(String kind, String url, long start, long end, int status, String failure, String body,
            boolean retryAfter) {
        boolean ok() {
            return status == 200;
        }

        long millis() {
            return (end - start) / 1_000_000;
        }

        @Override
        public String toString() {
            return kind + " " + url + " " + millis() + " ms: " + (failure != null ? failure : status + " " + body);
        }
    }

    final Duration bound;
    private final HttpClient http;
    private final int port;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    /** Per client thread, its kind and when its current request started (nanoTime), 0 between requests. */
    private final Map<Thread, String> kindOf = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Thread, Long> currentStart = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts {@code threadsPerKind} threads for each kind; a kind's function makes the URL of its n-th request. */
    Load(int port, Duration bound, Map<String, IntFunction<String>> kinds, int threadsPerKind) {
        this.port = port;
        this.bound = bound;
        this.http = HttpClient.newBuilder().connectTimeout(bound).build();
        int thread = 0;
        for (Map.Entry<String, IntFunction<String>> kind : kinds.entrySet()) {
            for (int t = 0; t < threadsPerKind; t++) {
                int offset = 1000 * thread++;
                Thread client = new Thread(() -> loop(kind.getKey(), kind.getValue(), offset), "load-" + kind.getKey());
                client.setDaemon(true);
                kindOf.put(client, kind.getKey());
                threads.add(client);
            }
        }
        threads.forEach(Thread::start);
    }

    private void loop(String kind, IntFunction<String> urls, int offset) {
        for (int n = offset; running.get(); n++) {
            currentStart.put(Thread.currentThread(), System.nanoTime());
            Sample sample = send(kind, urls.apply(n));
            currentStart.put(Thread.currentThread(), 0L);
            samples.add(sample);
            if (!sample.ok()) {
                pause(); // as a real client would: a refused connection must not become a busy loop on 2 cores
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Sample send(String kind, String url) {
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url))
                    .timeout(bound).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            String body = response.statusCode() == 200 ? ""
                    : new String(response.body(), 0, Math.min(200, response.body().length), StandardCharsets.UTF_8)
                            .replace('\n', ' ');
            return new Sample(kind, url, start, System.nanoTime(), response.statusCode(), null, body,
                    response.headers().firstValue("Retry-After").isPresent());
        } catch (IOException e) {
            return new Sample(kind, url, start, System.nanoTime(), -1, e.getClass().getSimpleName() + ": " + e.getMessage(), "",
                    false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sample(kind, url, start, System.nanoTime(), -1, "interrupted", "", false);
        }
    }

    /** Every request finished so far. */
    List<Sample> samples() {
        return List.copyOf(samples);
    }

    List<Sample> samples(String kind) {
        return samples.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    /** The first successful request of a kind that started at or after {@code nanoTime}, if any. */
    java.util.Optional<Sample> firstOkStartedAfter(String kind, long nanoTime) {
        return samples.stream().filter(s -> s.kind().equals(kind) && s.ok() && s.start() >= nanoTime)
                .min(java.util.Comparator.comparingLong(Sample::start));
    }

    /** How long the youngest request of a kind now under way has been running, in ms; -1 when none is. */
    long youngestRunningMillis(String kind) {
        long now = System.nanoTime();
        return currentStart.entrySet().stream()
                .filter(e -> kind.equals(kindOf.get(e.getKey())) && e.getValue() != 0L)
                .mapToLong(e -> (now - e.getValue()) / 1_000_000).min().orElse(-1);
    }

    long completed(String kind) {
        return samples.stream().filter(s -> s.kind().equals(kind)).count();
    }

    /** "kind: n requests, k ok, slowest m ms, statuses {...}" per kind, for reports. */
    String summary() {
        return samples.stream().collect(Collectors.groupingBy(Sample::kind, java.util.TreeMap::new, Collectors.toList()))
                .entrySet().stream().map(e -> {
                    List<Sample> of = e.getValue();
                    Map<String, Long> outcomes = of.stream().collect(Collectors.groupingBy(
                            s -> s.failure() != null ? s.failure().split(":")[0] : String.valueOf(s.status()),
                            java.util.TreeMap::new, Collectors.counting()));
                    return String.format("%s: %d requests, slowest %d ms, %s", e.getKey(), of.size(),
                            of.stream().mapToLong(Sample::millis).max().orElse(0), outcomes);
                }).collect(Collectors.joining("; "));
    }

    /** Stops the threads after their current request (each bounded, so this returns within the bound). */
    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(bound.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
