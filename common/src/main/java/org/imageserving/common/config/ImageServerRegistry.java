package org.imageserving.common.config;

import static org.imageserving.common.config.XmlFile.childText;
import static org.imageserving.common.config.XmlFile.children;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.w3c.dom.Element;

/** {@code conf/ImageServerRegistry.xml}: the {@code IS::} settings, with their documented names and defaults. */
public record ImageServerRegistry(
        Path file,
        int tcpPort,
        List<Path> rootPaths,
        Path tempDirectory,
        Path log,
        int traceClient,
        int physicalMemoryPercent,
        int workerThreads,
        int svgTcpPort,
        long maxRenderRgnPixels,
        long maxSavePixels,
        long maxMessageSizeBytes,
        long maxNonDsfPixels,
        long svgMaxRenderRgnPixels,
        URI cacheServerUrl,
        int maxQueuedRenders,
        java.time.Duration renderQueueTimeout,
        java.time.Duration renderTimeout) {

    public static final String FILE_NAME = "ImageServerRegistry.xml";
    private static final long MEGA = 1_000_000L;

    public static ImageServerRegistry read(InstallFolder install) {
        XmlFile xml = XmlFile.read(install.conf(FILE_NAME));
        Element root = xml.root();
        if (!root.getTagName().equalsIgnoreCase("imageserverregistry")) {
            throw xml.error(root, "root element must be <imageserverregistry>, found <" + root.getTagName() + ">");
        }
        List<Path> roots = children(root, "RootPath").stream()
                .map(e -> install.resolve(e.getTextContent()))
                .toList();
        if (roots.isEmpty()) {
            roots = List.of(install.resolve("./images"));
        }
        return new ImageServerRegistry(
                xml.path(),
                xml.childInt(root, "TcpPort", 27345, 1, 65535),
                roots,
                install.resolve(childText(root, "TempDirectory").orElse("./temp")),
                install.resolve(childText(root, "Log").orElse("./logs/ImageServer.log")),
                xml.childInt(root, "TraceClient", 2, 1, 4),
                xml.childInt(root, "PhysicalMemory", 20, 10, 90),
                xml.childInt(root, "WorkerThreads", 0, 0, 1024),
                xml.childInt(root, "SVGTcpPort", 27346, 1, 65535),
                xml.childInt(root, "MaxRenderRgnPixels", 16, 1, 100_000) * MEGA,
                xml.childInt(root, "MaxSavePixels", 100, 1, 100_000) * MEGA,
                xml.childInt(root, "MaxMessageSize", 16, 1, 2000) * 1024L * 1024L,
                xml.childInt(root, "MaxNonDsfSize", 4, 1, 100_000) * MEGA,
                xml.childInt(root, "SvgMAxRenderRgnPixels", 4, 1, 100_000) * MEGA,
                uri(xml, root, "CacheServerUrl", "http://localhost:8080/is/cache/secondary"),
                // extensions: the render queue's bounds and the render deadline (docs/operations.md)
                xml.childInt(root, "MaxQueuedRenders", 16, 0, 100_000),
                java.time.Duration.ofMillis(xml.childInt(root, "RenderQueueTimeout", 10_000, 0, 3_600_000)),
                java.time.Duration.ofMillis(xml.childInt(root, "RenderTimeout", 60_000, 100, 3_600_000)));
    }

    /**
     * {@code IS::RemoteUrlTimeout} (s, default 60) and {@code IS::RemoteUrlDefaultExpiration} (s, default 36000): how
     * long a foreign source ({@code src={url}}) may take to arrive, and how long it is trusted when its origin sends no
     * expiration. Read by the Platform Server, which fetches foreign sources.
     */
    public record RemoteUrls(java.time.Duration timeout, java.time.Duration defaultExpiration) {}

    public static RemoteUrls remoteUrls(InstallFolder install) {
        XmlFile xml = XmlFile.read(install.conf(FILE_NAME));
        return new RemoteUrls(java.time.Duration.ofSeconds(xml.childInt(xml.root(), "RemoteUrlTimeout", 60, 1, 3600)),
                java.time.Duration.ofSeconds(xml.childInt(xml.root(), "RemoteUrlDefaultExpiration", 36000, 0, 31_536_000)));
    }

    /**
     * {@code IS::SaveDirectory}: the folder under which {@code req=saveToFile} writes (with the catalog's
     * {@code attribute::SavePath}); empty when the element is absent or empty, which refuses every save.
     */
    public static java.util.Optional<Path> saveDirectory(InstallFolder install) {
        XmlFile xml = XmlFile.read(install.conf(FILE_NAME));
        return childText(xml.root(), "SaveDirectory").map(String::strip).filter(s -> !s.isEmpty())
                .map(install::resolve);
    }

    /** Render threads: {@code IS::WorkerThreads}, where 0 means one per core. */
    public int effectiveWorkerThreads() {
        return workerThreads > 0 ? workerThreads : Runtime.getRuntime().availableProcessors();
    }

    private static URI uri(XmlFile xml, Element root, String name, String defaultValue) {
        String text = childText(root, name).orElse(defaultValue);
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null) {
                throw new URISyntaxException(text, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw xml.error(XmlFile.child(root, name).orElse(root), "<" + name + "> is not a URL: " + text);
        }
    }
}
