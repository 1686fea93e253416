package org.imageserving.is.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.source.SourceResolver;
import org.imageserving.testkit.FuzzCase;

/**
 * The decoder fuzz target: a source file's bytes go through the Image Server's real path ({@link Renderer}: the
 * decoders in their order, pyramid TIFF, the native JPEG reader with shrink on load, ImageIO and its plug-ins), once
 * shrunk (so JPEG is reduced while decoding) and once as a region at full scale. Documented outcomes: an image, or a
 * {@link RenderException} with a 4xx/5xx status, where a 500 must not hide a runtime fault of ours; nothing else,
 * within {@link #LIMIT}. {@code IS::MaxNonDsfSize} is 50 megapixels here, so a header may ask for at most ~200 MB.
 */
final class DecoderTarget {
    static final String NAME = "decoder";
    static final Duration LIMIT = Duration.ofSeconds(20);
    static final List<Map<String, String>> RENDERS = List.of(Map.of("wid", "16", "fmt", "png"),
            Map.of("rgn", "8,4,40,20", "scl", "1", "fmt", "jpg"));

    private final Path root;
    private final Renderer renderer;
    private final AtomicLong cases = new AtomicLong();

    DecoderTarget(Path root) {
        this.root = root;
        this.renderer = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 16L << 20,
                Encoders.standard(), null, Clock.systemUTC());
    }

    void check(byte[] bytes, String extension) {
        check(bytes, extension, LIMIT);
    }

    /** An unmutated seed, without the time bound: the first cases load (under the fuzzer instrument) the decoders. */
    void warmUp(byte[] bytes, String extension) {
        check(bytes, extension, FuzzCase.WARM_UP);
    }

    private void check(byte[] bytes, String extension, Duration limit) {
        FuzzCase.run(NAME, bytes, extension, limit, DecoderTarget::documented, () -> {
            // a new name per case: nothing cached for an earlier file of the same name can answer
            String object = "case-" + cases.incrementAndGet() + "." + extension;
            Path file = Files.write(root.resolve(object), bytes);
            try {
                for (Map<String, String> commands : RENDERS) {
                    try {
                        renderer.render(RenderRequest.of(object, commands));
                    } catch (RenderException e) {
                        if (!documented(e)) {
                            throw e;
                        }
                    }
                }
            } finally {
                Files.deleteIfExists(file);
            }
        });
    }

    private static boolean documented(Throwable thrown) {
        if (!(thrown instanceof RenderException e) || e.status() < 400 || e.status() > 599) {
            return false;
        }
        return e.status() != 500 || !(e.getCause() instanceof RuntimeException || e.getCause() instanceof Error);
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
