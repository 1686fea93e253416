package org.imageserving.ps.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.RequestLog;
import org.imageserving.ps.layersource.ForeignSources;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.request.RequestGate;
import org.imageserving.ps.responsecache.CachedRenderer;
import org.imageserving.ps.responsecache.DiskResponseCache;

/**
 * The {@code /is/image} request processor on real catalogs ({@code folder/catalog}), files ({@code folder/images})
 * and response cache ({@code folder/cache}), whose Image Server port is closed: what the Platform Server answers
 * alone, and the 503 of what needs a render.
 */
final class ProcessorWithoutImageServer implements AutoCloseable {
    private final DiskResponseCache cache;
    final ImageRequestProcessor processor;

    private ProcessorWithoutImageServer(DiskResponseCache cache, ImageRequestProcessor processor) {
        this.cache = cache;
        this.processor = processor;
    }

    static ProcessorWithoutImageServer on(Path folder) throws IOException {
        return on(folder, Optional.empty());
    }

    /** @param saveDirectory {@code IS::SaveDirectory} for {@code req=saveToFile} */
    static ProcessorWithoutImageServer on(Path folder, Optional<Path> saveDirectory) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        FrameClient nobody = new FrameClient("is", closedPort, Duration.ofMillis(200), Duration.ofMillis(200), 1, 1 << 20);
        DiskResponseCache cache = new DiskResponseCache(List.of(folder.resolve("cache")), 1 << 20, 100);
        return new ProcessorWithoutImageServer(cache, new ImageRequestProcessor(new ImageServerClient(nobody),
                new CatalogService(folder.resolve("catalog"), Duration.ZERO),
                new SourceFiles(List.of(folder.resolve("images"))),
                new CachedRenderer(cache, Clock.systemUTC(), Duration.ofMinutes(5)), new RequestGate(true),
                ErrorRedirect.of("", Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new ForeignSources(1 << 20, Duration.ofSeconds(1), false, Clock.systemUTC()), Duration.ofHours(1),
                Clock.systemUTC(), saveDirectory, Duration.ofSeconds(5)));
    }

    /** A GET of {@code /is/image/<path>?<query>} from loopback. */
    Reply get(String path, String query) {
        return processor.process(new ClientRequest("GET", "/is/image/" + path, path, query, "127.0.0.1", Map.of(), -1,
                new RequestLog()));
    }

    @Override
    public void close() {
        cache.close();
    }
}
