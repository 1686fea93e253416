package org.imageserving.is.svg;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.imageserving.common.render.RenderRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvgDecoderTest {
    @TempDir
    Path folder;

    @Test
    void recognisesSvgByExtensionOrByContentAndNeverARasterImage() throws IOException {
        Path svg = Files.writeString(folder.resolve("logo.SVG"), "<svg/>");
        Path noExtension = Files.write(folder.resolve("logo"),
                ("\uFEFF \n<?xml version='1.0'?><svg/>").getBytes(StandardCharsets.UTF_8));
        Path png = folder.resolve("pixel.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        Path pngWithoutExtension = Files.copy(png, folder.resolve("pixel"));

        assertThat(SvgDecoder.isSvg(svg)).isTrue();
        assertThat(SvgDecoder.isSvg(noExtension)).isTrue();
        assertThat(SvgDecoder.isSvg(png)).isFalse();
        assertThat(SvgDecoder.isSvg(pngWithoutExtension)).isFalse();
        // a raster suffix is believed without opening the file: the render path reads each source once
        Path misnamed = Files.writeString(folder.resolve("drawing.png"), "<svg/>");
        assertThat(SvgDecoder.isSvg(misnamed)).isFalse();
    }

    @Test
    void theVariablesAreTheDollarCommandsWithoutTheirDollar() {
        RenderRequest request = RenderRequest.of("a.svg", Map.of("$Color", "red", "wid", "10", "$", "x", "$t", ""));

        assertThat(SvgDecoder.variables(request)).containsExactly(Map.entry("color", "red"), Map.entry("t", ""));
    }

    @Test
    void anSvgIsDrawnAtTheRepliesScaleUnlessACommandIsMeasuredInSourcePixels() {
        RenderRequest plain = RenderRequest.of("a.svg", Map.of("wid", "1200"));
        assertThat(SvgDecoder.drawingScale(plain, 50, 50)).isEqualTo(50);
        assertThat(SvgDecoder.drawingScale(plain, 2.01, 1.5)).isEqualTo(2.01);
        assertThat(SvgDecoder.drawingScale(plain, 1e-6, 1e-6)).isEqualTo(1e-6);
        for (String command : new String[] {"crop", "extend", "scl", "rect"}) {
            RenderRequest measured = RenderRequest.of("a.svg", Map.of("wid", "1200", command, "1"));
            assertThat(SvgDecoder.drawingScale(measured, 50, 50)).as(command).isEqualTo(1);
        }
    }
}
