package org.imageserving.is.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.imageserving.is.request.Attributes;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.render.Pixels;
import org.junit.jupiter.api.Test;

class ProgressiveScansTest {
    private final JpegEncoder encoder = new JpegEncoder();

    /** Smooth gradients with some noise, at a size that is no multiple of 8 or 16 (partial blocks and MCUs). */
    static BufferedImage picture(int width, int height) {
        BufferedImage image = Pixels.create(width, height);
        Random random = new Random(3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / width + random.nextInt(40)) & 0xFF, g = y * 255 / height, b = (x + y) & 0xFF;
                image.setRGB(x, y, 0xFF000000 | r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    static OutputCommands output(String query) {
        Map<String, String> commands = new java.util.HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            commands.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return OutputCommands.parse(commands, Attributes.parse(Map.of()));
    }

    static int scans(byte[] jpeg) {
        int n = 0;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            // an SOS marker; stuffed 0xFF bytes in the data are followed by 0x00, never 0xDA
            n += (jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA ? 1 : 0;
        }
        return n;
    }

    static boolean progressive(byte[] jpeg) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC2) {
                return true;
            }
        }
        return false;
    }

    static int[] pixels(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void eachPassAddsABandOfCoefficientsForEveryComponent() throws IOException {
        BufferedImage picture = picture(77, 45);
        int[] baseline = pixels(encoder.encode(picture, output("fmt=jpeg&qlt=85")));
        for (int passes = 3; passes <= 5; passes++) {
            byte[] jpeg = encoder.encode(picture, output("fmt=pjpeg&qlt=85&pscan=" + passes));
            assertThat(progressive(jpeg)).isTrue();
            assertThat(scans(jpeg)).as("the DC pass, then one scan per component and band")
                    .isEqualTo(1 + 3 * (passes - 1));
            assertThat(pixels(jpeg)).as("the same coefficients decode to the same pixels").isEqualTo(baseline);
        }
    }

    @Test
    void fullResolutionChromaAndGrayToo() throws IOException {
        BufferedImage picture = picture(33, 70);
        assertThat(pixels(encoder.encode(picture, output("fmt=pjpeg&qlt=90,1&pscan=4"))))
                .isEqualTo(pixels(encoder.encode(picture, output("fmt=jpeg&qlt=90,1"))));
        byte[] gray = encoder.encode(picture, output("fmt=pjpeg,gray&pscan=3"));
        assertThat(scans(gray)).isEqualTo(3);
        assertThat(pixels(gray)).isEqualTo(pixels(encoder.encode(picture, output("fmt=jpeg,gray"))));
    }

    @Test
    void autoKeepsTheEncodersProgressionAndBaselineIgnoresPscan() {
        BufferedImage picture = picture(64, 64);
        byte[] auto = encoder.encode(picture, output("fmt=pjpeg&pscan=auto"));
        assertThat(auto).isEqualTo(encoder.encode(picture, output("fmt=pjpeg")));
        assertThat(scans(auto)).isEqualTo(10); // libjpeg's simple progression for YCbCr
        assertThat(encoder.encode(picture, output("fmt=jpeg&pscan=5")))
                .isEqualTo(encoder.encode(picture, output("fmt=jpeg")));
    }
}
