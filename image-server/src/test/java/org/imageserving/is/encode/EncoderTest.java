package org.imageserving.is.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.Attributes;
import org.imageserving.is.request.OutputCommands;
import org.junit.jupiter.api.Test;

class EncoderTest {
    static BufferedImage gradient() {
        BufferedImage image = Pixels.create(64, 32);
        int[] d = Pixels.data(image);
        for (int i = 0; i < d.length; i++) {
            int x = i % 64, y = i / 64;
            d[i] = 0xFF000000 | (x * 4) << 16 | (y * 8) << 8 | 128;
        }
        return image;
    }

    static OutputCommands output(String fmt) {
        return OutputCommands.parse(Map.of("fmt", fmt), Attributes.DEFAULTS);
    }

    @Test
    void webpReallyEncodesWithTheBundledNativeLibrary() throws Exception {
        byte[] lossy = Encoders.standard().forFormat(output("webp").format()).encode(gradient(), output("webp"));
        assertThat(new String(lossy, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(lossy, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(new String(lossy, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("VP8 ");
        byte[] lossless = Encoders.standard().forFormat(output("webp,,lossless").format()).encode(gradient(), output("webp,,lossless"));
        assertThat(new String(lossless, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("VP8L");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(lossless));
        assertThat(back.getRGB(10, 10) & 0xFFFFFF).isEqualTo(Pixels.data(gradient())[10 * 64 + 10] & 0xFFFFFF);
    }

    @Test
    void macPaletteHas256DistinctColoursFromWhiteToBlack() {
        int[] mac = Quantizer.macPalette();
        assertThat(mac).hasSize(256);
        Set<Integer> distinct = new HashSet<>();
        Arrays.stream(mac).forEach(distinct::add);
        assertThat(distinct).hasSize(256);
        assertThat(mac[0]).isEqualTo(0xFFFFFF);
        assertThat(mac[255]).isEqualTo(0);
    }

    @Test
    void adaptivePaletteKeepsForcedColoursAndTheLimit() {
        int[] pixels = new int[1000];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0xFF000000 | (i * 7919) & 0xFFFFFF;
        }
        int[] palette = Quantizer.adaptive(pixels, 16, List.of(0xFFFF00FF), false);
        assertThat(palette).hasSize(16);
        assertThat(palette[0]).isEqualTo(0xFF00FF);
    }
}
