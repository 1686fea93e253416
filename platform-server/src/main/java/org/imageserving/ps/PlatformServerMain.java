package org.imageserving.ps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AccessLogValve;
import org.imageserving.common.config.CatalogServiceConf;
import org.imageserving.common.config.ConfigException;
import org.imageserving.common.config.Configuration;
import org.imageserving.common.config.ImageServerRegistry;
import org.imageserving.common.config.PlatformServerConf;
import org.imageserving.common.config.PropertiesFile;
import org.imageserving.common.config.TomcatServerXml;
import org.imageserving.common.lifecycle.ComponentProcess;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.ps.cacheservice.CacheServiceServlet;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.content.StaticContentProcessor;
import org.imageserving.ps.content.StaticContentServlet;
import org.imageserving.ps.health.HealthServlet;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.ImageServingAccessLog;
import org.imageserving.ps.http.PlainTextErrorValve;
import org.imageserving.ps.http.UnavailableContextServlet;
import org.imageserving.ps.iiif.IiifProcessor;
import org.imageserving.ps.iiif.IiifServlet;
import org.imageserving.ps.image.ImageRequestProcessor;
import org.imageserving.ps.image.ImageServerClient;
import org.imageserving.ps.image.ImageServlet;
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
            ComponentProcess.exitWithSupervisor();
            FrameClient imageServer = new FrameClient("is", conf.platformServer().isConnectionPort(),
                    conf.platformServer().isConnectTimeout(), conf.platformServer().isReadTimeout(),
                    conf.platformServer().isPoolSize(), conf.imageServer().maxMessageSizeBytes());
            CatalogServiceConf catalogConf = CatalogServiceConf.read(conf.install());
            CatalogService catalogs = new CatalogService(catalogConf.rootPath(), catalogConf.cacheRoot(),
                    catalogConf.modificationWaitTime());
            catalogs.startPolling(catalogConf.refreshInterval());
            ResponseCache cache = new DiskResponseCache(conf.platformServer().cacheRootPaths(),
                    conf.platformServer().cacheMaxSize(), conf.platformServer().cacheMaxEntries());
            CachedRenderer renderer = new CachedRenderer(cache, Clock.systemUTC(), validationInterval(conf));
            ErrorRedirect errorRedirect = errorRedirect(conf);
            MetricsAccess metricsAccess = metricsAccess(conf);
            PsMetrics metrics = new PsMetrics();
            metrics.responseCache(cache::size, cache::entries, cache::heldBytes);
            metrics.imageServer(new ImageServerStatus(imageServer));
            ReplyWriter replyWriter = new ReplyWriter(Clock.systemUTC());
            ImageRequestProcessor imageRequests = new ImageRequestProcessor(
                    new ImageServerClient(imageServer, metrics::imageServerReply), catalogs,
                    new SourceFiles(conf.imageServer().rootPaths()), renderer,
                    new RequestGate(conf.platformServer().allowDefaultCatalogRequests()), errorRedirect,
                    foreignSources(conf), ImageServerRegistry.remoteUrls(conf.install()).defaultExpiration(),
                    Clock.systemUTC());
            ImageServlet images = new ImageServlet(imageRequests, replyWriter);
            IiifServlet iiif = new IiifServlet(new IiifProcessor(imageRequests,
                    conf.imageServer().maxRenderRgnPixels()), replyWriter);
            StaticContentServlet content = new StaticContentServlet(new StaticContentProcessor(catalogs,
                    conf.platformServer().staticContentRootPaths(),
                    new RequestGate(conf.platformServer().allowDefaultCatalogRequests()), errorRedirect,
                    Clock.systemUTC()), replyWriter);
            CacheServiceServlet cacheService = cacheService(conf, cache);
            Tomcat tomcat = tomcat(conf, images, iiif, content, cacheService, metrics, metricsAccess);
            tomcat.start();
            Connector connector = tomcat.getConnector();
            if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() <= 0) {
                LOG.error("cannot listen on TC::PsPort {}: the port is in use or not allowed", conf.tomcat().psPort());
                System.exit(1);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop(tomcat, imageServer);
                catalogs.close();
                cache.close(); // after Tomcat: no request can add an entry the saved index would miss
            }, "ps-shutdown"));
            LOG.info("Platform Server listening on port {}", connector.getLocalPort());
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            System.exit(2);
        } catch (LifecycleException | IOException e) {
            LOG.error("cannot start Tomcat: {}", e.getMessage(), e);
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
    private static ForeignSources foreignSources(Configuration conf) {
        PropertiesFile file = PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME));
        return new ForeignSources(file.getLong("foreignSource.maxSize", 52_428_800L, 1, 1L << 30),
                ImageServerRegistry.remoteUrls(conf.install()).timeout(),
                file.getBoolean("foreignSource.allowPrivateAddresses", false), Clock.systemUTC());
    }

    /**
     * {@code /is/cache}, answered to loopback clients and to the cluster peers of {@code PS::cacheCluster.hosts}
     * ({@code ;}-separated numeric addresses, CIDR allowed).
     */
    private static CacheServiceServlet cacheService(Configuration conf, ResponseCache cache) {
        PropertiesFile file = PropertiesFile.readIfPresent(conf.install().conf(PlatformServerConf.FILE_NAME));
        String peers = file.get("cacheCluster.hosts", file.get("cluster.hosts", "")).replace(';', ',');
        try {
            return new CacheServiceServlet(cache, peers);
        } catch (IllegalArgumentException e) {
            throw file.error("cacheCluster.hosts", e.getMessage());
        }
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
                                 CacheServiceServlet cacheService, PsMetrics metrics, MetricsAccess metricsAccess)
            throws IOException {
        TomcatServerXml server = conf.tomcat();
        Path baseDir = conf.install().resolve("temp").resolve("ps-tomcat-" + server.psPort());
        Files.createDirectories(baseDir);
        Files.createDirectories(server.accessLogDirectory());
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(server.psPort());
        connector.setThrowOnFailure(true);
        connector.setProperty("server", "ImageServing");
        // Tomcat closes a keep-alive connection after 100 requests; a CDN or browser reusing it pays a new handshake
        // for every 100 images. nginx's default is 1000.
        connector.setProperty("maxKeepAliveRequests", "1000");
        // A reply goes to the socket through this buffer. At Tomcat's 8 KB a 30 KB thumbnail took four copies and
        // four writes: cache hits ran at 0.46x of nginx, at 32 KB 0.88x (64 KB measured the same). Every open
        // connection holds one (Tomcat allocates them on accept), so the connection limit goes from Tomcat's 8192 to
        // 4096: 4096 x (8 KB read + 32 KB write) = 160 MB of heap at most, about what 8192 x 16 KB was before.
        connector.setProperty("socket.appWriteBufSize", "32768");
        connector.setProperty("maxConnections", "4096");
        // %2F inside a path element is data (elements are decoded one by one), not a reason to refuse the request
        connector.setEncodedSolidusHandling("passthrough");
        // the protocol documents %xx as ISO-Latin code points, modern clients send UTF-8: the servlets decode each path
        // element themselves (UTF-8 when valid, else ISO-8859-1), so Tomcat must not refuse non-UTF-8 escapes
        connector.setURIEncoding("ISO-8859-1");
        // nested requests and foreign URLs are delimited by braces, which the protocol sends unencoded
        connector.setProperty("relaxedQueryChars", "{}|");
        // IIIF sizes start with ^ for upscaling (^max, ^w,h), which browsers send unencoded in the path
        connector.setProperty("relaxedPathChars", "^");
        if (!server.psAddress().isEmpty()) {
            connector.setProperty("address", server.psAddress());
        }
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        ((StandardHost) tomcat.getHost()).setErrorReportValveClass(PlainTextErrorValve.class.getName());
        tomcat.getEngine().getPipeline().addValve(accessLog(server));
        tomcat.getEngine().getPipeline().addValve(new MetricsValve(metrics));

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
    private static AccessLogValve accessLog(TomcatServerXml server) {
        AccessLogValve valve = new ImageServingAccessLog();
        valve.setDirectory(server.accessLogDirectory().toString());
        valve.setPrefix(server.accessLogPrefix());
        valve.setFileDateFormat("yyyy-MM-dd");
        valve.setSuffix(".log");
        valve.setPattern(server.accessLogPattern());
        valve.setMaxDays(server.accessLogMaxDays());
        valve.setConditionUnless(HealthServlet.NOT_LOGGED); // the supervisor's probes every few seconds are not traffic
        return valve;
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
