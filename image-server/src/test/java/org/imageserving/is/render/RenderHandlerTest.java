package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameType;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.source.SourceResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RENDER frames: a source sent as the body, and what an ERROR frame tells the Platform Server. */
class RenderHandlerTest {
    @TempDir
    Path root;
    @TempDir
    Path temp;

    private RenderHandler handler(long maxSourcePixels) {
        Renderer renderer = new Renderer(new SourceResolver(List.of(root)), maxSourcePixels, 16_000_000L, 16L << 20,
                Encoders.standard(), null, Clock.systemUTC());
        return new RenderHandler(renderer, 1, temp);
    }

    private static Frame withBody(Map<String, String> commands, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>(RenderRequest.of("ignored.png", commands).toHeaders());
        headers.put(RenderRequest.SOURCE_HEADER, RenderRequest.SOURCE_IN_BODY);
        return new Frame(FrameType.RENDER, headers, body);
    }

    private static long files(Path folder) throws Exception {
        try (Stream<Path> list = Files.list(folder)) {
            return list.count();
        }
    }

    @Test
    void aSourceSentAsTheBodyIsRenderedAndItsTemporaryFileRemoved() throws Exception {
        Path png = root.resolve("q.png");
        Patterns.write(Patterns.quadrants(200, 100), "png", png);
        Frame reply = handler(50_000_000L).handle(withBody(Map.of("wid", "50", "fmt", "png"), Files.readAllBytes(png)));
        assertThat(reply.type()).as(reply.headers().toString()).isEqualTo(FrameType.IMAGE);
        BufferedImage image = Patterns.decode(reply.body());
        assertThat(image.getWidth()).isEqualTo(50);
        assertThat(image.getRGB(0, 0)).isEqualTo(Patterns.RED);
        assertThat(files(temp)).as("nothing left in IS::TempDirectory").isZero();
        assertThat(RenderRequest.fromHeaders(withBody(Map.of("wid", "5"), new byte[0]).headers()).commands())
                .as("the source header is no command").doesNotContainKey(RenderRequest.SOURCE_HEADER);
    }

