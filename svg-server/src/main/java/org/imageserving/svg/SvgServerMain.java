package org.imageserving.svg;

import java.io.IOException;
import java.time.Duration;
import org.imageserving.common.config.ConfigException;
import org.imageserving.common.config.ImageServerRegistry;
import org.imageserving.common.config.InstallFolder;
import org.imageserving.common.config.PlatformServerConf;
import org.imageserving.common.config.SvgConf;
import org.imageserving.common.lifecycle.ComponentProcess;
import org.imageserving.common.wire.FrameServer;
import org.imageserving.svg.fonts.FontRegistry;
import org.imageserving.svg.render.SvgRasterizer;
import org.imageserving.svg.render.SvgRenderHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The SVG render server process ({@code svg}) on SVG::SVGRender.port: rasterizes SVG sources for the Image Server.
 * Its limits come from the documented settings: PS::svgProvider.SVGFileSizeLimit, IS::SvgMAxRenderRgnPixels,
 * PS::svgProvider.fontRoot and PS::svgProvider.port (where embedded Image Serving requests are fetched).
 */
public final class SvgServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(SvgServerMain.class);
    /** Exit code when a runaway render forces a restart (see {@link SvgRenderHandler}). */
    private static final int RUNAWAY_RENDER = 3;
    /** Held here so the level set on it is not lost when java.util.logging drops unreferenced loggers. */
    private static final java.util.logging.Logger JSVG_LOGGER = java.util.logging.Logger.getLogger("com.github.weisj.jsvg");

    private SvgServerMain() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // JSVG reports through java.util.logging: into this component's log, like everything else.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // Its warnings repeat what our error answers already say, once per odd token: a hostile file would flood the log.
        JSVG_LOGGER.setLevel(java.util.logging.Level.SEVERE);
        try {
            InstallFolder install = ComponentProcess.installFolder();
            SvgConf conf = SvgConf.read(install);
            PlatformServerConf ps = PlatformServerConf.read(install);
            ImageServerRegistry is = ImageServerRegistry.read(install);
            ComponentProcess.watchSupervisor("svg", install);
            FontRegistry.registerAll(ps.svgFontRoot());
            int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
            // An embedded image must arrive well within the render's own time limit, or the render fails as too slow.
            SvgRasterizer rasterizer = new SvgRasterizer(ps.svgProviderPort(), is.svgMaxRenderRgnPixels(),
                    conf.renderTimeout().dividedBy(2));
            SvgRenderHandler handler = new SvgRenderHandler(rasterizer, ps.svgFileSizeLimitBytes(),
                    is.svgMaxRenderRgnPixels(), conf.renderTimeout(), workers, () -> exit(RUNAWAY_RENDER));
            // Requests carry the SVG file: allow the configured file size plus room for the headers.
            FrameServer server = FrameServer.start("svg", conf.renderPort(), handler,
                    ps.svgFileSizeLimitBytes() + (1 << 20));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "svg-shutdown"));
            LOG.info("SVG server listening on 127.0.0.1:{} with {} render threads; embedded images from "
                    + "127.0.0.1:{}; limits {} KB, {} pixels, {} ms", server.port(), workers, ps.svgProviderPort(),
                    ps.svgFileSizeLimitBytes() / 1024, is.svgMaxRenderRgnPixels(), conf.renderTimeout().toMillis());
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            LOG.error("cannot listen on SVG::SVGRender.port: {}", e.getMessage());
            System.exit(1);
        }
    }

    private static void exit(int code) {
        Thread exit = new Thread(() -> {
            Thread hard = new Thread(() -> {
                try {
                    Thread.sleep(Duration.ofSeconds(5).toMillis());
                } catch (InterruptedException ignored) {
                    return;
                }
                Runtime.getRuntime().halt(code);
            }, "svg-exit-watchdog");
            hard.setDaemon(true);
            hard.start();
            System.exit(code);
        }, "svg-exit");
        exit.start();
    }
}
