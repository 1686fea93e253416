package org.imageserving.ps.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.imageserving.common.protocol.RequestKind;

/**
 * The Platform Server's metrics, in a registry of its own. Every label takes its values from a short fixed list
 * (request type, HTTP status, cache result, render phase): never a catalog, object or URL, so a crawler cannot make
 * the series grow.
 */
public final class PsMetrics {
    /** The request attribute the image servlet sets on a request it answered from a reused plan. */
    public static final String PLAN_REUSED = "org.imageserving.planReused";

    /** The documented {@code req=} types ({@link RequestKind}) and static content; anything else is {@code other}. */
    private static final Set<String> REQUEST_TYPES = Stream.concat(Stream.of("static"),
            Arrays.stream(RequestKind.values()).map(kind -> kind.name().toLowerCase(Locale.ROOT))).collect(Collectors.toSet());
    private static final double[] LATENCY_BUCKETS = {.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30};
    private static final double[] PHASE_BUCKETS = {.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Counter cacheResults;
    private final CounterDataPoint cacheHit;
    private final CounterDataPoint cacheMiss;
    private final CounterDataPoint cacheValidated;
    private final CounterDataPoint cacheUpdated;
    private static final int MAX_KEPT_SERIES = 256;
    private final ConcurrentHashMap<RequestKey, RequestSeries> requestSeries = new ConcurrentHashMap<>();
    private final Histogram renderPhases;
    private final Histogram imageServerRoundTrip;
    private final Counter plansReused;
    private final Counter renders;
    private final Counter directHits;
    private final Counter clusterLookups;
    private final Counter clusterPeerErrors;
    private final Counter clusterPeersSkipped;

    public PsMetrics() {
        requests = Counter.builder().name("imageserving_http_requests")
                .help("HTTP requests answered, by context (image, content, iiif, other), req= type and status")
                .labelNames("context", "req", "status").withoutExemplars().register(registry);
        latency = Histogram.builder().name("imageserving_http_request_duration_seconds").unit(Unit.SECONDS)
                .help("Time from the request reaching Tomcat's engine to the servlet's return, by context and req= type")
                .labelNames("context", "req").classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
                .register(registry);
        cacheResults = Counter.builder().name("imageserving_response_cache_requests")
                .help("Response cache lookups of img/tmb requests: hit (REUSED), miss (CREATED), validated (stale, "
                        + "source unchanged, served), updated (rendered again)")
                .labelNames("result").withoutExemplars().register(registry);
        cacheHit = cacheResults.labelValues("hit");
        cacheMiss = cacheResults.labelValues("miss");
        cacheValidated = cacheResults.labelValues("validated");
        cacheUpdated = cacheResults.labelValues("updated");
        renderPhases = Histogram.builder().name("imageserving_render_phase_duration_seconds").unit(Unit.SECONDS)
                .help("Image Server render time by phase, measured by the Image Server: decode, transform "
                        + "(resample, place, filter), encode")
                .labelNames("phase").classicOnly().classicUpperBounds(PHASE_BUCKETS).register(registry);
        imageServerRoundTrip = Histogram.builder().name("imageserving_image_server_request_duration_seconds")
                .unit(Unit.SECONDS)
                .help("Round trip of a render or property request from the Platform Server to the Image Server, "
                        + "waiting for a render slot included")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
        plansReused = Counter.builder().name("imageserving_request_plans_reused")
                .help("Image requests answered with the protocol work of an earlier identical request line "
                        + "(rule set, parsing, catalog resolution, cache key), in the current catalog generation")
                .register(registry);
        directHits = Counter.builder().name("imageserving_direct_cache_hits")
                .help("Cache hits of /is/image answered below Tomcat's servlet layer (PS::cache.directHits); they are "
                        + "counted in the other series too")
                .register(registry);
        renders = Counter.builder().name("imageserving_renders")
                .help("Replies this node had its Image Server render for image requests (response cache misses, "
                        + "updates, cache=off), not taken from its cache or a cluster peer")
                .register(registry);
        clusterLookups = Counter.builder().name("imageserving_cache_cluster_lookups")
                .help("Local response cache misses looked up at the PS::cacheCluster.hosts peers: hit (a peer had "
                        + "the entry, whole and fresh) or miss (rendered here)")
                .labelNames("result").register(registry);
        clusterPeerErrors = Counter.builder().name("imageserving_cache_cluster_peer_errors")
                .help("Peer answers that failed: refused, past cacheCluster.queryTimeout or fetchTimeout, or not "
                        + "a whole entry")
                .register(registry);
        clusterPeersSkipped = Counter.builder().name("imageserving_cache_cluster_peers_skipped")
                .help("Peers not asked in a lookup since they failed recently (back-off 5 s doubling to 60 s)")
                .register(registry);
        clusterLookups.labelValues("hit");
        clusterLookups.labelValues("miss");
        // Pre-set the fixed label values, so a scrape shows zeros rather than nothing before the first event (the
        // cache results are set above).
        for (String phase : new String[] {"decode", "transform", "encode"}) {
            renderPhases.labelValues(phase);
        }
        JvmMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * One answered request; {@code reqType} is what the servlet put into the access log's ReqType field. The series
     * of the usual requests are kept by what the caller has at hand: finding them by their label values (a list of
     * strings made and hashed per request) was a fifth of a cache hit's Java time.
     */
    public void request(String context, String reqType, int status, long nanos) {
        RequestKey key = new RequestKey(context, reqType, status);
        RequestSeries series = requestSeries.get(key);
        if (series == null) {
            String req = requestType(reqType);
            series = new RequestSeries(requests.labelValues(context, req, Integer.toString(status)),
                    latency.labelValues(context, req));
            if (requestSeries.size() < MAX_KEPT_SERIES) { // ReqType is what the client sent: bounded here
                requestSeries.putIfAbsent(key, series);
            }
        }
        series.count().inc();
        series.latency().observe(nanos / 1e9);
    }

    private record RequestKey(String context, String reqType, int status) {}

    private record RequestSeries(CounterDataPoint count, DistributionDataPoint latency) {}

    /** The access log's CacheUse field; IGNORED (cache=off, errors, properties answered by ps) is no lookup. */
    public void cacheUse(String cacheUse) {
        CounterDataPoint result = switch (cacheUse == null ? "" : cacheUse) {
            case "REUSED" -> cacheHit;
            case "CREATED" -> cacheMiss;
            case "VALIDATED" -> cacheValidated;
            case "UPDATED" -> cacheUpdated;
            default -> null;
        };
        if (result != null) {
            result.inc();
        }
    }

    /** A request answered from a reused plan (the servlet marks it with {@link #PLAN_REUSED}). */
    public void planReused() {
        plansReused.inc();
    }

    /** A cache hit answered below the servlet layer ({@code ps.hits}). */
    public void directHit() {
        directHits.inc();
    }

    /** One reply rendered by the Image Server for an image request of this node. */
    public void rendered() {
        renders.inc();
    }

    /** What the cache cluster client reports, counted. */
    public org.imageserving.ps.cachecluster.ClusterEvents cacheCluster() {
        return new org.imageserving.ps.cachecluster.ClusterEvents() {
            @Override
            public void hit() {
                clusterLookups.labelValues("hit").inc();
            }

            @Override
            public void miss() {
                clusterLookups.labelValues("miss").inc();
            }

            @Override
            public void error() {
                clusterPeerErrors.inc();
            }

            @Override
            public void skipped() {
                clusterPeersSkipped.inc();
            }
        };
    }

    /** The {@code timing.*Nanos} headers of an Image Server reply, and the round trip as the Platform Server saw it. */
    public void imageServerReply(Map<String, String> timings, long roundTripNanos) {
        imageServerRoundTrip.observe(roundTripNanos / 1e9);
        phase("decode", timings.get("timing.decodeNanos"));
        phase("transform", timings.get("timing.transformNanos"));
        phase("encode", timings.get("timing.encodeNanos"));
    }

    private void phase(String phase, String nanos) {
        if (nanos == null) {
            return; // a property reply: nothing was decoded
        }
        try {
            renderPhases.labelValues(phase).observe(Long.parseLong(nanos) / 1e9);
        } catch (NumberFormatException ignored) {
            // an Image Server of another version; the reply itself is fine
        }
    }

    /** Response cache size, read at scrape time. */
    public void responseCache(LongSupplier bytes, LongSupplier entries, LongSupplier heldBytes) {
        GaugeWithCallback.builder().name("imageserving_response_cache_held_bytes").unit(Unit.BYTES)
                .help("Bytes of small reply bodies the response cache holds in memory (at most an eighth of the "
                        + "heap, 64 MB)").callback(c -> c.call(heldBytes.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("imageserving_response_cache_size_bytes").unit(Unit.BYTES)
                .help("Bytes of reply data in the response cache").callback(c -> c.call(bytes.getAsLong()))
                .register(registry);
        GaugeWithCallback.builder().name("imageserving_response_cache_entries")
                .help("Entries in the response cache").callback(c -> c.call(entries.getAsLong())).register(registry);
    }

    /** The Platform Server's requests at the Image Server ({@code PS::isConnection.maxRequests}). */
    public void imageServerSlots(org.imageserving.ps.image.ImageServerSlots renders,
                                 org.imageserving.ps.image.ImageServerSlots lookups) {
        GaugeWithCallback.builder().name("imageserving_image_server_requests_in_flight")
                .help("Render requests the Platform Server has at the Image Server now, at most"
                        + " PS::isConnection.maxRequests")
                .callback(c -> c.call(renders.inUse())).register(registry);
        GaugeWithCallback.builder().name("imageserving_image_server_lookups_in_flight")
                .help("req=imageprops and validate requests the Platform Server has at the Image Server now, at most"
                        + " PS::isConnection.maxRequests (apart from renders)")
                .callback(c -> c.call(lookups.inUse())).register(registry);
    }

    /** The Image Server's own figures, from one PING per scrape. */
    public void imageServer(ImageServerStatus status) {
        GaugeWithCallback.builder().name("imageserving_image_server_up")
                .help("1 when the Image Server answered the scrape's PING")
                .callback(c -> c.call(status.current().isEmpty() ? 0 : 1)).register(registry);
        gauge(status, "imageserving_image_server_queue_depth", null,
                "Render requests waiting for one of the IS::WorkerThreads render slots", "renders.waiting");
        gauge(status, "imageserving_image_server_renders_running", null,
                "Renders holding a render slot", "renders.running");
        gauge(status, "imageserving_image_server_renders_refused", null,
                "Renders the Image Server refused with 503 since it started (IS::MaxQueuedRenders full, or"
                        + " IS::RenderQueueTimeout passed)", "renders.refused");
        gauge(status, "imageserving_image_server_heap_used_bytes", Unit.BYTES, "Image Server Java heap in use",
                "heapUsed");
        gauge(status, "imageserving_image_server_heap_max_bytes", Unit.BYTES, "Image Server Java heap limit",
                "heapMax");
        gauge(status, "imageserving_image_server_resident_memory_bytes", Unit.BYTES,
                "Image Server resident set size (VmRSS): heap, native decoders and malloc arenas", "rss");
        gauge(status, "imageserving_image_server_buffer_pool_bytes", Unit.BYTES,
                "Image Server direct and mapped NIO buffers", "bufferPools");
    }

    private void gauge(ImageServerStatus status, String name, Unit unit, String help, String header) {
        GaugeWithCallback.Builder builder = GaugeWithCallback.builder().name(name).help(help).callback(c -> {
            String value = status.current().get(header);
            if (value != null) {
                try {
                    c.call(Double.parseDouble(value));
                } catch (NumberFormatException ignored) {
                    // left out of this scrape
                }
            }
        });
        if (unit != null) {
            builder.unit(unit);
        }
        builder.register(registry);
    }

    static String requestType(String reqType) {
        if (reqType == null || reqType.isEmpty() || reqType.equals("-")) {
            return "none";
        }
        String req = reqType.toLowerCase(Locale.ROOT);
        return REQUEST_TYPES.contains(req) ? req : "other";
    }
}
