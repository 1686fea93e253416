package org.imageserving.ps.cachecluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.imageserving.ps.cachecluster.ClusterHosts.Peer;
import org.imageserving.ps.cacheservice.CacheServiceServlet;
import org.imageserving.ps.image.RenderedImage;
import org.imageserving.ps.responsecache.CacheEntry;
import org.imageserving.ps.responsecache.CachedRenderer;
import org.imageserving.ps.responsecache.DiskResponseCache;
import org.imageserving.ps.responsecache.EntryTransfer;
import org.imageserving.ps.responsecache.ResponseCache;
import org.imageserving.ps.responsecache.StoredEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache cluster client against real peers: embedded Tomcats with the real caching service over a real disk
 * cache, and, for the faults a Tomcat does not make on demand, a raw socket server that answers as told (hangs,
 * stops mid-body, sends damaged bytes).
 */
class CacheClusterClientTest {
    /**
     * Long enough for any peer that answers at all on a busy 2-core machine (a cold Tomcat's first answer can take
     * half a second): only the tests of a peer that never answers wait for a query timeout, and they use
     * {@link #SHORT_QUERY} after warming the peers that do answer.
     */
    private static final Duration QUERY = Duration.ofSeconds(10);
    private static final Duration SHORT_QUERY = Duration.ofSeconds(1);
    private static final Duration FETCH = Duration.ofSeconds(1);
    private static final String HASH = ResponseCache.hash("2|catalog/photo?wid=100");
    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00.123Z");

    @TempDir
    Path folder;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Counted events = new Counted();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    @Test
    void aPeerThatHasTheEntryHandsItOverWholeWithWhatALocalHitNeeds() throws Exception {
        Peer peer = tomcatPeer("a", true);
        Optional<CacheEntry> found = client(peer).find(HASH, Instant.EPOCH);
        CacheEntry entry = found.orElseThrow();
        assertThat(entry.body()).isEqualTo(body());
        assertThat(entry.contentType()).isEqualTo("image/jpeg");
        assertThat(entry.etag()).isEqualTo(RenderedImage.md5(body()));
        assertThat(entry.created()).isEqualTo(CREATED);
        assertThat(entry.sourceVersion()).isEqualTo("/images/photo.jpg|123|4567");
        assertThat(entry.properties()).containsEntry("image.width", "100");
        assertThat(events.counts()).isEqualTo("hit=1 miss=0 error=0 skipped=0");
    }

    @Test
    void whenNoPeerHasItTheLookupIsAMissAndNoPeerIsBlamed() throws Exception {
        CacheClusterClient client = client(tomcatPeer("a", false), tomcatPeer("b", false));
        assertThat(client.find(HASH, Instant.EPOCH)).isEmpty();
        assertThat(client.find(HASH, Instant.EPOCH)).isEmpty();
        assertThat(events.counts()).isEqualTo("hit=0 miss=2 error=0 skipped=0");
    }

    @Test
    void anEntryOlderThanTheAskersCatalogIsNotHandedOver() throws Exception {
        Peer peer = tomcatPeer("a", true);
        assertThat(client(peer).find(HASH, CREATED.plusMillis(1))).isEmpty();
        assertThat(client(peer).find(HASH, CREATED)).isPresent();
    }

    @Test
    void theFirstPeerToHaveItWinsWithoutWaitingForASlowOne() throws Exception {
        Peer hung = rawPeer(Reply.HANG, null);
        Peer good = tomcatPeer("a", true);
        CacheClusterClient client = client(hung, good);
        assertThat(client.find(HASH, Instant.EPOCH)).isPresent();
        assertThat(events.counts()).isEqualTo("hit=1 miss=0 error=0 skipped=0");
        assertThat(client.skipping(hung)).as("it was not waited for, so not blamed").isFalse();
    }

    @Test
    void aPeerThatDoesNotAnswerCostsItsQueryTimeoutOnceAndIsThenSkipped() throws Exception {
        Peer hung = rawPeer(Reply.HANG, null);
        Peer empty = tomcatPeer("a", false);
        assertThat(client(empty).find(HASH, Instant.EPOCH)).as("warming up").isEmpty();
        events.reset();
        CacheClusterClient client = new CacheClusterClient(List.of(hung, empty), SHORT_QUERY, FETCH, 1 << 20, events,
                System::nanoTime);
        assertThat(client.find(HASH, Instant.EPOCH)).isEmpty();
        assertThat(events.counts()).isEqualTo("hit=0 miss=1 error=1 skipped=0");
        assertThat(client.skipping(hung)).isTrue();
        assertThat(client.skipping(empty)).isFalse();
        assertThat(client.find(HASH, Instant.EPOCH)).isEmpty();
        assertThat(events.counts()).as("the second lookup did not ask it").isEqualTo("hit=0 miss=2 error=1 skipped=1");
    }

