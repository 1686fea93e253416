package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;
import static org.imageserving.dist.TestInstallation.text;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.imageserving.dist.Load.Sample;
import org.imageserving.dist.TestInstallation.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults against one running system: {@code kill -9} of each component under load and an orderly restart while
 * requests stream (the others keep answering, requests in flight fail fast with a clear status, the supervisor brings
 * the component back within {@link #RESTART_BOUND}); a full disk under the response cache (a small tmpfs, when the
 * test runs as root); a catalog and a rule set replaced by a directory, by bytes that are no catalog, by a file cut
 * short. The figures go to stdout and {@code dist/target/faults-figures.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    /** No request may take longer, whatever is down (a loaded 2-core machine renders a thumbnail in well under 1 s). */
    static final Duration REQUEST_BOUND = Duration.ofSeconds(10);
    /**
     * From the kill to the first successful request that needs the component again. The test registry restarts after
     * {@code startDelay} 1 s; a JVM with our class path starts in 1 to 3 s here; the rest is headroom for a busy machine.
     */
    static final Duration RESTART_BOUND = Duration.ofSeconds(15);
    static final String HIT = "hit";
    static final String RENDER = "render";
    static final String SVG = "svg";
    static final String SLOW = "slow";
    static final int HIT_URLS = 6;

    @TempDir
    static Path folder;
    static TestInstallation system;
    /** The tmpfs holding the response cache, or null when this test cannot mount one. */
    static Path cacheMount;
    static String noMountReason = "";
    static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        mountSmallCacheDisk();
        system.writeCatalog("faults.ini", goodIni("faults.txt"));
        system.writeCatalog("faults.txt", records(50));
        system.writeCatalog("faults-rules.xml", rules("tower.jpg"));
        system.start();
        for (int n = 0; n < HIT_URLS; n++) {
            assertThat(system.get(hitUrl(n)).statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        figures.forEach(System.out::println);
        Path out = TestInstallation.CHECKOUT.resolve("dist/target/faults-figures.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, figures);
        keepLogs();
        system.close();
        if (cacheMount != null) {
            run("umount", cacheMount.toString());
        }
    }

    // ---------------------------------------------------------------- kill -9 and restart under load

    @Test
    @Order(1)
    void killedImageServerUnderLoad() {
        // hits never reach is; a render needs it and SVG renders go through it
        killUnderLoad("is", RENDER, Set.of(RENDER, SVG), Set.of(HIT));
    }

    @Test
    @Order(2)
    void killedSvgServerUnderLoad() {
        killUnderLoad("svg", SVG, Set.of(SVG), Set.of(HIT, RENDER));
    }

    @Test
    @Order(3)
    void killedPlatformServerUnderLoad() {
        long is = pid("is");
        long svg = pid("svg");

        killUnderLoad("ps", HIT, Set.of(HIT, RENDER, SVG), Set.of());

        assertThat(pid("is")).as("is was not restarted with ps").isEqualTo(is);
        assertThat(pid("svg")).as("svg was not restarted with ps").isEqualTo(svg);
    }

    @Test
    @Order(4)
    void restartOfTheImageServerWhileRequestsStream() throws Exception {
        long before = pid("is");
        long startedAt;
        Run restart;
        // besides the standard load, renders that take a second or more: some are surely inside is when it stops
        Map<String, IntFunction<String>> kinds = standardKinds();
        // (1.5 s on a quiet 2-core machine, where the same without the blur takes 0.2 s)
        kinds.put(SLOW, n -> "/is/image/samples/landscape.jpg?wid=" + (1500 + n % 100) + "&fmt=png&op_blur=30"
                + "&cache=off");
        try (Load load = new Load(system.psPort, REQUEST_BOUND, kinds, 1)) {
            awaitTraffic(load);
            // the command reaches is a fraction of a second after it is issued: issued as a slow render begins, that
            // render is still inside is when it is told to stop
            await("a slow render has just begun", Duration.ofSeconds(30), () -> load.completed(SLOW) >= 1
                    && load.youngestRunningMillis(SLOW) >= 0 && load.youngestRunningMillis(SLOW) < 100);
            startedAt = System.nanoTime();
            restart = system.script("restart", "is");
            long restarted = System.nanoTime();
            await("a render after the restart", RESTART_BOUND,
                    () -> load.firstOkStartedAfter(RENDER, restarted).isPresent());
            load.close();

            assertThat(restart.exitCode()).as(restart.toString()).isZero();
            assertThat(pid("is")).isPositive().isNotEqualTo(before);
            List<Sample> samples = load.samples();
            assertBounded(samples);
            assertThat(load.samples(HIT)).as("hits while is restarts").allMatch(Sample::ok);
            assertClearFailures(samples, Set.of(RENDER, SVG, SLOW), "is");
            // an orderly stop answers what is had accepted: a render running when is was told to stop is served
            long stopping = nanoTimeOfLog("ImageServer-", "Image Server stopping");
            // started 100 ms before: past ps and inside is (ps's part of a request is a few ms)
            List<Sample> inFlight = samples.stream().filter(s -> !s.kind().equals(HIT))
                    .filter(s -> s.start() < stopping - 100_000_000 && s.end() > stopping).toList();
            String around = samples.stream().filter(s -> s.kind().equals(SLOW))
                    .filter(s -> Math.abs(s.start() - stopping) < 5_000_000_000L)
                    .map(s -> String.format("[%d..%d ms %s]", (s.start() - stopping) / 1_000_000,
                            (s.end() - stopping) / 1_000_000, s.ok() ? "200" : s.status()))
                    .collect(java.util.stream.Collectors.joining(" ")) + ", the command issued at "
                    + (startedAt - stopping) / 1_000_000 + " ms";
            assertThat(inFlight).as("renders in flight when is began to stop (%s)", around).isNotEmpty()
                    .allMatch(Sample::ok);
            long gap = gapMillis(load, RENDER, startedAt);
            figures.add(String.format("restart is while streaming: restart command %d ms, renders answered again %d ms"
                    + " after it was issued, %d renders in flight at the stop all answered; %s",
                    (restarted - startedAt) / 1_000_000, gap, inFlight.size(), load.summary()));
        }
        assertAllKindsAnswer();
    }

    private static void killUnderLoad(String id, String needsIt, Set<String> affected, Set<String> unaffected) {
        long victim = pid(id);
        assertThat(victim).as(id + " pid").isPositive();
        long killedAt;
        try (Load load = standardLoad()) {
            awaitTraffic(load);
            ProcessHandle handle = ProcessHandle.of(victim).orElseThrow();
            killedAt = System.nanoTime();
            handle.destroyForcibly();
            handle.onExit().join();
            await(id + " answers again", RESTART_BOUND.plusSeconds(5),
                    () -> load.firstOkStartedAfter(needsIt, killedAt).isPresent());
            long back = (load.firstOkStartedAfter(needsIt, killedAt).orElseThrow().start() - killedAt) / 1_000_000;
            load.close();

            List<Sample> samples = load.samples();
            assertBounded(samples);
            for (String kind : unaffected) {
                List<Sample> failed = load.samples(kind).stream().filter(s -> !s.ok()).toList();
                assertThat(failed).as("%s requests while %s was down", kind, id).isEmpty();
                assertThat(load.samples(kind)).as("%s requests were sent", kind).isNotEmpty();
            }
            assertClearFailures(samples, affected, id);
            long inFlight = samples.stream().filter(s -> s.start() < killedAt && s.end() > killedAt)
                    .mapToLong(Sample::millis).max().orElse(0);
            assertThat(Duration.ofMillis(back)).as("%s back after the kill", id).isLessThan(RESTART_BOUND);
            long newPid = system.script("status", id).pid(id);
            assertThat(newPid).as("%s restarted by the supervisor", id).isPositive().isNotEqualTo(victim);
            Sample slowest = samples.stream().max(java.util.Comparator.comparingLong(Sample::millis)).orElseThrow();
            figures.add(String.format("kill -9 %s: answering again after %d ms; slowest request in flight at the kill "
                    + "%d ms; slowest of all %d ms, started %d ms after the kill (%s); %s", id, back, inFlight,
                    slowest.millis(), (slowest.start() - killedAt) / 1_000_000, slowest.kind(), load.summary()));
        }
        assertAllKindsAnswer();
    }

    /** When the last log line of a component containing {@code text} was written, on this JVM's nanoTime scale. */
    static long nanoTimeOfLog(String logPrefix, String text) {
        long nanoNow = System.nanoTime();
        long wallNow = System.currentTimeMillis();
        try (Stream<Path> files = Files.list(system.root.resolve("logs"))) {
            String line = files.filter(f -> f.getFileName().toString().startsWith(logPrefix)).sorted()
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f, StandardCharsets.ISO_8859_1).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(l -> l.contains(text)).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(
                            "no log line with " + text));
            long wall = java.time.LocalDateTime.parse(line.substring(0, 23).replace(' ', 'T'))
                    .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
            return nanoNow - (wallNow - wall) * 1_000_000;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid the supervisor recorded for a component (temp/<id>.pid): cheaper than a status command. */
    static long pid(String id) {
        try {
            return Long.parseLong(Files.readString(system.root.resolve("temp/" + id + ".pid")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** One client thread each: cached replies, renders the cache does not keep, SVG renders. */
    static Load standardLoad() {
        return new Load(system.psPort, REQUEST_BOUND, standardKinds(), 1);
    }

    static Map<String, IntFunction<String>> standardKinds() {
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put(HIT, FaultsIT::hitUrl);
        kinds.put(RENDER, n -> "/is/image/samples/tower.jpg?wid=" + (40 + n % 300) + "&cache=off");
        kinds.put(SVG, n -> "/is/image/samples/logo.svg?wid=" + (40 + n % 300) + "&fmt=png&cache=off");
        return kinds;
    }

    static String hitUrl(int n) {
        return "/is/image/samples/landscape.jpg?wid=" + (120 + n % HIT_URLS);
    }

    static void awaitTraffic(Load load) {
        await("the load runs", Duration.ofSeconds(20), () -> load.completed(HIT) >= 3 && load.completed(RENDER) >= 3
                && load.completed(SVG) >= 3);
    }

    /** Nothing hung: every request ended within the bound, none by the client's timeout. */
    static void assertBounded(List<Sample> samples) {
        assertThat(samples).as("requests over %s", REQUEST_BOUND)
                .noneMatch(s -> s.millis() >= REQUEST_BOUND.toMillis()
                        || (s.failure() != null && s.failure().contains("Timeout")));
    }

    /**
     * A request that needed the component while it was down failed with a clear status: 503 with the protocol's
     * error text and Retry-After, or, for ps itself, a refused or reset connection.
     */
    static void assertClearFailures(List<Sample> samples, Set<String> kinds, String id) {
        List<Sample> unclear = samples.stream().filter(s -> kinds.contains(s.kind()) && !s.ok())
                .filter(s -> id.equals("ps")
                        ? s.failure() == null && !clear503(s)
                        : !clear503(s))
                .toList();
        assertThat(unclear).as("failures without a clear status while %s was down", id).isEmpty();
    }

    static boolean clear503(Sample s) {
        return s.status() == 503 && s.retryAfter() && s.body().startsWith("#S7Z ERROR");
    }

    /** Milliseconds from {@code from} to the first success of a kind that started after its last failure. */
    static long gapMillis(Load load, String kind, long from) {
        long lastFailure = load.samples(kind).stream().filter(s -> !s.ok() && s.start() >= from)
                .mapToLong(Sample::end).max().orElse(from);
        return load.firstOkStartedAfter(kind, lastFailure).map(s -> (s.start() - from) / 1_000_000).orElse(-1L);
    }

    static void assertAllKindsAnswer() {
        assertThat(system.get(hitUrl(0)).statusCode()).isEqualTo(200);
        assertThat(system.get("/is/image/samples/tower.jpg?wid=77&cache=off").statusCode()).isEqualTo(200);
        assertThat(system.get("/is/image/samples/logo.svg?wid=77&fmt=png&cache=off").statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- catalogs and rule sets

    @Test
    @Order(10)
    void aCatalogReplacedByADirectoryKeepsTheLastGoodOne() throws Exception {
        assertThat(width("/is/image/faults/good")).isEqualTo(50);
        Path ini = system.root.resolve("catalog/faults.ini");
        Files.delete(ini);
        Files.createDirectory(ini);

        awaitLog("faults.ini: cannot load the catalog", 1);
        assertThat(width("/is/image/faults/good")).as("the last good catalog serves").isEqualTo(50);

        Files.delete(ini);
        system.writeCatalog("faults.txt", records(51));
        system.writeCatalog("faults.ini", goodIni("faults.txt"));
        await("the fixed catalog is picked up", Duration.ofSeconds(10), () -> width("/is/image/faults/good") == 51);
    }

    @Test
    @Order(11)
    void aCatalogOfInvalidBytesKeepsTheLastGoodOne() throws Exception {
        int before = logCount("faults.ini: cannot load the catalog");
        byte[] garbage = new byte[2048];
        new java.util.Random(17).nextBytes(garbage);
        garbage[100] = 0;
        Files.write(system.root.resolve("catalog/faults.ini"), garbage);

        awaitLog("faults.ini: cannot load the catalog", before + 1);
        assertThat(width("/is/image/faults/good")).as("the last good catalog serves").isEqualTo(51);

        system.writeCatalog("faults.txt", records(52));
        system.writeCatalog("faults.ini", goodIni("faults.txt"));
        await("the fixed catalog is picked up", Duration.ofSeconds(10), () -> width("/is/image/faults/good") == 52);
    }

    @Test
    @Order(12)
    void aCatalogCutShortMidLineKeepsTheLastGoodOne() throws Exception {
        int before = logCount("faults.ini: cannot load the catalog");
        String good = goodIni("faults.txt");
        // cut inside the name of the data file: what a copy interrupted by a full disk or a crash leaves
        system.writeCatalog("faults.ini", good.substring(0, good.indexOf("faults.txt") + 4));

        awaitLog("faults.ini: cannot load the catalog", before + 1);
        assertThat(width("/is/image/faults/good")).as("the last good catalog serves").isEqualTo(52);

        system.writeCatalog("faults.txt", records(53));
        system.writeCatalog("faults.ini", good);
        await("the fixed catalog is picked up", Duration.ofSeconds(10), () -> width("/is/image/faults/good") == 53);
    }

    @Test
    @Order(13)
    void aRuleSetCutShortKeepsTheLastGoodCatalog() throws Exception {
        assertThat(width("/is/image/faults/alias?wid=40")).as("the rule maps alias to a sample").isEqualTo(40);
        assertThat(system.get("/is/image/faults/alias?wid=40").body())
                .isEqualTo(system.get("/is/image/samples/tower.jpg?wid=40").body());
        int before = logCount("faults.ini: cannot load the catalog");
        String rules = rules("landscape.jpg");
        system.writeCatalog("faults-rules.xml", rules.substring(0, rules.length() / 2));
        touchIni();

        awaitLog("faults.ini: cannot load the catalog", before + 1);
        assertThat(system.logs()).contains("faults-rules.xml does not load");
        assertThat(system.get("/is/image/faults/alias?wid=40").body()).as("the last good rules apply")
                .isEqualTo(system.get("/is/image/samples/tower.jpg?wid=40").body());

        system.writeCatalog("faults-rules.xml", rules);
        touchIni();
        byte[] landscape = system.get("/is/image/samples/landscape.jpg?wid=40").body();
        await("the fixed rule set is picked up", Duration.ofSeconds(10),
                () -> java.util.Arrays.equals(system.get("/is/image/faults/alias?wid=40").body(), landscape));
    }

    static String goodIni(String dataFile) {
        return "RootId=faults\nRootPath=samples\nCatalogFile=" + dataFile + "\nRuleSetFile=faults-rules.xml\n";
    }

    static String records(int width) {
        return "Id\tPath\tModifier\ngood\ttower.jpg\twid=" + width + "\n";
    }

    static String rules(String target) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ruleset>\n"
                + "  <rule OnMatch=\"break\">\n    <expression>alias</expression>\n"
                + "    <substitution>" + target + "</substitution>\n  </rule>\n</ruleset>\n";
    }

    static void touchIni() throws IOException {
        Path ini = system.root.resolve("catalog/faults.ini");
        Files.setLastModifiedTime(ini, java.nio.file.attribute.FileTime.fromMillis(
                Math.max(System.currentTimeMillis(), Files.getLastModifiedTime(ini).toMillis() + 1000)));
    }

    static int width(String url) {
        HttpResponse<byte[]> response = system.get(url);
        if (response.statusCode() != 200) {
            return -response.statusCode();
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
            return image == null ? -1 : image.getWidth();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int logCount(String text) {
        String logs = system.logs();
        int count = 0;
        for (int at = logs.indexOf(text); at >= 0; at = logs.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    static void awaitLog(String text, int count) {
        await("the log says '" + text + "' " + count + " times", Duration.ofSeconds(10), () -> logCount(text) >= count);
    }

    // ---------------------------------------------------------------- a full disk under the response cache

    @Test
    @Order(20)
    void aFullCacheDiskServesUncachedAndRecovers() throws Exception {
        Assumptions.assumeTrue(cacheMount != null, "needs a small tmpfs for the cache: " + noMountReason);
        Path entries = cacheMount.resolve("is-response");
        Path filler = cacheMount.resolve("filler");
        fill(filler);
        int entriesWhenFull = files(entries, ".entry").size();
        int fullBefore = logCount("response cache: cannot store entries");
        long wallStart = System.nanoTime();

        List<byte[]> served = new ArrayList<>();
        for (int wid = 200; wid < 210; wid++) {
            for (int twice = 0; twice < 2; twice++) {
                HttpResponse<byte[]> response = system.get("/is/image/samples/landscape.jpg?wid=" + wid);
                assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
                assertThat(image).isNotNull();
                assertThat(image.getWidth()).isEqualTo(wid);
                if (twice == 0) {
                    served.add(response.body());
                }
            }
        }
        long fullMillis = (System.nanoTime() - wallStart) / 1_000_000;
        assertThat(files(entries, ".entry")).as("nothing was stored on the full disk").hasSize(entriesWhenFull);
        assertThat(files(entries, ".tmp")).as("no half-written entry is left").isEmpty();
        assertThat(system.logs()).contains("response cache: cannot store entries");
        assertThat(logCount("response cache: cannot store entries"))
                .as("a full disk is logged once, not once per request").isEqualTo(fullBefore + 1);

        Files.delete(filler);
        for (int i = 0; i < 10; i++) {
            HttpResponse<byte[]> response = system.get("/is/image/samples/landscape.jpg?wid=" + (200 + i));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).as("the same reply once the disk has room").isEqualTo(served.get(i));
        }
        await("replies are stored again", Duration.ofSeconds(10),
                () -> files(entries, ".entry").size() >= entriesWhenFull + 10);
        assertThat(system.logs()).contains("response cache: entries are stored again");
        for (int i = 0; i < 10; i++) {
            assertThat(system.get("/is/image/samples/landscape.jpg?wid=" + (200 + i)).body())
                    .as("hits serve the whole reply").isEqualTo(served.get(i));
        }
        assertThat(files(entries, ".tmp")).isEmpty();
        figures.add(String.format("full cache disk: 20 requests served uncached in %d ms, all 200 and whole; "
                + "stored again once the filler was removed", fullMillis));
    }

    static void mountSmallCacheDisk() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Integer.valueOf(0).equals(uid)) {
            noMountReason = "not root (uid " + uid + "), cannot mount a tmpfs";
            return;
        }
        Path mount = Files.createDirectories(folder.resolve("cache-disk"));
        String result = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        if (!result.isEmpty()) {
            noMountReason = "mount -t tmpfs failed: " + result;
            return;
        }
        cacheMount = mount;
        system.edit("PlatformServer.conf", Map.of("cache.rootPaths=./cache", "cache.rootPaths=" + mount));
    }

    /** Writes the file until the disk refuses another byte. */
    static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE_NEW)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
        // the last block did not fit whole: top up in pages
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(block, 0, 4096);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
    }

    static List<Path> files(Path under, String suffix) {
        if (!Files.isDirectory(under)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(under)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command; empty when it succeeded, else what it printed. */
    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? "" : "exit " + process.exitValue() + ": " + output.strip();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static void keepLogs() throws IOException {
        Path kept = TestInstallation.CHECKOUT.resolve("dist/target/faults-logs");
        if (Files.isDirectory(folder.resolve("logs"))) {
            Files.createDirectories(kept);
            try (Stream<Path> files = Files.list(folder.resolve("logs"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
