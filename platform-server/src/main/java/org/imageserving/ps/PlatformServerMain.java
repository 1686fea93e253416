package org.imageserving.ps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.imageserving.common.config.CatalogServiceConf;
import org.imageserving.common.config.ConfigException;
import org.imageserving.common.config.Configuration;
import org.imageserving.common.config.ImageServerRegistry;
import org.imageserving.common.config.PlatformServerConf;
import org.imageserving.common.config.PropertiesFile;
import org.imageserving.common.config.TomcatServerXml;
import org.imageserving.common.lifecycle.ComponentProcess;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.ps.cachecluster.CacheClusterClient;
import org.imageserving.ps.cachecluster.CacheClusterSettings;
import org.imageserving.ps.cacheservice.CacheServiceServlet;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.connector.TomcatConnectors;
import org.imageserving.ps.content.StaticContentProcessor;
import org.imageserving.ps.content.StaticContentServlet;
import org.imageserving.ps.health.HealthServlet;
import org.imageserving.ps.hits.DirectHits;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.ImageServingAccessLog;
import org.imageserving.ps.http.MethodValve;
import org.imageserving.ps.http.RequestSizeValve;
import org.imageserving.ps.http.PlainTextErrorValve;
import org.imageserving.ps.http.SecurityHeadersValve;
import org.imageserving.ps.http.UnavailableContextServlet;
import org.imageserving.ps.iiif.IiifProcessor;
import org.imageserving.ps.iiif.IiifServlet;
import org.imageserving.ps.image.ImageRequestProcessor;
import org.imageserving.ps.image.ImageServerClient;
import org.imageserving.ps.image.ImageServerSlots;
import org.imageserving.ps.image.ImageServlet;
import org.imageserving.common.imaging.source.s3.ObjectStore;
import org.imageserving.ps.image.SourceFiles;
import org.imageserving.ps.layersource.ForeignSources;
import org.imageserving.ps.metrics.ImageServerStatus;
import org.imageserving.ps.metrics.MetricsAccess;
import org.imageserving.ps.metrics.MetricsServlet;
import org.imageserving.ps.metrics.MetricsValve;
import org.imageserving.ps.metrics.PsMetrics;
import org.imageserving.ps.reply.ReplyWriter;
import org.imageserving.ps.request.RequestGate;
import org.imageserving.ps.responsecache.CachedRenderer;
import org.imageserving.ps.responsecache.DiskResponseCache;
import org.imageserving.ps.responsecache.PeerCaches;
import org.imageserving.ps.responsecache.ResponseCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The Platform Server process ({@code ps}): embedded Tomcat on TC::PsPort, the only HTTP front end. */
public final class PlatformServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformServerMain.class);

    private PlatformServerMain() {}

    public static void main(String[] args) {
        // Tomcat logs through java.util.logging: route it into the same log, in the same format.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        try {
            Configuration conf = Configuration.read(ComponentProcess.installFolder());
            ComponentProcess.watchSupervisor("ps", conf.install());
            FrameClient imageServer = new FrameClient("is", conf.platformServer().isConnectionPort(),
                    conf.platformServer().isConnectTimeout(), conf.platformServer().isReadTimeout(),
                    conf.platformServer().isPoolSize(), conf.imageServer().maxMessageSizeBytes());
            CatalogServiceConf catalogConf = CatalogServiceConf.read(conf.install());
            CatalogService catalogs = new CatalogService(catalogConf.rootPath(), catalogConf.cacheRoot(),
                    catalogConf.modificationWaitTime());
            catalogs.startPolling(catalogConf.refreshInterval());
            ResponseCache cache = new DiskResponseCache(conf.platformServer().cacheRootPaths(),
                    conf.platformServer().cacheMaxSize(), conf.platformServer().cacheMaxEntries());
            CacheClusterSettings cluster = CacheClusterSettings.read(
                    PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME)), conf.tomcat().psPort());
            PsMetrics metrics = new PsMetrics();
            CachedRenderer renderer = new CachedRenderer(cache, Clock.systemUTC(), validationInterval(conf),
                    peerCaches(conf, cluster, metrics), cluster.updateLocalCache(), metrics::rendered);
            ErrorRedirect errorRedirect = errorRedirect(conf);
            MetricsAccess metricsAccess = metricsAccess(conf);
            metrics.responseCache(cache::size, cache::entries, cache::heldBytes);
            metrics.imageServer(new ImageServerStatus(imageServer));
            ReplyWriter replyWriter = new ReplyWriter(Clock.systemUTC());
            ImageServerClient imageServerClient = new ImageServerClient(imageServer, metrics::imageServerReply,
                    inlineSourceLimit(conf), new ImageServerSlots(conf.platformServer().isMaxRequests(),
                            conf.platformServer().isConnectTimeout()));
            metrics.imageServerSlots(imageServerClient.slots(), imageServerClient.lookupSlots());
            // one client (one connection pool) for the image and the static-content roots in buckets
            boolean buckets = conf.imageServer().hasBucketRoots() || conf.platformServer().hasBucketStaticContentRoots();
            ObjectStore objects = buckets ? new ObjectStore(conf.imageServer().s3()) : null;
            ImageRequestProcessor imageRequests = new ImageRequestProcessor(
                    imageServerClient, catalogs,
                    new SourceFiles(conf.imageServer().sourceRoots(), objects), renderer,
                    new RequestGate(conf.platformServer().allowDefaultCatalogRequests()), errorRedirect,
                    foreignSources(conf), ImageServerRegistry.remoteUrls(conf.install()).defaultExpiration(),
                    Clock.systemUTC(), ImageServerRegistry.saveDirectory(conf.install()), saveTimeout(conf));
            ImageServlet images = new ImageServlet(imageRequests, replyWriter);
            IiifServlet iiif = new IiifServlet(new IiifProcessor(imageRequests,
                    conf.imageServer().maxRenderRgnPixels()), replyWriter);
            StaticContentServlet content = new StaticContentServlet(new StaticContentProcessor(catalogs,
                    conf.platformServer().staticContentRoots(), objects,
                    new RequestGate(conf.platformServer().allowDefaultCatalogRequests()), errorRedirect,
                    Clock.systemUTC()), replyWriter);
            CacheServiceServlet cacheService = new CacheServiceServlet(cache, cluster.hosts().addressFilter());
            ImageServingAccessLog accessLog = accessLog(conf.tomcat());
            Tomcat tomcat = tomcat(conf, images, iiif, content, cacheService, metrics, metricsAccess, accessLog);
            tomcat.init();
            if (directHits(conf)) {
                DirectHits.install(tomcat, (Context) tomcat.getHost().findChild(""), imageRequests, replyWriter,
                        metrics, accessLog);
            }
            tomcat.start();
            if (!listening(tomcat)) {
                System.exit(1);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop(tomcat, imageServer);
                catalogs.close();
                cache.close(); // after Tomcat: no request can add an entry the saved index would miss
            }, "ps-shutdown"));
            LOG.info("Platform Server listening on {}", Arrays.stream(tomcat.getService().findConnectors())
                    .map(c -> c.getScheme() + " port " + c.getLocalPort()).collect(Collectors.joining(", ")));
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            System.exit(2);
        } catch (LifecycleException | IOException e) {
            LOG.error("cannot start Tomcat: {}{}", e.getMessage(), rootCause(e), e);
            System.exit(1);
        }
    }

    /**
     * How long an entry of an expiration-based catalog (CacheValidationPolicy 0) is served before its source is
     * checked again: the documented 5 minutes; {@code PS::cache.validationInterval} (ms) is our extension.
     */
    private static Duration validationInterval(Configuration conf) {
        PropertiesFile file = PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME));
        return Duration.ofMillis(file.getLong("cache.validationInterval", 300_000, 0, 86_400_000L));
    }

    /**
     * {@code PS::cache.directHits} (our name, default true): cache hits of {@code /is/image} answered below Tomcat's
     * servlet layer ({@link DirectHits}); false sends them through the servlet like every other request.
     */
    private static boolean directHits(Configuration conf) {
        return PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME))
                .getBoolean(DirectHits.SETTING, true);
    }

    /** {@code PS::errorRedirect.rootUrl}, {@code .connectTimeout} (1000 ms) and {@code .socketTimeout} (30000 ms). */
    private static ErrorRedirect errorRedirect(Configuration conf) {
        PropertiesFile file = PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME));
        return ErrorRedirect.of(file.get("errorRedirect.rootUrl", ""),
                Duration.ofMillis(file.getLong("errorRedirect.connectTimeout", 1000, 1, 600_000)),
                Duration.ofMillis(file.getLong("errorRedirect.socketTimeout", 30_000, 1, 3_600_000)));
    }

    /**
     * Foreign sources ({@code src={url}}): {@code PS::foreignSource.maxSize} bytes (50 MB),
     * {@code PS::foreignSource.allowPrivateAddresses} (false: hosts on loopback or private networks are refused), and
     * the documented {@code IS::RemoteUrlTimeout}. Whether a catalog may use them at all is its
     * {@code AllowDirectUrls} / {@code RootUrl}.
     */
    /**
     * The most source bytes one render request may send along: what the Image Server accepts in one frame body
     * (1 MB more than the larger of {@code IS::MaxMessageSize} and {@code PS::foreignSource.maxSize}), without the
     * margin.
     */
    private static long inlineSourceLimit(Configuration conf) {
        PropertiesFile file = PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME));
        return Math.max(conf.imageServer().maxMessageSizeBytes(),
                file.getLong("foreignSource.maxSize", 52_428_800L, 1, 1L << 30));
    }

    private static ForeignSources foreignSources(Configuration conf) {
        PropertiesFile file = PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME));
        return new ForeignSources(file.getLong("foreignSource.maxSize", 52_428_800L, 1, 1L << 30),
                ImageServerRegistry.remoteUrls(conf.install()).timeout(),
                file.getBoolean("foreignSource.allowPrivateAddresses", false), Clock.systemUTC());
    }

    /** {@code PS::saveToFile.saveTimeout} (ms, shipped 60000): how long {@code req=saveToFile} waits for the image. */
    private static Duration saveTimeout(Configuration conf) {
        PropertiesFile p = PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME));
        return Duration.ofMillis(p.getLong("saveToFile.saveTimeout", 60_000, 1, 3_600_000));
    }

    /**
     * The cache cluster's other nodes, asked on a local miss ({@code PS::cacheCluster.*}); an entry from a peer is at
     * most as large as a reply the Image Server may send ({@code IS::MaxMessageSize}).
     */
    private static PeerCaches peerCaches(Configuration conf, CacheClusterSettings cluster, PsMetrics metrics) {
        if (!cluster.enabled()) {
            return PeerCaches.NONE;
        }
        LOG.info("cache cluster: asking {} on a miss (query {} ms, fetch {} ms, updateLocalCache={})",
                cluster.hosts().peers().stream().map(p -> p.authority()).collect(Collectors.joining(", ")),
                cluster.queryTimeout().toMillis(), cluster.fetchTimeout().toMillis(), cluster.updateLocalCache());
        return new CacheClusterClient(cluster.hosts().peers(), cluster.queryTimeout(), cluster.fetchTimeout(),
                conf.imageServer().maxMessageSizeBytes() + 1024, metrics.cacheCluster(), System::nanoTime);
    }

    /** {@code PS::metrics.allow}: networks besides loopback that may read {@code /is/metrics} (empty: none). */
    private static MetricsAccess metricsAccess(Configuration conf) {
        PropertiesFile file = PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME));
        try {
            return MetricsAccess.parse(file.get(MetricsAccess.SETTING, ""));
        } catch (IllegalArgumentException e) {
            throw file.error(MetricsAccess.SETTING, e.getMessage());
        }
    }

    private static Tomcat tomcat(Configuration conf, ImageServlet images, IiifServlet iiif, StaticContentServlet content,
                                 CacheServiceServlet cacheService, PsMetrics metrics, MetricsAccess metricsAccess,
                                 ImageServingAccessLog accessLog) throws IOException {
        TomcatServerXml server = conf.tomcat();
        Path baseDir = conf.install().resolve("temp").resolve("ps-tomcat-" + server.psPort());
        Files.createDirectories(baseDir);
        Files.createDirectories(server.accessLogDirectory());
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        List<Connector> connectors = TomcatConnectors.create(server, conf.install());
        tomcat.setConnector(connectors.get(0));
        connectors.subList(1, connectors.size()).forEach(tomcat.getService()::addConnector);
        tomcat.getHost().setAutoDeploy(false);
        ((StandardHost) tomcat.getHost()).setErrorReportValveClass(PlainTextErrorValve.class.getName());
        tomcat.getEngine().getPipeline().addValve(new SecurityHeadersValve());
        tomcat.getEngine().getPipeline().addValve(accessLog);
        tomcat.getEngine().getPipeline().addValve(new MetricsValve(metrics));
        tomcat.getEngine().getPipeline().addValve(new MethodValve());
        tomcat.getEngine().getPipeline().addValve(new RequestSizeValve());

        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "image", images);
        context.addServletMappingDecoded("/is/image", "image");
        context.addServletMappingDecoded("/is/image/*", "image");
        Tomcat.addServlet(context, "iiif", iiif);
        context.addServletMappingDecoded("/iiif/3/*", "iiif");
        Tomcat.addServlet(context, "health", new HealthServlet());
        context.addServletMappingDecoded("/is/health", "health");
        Tomcat.addServlet(context, "metrics", new MetricsServlet(metrics.registry(), metricsAccess));
        context.addServletMappingDecoded("/is/metrics", "metrics");
        Tomcat.addServlet(context, "content", content);
        context.addServletMappingDecoded("/is/content/*", "content");
        Tomcat.addServlet(context, "cache", cacheService);
        context.addServletMappingDecoded("/is/cache", "cache");
        context.addServletMappingDecoded("/is/cache/*", "cache");
        Tomcat.addServlet(context, "render", new UnavailableContextServlet("Image Rendering (/ir/render)"));
        context.addServletMappingDecoded("/ir/render/*", "render");
        return tomcat;
    }

    /** The access log as server.xml describes it: TC::directory, TC::prefix + yyyy-mm-dd.log, TC::pattern, TC::maxDays. */
    private static ImageServingAccessLog accessLog(TomcatServerXml server) {
        ImageServingAccessLog valve = new ImageServingAccessLog();
        valve.setDirectory(server.accessLogDirectory().toString());
        valve.setPrefix(server.accessLogPrefix());
        valve.setFileDateFormat("yyyy-MM-dd");
        valve.setSuffix(".log");
        valve.setPattern(server.accessLogPattern());
        valve.setMaxDays(server.accessLogMaxDays());
        valve.setConditionUnless(HealthServlet.NOT_LOGGED); // the supervisor's probes every few seconds are not traffic
        return valve;
    }

    /** Tomcat wraps the reason (a wrong keystore password, a busy port) a few levels deep. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : ": " + root;
    }

    /** Every connector bound: with throwOnFailure a failure is an exception, this catches what Tomcat only logs. */
    private static boolean listening(Tomcat tomcat) {
        boolean all = true;
        for (Connector connector : tomcat.getService().findConnectors()) {
            if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() <= 0) {
                LOG.error("cannot listen on port {} ({}): the port is in use or not allowed", connector.getPort(),
                        connector.getScheme());
                all = false;
            }
        }
        return all;
    }

    private static void stop(Tomcat tomcat, FrameClient imageServer) {
        LOG.info("Platform Server stopping");
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            LOG.warn("error while stopping Tomcat: {}", e.getMessage());
        }
        imageServer.close();
    }
}
