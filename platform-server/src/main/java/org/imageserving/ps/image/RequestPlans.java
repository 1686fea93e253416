package org.imageserving.ps.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.reply.Reply;

/**
 * The protocol work of image requests seen before, by request line: rule set, unlocking, tokenizing, object
 * resolution, command assembly and the render request with its cache key. For a cache hit that work was a third of
 * the Platform Server's time; repeated requests (a CDN's misses, a page's thumbnails) skip it.
 *
 * <p>A plan depends only on the URL and the catalogs, so it belongs to one catalog generation: a reload starts an
 * empty table. Requests whose answer depends on anything else are never remembered: an address filter was consulted,
 * the reply varies with Accept (bfc), layer 0's source travels with the request (nested, foreign) or is a default
 * image for a missing file. The one thing on disk a plan relies on, its source file's existence, is checked again on
 * every use. The table holds about {@link #MAX_PLANS} plans, bounded by Caffeine's W-TinyLFU: a newcomer takes the
 * place of a remembered plan only when it has been asked for more often, so a crawler's stream of unique URLs passes
 * through the admission window without evicting the hot plans (a table that started afresh when full lost them all).
 */
final class RequestPlans {
    static final int MAX_PLANS = 4096;

    /**
     * What a request came to: its main catalog (after rule set overrides), the access log's fields, the rule set's
     * response headers with variables substituted, the commands (for the record) and the render plan.
     */
    record Plan(Catalog main, int errorDetail, String reqType, String transformed, boolean pathBased,
                List<Reply.Header> headers, Map<String, String> commands, boolean useLastModified,
                RenderPlan render) {
        Plan {
            headers = List.copyOf(headers);
            commands = Map.copyOf(commands);
        }
    }

    private record Generation(Catalogs catalogs, Cache<String, Plan> plans) {
        Generation(Catalogs catalogs) {
            // the executor runs eviction on the caller: no work left on the common pool, and size() is exact in tests
            this(catalogs, Caffeine.newBuilder().maximumSize(MAX_PLANS).executor(Runnable::run).build());
        }
    }

    private volatile Generation generation = new Generation(null);

    /** The plan of this request line in this catalog generation, or null. */
    Plan find(Catalogs catalogs, String rawPath, String rawQuery) {
        Generation current = generation;
        return current.catalogs() == catalogs ? current.plans().getIfPresent(key(rawPath, rawQuery)) : null;
    }

    void remember(Catalogs catalogs, String rawPath, String rawQuery, Plan plan) {
        Generation current = generation;
        if (current.catalogs() != catalogs) {
            current = new Generation(catalogs);
            generation = current;
        }
        current.plans().put(key(rawPath, rawQuery), plan);
    }

    long size() {
        Cache<String, Plan> plans = generation.plans();
        plans.cleanUp();
        return plans.estimatedSize();
    }

    /** A line break cannot occur in a request line, so it tells "no query" from an empty one. */
    private static String key(String rawPath, String rawQuery) {
        return rawQuery == null ? rawPath + "\n" : rawPath + "?" + rawQuery;
    }
}