    @Test
    void aSentSourceKeepsTheLimitsAndSvgIsRefused() throws Exception {
        Path png = root.resolve("q.png");
        Patterns.write(Patterns.quadrants(200, 100), "png", png);
        Frame tooBig = handler(10_000L).handle(withBody(Map.of("wid", "50"), Files.readAllBytes(png)));
        assertThat(tooBig.header("message")).contains("IS::MaxNonDsfSize");
        Frame svg = handler(50_000_000L).handle(withBody(Map.of(), "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes()));
        assertThat(svg.type()).isEqualTo(FrameType.ERROR);
        assertThat(svg.header("message")).contains("SVG document cannot be a nested or foreign source");
        assertThat(files(temp)).isZero();
    }

    @Test
    void aCorruptSourceIsMarkedForRedirectAndEveryErrorCarriesItsTrace() throws Exception {
        Files.write(root.resolve("broken.png"), "not an image at all".getBytes());
        Frame corrupt = handler(50_000_000L).handle(new Frame(FrameType.RENDER,
                RenderRequest.of("broken.png", Map.of()).toHeaders(), null));
        assertThat(corrupt.type()).isEqualTo(FrameType.ERROR);
        assertThat(corrupt.header("status")).isEqualTo("403");
        assertThat(corrupt.header(Frame.ERROR_REASON)).isEqualTo(Frame.UNREADABLE_SOURCE);
        assertThat(corrupt.header(Frame.ERROR_TRACE)).startsWith(RenderException.class.getName()).contains("\tat ");

        Frame usage = handler(50_000_000L).handle(new Frame(FrameType.RENDER,
                RenderRequest.of("broken.png", Map.of("wid", "abc")).toHeaders(), null));
        assertThat(usage.header(Frame.ERROR_REASON)).as("a usage error is not the source's fault").isNull();
        assertThat(usage.header(Frame.ERROR_TRACE)).contains("RenderException");
        Frame missing = handler(50_000_000L).handle(new Frame(FrameType.RENDER,
                RenderRequest.of("none.png", Map.of()).toHeaders(), null));
        assertThat(missing.header(Frame.ERROR_REASON)).as("missing is not corrupt").isNull();
    }

    private RenderHandler handler(WorkerPermits permits, RenderHandler.Limits limits, java.util.function.LongSupplier clock) {
        Renderer renderer = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 16L << 20,
                Encoders.standard(), null, Clock.systemUTC());
        return new RenderHandler(renderer, permits, limits, temp, clock);
    }

    private static Frame render(Map<String, String> commands) {
        return new Frame(FrameType.RENDER, RenderRequest.of("q.png", commands).toHeaders(), null);
    }

    @Test
    void whenEveryWorkerIsBusyAndTheQueueFullARenderIsRefused503AtOnceButPropertiesAreStillAnswered() throws Exception {
        Patterns.write(Patterns.quadrants(200, 100), "png", root.resolve("q.png"));
        WorkerPermits permits = new WorkerPermits(1, 0);
        RenderHandler handler = handler(permits, RenderHandler.Limits.SHIPPED, System::nanoTime);
        assertThat(permits.acquire(0)).isEqualTo(WorkerPermits.Admission.ADMITTED); // a long render elsewhere
        try {
            Frame busy = handler.handle(render(Map.of("wid", "50")));
            assertThat(busy.type()).isEqualTo(FrameType.ERROR);
            assertThat(busy.header("status")).isEqualTo("503");
            assertThat(busy.header("message")).contains("IS::MaxQueuedRenders");
            Frame props = handler.handle(render(Map.of("req", "imageprops")));
            assertThat(props.type()).as(props.headers().toString()).isEqualTo(FrameType.IMAGE);
            assertThat(new String(props.body())).contains("\"image.width\":\"200\"");
            Frame valid = handler.handle(render(Map.of("req", "validate")));
            assertThat(valid.type()).isEqualTo(FrameType.IMAGE);
            assertThat(handler.status()).containsEntry("renders.refused", "1").containsEntry("renders.running", "1");
        } finally {
            permits.release();
        }
        assertThat(handler.handle(render(Map.of("wid", "50"))).type()).as("served once a worker is free")
                .isEqualTo(FrameType.IMAGE);
    }

    @Test
    void aRenderThePlatformServerStoppedWaitingForIsNotRendered() throws Exception {
        Patterns.write(Patterns.quadrants(200, 100), "png", root.resolve("q.png"));
        WorkerPermits permits = new WorkerPermits(1, 4);
        RenderHandler handler = handler(permits, RenderHandler.Limits.SHIPPED, System::nanoTime);
        Map<String, String> headers = new LinkedHashMap<>(render(Map.of("wid", "50")).headers());
        headers.put(RenderRequest.DEADLINE_HEADER, Long.toString(System.currentTimeMillis() - 1000));
        Frame late = handler.handle(new Frame(FrameType.RENDER, headers, null));
        assertThat(late.header("status")).isEqualTo("503");
        assertThat(late.header("message")).contains("PS::isConnection.readTimeout");
        assertThat(permits.running()).as("its worker thread is free again").isZero();
        assertThat(RenderRequest.fromHeaders(headers).commands()).as("the deadline is no command")
                .doesNotContainKey(RenderRequest.DEADLINE_HEADER);
    }

    @Test
    void aRenderPastIsRenderTimeoutStopsAtItsNextStepWith503() throws Exception {
        Patterns.write(Patterns.quadrants(200, 100), "png", root.resolve("q.png"));
        // a clock on which every reading is two seconds after the one before: the render's first step is too late
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        WorkerPermits permits = new WorkerPermits(1, 4);
        RenderHandler handler = handler(permits, new RenderHandler.Limits(4, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(1)), () -> now.addAndGet(2_000_000_000L));
        Frame stopped = handler.handle(render(Map.of("wid", "50", "op_blur", "2")));
        assertThat(stopped.header("status")).isEqualTo("503");
        assertThat(stopped.header("message")).contains("IS::RenderTimeout (1000 ms)");
        assertThat(permits.running()).isZero();
        RenderHandler patient = handler(permits, RenderHandler.Limits.SHIPPED, System::nanoTime);
        assertThat(patient.handle(render(Map.of("wid", "50", "op_blur", "2"))).type()).isEqualTo(FrameType.IMAGE);
    }
}
