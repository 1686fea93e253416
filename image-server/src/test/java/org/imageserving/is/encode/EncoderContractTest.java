package org.imageserving.is.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.Attributes;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every registered encoder must do: bytes a standard reader decodes to the same size and colours. AVIF has no
 * ImageIO reader: {@link AvifEncoderTest} reads it back with ImageMagick.
 */
class EncoderContractTest {
    /** 40×20: left half opaque red, right half half-transparent blue (premultiplied). */
    static BufferedImage image() {
        BufferedImage image = Pixels.create(40, 20);
        int[] d = Pixels.data(image);
        for (int i = 0; i < d.length; i++) {
            d[i] = i % 40 < 20 ? 0xFFFF0000 : 0x80000080;
        }
        return image;
    }

    @ParameterizedTest
    @EnumSource(value = OutputFormat.class, names = {"AVIF", "AVIF_ALPHA"}, mode = EnumSource.Mode.EXCLUDE)
    void roundTrips(OutputFormat format) throws Exception {
        OutputCommands output = OutputCommands.parse(Map.of("fmt", format.token()), Attributes.DEFAULTS);
        BufferedImage image = image();
        if (!format.hasAlpha()) {
            Pixels.flatten(image, 0xFFFFFFFF);
        }
        Encoder encoder = Encoders.standard().forFormat(format);
        assertThat(encoder.formats()).contains(format);

        BufferedImage back = ImageIO.read(new ByteArrayInputStream(encoder.encode(image, output)));

        assertThat(back.getWidth()).isEqualTo(40);
        assertThat(back.getHeight()).isEqualTo(20);
        int red = back.getRGB(5, 10);
        assertThat((red >> 16) & 0xFF).isGreaterThan(230);
        assertThat(red & 0xFF).isLessThan(30);
        int right = back.getRGB(35, 10);
        if (format.hasAlpha() && !format.isPalette()) {
            assertThat(right >>> 24).isBetween(0x70, 0x90);
            assertThat(right & 0xFF).isGreaterThan(230);
        } else if (!format.hasAlpha()) {
            // half-transparent blue over white: (127, 127, 255)
            assertThat((right >> 16) & 0xFF).isBetween(100, 150);
            assertThat(right & 0xFF).isGreaterThan(230);
        }
    }
}
