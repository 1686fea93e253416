package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.imageserving.dist.Load.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed load (cache hits, renders with {@code cache=off}, errors, {@code req=props} and {@code req=imageprops})
 * against one running system, with the resident memory, threads and open file descriptors of every process sampled
 * from {@code /proc} before, during and after. They must stay flat: see {@link #assertFlat} for the thresholds and why.
 * The default run lasts {@link #DEFAULT_SECONDS}; {@code -Dsoak.minutes=10} runs the long one. The figures go to stdout
 * and {@code dist/target/soak-figures.txt}.
 */
class SoakIT {
    static final int DEFAULT_SECONDS = 15;
    static final Duration REQUEST_BOUND = Duration.ofSeconds(10);
    static final int HIT_URLS = 20;
    static final String[] PROCESSES = {"supervisor", "is", "svg", "ps"};

    @TempDir
    static Path folder;
    static TestInstallation system;
    static Map<String, Long> pids = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        system = TestInstallation.create(folder);
        system.start();
        var status = system.script("status");
        for (String id : PROCESSES) {
            pids.put(id, status.pid(id));
        }
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    /** One reading of a process; {@code liveHeapKb} is -1 unless the reading forced a collection first. */
    record Usage(long rssKb, int threads, int fds, long liveHeapKb, long maxHeapMb) {
        static Usage of(long pid) {
            try {
                long rss = -1;
                int threads = -1;
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("\\D", ""));
                    } else if (line.startsWith("Threads:")) {
                        threads = Integer.parseInt(line.replaceAll("\\D", ""));
                    }
                }
                try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                    return new Usage(rss, threads, (int) fds.count(), -1, -1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read /proc/" + pid + " (did the process end?)", e);
            }
        }

        /**
         * The heap a full collection leaves (what the process holds on to, unlike RSS, which a collector that grows the
         * heap for its pause goal raises in steps), and the reading taken right after it.
         */
        static Usage afterFullGc(long pid) {
            String info = jcmd(pid, "GC.run", "GC.heap_info", "VM.flags");
            // one line per generation (Serial: "def new generation", "tenured generation"; G1: "garbage-first heap"),
            // each "total NK, used NK"; Metaspace's line has no total
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
            long heap = 0;
            boolean found = false;
            while (used.find()) {
                heap += Long.parseLong(used.group(1));
                found = true;
            }
            if (!found) {
                throw new AssertionError("no heap use in jcmd GC.heap_info: " + info);
            }
            java.util.regex.Matcher max = java.util.regex.Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(info);
            assertThat(max.find()).as("MaxHeapSize in %s", info).isTrue();
            Usage now = of(pid);
            return new Usage(now.rssKb(), now.threads(), now.fds(), heap, Long.parseLong(max.group(1)) >> 20);
        }

        @Override
        public String toString() {
            return String.format("%6.1f MB %3d thr %3d fd %s", rssKb / 1024.0, threads, fds,
                    liveHeapKb < 0 ? "" : String.format("live %.1f/%d", liveHeapKb / 1024.0, maxHeapMb));
        }
    }

    /** Runs commands of jcmd (of the JDK running this test) against a component, in one attach. */
    static String jcmd(long pid, String... commands) {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        try {
            Path file = Files.createTempFile("jcmd", ".txt");
            Files.write(file, List.of(commands));
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "-f", file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            boolean ended = process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            Files.delete(file);
            if (!ended || process.exitValue() != 0) {
                throw new AssertionError("jcmd " + pid + " " + List.of(commands) + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A reading of every process at one moment of the run. */
    record Reading(String when, long second, Map<String, Usage> usage) {}

    @Test
    void aMixedLoadLeavesMemoryThreadsAndFileDescriptorsFlat() throws Exception {
        Duration duration = Duration.ofSeconds(System.getProperty("soak.minutes") != null
                ? Math.round(Double.parseDouble(System.getProperty("soak.minutes")) * 60) : DEFAULT_SECONDS);
        long intervalMs = Math.max(2_000, duration.toMillis() / 30);
        for (int n = 0; n < HIT_URLS; n++) {
            assertThat(system.get(hitUrl(n)).statusCode()).isEqualTo(200);
        }
        List<Reading> readings = new ArrayList<>();
        long begin = System.nanoTime();
        readings.add(read("before", begin));

        Load load = new Load(system.psPort, REQUEST_BOUND, kinds(), 1);
        Reading warm = null;
        Duration warmUp = duration.dividedBy(5);
        long end = begin + duration.toNanos();
        try {
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(intervalMs, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                boolean warmNow = warm == null && System.nanoTime() - begin >= warmUp.toNanos();
                Reading reading = warmNow ? readAfterFullGc("warm", begin) : read("during", begin);
                readings.add(reading);
                if (warmNow) {
                    warm = reading;
                }
            }
        } finally {
            load.close();
        }
        Reading endOfLoad = read("end of load", begin);
        readings.add(endOfLoad);
        List<Sample> samples = load.samples();
        // idle keep-alive connections close after Tomcat's keepAliveTimeout (20 s); the client's pool is dropped so
        // the test sees what the server holds after the load, not what a client keeps open
        load = null;
        System.gc();
        Thread.sleep(3_000);
        Reading after = readAfterFullGc("after", begin);
        readings.add(after);

        String table = table(readings, samples, duration);
        System.out.println(table);
        Path out = TestInstallation.CHECKOUT.resolve("dist/target/soak-figures.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);

        assertThat(warm).as("a warm reading was taken").isNotNull();
        assertRequests(samples);
        var status = system.script("status");
        for (String id : PROCESSES) {
            assertThat(status.pid(id)).as("%s ran through the soak without a restart", id).isEqualTo(pids.get(id));
        }
        assertFlat(readings, warm, endOfLoad, after);
    }

    static Map<String, IntFunction<String>> kinds() {
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("hit", SoakIT::hitUrl);
        kinds.put("miss", n -> "/is/image/samples/tower.jpg?wid=" + (40 + n % 400) + "&cache=off");
        kinds.put("error", n -> switch (n % 4) {
            case 0 -> "/is/image/samples/missing" + n + ".jpg?wid=100";
            case 1 -> "/is/image/samples/tower.jpg?wid=-" + n;
            case 2 -> "/is/content/samples/nothing" + n + ".txt";
            default -> "/is/image/samples/tower.jpg?req=nosuchrequest" + n;
        });
        kinds.put("props", n -> n % 2 == 0
                ? "/is/image/samples/landscape.jpg?req=props&wid=" + (100 + n % 50)
                : "/is/image/samples/" + (n % 4 == 1 ? "tower.jpg" : "tiles.png") + "?req=imageprops");
        return kinds;
    }

    static String hitUrl(int n) {
        return "/is/image/samples/landscape.jpg?wid=" + (200 + n % HIT_URLS);
    }

    Reading read(String when, long begin) {
        Map<String, Usage> usage = new LinkedHashMap<>();
        for (String id : PROCESSES) {
            usage.put(id, Usage.of(pids.get(id)));
        }
        return new Reading(when, (System.nanoTime() - begin) / 1_000_000_000, usage);
    }

    Reading readAfterFullGc(String when, long begin) {
        Map<String, Usage> usage = new LinkedHashMap<>();
        for (String id : PROCESSES) {
            usage.put(id, Usage.afterFullGc(pids.get(id)));
        }
        return new Reading(when, (System.nanoTime() - begin) / 1_000_000_000, usage);
    }

    /** Hits, misses and properties are answered, errors get their 4xx, nothing fails otherwise or takes too long. */
    static void assertRequests(List<Sample> samples) {
        assertThat(samples).as("requests over %s", REQUEST_BOUND).allMatch(s -> s.millis() < REQUEST_BOUND.toMillis());
        assertThat(samples.stream().filter(s -> s.failure() != null).toList()).as("requests that got no answer").isEmpty();
        for (Sample s : samples) {
            if (s.kind().equals("error")) {
                assertThat(s.status()).as(s.toString()).isBetween(400, 499);
            } else {
                assertThat(s.status()).as(s.toString()).isEqualTo(200);
            }
        }
    }

    /**
     * Flat means, against the reading after the warm-up (pools filled, classes loaded, the JIT done with the hot code):
     * <ul>
     *   <li>file descriptors: at most {@value #FD_SLACK} more at any time and after the load: one per keep-alive
     *       connection of the four clients and a few for log rotation and cache files in flight; a leak of one per
     *       request would be thousands;</li>
     *   <li>threads: at most {@value #THREAD_SLACK} more: Tomcat and the connection pool to is may add spare
     *       threads for bursts; a thread per request would be thousands;</li>
     *   <li>the heap a full collection leaves (what a process holds on to): at most {@value #LIVE_GROWTH_PERCENT} %
     *       + 16 MB more after the load than after the warm-up: the bounded memos (request plans, header dates) and
     *       the held cache bodies fill up during the load; a leak of a few hundred bytes per request would exceed it
     *       within the long run (two million requests);</li>
     *   <li>resident memory: a collector that grows the heap for throughput raises RSS in steps that are no leak
     *       (ps's G1 went from 181 to 305 MB once in a 10-minute run while its heap after a full collection stayed at
     *       13 MB), so RSS is bounded by what the process may take: its heap limit and {@value #NATIVE_MB} MB for
     *       code, metaspace, thread stacks and buffers.</li>
     * </ul>
     */
    static void assertFlat(List<Reading> readings, Reading warm, Reading endOfLoad, Reading after) {
        for (String id : PROCESSES) {
            Usage base = warm.usage().get(id);
            for (Reading reading : readings.subList(readings.indexOf(warm), readings.size())) {
                Usage now = reading.usage().get(id);
                assertThat(now.fds()).as("%s fds at %s s (warm %d)", id, reading.second(), base.fds())
                        .isLessThanOrEqualTo(base.fds() + FD_SLACK);
                assertThat(now.threads()).as("%s threads at %s s (warm %d)", id, reading.second(), base.threads())
                        .isLessThanOrEqualTo(base.threads() + THREAD_SLACK);
                assertThat(now.rssKb()).as("%s RSS KB at %s s", id, reading.second())
                        .isLessThanOrEqualTo((base.maxHeapMb() + NATIVE_MB) * 1024L);
            }
            long liveBound = base.liveHeapKb() * (100 + LIVE_GROWTH_PERCENT) / 100 + 16 * 1024;
            assertThat(after.usage().get(id).liveHeapKb()).as("%s heap KB after a full collection (warm %d)", id,
                    base.liveHeapKb()).isLessThanOrEqualTo(liveBound);
        }
    }

    static final int FD_SLACK = 10;
    static final int THREAD_SLACK = 20;
    static final int LIVE_GROWTH_PERCENT = 20;
    static final int NATIVE_MB = 256;

    static String table(List<Reading> readings, List<Sample> samples, Duration duration) {
        StringBuilder table = new StringBuilder();
        table.append(String.format("SoakIT: %d s of mixed load, 4 client threads%n", duration.toSeconds()));
        table.append(String.format("%-12s %5s", "reading", "s"));
        for (String id : PROCESSES) {
            table.append(String.format(" | %-40s", id + " (RSS, threads, fds, live/max heap MB)"));
        }
        table.append('\n');
        for (Reading reading : readings) {
            table.append(String.format("%-12s %5d", reading.when(), reading.second()));
            for (String id : PROCESSES) {
                table.append(String.format(" | %-40s", reading.usage().get(id)));
            }
            table.append('\n');
        }
        Map<String, List<Long>> millis = new LinkedHashMap<>();
        for (Sample s : samples) {
            millis.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s.millis());
        }
        for (Map.Entry<String, List<Long>> kind : millis.entrySet()) {
            List<Long> sorted = kind.getValue().stream().sorted().toList();
            table.append(String.format("%-6s %7d requests, p50 %4d ms, p99 %5d ms, max %5d ms%n", kind.getKey(),
                    sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)),
                    sorted.get(sorted.size() - 1)));
        }
        return table.toString();
    }
}
