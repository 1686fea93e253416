package org.imageserving.is;

import java.io.IOException;
import java.time.Clock;
import javax.imageio.ImageIO;
import org.imageserving.common.config.ConfigException;
import org.imageserving.common.config.ImageServerRegistry;
import org.imageserving.common.config.InstallFolder;
import org.imageserving.common.config.PlatformServerConf;
import org.imageserving.common.config.SvgConf;
import org.imageserving.common.lifecycle.ComponentProcess;
import org.imageserving.common.wire.FrameServer;
import org.imageserving.common.config.PropertiesFile;
import java.nio.file.Files;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.render.RenderHandler;
import org.imageserving.is.render.Renderer;
import org.imageserving.common.imaging.source.s3.MasterCache;
import org.imageserving.common.imaging.source.s3.ObjectStore;
import org.imageserving.is.source.SourceResolver;
import org.imageserving.is.svg.SvgDecoder;
import org.imageserving.is.svg.SvgRasterClient;
import org.imageserving.is.zlib.ZlibInflaters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Image Server process ({@code is}): decodes, renders and encodes for the Platform Server on IS::TcpPort. */
public final class ImageServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(ImageServerMain.class);
    /** The commands of a render request are small; only a source sent along (see below) makes a frame larger. */
    private static final long MAX_REQUEST_BYTES = 1 << 20;

    private ImageServerMain() {}

    /**
     * The local copies of bucket objects when a root is a bucket; null otherwise (no SDK client is made). Blocks of
     * 32 KiB: about a JPEG tile of 256 x 256 pixels, so a thumbnail's tiles cost a block or two each, and a level's
     * directory and tile tables a block each.
     */
    private static MasterCache masters(ImageServerRegistry conf) {
        if (!conf.hasBucketRoots()) {
            return null;
        }
        LOG.info("object storage: {}", conf.s3());
        return new MasterCache(new ObjectStore(conf.s3()), conf.s3().cacheDirectory(), conf.s3().cacheBytes(),
                32 * 1024);
    }

    public static void main(String[] args) {
        try {
            InstallFolder install = ComponentProcess.installFolder();
            ImageServerRegistry conf = ImageServerRegistry.read(install);
            ComponentProcess.watchSupervisor("is", install);
            ImageIO.setUseCache(false);
            ImageIO.scanForPlugins();
            SvgDecoder svg = new SvgDecoder(new SvgRasterClient(conf.svgTcpPort(), SvgConf.read(install).renderTimeout(),
                    conf.effectiveWorkerThreads(), conf.svgMaxRenderRgnPixels()),
                    PlatformServerConf.read(install).svgFileSizeLimitBytes(), conf.svgMaxRenderRgnPixels());
            Renderer renderer = new Renderer(new SourceResolver(conf.sourceRoots(), masters(conf)), conf.maxNonDsfPixels(),
                    conf.maxRenderRgnPixels(), conf.maxMessageSizeBytes(), Encoders.standard(), svg, Clock.systemUTC());
            Files.createDirectories(conf.tempDirectory());
            // a request may carry layer 0's source: a nested request's reply or a foreign image (see ps)
            long maxRequestBytes = MAX_REQUEST_BYTES + Math.max(conf.maxMessageSizeBytes(),
                    PropertiesFile.readIfPresent(install.conf(PlatformServerConf.FILE_NAME))
                            .getLong("foreignSource.maxSize", 52_428_800L, 0, 1L << 30));
            FrameServer server = FrameServer.start("is", conf.tcpPort(),
                    new RenderHandler(renderer, conf.effectiveWorkerThreads(), new RenderHandler.Limits(
                            conf.maxQueuedRenders(), conf.renderQueueTimeout(), conf.renderTimeout()),
                            conf.tempDirectory()), maxRequestBytes);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("Image Server stopping");
                server.close();
            }, "is-shutdown"));
            LOG.info("PNG inflate: {}", ZlibInflaters.engine());
            LOG.info("Image Server listening on 127.0.0.1:{} with {} render threads (at most {} renders waiting, each"
                    + " {} ms; renders stop after {} ms), source roots {}", server.port(), conf.effectiveWorkerThreads(),
                    conf.maxQueuedRenders(), conf.renderQueueTimeout().toMillis(), conf.renderTimeout().toMillis(),
                    conf.sourceRoots());
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            LOG.error("cannot listen on IS::TcpPort: {}", e.getMessage());
            System.exit(1);
        }
    }
}
