package org.imageserving.svg;

import java.io.IOException;
import org.imageserving.common.config.ConfigException;
import org.imageserving.common.config.InstallFolder;
import org.imageserving.common.config.SvgConf;
import org.imageserving.common.lifecycle.ComponentProcess;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SVG render server process ({@code svg}) on SVG::SVGRender.port. It answers health probes; rasterizing arrives
 * with the SVG issue, and until then a render request gets a clear error instead of a hang.
 */
public final class SvgServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(SvgServerMain.class);

    private SvgServerMain() {}

    public static void main(String[] args) {
        try {
            InstallFolder install = ComponentProcess.installFolder();
            SvgConf conf = SvgConf.read(install);
            ComponentProcess.exitWithSupervisor();
            FrameServer server = FrameServer.start("svg", conf.renderPort(),
                    request -> Frame.error(500, "SVG rendering is not available in this version"), 1 << 20);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "svg-shutdown"));
            LOG.info("SVG server listening on 127.0.0.1:{}", server.port());
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            LOG.error("cannot listen on SVG::SVGRender.port: {}", e.getMessage());
            System.exit(1);
        }
    }
}
