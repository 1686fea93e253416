package org.imageserving.common.svg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Map;
import java.util.OptionalInt;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameCodec;
import org.junit.jupiter.api.Test;

class SvgRasterFramesTest {

    @Test
    void aRasterSurvivesTheWireWithEveryPixelAndItsAlpha() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0xff112233);
        image.setRGB(2, 1, 0x80ff0000);
        image.setRGB(1, 0, 0x00000000);

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameCodec.write(new DataOutputStream(wire), SvgRasterFrames.raster(image, 30.5, 20));
        Frame answer = FrameCodec.read(new DataInputStream(new ByteArrayInputStream(wire.toByteArray())), 1 << 20);
        BufferedImage back = SvgRasterFrames.image(answer);

        assertThat(back.getWidth()).isEqualTo(3);
        assertThat(back.getHeight()).isEqualTo(2);
        assertThat(back.getRGB(0, 0)).isEqualTo(0xff112233);
        assertThat(back.getRGB(2, 1)).isEqualTo(0x80ff0000);
        assertThat(answer.header(SvgRasterFrames.SVG_WIDTH)).isEqualTo("30.5");
    }

    @Test
    void aBodyThatDoesNotMatchTheStatedSizeIsRefused() {
        Frame lying = new Frame(org.imageserving.common.wire.FrameType.IMAGE,
                Map.of(SvgRasterFrames.WIDTH, "100", SvgRasterFrames.HEIGHT, "100"), new byte[16]);

        assertThatThrownBy(() -> SvgRasterFrames.image(lying)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void variablesTravelWithLowerCaseNamesAndComeBackWithoutThePrefix() {
        Frame request = SvgRasterFrames.request(new byte[] {'<'}, Map.of("Color", "red"), OptionalInt.of(10),
                OptionalInt.empty());

        assertThat(request.header("var.color")).isEqualTo("red");
        assertThat(request.header(SvgRasterFrames.WIDTH)).isEqualTo("10");
        assertThat(request.header(SvgRasterFrames.HEIGHT)).isNull();
        assertThat(SvgRasterFrames.variables(request)).containsExactly(Map.entry("color", "red"));
    }
}
