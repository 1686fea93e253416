package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** The end of a JPEG's or PNG's header within its first bytes: what {@code req=imageprops} of a bucket object reads. */
class HeaderExtentTest {
    static byte[] encode(String format) throws IOException {
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static int indexOf(byte[] bytes, byte... pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aJpegHeaderEndsAtItsFirstScan() throws IOException {
        byte[] jpeg = encode("jpeg");
        int sos = indexOf(jpeg, (byte) 0xFF, (byte) 0xDA);
        assertThat(HeaderExtent.end(jpeg)).isEqualTo(sos);
        assertThat(HeaderExtent.end(Arrays.copyOf(jpeg, sos + 4))).as("the head holds the header").isEqualTo(sos);
        assertThat(HeaderExtent.end(Arrays.copyOf(jpeg, sos - 1))).as("cut before the scan: read it whole")
                .isEqualTo(-1);
    }

    @Test
    void aPngHeaderEndsAtItsFirstImageData() throws IOException {
        byte[] png = encode("png");
        int idat = indexOf(png, (byte) 'I', (byte) 'D', (byte) 'A', (byte) 'T') - 4;
        assertThat(HeaderExtent.end(png)).isEqualTo(idat);
        assertThat(HeaderExtent.end(Arrays.copyOf(png, idat + 2))).isEqualTo(-1);
    }

    @Test
    void otherFormatsAreReadWhole() throws IOException {
        assertThat(HeaderExtent.end(encode("gif"))).isEqualTo(-1);
        assertThat(HeaderExtent.end(encode("tiff"))).isEqualTo(-1);
        assertThat(HeaderExtent.end(new byte[0])).isEqualTo(-1);
    }
}
