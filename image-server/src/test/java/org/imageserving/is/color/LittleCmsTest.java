package org.imageserving.is.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.imageserving.is.request.ColorCommands.RenderIntent;
import org.junit.jupiter.api.Test;

class LittleCmsTest {
    @Test
    void profilesLittleCmsCannotLinkAreRefusedNotThrown() {
        assumeThat(LittleCms.library()).as("liblcms2 is installed (Debian's OpenJDK depends on it)").isNotNull();
        ICC_Profile srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB);
        ICC_Profile noCurves = withoutTags(srgb, "rTRC", "gTRC", "bTRC");
        WritableRaster source = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 4, 4, 3, null);
        WritableRaster target = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 4, 4, 3, null);

        // the JDK's error handler turns LittleCMS's refusal into a CMMException in this thread; convert says false
        assertThat(LittleCms.convert(noCurves, srgb, RenderIntent.PERCEPTUAL, false, source, target)).isFalse();
        assertThat(LittleCms.convert(srgb, srgb, RenderIntent.PERCEPTUAL, false, source, target)).isTrue();
    }

    /** The profile with the named tags renamed to a signature nobody reads: it parses, but cannot be linked. */
    private static ICC_Profile withoutTags(ICC_Profile profile, String... names) {
        byte[] data = profile.getData().clone();
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int count = buffer.getInt(128);
        for (int i = 0; i < count; i++) {
            int at = 132 + 12 * i;
            String signature = new String(data, at, 4, StandardCharsets.US_ASCII);
            for (String name : names) {
                if (signature.equals(name)) {
                    buffer.put(at + 3, (byte) 'x'); // rTRx, gTRx, bTRx: still distinct
                }
            }
        }
        return ICC_Profile.getInstance(data);
    }
}