    @Test
    void aDeadPeerIsAnErrorAndThenSkipped() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Peer dead = new Peer("127.0.0.1", closedPort);
        CacheClusterClient client = client(dead);
        assertThat(client.find(HASH, Instant.EPOCH)).isEmpty();
        assertThat(client.find(HASH, Instant.EPOCH)).isEmpty();
        assertThat(events.counts()).isEqualTo("hit=0 miss=2 error=1 skipped=1");
    }

    @Test
    void aReplyThatIsNotWholeIsNeverUsed() throws Exception {
        byte[] whole = wholeEntryFile();
        byte[] damaged = whole.clone();
        damaged[damaged.length / 2] ^= 0x01;
        for (Peer peer : List.of(rawPeer(Reply.SHORT, whole), rawPeer(Reply.AS_IS, damaged),
                rawPeer(Reply.STALL_MID_BODY, whole), rawPeer(Reply.AS_IS, Arrays.copyOf(whole, 40)))) {
            Counted own = new Counted();
            CacheClusterClient client = new CacheClusterClient(List.of(peer), QUERY, FETCH, 1 << 20, own,
                    System::nanoTime);
            assertThat(client.find(HASH, Instant.EPOCH)).as("%s", peer).isEmpty();
            assertThat(own.counts()).as("%s", peer).isEqualTo("hit=0 miss=1 error=1 skipped=0");
            assertThat(client.skipping(peer)).isTrue();
        }
        // the same bytes whole are taken: the faults above are what was refused
        Counted own = new Counted();
        assertThat(new CacheClusterClient(List.of(rawPeer(Reply.AS_IS, whole)), QUERY, FETCH, 1 << 20, own,
                System::nanoTime).find(HASH, Instant.EPOCH)).isPresent();
    }

    @Test
    void anEntryLargerThanTheLimitIsRefusedBeforeItsBody() throws Exception {
        CacheClusterClient client = new CacheClusterClient(List.of(tomcatPeer("a", true)), QUERY, FETCH, 100, events,
                System::nanoTime);
        assertThat(client.find(HASH, Instant.EPOCH)).isEmpty();
        assertThat(events.counts()).isEqualTo("hit=0 miss=1 error=1 skipped=0");
    }

    @Test
    void aMissServedFromAPeerRendersNothingAndIsKeptWhenUpdateLocalCacheSaysSo() throws Exception {
        Peer peer = tomcatPeer("a", true);
        for (boolean keep : new boolean[] {true, false}) {
            DiskResponseCache local = new DiskResponseCache(List.of(folder.resolve("local-" + keep)), 1 << 20, 100);
            started.add(local);
            AtomicInteger renders = new AtomicInteger();
            CachedRenderer renderer = new CachedRenderer(local, Clock.systemUTC(), Duration.ofMinutes(5), client(peer),
                    keep, renders::incrementAndGet);
            CachedRenderer.Outcome outcome = renderer.serveHashed(HASH, CachedRenderer.ServerMode.ON, false,
                    Instant.EPOCH, () -> "/images/photo.jpg|123|4567", () -> {
                        throw new AssertionError("rendered although a peer had the entry");
                    });
            assertThat(outcome.use()).isEqualTo(CachedRenderer.Use.REUSED);
            assertThat(outcome.image().body()).isEqualTo(body());
            assertThat(outcome.image().etag()).isEqualTo(RenderedImage.md5(body()));
            assertThat(renders).hasValue(0);
            assertThat(local.getByHash(HASH).isPresent()).as("kept locally: updateLocalCache=%s", keep).isEqualTo(keep);
        }
    }

    @Test
    void aStalePeerEntryWhoseSourceChangedIsRenderedAgain() throws Exception {
        Peer peer = tomcatPeer("a", true); // validated at CREATED, long before now
        DiskResponseCache local = new DiskResponseCache(List.of(folder.resolve("local")), 1 << 20, 100);
        started.add(local);
        AtomicInteger renders = new AtomicInteger();
        CachedRenderer renderer = new CachedRenderer(local, Clock.systemUTC(), Duration.ofMinutes(5), client(peer),
                true, renders::incrementAndGet);
        CachedRenderer.Outcome outcome = renderer.serveHashed(HASH, CachedRenderer.ServerMode.ON, false,
                Instant.EPOCH, () -> "/images/photo.jpg|999|4567",
                () -> new RenderedImage("image/jpeg", "new".getBytes(StandardCharsets.UTF_8), Map.of()));
        assertThat(outcome.use()).isEqualTo(CachedRenderer.Use.CREATED);
        assertThat(renders).hasValue(1);
    }

    // ---- peers

    private static byte[] body() {
        return "JPEG bytes of a 100 px thumbnail".getBytes(StandardCharsets.UTF_8);
    }

    private static CacheEntry entry() {
        return new CacheEntry("image/jpeg", body(), CREATED, CREATED, "/images/photo.jpg|123|4567",
                Map.of("image.width", "100"));
    }

    private CacheClusterClient client(Peer... peers) {
        return new CacheClusterClient(List.of(peers), QUERY, FETCH, 1 << 20, events, System::nanoTime);
    }

    private byte[] wholeEntryFile() throws IOException {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder.resolve("source")), 1 << 20, 100);
        started.add(cache);
        StoredEntry stored = cache.putHashed(HASH, entry()).orElseThrow();
        return EntryTransfer.wireForm(stored).orElseThrow();
    }

    /** A Tomcat with the real caching service over a real disk cache, holding the entry or not. */
    private Peer tomcatPeer(String name, boolean holding) throws Exception {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder.resolve("peer-" + name)), 1 << 20, 100);
        if (holding) {
            cache.putHashed(HASH, entry());
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(folder.resolve("tomcat-" + name).toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "cache", new CacheServiceServlet(cache, ""));
        context.addServletMappingDecoded("/is/cache/*", "cache");
        tomcat.start();
        started.add(() -> {
            tomcat.stop();
            tomcat.destroy();
            cache.close();
        });
        return new Peer("127.0.0.1", connector.getLocalPort());
    }

    private enum Reply { HANG, AS_IS, SHORT, STALL_MID_BODY }

    /** A socket server that reads a request and answers as told, on every connection. */
    private Peer rawPeer(Reply reply, byte[] entryFile) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> connections = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    synchronized (connections) {
                        connections.add(socket);
                    }
                    answer(socket, reply, entryFile);
                } catch (IOException | InterruptedException e) {
                    // closed by the test, or the client gave up
                }
            }
        }, "raw-peer");
        acceptor.setDaemon(true);
        acceptor.start();
        started.add(() -> {
            server.close();
            synchronized (connections) {
                for (Socket s : connections) {
                    s.close();
                }
            }
        });
        return new Peer("127.0.0.1", server.getLocalPort());
    }

    private static void answer(Socket socket, Reply reply, byte[] entryFile) throws IOException, InterruptedException {
        InputStream in = socket.getInputStream();
        int matched = 0;
        while (matched < 4) { // the request head ends with CR LF CR LF
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        if (reply == Reply.HANG) {
            return; // the connection stays open, unanswered, until the test ends
        }
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + EntryTransfer.MEDIA_TYPE + "\r\nContent-Length: "
                + entryFile.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        switch (reply) {
            case AS_IS -> {
                out.write(entryFile);
                out.flush();
                socket.close();
            }
            case SHORT -> {
                out.write(entryFile, 0, entryFile.length - 5);
                out.flush();
                socket.close();
            }
            case STALL_MID_BODY -> {
                out.write(entryFile, 0, entryFile.length / 2);
                out.flush(); // and nothing more: the fetch timeout ends it
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The client's reports, counted. */
    private static final class Counted implements ClusterEvents {
        private final AtomicInteger hit = new AtomicInteger();
        private final AtomicInteger miss = new AtomicInteger();
        private final AtomicInteger error = new AtomicInteger();
        private final AtomicInteger skipped = new AtomicInteger();

        @Override
        public void hit() {
            hit.incrementAndGet();
        }

        @Override
        public void miss() {
            miss.incrementAndGet();
        }

        @Override
        public void error() {
            error.incrementAndGet();
        }

        @Override
        public void skipped() {
            skipped.incrementAndGet();
        }

        void reset() {
            for (AtomicInteger count : List.of(hit, miss, error, skipped)) {
                count.set(0);
            }
        }

        String counts() {
            return "hit=" + hit + " miss=" + miss + " error=" + error + " skipped=" + skipped;
        }
    }
}
