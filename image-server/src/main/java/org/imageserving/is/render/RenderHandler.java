package org.imageserving.is.render;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final Path tempDirectory;

    public RenderHandler(Renderer renderer, int workerThreads) {
        this(renderer, workerThreads, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param tempDirectory {@code IS::TempDirectory}: where a source sent with the request is kept while it renders */
    public RenderHandler(Renderer renderer, int workerThreads, Path tempDirectory) {
        this.renderer = renderer;
        this.workers = new WorkerPermits(workerThreads);
        this.tempDirectory = tempDirectory;
    }

    /**
     * The source travels as the frame body; the decoders read files (by level, by tile, natively), so it is kept in a
     * private temporary file for the length of this render.
     */
    private Renderer.Rendered renderInline(RenderRequest request, byte[] source) {
        Path file = null;
        try {
            file = Files.createTempFile(tempDirectory, "inline-source-", ".bin");
            Files.write(file, source);
            return renderer.renderInline(request, file);
        } catch (IOException e) {
            throw RenderException.serverError("cannot keep the source sent with the request in IS::TempDirectory "
                    + tempDirectory + ": " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", file, e.getMessage());
                }
            }
        }
    }

    /** Where each layer's bytes are in the body ({@code @source:n = offset,length}), checked against its length. */
    private static Map<Integer, long[]> parts(Frame request) {
        Map<Integer, long[]> parts = new java.util.TreeMap<>();
        String prefix = RenderRequest.SOURCE_HEADER + ":";
        int length = request.body() == null ? 0 : request.body().length;
        request.headers().forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                try {
                    int number = Integer.parseInt(name.substring(prefix.length()));
                    String[] range = value.split(",");
                    long offset = Long.parseLong(range[0].strip()), size = Long.parseLong(range[1].strip());
                    if (offset < 0 || size < 0 || offset + size > length) {
                        throw new NumberFormatException();
                    }
                    parts.put(number, new long[] {offset, size});
                } catch (RuntimeException e) {
                    throw RenderException.badRequest("invalid render request: " + name + "=" + value);
                }
            }
        });
        return parts;
    }

    /** Several layers' sources sent along: each kept in its own private file for the length of this render. */
    private Renderer.Rendered renderParts(RenderRequest request, byte[] body, Map<Integer, long[]> parts) {
        Map<Integer, Path> files = new java.util.TreeMap<>();
        try {
            for (Map.Entry<Integer, long[]> part : parts.entrySet()) {
                Path file = Files.createTempFile(tempDirectory, "inline-layer-" + part.getKey() + "-", ".bin");
                files.put(part.getKey(), file);
                try (java.io.OutputStream out = Files.newOutputStream(file)) {
                    out.write(body, (int) part.getValue()[0], (int) part.getValue()[1]);
                }
            }
            return renderer.renderLayers(request, files);
        } catch (IOException e) {
            throw RenderException.serverError("cannot keep the sources sent with the request in IS::TempDirectory "
                    + tempDirectory + ": " + e.getMessage(), e);
        } finally {
            for (Path file : files.values()) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", file, e.getMessage());
                }
            }
        }
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
            Map<Integer, long[]> parts = parts(request);
            Renderer.Rendered rendered = !parts.isEmpty() ? renderParts(renderRequest, request.body(), parts)
                    : RenderRequest.SOURCE_IN_BODY.equals(request.header(RenderRequest.SOURCE_HEADER))
                    ? renderInline(renderRequest, request.body())
                    : renderer.render(renderRequest);
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
