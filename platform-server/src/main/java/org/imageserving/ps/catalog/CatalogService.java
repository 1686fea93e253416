package org.imageserving.ps.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image catalog service: loads every {@code *.ini} of {@code CS::catalog.rootPath}, then polls the folder every
 * {@code CS::catalog.refreshInterval}. A new or changed {@code .ini} modification time triggers a reload of the
 * catalogs after {@code CS::catalog.modificationWaitTime} (so that data files being copied are complete). A reload is
 * built off to the side and swapped in at once: a request sees one whole generation, never a half-read catalog. A
 * catalog that cannot be read keeps its previous version; so does one that reads as no catalog (no {@code RootId}, a
 * byte no text file has) or that names a data file which is not there (an {@code .ini} cut short, or touched before
 * its data files arrived).
 */
public final class CatalogService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);
    public static final String DEFAULT_CATALOG = "default.ini";

    private final Path folder;
    private final Duration modificationWaitTime;
    private final CatalogLoader loader;
    private final AtomicReference<Catalogs> current = new AtomicReference<>();
    private final Map<Path, Catalog> lastGood = new HashMap<>();
    private final Map<Path, String> loadErrors = new HashMap<>();
    private Map<Path, Instant> seen = Map.of();
    private ScheduledExecutorService poller;

    public CatalogService(Path folder, Duration modificationWaitTime) {
        this(folder, null, modificationWaitTime);
    }

    /** @param cacheRoot {@code CS::catalog.cacheRoot}, holding the compiled catalog cache; null for none */
    public CatalogService(Path folder, Path cacheRoot, Duration modificationWaitTime) {
        this.folder = folder;
        this.modificationWaitTime = modificationWaitTime;
        this.loader = new CatalogLoader(folder, CompiledDataFiles.under(cacheRoot));
        reload(Duration.ZERO);
    }

    public Catalogs current() {
        return current.get();
    }

    /** The last load error of a catalog file, if its current version is an older one. */
    public synchronized String loadError(Catalog catalog) {
        return loadErrors.getOrDefault(catalog.iniFile(), "");
    }

    public void startPolling(Duration interval) {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "catalog-refresh");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One poll: reloads when an {@code .ini} appeared, vanished or changed its modification time. */
    void pollOnce() {
        try {
            if (!iniTimes().equals(seen)) {
                reload(modificationWaitTime);
            }
        } catch (RuntimeException e) {
            LOG.error("catalog refresh failed; the loaded catalogs stay in use", e);
        }
    }

    private synchronized void reload(Duration wait) {
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Map<Path, Instant> times = iniTimes();
        Path defaultIni = folder.resolve(DEFAULT_CATALOG);
        Catalog defaultCatalog = loadKeepingLastGood(defaultIni, null);
        if (defaultCatalog == null) {
            LOG.error("{} is missing or unreadable: the default catalog is empty until it is fixed", defaultIni);
            defaultCatalog = new Catalog(defaultIni, Instant.EPOCH, Map.of(), Map.of(), Map.of(), null,
                    org.imageserving.ps.rules.RuleSet.EMPTY);
        }
        Map<String, Catalog> named = new LinkedHashMap<>();
        for (Path ini : times.keySet()) {
            if (ini.equals(defaultIni)) {
                continue;
            }
            Catalog catalog = loadKeepingLastGood(ini, defaultCatalog);
            if (catalog == null) {
                continue;
            }
            String rootId = catalog.rootId();
            if (named.containsKey(rootId)) {
                LOG.error("{}: RootId {} is already used by {}; catalog not loaded", ini, rootId, named.get(rootId).iniFile());
            } else {
                named.put(rootId, catalog);
            }
        }
        lastGood.keySet().retainAll(times.keySet());
        current.set(new Catalogs(defaultCatalog, named));
        seen = times;
        LOG.info("catalogs loaded from {}: default + {}", folder, named.keySet());
    }

    private Catalog loadKeepingLastGood(Path ini, Catalog parent) {
        try {
            Catalog catalog = loader.load(ini, parent, lastGood.containsKey(ini));
            if (parent != null && catalog.rootId().isEmpty()) {
                // bytes that are no catalog at all read as an empty one: refused here, the last good version stays
                throw new IOException("RootId is empty; every catalog but default.ini needs a unique RootId");
            }
            lastGood.put(ini, catalog);
            loadErrors.remove(ini);
            return catalog;
        } catch (IOException | RuntimeException e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            loadErrors.put(ini, message);
            Catalog previous = lastGood.get(ini);
            LOG.error("{}: cannot load the catalog ({}); {}", ini, message,
                    previous == null ? "it is not available" : "its previous version stays in use");
            return previous;
        }
    }

    private Map<Path, Instant> iniTimes() {
        Map<Path, Instant> times = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> inis = files.filter(f -> f.getFileName().toString().endsWith(".ini")).sorted().toList();
            for (Path ini : inis) {
                try {
                    times.put(ini, Files.getLastModifiedTime(ini).toInstant());
                } catch (IOException e) {
                    // deleted between listing and reading: it is gone
                }
            }
        } catch (IOException e) {
            LOG.error("cannot list the catalog folder {}: {}", folder, e.getMessage());
        }
        return times;
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
