package org.imageserving.is.render;

import org.imageserving.common.render.RenderRequest;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameHandler;
import org.imageserving.common.wire.FrameType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@link FrameType#RENDER} frames. At most {@code IS::WorkerThreads} renders run at once, however many
 * connections the Platform Server opens: more would only fight for the cores and multiply peak memory.
 */
public final class RenderHandler implements FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RenderHandler.class);
    private final Renderer renderer;
    private final WorkerPermits workers;

    public RenderHandler(Renderer renderer, int workerThreads) {
        this.renderer = renderer;
        this.workers = new WorkerPermits(workerThreads);
    }

    @Override
    public Frame handle(Frame request) {
        if (request.type() != FrameType.RENDER) {
            return Frame.error(500, "the Image Server does not handle " + request.type() + " frames");
        }
        RenderRequest renderRequest;
        try {
            renderRequest = RenderRequest.fromHeaders(request.headers());
        } catch (IllegalArgumentException e) {
            return Frame.error(403, "invalid render request: " + e.getMessage());
        }
        try {
            workers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Frame.error(503, "the Image Server is shutting down");
        }
        try {
            Renderer.Rendered rendered = renderer.render(renderRequest);
            return new Frame(FrameType.IMAGE, rendered.properties(), rendered.bytes());
        } catch (RenderException e) {
            if (e.status() >= 500) {
                LOG.error("render failed: {}", renderRequest.canonical(), e);
            } else {
                LOG.info("refused {}: {}", renderRequest.canonical(), e.getMessage());
            }
            return RenderErrors.frame(e);
        } finally {
            workers.release();
        }
    }
}
