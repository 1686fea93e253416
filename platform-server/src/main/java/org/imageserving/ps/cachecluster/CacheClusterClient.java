package org.imageserving.ps.cachecluster;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.imageserving.ps.responsecache.CacheEntry;
import org.imageserving.ps.responsecache.EntryTransfer;
import org.imageserving.ps.responsecache.PeerCaches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cache cluster's peers for an entry, as {@code PS::cacheCluster.*} documents: all peers at once; the first
 * that has it wins; the query ends when one has it, when all said they have not, or after
 * {@code cacheCluster.queryTimeout}; the winner then has {@code cacheCluster.fetchTimeout} to deliver the whole entry,
 * or the entry is rendered locally. A peer that fails is skipped for a while ({@link PeerBreaker}).
 *
 * <p>Peers answer such questions from their own response cache only ({@code /is/cache} never asks further), so two
 * nodes that miss the same key never ask each other in a loop.
 */
public final class CacheClusterClient implements PeerCaches {
    private static final Logger LOG = LoggerFactory.getLogger(CacheClusterClient.class);

    private final Map<ClusterHosts.Peer, PeerBreaker> peers = new LinkedHashMap<>();
    private final HttpClient http;
    private final Duration queryTimeout;
    private final Duration fetchTimeout;
    private final long maxEntryBytes;
    private final ClusterEvents events;

    /**
     * @param maxEntryBytes the largest entry file accepted from a peer
     * @param nanoTime      the clock of the back-off
     */
    public CacheClusterClient(List<ClusterHosts.Peer> peers, Duration queryTimeout, Duration fetchTimeout,
                              long maxEntryBytes, ClusterEvents events, LongSupplier nanoTime) {
        peers.forEach(peer -> this.peers.put(peer, new PeerBreaker(nanoTime)));
        this.queryTimeout = queryTimeout;
        this.fetchTimeout = fetchTimeout;
        this.maxEntryBytes = Math.min(maxEntryBytes, Integer.MAX_VALUE - 16);
        this.events = events;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(queryTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Whether a peer is being skipped now (for tests and the log). */
    public boolean skipping(ClusterHosts.Peer peer) {
        return peers.get(peer).skipping();
    }

    @Override
    public Optional<CacheEntry> find(String hash, Instant createdAfter) {
        List<PeerAsk> asks = new ArrayList<>();
        for (Map.Entry<ClusterHosts.Peer, PeerBreaker> peer : peers.entrySet()) {
            if (peer.getValue().tryAsk()) {
                asks.add(new PeerAsk(http, peer.getKey(), hash, createdAfter.toEpochMilli(), maxEntryBytes,
                        queryTimeout.plus(fetchTimeout)));
            } else {
                events.skipped();
            }
        }
        if (asks.isEmpty()) {
            events.miss();
            return Optional.empty();
        }
        PeerAsk winner = firstToHave(asks);
        for (PeerAsk ask : asks) {
            if (ask != winner) {
                settle(ask, winner != null);
            }
        }
        Optional<CacheEntry> entry = winner == null ? Optional.empty() : fetch(winner, createdAfter);
        if (entry.isPresent()) {
            events.hit();
        } else {
            events.miss();
        }
        return entry;
    }

    /** The first ask answered 200, or null when all said no (or failed) or the query timeout passed. */
    private PeerAsk firstToHave(List<PeerAsk> asks) {
        CompletableFuture<PeerAsk> first = new CompletableFuture<>();
        AtomicInteger unanswered = new AtomicInteger(asks.size());
        for (PeerAsk ask : asks) {
            ask.answer.whenComplete((status, error) -> {
                if (error == null && status == 200) {
                    first.complete(ask);
                } else if (unanswered.decrementAndGet() == 0) {
                    first.complete(null);
                }
            });
        }
        try {
            return first.get(queryTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null; // never completed exceptionally
        }
    }

    /**
     * A losing or late ask: its answer, if any, tells the breaker. One still unanswered has failed its query timeout,
     * unless another peer won before the timeout: then it cost nothing and is only given up.
     */
    private void settle(PeerAsk ask, boolean someoneWon) {
        CompletableFuture<Integer> answer = ask.answer;
        if (answer.isDone() && !answer.isCompletedExceptionally() && !answer.isCancelled()) {
            int status = answer.join();
            if (status == 200 || status == 404) {
                breaker(ask).succeeded();
            } else {
                failed(ask, "answered " + status);
            }
        } else if (answer.isDone()) {
            failed(ask, answer.handle((s, e) -> String.valueOf(rootCause(e))).join());
        } else if (someoneWon) {
            breaker(ask).givenUp();
        } else {
            failed(ask, "no answer within cacheCluster.queryTimeout (" + queryTimeout.toMillis() + " ms)");
        }
        ask.abandon();
    }

    private Optional<CacheEntry> fetch(PeerAsk winner, Instant createdAfter) {
        byte[] bytes;
        try {
            bytes = winner.body().get(fetchTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            failed(winner, "the entry did not arrive within cacheCluster.fetchTimeout (" + fetchTimeout.toMillis()
                    + " ms)");
            winner.abandon();
            return Optional.empty();
        } catch (ExecutionException e) {
            failed(winner, String.valueOf(rootCause(e)));
            winner.abandon();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            winner.abandon();
            return Optional.empty();
        }
        Optional<CacheEntry> entry = EntryTransfer.parse(bytes);
        if (entry.isEmpty()) {
            failed(winner, "its reply is not one whole cache entry (" + bytes.length + " bytes, CRC or format wrong)");
            return Optional.empty();
        }
        breaker(winner).succeeded();
        return entry.get().created().isBefore(createdAfter) ? Optional.empty() : entry;
    }

    private PeerBreaker breaker(PeerAsk ask) {
        return peers.get(ask.peer);
    }

    private void failed(PeerAsk ask, String why) {
        PeerBreaker breaker = breaker(ask);
        boolean wasAsked = !breaker.skipping();
        breaker.failed();
        events.error();
        if (wasAsked) { // once per back-off, not once per request
            LOG.warn("cache cluster peer {} failed ({}); skipping it for a while", ask.peer.authority(), why);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
