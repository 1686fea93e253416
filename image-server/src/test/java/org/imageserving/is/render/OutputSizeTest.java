package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imageserving.is.request.ImageCommands;
import org.imageserving.common.render.RenderRequest;
import org.junit.jupiter.api.Test;

class OutputSizeTest {
    private static final long LIMIT = 16_000_000L;

    private static ImageCommands request(Integer wid, Integer hei) {
        java.util.Map<String, String> commands = new java.util.HashMap<>();
        if (wid != null) {
            commands.put("wid", wid.toString());
        }
        if (hei != null) {
            commands.put("hei", hei.toString());
        }
        return ImageCommands.parse(RenderRequest.of("a.jpg", commands));
    }

    @Test
    void widthOnlyKeepsTheAspectRatio() {
        assertThat(OutputSize.of(request(200, null), 1000, 500, LIMIT)).isEqualTo(new OutputSize(200, 100));
        assertThat(OutputSize.of(request(100, null), 300, 200, LIMIT)).isEqualTo(new OutputSize(100, 67));
    }

    @Test
    void heightOnlyKeepsTheAspectRatio() {
        assertThat(OutputSize.of(request(null, 100), 1000, 500, LIMIT)).isEqualTo(new OutputSize(200, 100));
    }

    @Test
    void oneSideAloneScalesUpToo() {
        assertThat(OutputSize.of(request(2000, null), 1000, 500, LIMIT)).isEqualTo(new OutputSize(2000, 1000));
        assertThat(OutputSize.of(request(null, 1000), 1000, 500, LIMIT)).isEqualTo(new OutputSize(2000, 1000));
    }

    @Test
    void bothSidesFitTheImageInsideTheBox() {
        assertThat(OutputSize.of(request(300, 300), 1000, 500, LIMIT)).isEqualTo(new OutputSize(300, 150));
        assertThat(OutputSize.of(request(300, 300), 500, 1000, LIMIT)).isEqualTo(new OutputSize(150, 300));
        assertThat(OutputSize.of(request(400, 100), 1000, 500, LIMIT)).isEqualTo(new OutputSize(200, 100));
        assertThat(OutputSize.of(request(200, 100), 1000, 500, LIMIT)).isEqualTo(new OutputSize(200, 100));
    }

    @Test
    void neitherKeepsTheSourceSize() {
        assertThat(OutputSize.of(request(null, null), 1234, 567, LIMIT)).isEqualTo(new OutputSize(1234, 567));
    }

    @Test
    void aSideNeverShrinksToZero() {
        assertThat(OutputSize.of(request(10, null), 1000, 1, LIMIT)).isEqualTo(new OutputSize(10, 1));
        assertThat(OutputSize.of(request(null, 10), 1, 1000, LIMIT)).isEqualTo(new OutputSize(1, 10));
    }

    @Test
    void exactlyTheLimitIsAllowed() {
        assertThat(OutputSize.of(request(4000, null), 1000, 1000, LIMIT)).isEqualTo(new OutputSize(4000, 4000));
    }

    @Test
    void moreThanMaxRenderRgnPixelsIsRefused() {
        assertThatThrownBy(() -> OutputSize.of(request(4001, null), 1000, 1000, LIMIT))
                .isExactlyInstanceOf(RenderException.class)
                .hasMessageContaining("IS::MaxRenderRgnPixels")
                .hasMessageContaining("4001 x 4001")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
    }

    @Test
    void aLargeSourceAtItsOwnSizeIsRefusedToo() {
        assertThatThrownBy(() -> OutputSize.of(request(null, null), 5000, 4000, LIMIT))
                .isExactlyInstanceOf(RenderException.class)
                .hasMessageContaining("IS::MaxRenderRgnPixels");
    }

    @Test
    void decoderReductionOnlyForLargeSourcesAndLeavesThreePixelsPerOutputPixel() {
        assertThat(new OutputSize(100, 75).decoderReduction(4000, 3000)).isEqualTo(1);
        assertThat(new OutputSize(200, 150).decoderReduction(8000, 6000)).isEqualTo(13);
        assertThat(new OutputSize(4000, 3000).decoderReduction(8000, 6000)).isEqualTo(1);
        assertThat(new OutputSize(1000, 750).decoderReduction(8000, 6000)).isEqualTo(2);
    }
}
