package org.imageserving.ps.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.imageserving.testkit.FuzzCase;

/**
 * The catalog fuzz target: a catalog {@code .ini} and its data file (with {@code ImageSet}, {@code Map},
 * {@code Targets}, {@code Modifier}, {@code UserData} fields) are loaded by the real {@link CatalogService}, then
 * requests that read those fields go through the whole {@link ImageRequestProcessor} (no Image Server runs: a render
 * is a 503). Documented outcomes: the catalog loads or is refused in the log, every request gets a {@link Reply}
 * that is not a 500 (but for {@link #INVALID_FILTER}); nothing is thrown, within {@link #LIMIT}.
 *
 * <p>An input is one file: the {@code .ini} text, a line {@link #SEPARATOR}, the data file text.
 */
final class CatalogTarget implements AutoCloseable {
    static final String NAME = "catalog";
    static final Duration LIMIT = Duration.ofSeconds(20);
    /** The one documented 500: a catalog whose ClientAddressFilter cannot be read refuses everything (fail closed). */
    static final String INVALID_FILTER = "the catalog's ClientAddressFilter is invalid";
    static final String SEPARATOR = "\n#----8<---- fz.txt\n";
    static final List<String> REQUESTS = List.of("req=imageset,xml&locale=de", "req=targets,json", "req=map",
            "req=set,json", "req=userdata,json", "req=imageprops", "wid=10&map=1,1,1,1");
    static final List<String> OBJECTS = List.of("fz/a", "fz/c");

    private final Path folder;
    private final DiskResponseCache cache;
    private final ImageServerClient nobody;

    CatalogTarget(Path folder) throws IOException {
        this.folder = folder;
        Path catalog = Files.createDirectories(folder.resolve("catalog"));
        Files.createDirectories(folder.resolve("images"));
        Files.writeString(catalog.resolve("default.ini"), "RootId=\nErrorDetail=2\n");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        nobody = new ImageServerClient(new FrameClient("is", closedPort, Duration.ofMillis(200), Duration.ofMillis(200),
                1, 1 << 20));
        cache = new DiskResponseCache(List.of(folder.resolve("cache")), 1 << 20, 100);
    }

    static byte[] input(String ini, String data) {
        return (ini + SEPARATOR + data).getBytes(StandardCharsets.UTF_8);
    }

    /** One case without the time bound: the first one loads (and under the fuzzer instruments) every class. */
    void warmUp() {
        check(input("RootId=fz\nCatalogFile=fz.txt\n", "Id\tImageSet\na\tfz/b\n"), FuzzCase.WARM_UP);
    }

    void check(byte[] input) {
        check(input, LIMIT);
    }

    private void check(byte[] input, Duration limit) {
        FuzzCase.run(NAME, input, "catalog", limit, thrown -> false, () -> {
            String text = new String(input, StandardCharsets.UTF_8);
            int split = text.indexOf(SEPARATOR);
            Path catalog = folder.resolve("catalog");
            Files.writeString(catalog.resolve("fz.ini"), split < 0 ? text : text.substring(0, split));
            Files.writeString(catalog.resolve("fz.txt"), split < 0 ? "" : text.substring(split + SEPARATOR.length()));
            try (CatalogService catalogs = new CatalogService(catalog, Duration.ZERO)) {
                ImageRequestProcessor processor = new ImageRequestProcessor(nobody, catalogs,
                        new SourceFiles(List.of(folder.resolve("images"))),
                        new CachedRenderer(cache, Clock.systemUTC(), Duration.ofMinutes(5)), new RequestGate(true),
                        ErrorRedirect.of("", Duration.ofSeconds(1), Duration.ofSeconds(1)),
                        new ForeignSources(1 << 20, Duration.ofSeconds(1), false, Clock.systemUTC()),
                        Duration.ofHours(1), Clock.systemUTC());
                for (String object : OBJECTS) {
                    for (String query : REQUESTS) {
                        Reply reply = processor.process(new ClientRequest("GET", "/is/image/" + object, object, query,
                                "127.0.0.1", Map.of(), -1, new RequestLog()));
                        if (reply instanceof Reply.Failure failed && failed.status() == 500
                                && !failed.message().startsWith(INVALID_FILTER)) {
                            throw new AssertionError(object + "?" + query + " gave a 500: " + failed.message());
                        }
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        cache.close();
    }

    static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
