package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.imageserving.common.props.PropertyData;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.source.SourceResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code req=imageprops} on sources made here with real encoders, whose headers say what the reply must report:
 * CMYK and gray JPEGs, an embedded ICC profile, XMP, Photoshop paths, stated resolutions.
 */
class ImagePropsMetadataTest {
    private static final String SRGB = "sRGB IEC61966-2.1";
    @TempDir
    static Path root;
    static Renderer renderer;

    @BeforeAll
    static void images() throws IOException {
        Files.write(root.resolve("cmyk.jpg"), cmykJpeg(40, 30));
        Files.write(root.resolve("gray.jpg"), grayJpeg(40, 30, 300));
        BufferedImage rgb = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpg", plain);
        Files.write(root.resolve("plain.jpg"), plain.toByteArray());
        byte[] tagged = withSegments(plain.toByteArray(),
                iccSegment(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()),
                segment(0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1),
                        "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".getBytes(StandardCharsets.UTF_8))),
                segment(0xED, concat("Photoshop 3.0\0".getBytes(StandardCharsets.ISO_8859_1),
                        pathResource(2000, "Path 1"), pathResource(2001, "Outline"))));
        Files.write(root.resolve("tagged.jpg"), tagged);
        BufferedImage gray = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(gray, "png", root.resolve("gray.png").toFile());
        renderer = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 16L << 20,
                Encoders.standard(), null, Clock.fixed(Instant.parse("2025-11-27T13:00:00Z"), ZoneOffset.UTC));
    }

    static Map<String, String> imageprops(String object, Map<String, String> extra) {
        Map<String, String> commands = new LinkedHashMap<>(extra);
        commands.put("req", "imageprops");
        Renderer.Rendered rendered = renderer.render(RenderRequest.of(object, commands));
        assertThat(rendered.properties()).containsEntry("contentType", PropertyData.CONTENT_TYPE);
        return PropertyData.decode(rendered.bytes());
    }

    @Test
    void cmykJpeg() {
        Map<String, String> props = imageprops("cmyk.jpg", Map.of());
        assertThat(props).containsEntry("image.pixTyp", "CMYK").containsEntry("image.width", "40")
                .containsEntry("image.embeddedIccProfile", "0")
                .containsEntry("image.iccProfile", "U.S. Web Coated (SWOP) v2")
                .containsEntry("image.printRes", "72");
    }

    @Test
    void theCatalogNamesTheProfileOfSourcesWithoutOne() {
        assertThat(imageprops("cmyk.jpg", Map.of("attribute::iccprofilesrccmyk", "Coated FOGRA39")))
                .containsEntry("image.iccProfile", "Coated FOGRA39");
        assertThat(imageprops("plain.jpg", Map.of("attribute::printresolution", "150")))
                .as("no resolution in the file: the catalog's PrintResolution").containsEntry("image.printRes", "150");
    }

    @Test
    void grayJpegWithItsResolution() {
        Map<String, String> props = imageprops("gray.jpg", Map.of("attribute::printresolution", "150"));
        assertThat(props).containsEntry("image.pixTyp", "BW").containsEntry("image.printRes", "300")
                .containsEntry("image.iccProfile", "Gray Gamma 2.2");
    }

    @Test
    void grayPng() {
        assertThat(imageprops("gray.png", Map.of())).containsEntry("image.pixTyp", "BW")
                .containsEntry("image.height", "10");
    }

    @Test
    void embeddedProfileXmpAndPaths() {
        Map<String, String> props = imageprops("tagged.jpg", Map.of());
        assertThat(props).containsEntry("image.pixTyp", "RGB")
                .as("the JDK's sRGB profile describes itself so").containsEntry("image.iccProfile", "sRGB built-in")
                .containsEntry("image.embeddedIccProfile", "1")
                .containsEntry("image.embeddedXmpData", "1")
                .containsEntry("image.embeddedPhotoshopPaths", "1")
                .containsEntry("image.photoshopPathNames", "Path 1,Outline")
                .containsEntry("image.anchor", "20,15");
    }

    @Test
    void aPlainJpegHasNothingEmbedded() {
        Map<String, String> props = imageprops("plain.jpg", Map.of());
        assertThat(props).containsEntry("image.pixTyp", "RGB").containsEntry("image.iccProfile", SRGB)
                .containsEntry("image.embeddedIccProfile", "0").containsEntry("image.embeddedXmpData", "0")
                .containsEntry("image.embeddedPhotoshopPaths", "0").containsEntry("image.photoshopPathNames", "");
    }

    @Test
    void theDocumentedOrder() {
        assertThat(imageprops("plain.jpg", Map.of()).keySet()).containsExactly("image.anchor", "image.expiration",
                "image.width", "image.height", "image.iccProfile", "image.embeddedIccProfile",
                "image.embeddedPhotoshopPaths", "image.embeddedXmpData", "image.mask", "image.modifier",
                "image.postModifier", "image.photoshopPathNames", "image.pixTyp", "image.printRes", "image.resolution",
                "image.timeStamp", "image.thumbRes", "image.thumbType", "image.translatedId");
    }

    /** Four components without JFIF, as the JDK's JPEG writer makes of a four-band raster (Adobe CMYK). */
    static byte[] cmykJpeg(int width, int height) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4,
                null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {x * 6, y * 8, 40, 10});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** One component, with the JFIF header stating {@code dpi} dots per inch. */
    static byte[] grayJpeg(int width, int height, int dpi) throws IOException {
        BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(gray), null);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode tree = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode jfif = (IIOMetadataNode) tree.getElementsByTagName("app0JFIF").item(0);
        jfif.setAttribute("resUnits", "1");
        jfif.setAttribute("Xdensity", Integer.toString(dpi));
        jfif.setAttribute("Ydensity", Integer.toString(dpi));
        metadata.setFromTree(format, tree);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(new IIOImage(gray, null, metadata));
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The JPEG with the segments inserted right after its SOI marker. */
    static byte[] withSegments(byte[] jpeg, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (byte[] s : segments) {
            out.writeBytes(s);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static byte[] segment(int marker, byte[] data) {
        return ByteBuffer.allocate(4 + data.length).put((byte) 0xFF).put((byte) marker)
                .putShort((short) (data.length + 2)).put(data).array();
    }

    static byte[] iccSegment(byte[] profile) {
        return segment(0xE2, concat("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {1, 1}, profile));
    }

    /** A Photoshop image resource holding a (minimal) saved path of that name. */
    static byte[] pathResource(int id, String name) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        int nameField = (1 + n.length + 1) & ~1;
        byte[] data = new byte[26]; // one path record: enough to be a resource of that kind
        ByteBuffer b = ByteBuffer.allocate(4 + 2 + nameField + 4 + data.length);
        b.put("8BIM".getBytes(StandardCharsets.ISO_8859_1)).putShort((short) id).put((byte) n.length).put(n);
        if (((1 + n.length) & 1) == 1) {
            b.put((byte) 0);
        }
        return b.putInt(data.length).put(data).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
