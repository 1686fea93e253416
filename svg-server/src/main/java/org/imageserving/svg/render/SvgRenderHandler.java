package org.imageserving.svg.render;

import com.github.weisj.jsvg.view.FloatSize;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.imageserving.common.svg.SvgRasterFrames;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameHandler;
import org.imageserving.common.wire.FrameType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the Image Server's SVG frames ({@link SvgRasterFrames}). Every parse and render runs on a worker thread and
 * is waited for at most {@code SVG::SVGRender.timeout}: a hostile file gets an error in bounded time. Java cannot stop
 * a thread that is busy drawing, so when an abandoned render has still not ended shortly after its deadline, this
 * process exits and the supervisor starts a fresh one; meanwhile the Image Server's calls fail fast instead of hanging.
 */
public final class SvgRenderHandler implements FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SvgRenderHandler.class);
    /** How long an abandoned render may go on after its deadline before the process is restarted. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);
    private static final int MEASURED_DOCUMENTS = 4;
    private final SvgRasterizer rasterizer;
    private final long maxFileBytes;
    private final long maxPixels;
    private final Duration timeout;
    private final Duration grace;
    private final Semaphore workers;
    private final ExecutorService executor;
    private final Runnable exitProcess;
    /** Documents measured and not rendered yet; a few, because each may hold embedded images. */
    private final Map<String, SvgRasterizer.Parsed> measured = Collections.synchronizedMap(
            new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SvgRasterizer.Parsed> eldest) {
                    return size() > MEASURED_DOCUMENTS;
                }
            });

    public SvgRenderHandler(SvgRasterizer rasterizer, long maxFileBytes, long maxPixels, Duration timeout,
                            int workerThreads, Runnable exitProcess) {
        this(rasterizer, maxFileBytes, maxPixels, timeout, DEFAULT_GRACE, workerThreads, exitProcess);
    }

    SvgRenderHandler(SvgRasterizer rasterizer, long maxFileBytes, long maxPixels, Duration timeout, Duration grace,
                     int workerThreads, Runnable exitProcess) {
        this.rasterizer = rasterizer;
        this.grace = grace;
        this.maxFileBytes = maxFileBytes;
        this.maxPixels = maxPixels;
        this.timeout = timeout;
        this.workers = new Semaphore(workerThreads, true);
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        this.exitProcess = exitProcess;
    }

    @Override
    public Frame handle(Frame request) {
        if (request.type() != FrameType.RENDER) {
            return Frame.error(500, "the SVG server does not handle " + request.type() + " frames");
        }
        try {
            if (request.body().length > maxFileBytes) {
                throw SvgException.refused(String.format("SVG file of %d KB is larger than the "
                        + "PS::svgProvider.SVGFileSizeLimit of %d KB", (request.body().length + 1023) / 1024,
                        maxFileBytes / 1024));
            }
            Integer width = dimension(request, SvgRasterFrames.WIDTH);
            Integer height = dimension(request, SvgRasterFrames.HEIGHT);
            if ((width == null) != (height == null)) {
                throw new SvgException(500, "an SVG render request needs both width and height");
            }
            if (width != null && (long) width * height > maxPixels) {
                throw SvgException.refused(String.format("SVG raster of %d x %d pixels is larger than the "
                        + "IS::SvgMAxRenderRgnPixels limit of %.1f megapixels", width, height, maxPixels / 1e6));
            }
            return withinTimeLimit(() -> answer(request.body(), SvgRasterFrames.variables(request), width, height));
        } catch (SvgException e) {
            if (e.status() >= 500) {
                LOG.error("SVG request failed: {}", e.getMessage());
            } else {
                LOG.info("SVG refused: {}", e.getMessage());
            }
            return Frame.error(e.status(), e.getMessage());
        }
    }

    /**
     * The Image Server measures, then renders the same file: the document parsed for the first is kept for the second,
     * so the file is parsed, and its embedded images fetched, once per request.
     */
    private Frame answer(byte[] svg, Map<String, String> variables, Integer width, Integer height) {
        String key = cacheKey(svg, variables);
        SvgRasterizer.Parsed parsed = width == null ? null : measured.remove(key);
        if (parsed == null) {
            parsed = rasterizer.parse(svg, variables);
        }
        FloatSize size = parsed.size();
        if (width == null) {
            measured.put(key, parsed);
            return SvgRasterFrames.size(size.width, size.height);
        }
        BufferedImage raster = parsed.render(width, height);
        return SvgRasterFrames.raster(raster, size.width, size.height);
    }

    private static String cacheKey(byte[] svg, Map<String, String> variables) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(svg);
            // length-prefixed, so that no two different sets of variables can read the same
            for (Map.Entry<String, String> variable : new TreeMap<>(variables).entrySet()) {
                for (String text : new String[] {variable.getKey(), variable.getValue()}) {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                    digest.update(bytes);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private interface Work {
        Frame run();
    }

    private Frame withinTimeLimit(Work work) {
        try {
            if (!workers.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Frame.error(503, "the SVG server is busy; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Frame.error(503, "the SVG server is shutting down");
        }
        Future<Frame> future;
        AtomicBoolean ended = new AtomicBoolean();
        try {
            future = executor.submit(() -> {
                try {
                    return work.run();
                } finally {
                    ended.set(true);
                    workers.release();
                }
            });
        } catch (RuntimeException e) {
            workers.release();
            throw e;
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            watch(ended);
            throw SvgException.refused("the SVG did not render within the SVG::SVGRender.timeout of "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return Frame.error(503, "the SVG server is shutting down");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SvgException svg) {
                throw svg;
            }
            if (cause instanceof StackOverflowError) {
                throw SvgException.refused("the SVG is nested too deeply to render");
            }
            LOG.error("SVG rendering failed", cause);
            throw SvgException.refused("the SVG could not be rendered: " + cause);
        }
    }

    /** Ends the process if an abandoned render keeps a core busy after its deadline (see the class comment). */
    private void watch(AtomicBoolean ended) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!ended.get()) {
                LOG.error("an SVG render is still running {} ms after its time limit; restarting the SVG server",
                        grace.toMillis());
                exitProcess.run();
            }
        }, "svg-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static Integer dimension(Frame request, String name) {
        String value = request.header(name);
        if (value == null) {
            return null;
        }
        try {
            int pixels = Integer.parseInt(value);
            if (pixels <= 0) {
                throw new NumberFormatException();
            }
            return pixels;
        } catch (NumberFormatException e) {
            throw new SvgException(500, "invalid " + name + " in SVG render request: " + value);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "svg-render-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
