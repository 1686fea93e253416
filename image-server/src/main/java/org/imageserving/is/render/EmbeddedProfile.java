package org.imageserving.is.render;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.NodeList;

/**
 * Embedded ICC profiles that a reader reports but does not apply. The JPEG and TIFF readers (TwelveMonkeys) hand
 * out images in the profile's colour space, which {@link Pixels#toWorking} converts; the PNG reader ignores the
 * {@code iCCP} chunk, so its profile is read here and the pixels converted to sRGB.
 */
final class EmbeddedProfile {
    private static final String PNG_FORMAT = "javax_imageio_png_1.0";

    private EmbeddedProfile() {}

    /** The RGB profile of a PNG's {@code iCCP} chunk, unless it is absent, unreadable, or sRGB itself. */
    static Optional<ICC_Profile> ofPng(ImageReader reader) {
        try {
            IIOMetadata metadata = reader.getImageMetadata(0);
            if (metadata == null || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(PNG_FORMAT)) {
                return Optional.empty();
            }
            NodeList nodes = ((IIOMetadataNode) metadata.getAsTree(PNG_FORMAT)).getElementsByTagName("iCCP");
            if (nodes.getLength() == 0 || !(((IIOMetadataNode) nodes.item(0)).getUserObject() instanceof byte[] data)) {
                return Optional.empty();
            }
            ICC_Profile profile = ICC_Profile.getInstance(inflate(data));
            if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB || isSrgb(profile)) {
                return Optional.empty();
            }
            return Optional.of(profile);
        } catch (Exception e) {
            // A damaged profile is not a damaged image: render it as sRGB, as a browser would.
            return Optional.empty();
        }
    }

    /** Reinterprets the colour bands of an image decoded as sRGB in {@code profile}, and converts them to sRGB. */
    static BufferedImage toSrgb(BufferedImage decoded, ICC_Profile profile) {
        int w = decoded.getWidth(), h = decoded.getHeight();
        BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = argb.createGraphics();
        try {
            g.drawImage(decoded, 0, 0, null);
        } finally {
            g.dispose();
        }
        WritableRaster colour = argb.getRaster().createWritableChild(0, 0, w, h, 0, 0, new int[] {0, 1, 2});
        ColorConvertOp op = new ColorConvertOp(
                new ICC_Profile[] {profile, ICC_Profile.getInstance(ColorSpace.CS_sRGB)}, null);
        colour.setRect(op.filter(colour, null));
        return argb;
    }

    /** sRGB profiles need no conversion; their description starts with "sRGB" ("linear sRGB" does not). */
    private static boolean isSrgb(ICC_Profile profile) {
        byte[] tag = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (tag == null || tag.length < 12) {
            return false;
        }
        // 'desc' tag: signature, reserved, ASCII length, then the ASCII description
        String description = new String(tag, 12, tag.length - 12, java.nio.charset.StandardCharsets.ISO_8859_1);
        return description.startsWith("sRGB");
    }

    private static byte[] inflate(byte[] data) throws DataFormatException {
        Inflater inflater = new Inflater();
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4);
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new DataFormatException("truncated iCCP profile");
            }
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
