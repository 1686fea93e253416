package org.imageserving.is.render;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.imageserving.common.health.ProcessMemory;
import org.imageserving.common.imaging.source.s3.ObjectPin;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameHandler;
import org.imageserving.common.wire.FrameType;
import org.imageserving.is.request.RequestType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@link FrameType#RENDER} frames. At most {@code IS::WorkerThreads} renders run at once, however many
 * connections the Platform Server opens: more would only fight for the cores and multiply peak memory. Behind them
 * at most {@code IS::MaxQueuedRenders} wait, each at most {@code IS::RenderQueueTimeout}, and no render goes on past
 * {@code IS::RenderTimeout}: beyond these limits the answer is a 503, at once. Requests that only read a header
 * ({@code req=imageprops}, {@code req=validate}) never wait behind renders.
 */
public final class RenderHandler implements FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RenderHandler.class);

    /**
     * The render queue's bounds: {@code IS::MaxQueuedRenders}, {@code IS::RenderQueueTimeout} and
     * {@code IS::RenderTimeout}.
     */
    public record Limits(int maxQueued, Duration queueTimeout, Duration renderTimeout) {
        /** The shipped values. */
        public static final Limits SHIPPED = new Limits(16, Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    private final Renderer renderer;
    private final WorkerPermits workers;
    private final Limits limits;
    private final Path tempDirectory;
    private final LongSupplier nanoTime;

    public RenderHandler(Renderer renderer, int workerThreads) {
        this(renderer, workerThreads, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param tempDirectory {@code IS::TempDirectory}: where a source sent with the request is kept while it renders */
    public RenderHandler(Renderer renderer, int workerThreads, Path tempDirectory) {
        this(renderer, workerThreads, Limits.SHIPPED, tempDirectory);
    }

    public RenderHandler(Renderer renderer, int workerThreads, Limits limits, Path tempDirectory) {
        this(renderer, new WorkerPermits(workerThreads, limits.maxQueued()), limits, tempDirectory, System::nanoTime);
    }

    RenderHandler(Renderer renderer, WorkerPermits workers, Limits limits, Path tempDirectory, LongSupplier nanoTime) {
        this.renderer = renderer;
        this.workers = workers;
        this.limits = limits;
        this.tempDirectory = tempDirectory;
        this.nanoTime = nanoTime;
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
        status.put("renders.refused", Long.toString(workers.refused()));
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
        RenderDeadline deadline = deadline(request, nanoTime.getAsLong());
        boolean lookup = readsHeaderOnly(renderRequest);
        if (!lookup) {
            Frame refused = admit(deadline);
            if (refused != null) {
                LOG.warn("refused {}: {}", renderRequest.canonical(), refused.header("message"));
                return refused;
            }
        }
        RenderDeadline.begin(deadline);
        try {
            Map<Integer, long[]> parts = parts(request);
            Renderer.Rendered rendered = !parts.isEmpty() ? renderParts(renderRequest, request.body(), parts)
                    : RenderRequest.SOURCE_IN_BODY.equals(request.header(RenderRequest.SOURCE_HEADER))
                    ? renderInline(renderRequest, request.body())
                    : renderer.render(renderRequest, ObjectPin.parse(request.header(ObjectPin.HEADER)));
            return new Frame(FrameType.IMAGE, rendered.properties(), rendered.bytes());
        } catch (RenderException e) {
            if (e.status() == 503) {
                // overload, not a fault: no stack trace
                LOG.warn("refused {}: {}", renderRequest.canonical(), e.getMessage());
            } else if (e.status() >= 500) {
                LOG.error("render failed: {}", renderRequest.canonical(), e);
            } else {
                LOG.info("refused {}: {}", renderRequest.canonical(), e.getMessage());
            }
            return RenderErrors.frame(e);
        } finally {
            RenderDeadline.end();
            if (!lookup) {
                workers.release();
            }
        }
    }

    /**
     * {@code IS::RenderTimeout} from now, or the Platform Server's own deadline ({@link RenderRequest#DEADLINE_HEADER},
     * its {@code PS::isConnection.readTimeout}) when that comes first: no one reads an answer after it.
     */
    private RenderDeadline deadline(Frame request, long now) {
        long limit = limits.renderTimeout().toNanos();
        String why = "it ran longer than IS::RenderTimeout (" + limits.renderTimeout().toMillis() + " ms)";
        String header = request.header(RenderRequest.DEADLINE_HEADER);
        if (header != null) {
            try {
                // a time already past is as good as now (and a nonsensical one cannot overflow the arithmetic)
                long left = Math.max(0, TimeUnit.MILLISECONDS.toNanos(
                        Long.parseLong(header.strip()) - System.currentTimeMillis()));
                if (left < limit) {
                    limit = left;
                    why = "the Platform Server stopped waiting for it (PS::isConnection.readTimeout)";
                }
            } catch (NumberFormatException e) {
                // not a time: IS::RenderTimeout alone applies
            }
        }
        return new RenderDeadline(now + limit, why, nanoTime);
    }

    /** Takes a worker thread within the queue's bounds; else the 503 to answer. */
    private Frame admit(RenderDeadline deadline) {
        long wait = Math.min(limits.queueTimeout().toNanos(), deadline.remainingNanos());
        WorkerPermits.Admission admission;
        try {
            admission = workers.acquire(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Frame.error(503, "the Image Server is shutting down");
        }
        return switch (admission) {
            case ADMITTED -> null;
            case QUEUE_FULL -> Frame.error(503, "the Image Server is busy: " + workers.maxWaiting() + " renders already"
                    + " wait for its " + workers.workerThreads() + " worker threads (IS::MaxQueuedRenders,"
                    + " IS::WorkerThreads); try again shortly");
            case TIMED_OUT -> Frame.error(503, "the Image Server is busy: no worker thread became free within "
                    + TimeUnit.NANOSECONDS.toMillis(Math.max(0, wait))
                    + " ms (IS::RenderQueueTimeout, or the Platform Server's deadline); try again shortly");
        };
    }

    /**
     * Requests answered from the source's header (or from the commands alone): cheap and bounded, so they do not
     * queue behind renders, and a slow render cannot hold up a viewer asking for an image's size.
     */
    private static boolean readsHeaderOnly(RenderRequest request) {
        String req = request.command("req");
        if (req == null) {
            return false;
        }
        try {
            RequestType.Kind kind = RequestType.parse(req).kind();
            return kind == RequestType.Kind.IMAGEPROPS || kind == RequestType.Kind.VALIDATE;
        } catch (RuntimeException e) {
            return false; // refused by the render itself, in the queue like any render
        }
    }
}
