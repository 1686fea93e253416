package org.imageserving.is.render;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.common.health.ProcessMemory;
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

    /** Queue depth and the memory figures that the heap alone does not show (the native side of decoding). */
    @Override
    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("renders.waiting", Integer.toString(workers.waiting()));
        status.put("renders.running", Integer.toString(workers.running()));
        ProcessMemory.residentBytes(ProcessHandle.current().pid())
                .ifPresent(rss -> status.put("rss", Long.toString(rss)));
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            direct += Math.max(0, pool.getMemoryUsed());
        }
        status.put("bufferPools", Long.toString(direct));
        return status;
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
            return Frame.error(e.status(), e.getMessage());
        } finally {
            workers.release();
        }
    }
}
