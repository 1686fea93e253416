package org.imageserving.is.jpeg;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.imageserving.is.render.Pixels;

/**
 * Converts the raw components of an Adobe CMYK or YCCK JPEG, after the reduced decode, to working sRGB pixels as the
 * ImageIO path (TwelveMonkeys' JPEG reader) converts every full-size pixel: Adobe files store the components
 * inverted, and the colour space is the embedded CMYK profile, else TwelveMonkeys' generic CMYK. The conversion runs
 * through a grid sampled from that colour space ({@link CmykLut}), one per profile, kept for the next file with it.
 */
final class CmykToSrgb {
    /** Distinct CMYK profiles kept with their grids; a press shop has a handful. */
    private static final int MAX_PROFILES = 16;
    private static final Map<ByteBuffer, CmykToSrgb> BY_PROFILE = new ConcurrentHashMap<>();
    private static final ByteBuffer UNTAGGED = ByteBuffer.allocate(0);
    private final ColorSpace cmyk;
    private volatile CmykLut lut;

    private CmykToSrgb(ColorSpace cmyk) {
        this.cmyk = cmyk;
    }

    /** The conversion of a file with {@code embedded} (its ICC profile, if any); empty when the profile is not CMYK. */
    static Optional<CmykToSrgb> of(Optional<byte[]> embedded) {
        ByteBuffer key = embedded.map(ByteBuffer::wrap).orElse(UNTAGGED);
        CmykToSrgb known = BY_PROFILE.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<CmykToSrgb> made = make(embedded);
        made.ifPresent(conversion -> {
            if (BY_PROFILE.size() >= MAX_PROFILES) {
                BY_PROFILE.clear();
            }
            BY_PROFILE.put(key, conversion);
        });
        return made;
    }

    private static Optional<CmykToSrgb> make(Optional<byte[]> embedded) {
        if (embedded.isEmpty()) {
            return Optional.of(new CmykToSrgb(ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK)));
        }
        try {
            ICC_Profile profile = ICC_Profile.getInstance(embedded.get());
            if (profile.getColorSpaceType() != ColorSpace.TYPE_CMYK || profile.getNumComponents() != 4) {
                return Optional.empty(); // the ImageIO path decides what a CMYK file with an RGB profile means
            }
            return Optional.of(new CmykToSrgb(ColorSpaces.createColorSpace(profile)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a profile Java reads: the ImageIO path decides
        }
    }

    /** The pixels of {@code area} of {@code decoded} in sRGB, as an opaque working image. */
    BufferedImage convert(LibjpegCmyk.Cmyk decoded, Rectangle area) {
        CmykLut grid = lut();
        BufferedImage image = Pixels.create(area.width, area.height);
        int[] pixels = Pixels.data(image);
        byte[] data = decoded.data();
        for (int y = 0, to = 0; y < area.height; y++) {
            for (int x = 0, from = 4 * ((area.y + y) * decoded.width() + area.x); x < area.width; x++, from += 4) {
                // stored inverted, as Photoshop writes them
                pixels[to++] = grid.argb(~data[from] & 0xFF, ~data[from + 1] & 0xFF, ~data[from + 2] & 0xFF,
                        ~data[from + 3] & 0xFF);
            }
        }
        return image;
    }

    private CmykLut lut() {
        CmykLut grid = lut;
        if (grid == null) {
            synchronized (this) {
                if (lut == null) {
                    lut = CmykLut.of(cmyk);
                }
                grid = lut;
            }
        }
        return grid;
    }
}
