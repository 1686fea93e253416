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
}
