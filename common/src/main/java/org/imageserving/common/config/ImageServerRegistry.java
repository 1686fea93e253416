package org.imageserving.common.config;

import static org.imageserving.common.config.XmlFile.childText;
import static org.imageserving.common.config.XmlFile.children;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.imageserving.common.imaging.source.SourceRoot;
import org.imageserving.common.imaging.source.s3.S3Settings;
import org.w3c.dom.Element;

/** {@code conf/ImageServerRegistry.xml}: the {@code IS::} settings, with their documented names and defaults. */
public record ImageServerRegistry(
        Path file,
        int tcpPort,
        List<SourceRoot> sourceRoots,
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
        java.time.Duration renderTimeout,
        S3Settings s3) {

    public static final String FILE_NAME = "ImageServerRegistry.xml";
    private static final long MEGA = 1_000_000L;

    public static ImageServerRegistry read(InstallFolder install) {
        XmlFile xml = XmlFile.read(install.conf(FILE_NAME));
        Element root = xml.root();
        if (!root.getTagName().equalsIgnoreCase("imageserverregistry")) {
            throw xml.error(root, "root element must be <imageserverregistry>, found <" + root.getTagName() + ">");
        }
        List<SourceRoot> roots = children(root, "RootPath").stream()
                .map(e -> sourceRoot(xml, e, install))
                .toList();
        if (roots.isEmpty()) {
            roots = List.of(new SourceRoot.Folder(install.resolve("./images")));
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
                java.time.Duration.ofMillis(xml.childInt(root, "RenderTimeout", 60_000, 100, 3_600_000)),
                s3(xml, root, install));
    }

    private static SourceRoot sourceRoot(XmlFile xml, Element element, InstallFolder install) {
        try {
            return SourceRoot.parse(element.getTextContent(), install::resolve);
        } catch (IllegalArgumentException e) {
            throw xml.error(element, "<RootPath> " + e.getMessage());
        }
    }

    /** {@code IS::S3*}: extensions of our own for masters in S3-compatible buckets (docs/configuration.md). */
    private static S3Settings s3(XmlFile xml, Element root, InstallFolder install) {
        Optional<URI> endpoint = childText(root, "S3Endpoint").map(String::strip).filter(s -> !s.isEmpty())
                .map(text -> parsedUri(xml, root, "S3Endpoint", text));
        Optional<String> accessKey = nonEmpty(root, "S3AccessKeyId");
        Optional<String> secret = nonEmpty(root, "S3SecretAccessKey");
        if (accessKey.isPresent() != secret.isPresent()) {
            throw xml.error(XmlFile.child(root, accessKey.isPresent() ? "S3AccessKeyId" : "S3SecretAccessKey")
                    .orElse(root), "<S3AccessKeyId> and <S3SecretAccessKey> go together: give both or neither");
        }
        return new S3Settings(endpoint, nonEmpty(root, "S3Region"), accessKey, secret,
                xml.childInt(root, "S3PathStyleAccess", 0, 0, 1) == 1,
                java.time.Duration.ofMillis(xml.childInt(root, "S3Timeout", 10_000, 100, 600_000)),
                xml.childInt(root, "S3MaxRetries", 3, 0, 20),
                install.resolve(childText(root, "S3CacheDirectory").orElse("./cache/masters")),
                xml.childInt(root, "S3CacheSize", 1024, 1, 10_000_000) * 1024L * 1024L,
                java.time.Duration.ofMillis(xml.childInt(root, "S3MetadataTtl", 5_000, 0, 3_600_000)));
    }

    private static Optional<String> nonEmpty(Element root, String name) {
        return childText(root, name).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The local folders among the roots, in their order. */
    public List<Path> rootPaths() {
        return sourceRoots.stream().filter(r -> r instanceof SourceRoot.Folder)
                .map(r -> ((SourceRoot.Folder) r).path()).toList();
    }

    /** Whether a root is in a bucket: the object store is reached only then. */
    public boolean hasBucketRoots() {
        return sourceRoots.stream().anyMatch(r -> r instanceof SourceRoot.Bucket);
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
        return parsedUri(xml, root, name, childText(root, name).orElse(defaultValue));
    }

    private static URI parsedUri(XmlFile xml, Element root, String name, String text) {
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
