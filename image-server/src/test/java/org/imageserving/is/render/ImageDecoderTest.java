package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir
    Path root;

    @Test
    void decodesAndReportsTheHeader() {
        Path file = TestImages.write(TestImages.redBlue(30, 20), "png", root.resolve("a.png"));
        ImageDecoder.Decoded decoded = new ImageDecoder(1000).decode(file, info -> 1);
        assertThat(decoded.source()).isEqualTo(new ImageDecoder.SourceInfo(30, 20, "png"));
        assertThat(decoded.image().getWidth()).isEqualTo(30);
        assertThat(decoded.image().getHeight()).isEqualTo(20);
        assertThat(decoded.subsampling()).isEqualTo(1);
    }

    @Test
    void theReductionAskedForIsApplied() {
        Path file = TestImages.write(TestImages.redBlue(30, 20), "png", root.resolve("a.png"));
        ImageDecoder.Decoded decoded = new ImageDecoder(1000).decode(file, info -> 3);
        assertThat(decoded.subsampling()).isEqualTo(3);
        assertThat(decoded.image().getWidth()).isEqualTo(10);
        assertThat(decoded.image().getHeight()).isEqualTo(7);
    }

    @Test
    void aSourceOverTheLimitIsRefusedBeforeThePixelsAreDecoded() {
        Path file = TestImages.write(TestImages.redBlue(20, 20), "png", root.resolve("twenty.png"));
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> new ImageDecoder(100).decode(file, info -> {
            asked.incrementAndGet();
            return 1;
        }))
                .isExactlyInstanceOf(RenderException.class)
                .hasMessageContaining("IS::MaxNonDsfSize")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
        assertThat(asked).as("the decode step was reached").hasValue(0);
    }

    @Test
    void exactlyTheLimitIsDecoded() {
        Path file = TestImages.write(TestImages.redBlue(10, 10), "png", root.resolve("ten.png"));
        assertThat(new ImageDecoder(100).decode(file, info -> 1).image().getWidth()).isEqualTo(10);
    }
}
