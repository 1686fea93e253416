package org.imageserving.is.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.render.Renderer;
import org.imageserving.is.source.SourceResolver;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** icc=, fmt=…,cmyk, iccEmbed= and printRes= through the whole pipeline, on a red image and profiles under the root. */
class ColorRenderTest {
    @TempDir
    static Path root;
    static Renderer renderer;

    @BeforeAll
    static void setUp() throws Exception {
        BufferedImage red = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                red.setRGB(x, y, 0xFF0000);
            }
        }
        ImageIO.write(red, "png", root.resolve("red.png").toFile());
        Files.createDirectories(root.resolve("profiles"));
        Files.copy(DebianPackage.require(Path.of("/usr/share/color/icc/ghostscript/default_cmyk.icc"), "libgs-common"),
                root.resolve("profiles/cmyk.icc"));
        Files.copy(DebianPackage.require(Path.of("/usr/share/color/icc/Gray.icc"), "icc-profiles-free"),
                root.resolve("profiles/gray.icc"));
        renderer = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 16L << 20,
                Encoders.standard(), null, Clock.systemUTC());
    }

    private static byte[] render(String... pairs) {
        Map<String, String> commands = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            commands.put(pairs[i], pairs[i + 1]);
        }
        return renderer.render(RenderRequest.of("red.png", commands)).bytes();
    }

    @Test
    void iccWithACmykProfileMakesACmykJpegWithAdobeInversion() throws Exception {
        byte[] jpeg = render("icc", "profiles/cmyk.icc,perceptual", "qlt", "95");
        assertThat(latin1(jpeg)).contains("Adobe").doesNotContain("ICC_PROFILE");
        Raster raw = raster(jpeg, "jpeg");
        assertThat(raw.getNumBands()).isEqualTo(4);
        // sRGB red in the SWOP profile is about C0 M255 Y255 K0 (tificc says the same, see ColorConversionTest),
        // stored inverted: 255 - ink
        int[] px = raw.getPixel(8, 8, (int[]) null);
        assertThat(255 - px[0]).isLessThan(10);
        assertThat(255 - px[1]).isGreaterThan(240);
        assertThat(255 - px[2]).isGreaterThan(240);
    }

    @Test
    void fmtCmykUsesTheCatalogsCmykProfileAndEmbedsIt() throws Exception {
        byte[] tif = render("fmt", "tif,cmyk", "attribute::iccprofilecmyk", "profiles/cmyk.icc", "iccEmbed", "1",
                "printRes", "300");
        assertThat(latin1(tif)).contains("Artifex CMYK SWOP Profile");
        ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(tif)));
        Raster raw = reader.readRaster(0, null);
        assertThat(raw.getNumBands()).isEqualTo(4);
        assertThat(raw.getPixel(8, 8, (int[]) null)[1]).isGreaterThan(240);
        String tree = dump((IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_1.0"));
        assertThat(tree).contains("HorizontalPixelSize value=\"0.0846"); // 25.4 mm / 300
    }

    @Test
    void cmykWithoutACatalogProfileUsesTheBuiltInGenericCmyk() throws Exception {
        byte[] jpeg = render("fmt", "jpeg,cmyk", "iccEmbed", "1");
        assertThat(latin1(jpeg)).contains("Adobe").contains("ICC_PROFILE").contains(GenericCmykProfile.DESCRIPTION);
        int[] px = raster(jpeg, "jpeg").getPixel(8, 8, (int[]) null);
        assertThat(255 - px[0]).as("cyan of red").isLessThan(10);
        assertThat(255 - px[1]).as("magenta of red").isGreaterThan(245);
        assertThat(255 - px[3]).as("black of red").isLessThan(10);
    }

    @Test
    void pixelTypesThatDoNotFitAreRefused() {        assertThatThrownBy(() -> render("fmt", "png,cmyk")).hasMessageContaining("png has no cmyk pixel type");
        assertThatThrownBy(() -> render("fmt", "jpeg,rgb", "icc", "profiles/cmyk.icc"))
                .hasMessageContaining("is a cmyk profile, but fmt= asks for rgb");
        assertThatThrownBy(() -> render("icc", "../outside.icc")).isInstanceOf(RenderException.class);
    }

    @Test
    void iccEmbedWritesSrgbIntoAnRgbJpegAndPrintResTheJfifDensity() {
        byte[] plain = render("printRes", "150");
        assertThat(latin1(plain)).doesNotContain("ICC_PROFILE");
        assertThat(plain[13]).as("JFIF units: dpi").isEqualTo((byte) 1);
        assertThat((plain[14] & 0xFF) << 8 | plain[15] & 0xFF).isEqualTo(150);
        byte[] embedded = render("iccEmbed", "1");
        assertThat(latin1(embedded)).contains("ICC_PROFILE").contains("sRGB");
        assertThat((embedded[14] & 0xFF) << 8 | embedded[15] & 0xFF).as("PrintResolution default").isEqualTo(72);
    }

    @Test
    void reqPropsReportsTheOutputProfilePixelTypeAndResolution() {
        Map<String, String> adobe = org.imageserving.common.props.PropertyData.decode(
                render("req", "props", "icc", "AdobeRGB", "iccEmbed", "1", "printRes", "300"));
        assertThat(adobe).containsEntry("image.iccProfile", "Compatible with Adobe RGB (1998)")
                .containsEntry("image.iccEmbed", "1").containsEntry("image.pixTyp", "RGB")
                .containsEntry("image.printRes", "300");
        Map<String, String> cmyk = org.imageserving.common.props.PropertyData.decode(
                render("req", "props", "fmt", "jpeg,cmyk"));
        assertThat(cmyk).containsEntry("image.pixTyp", "CMYK").containsEntry("image.iccEmbed", "0")
                .containsEntry("image.iccProfile", GenericCmykProfile.DESCRIPTION);
    }

    @Test
    void aBuiltInRgbProfileConvertsAndEmbeds() throws Exception {
        byte[] png = render("icc", "AdobeRGB", "fmt", "tif", "iccEmbed", "1");
        // the colord profile names its space in UTF-16 (ICC v4 'mluc' and 'dict' tags)
        assertThat(latin1(png)).contains(latin1("adobe-rgb".getBytes(StandardCharsets.UTF_16BE)));
        // sRGB red is about (219, 0, 0) in Adobe RGB (1998)
        assertThat(raster(png, "tiff").getPixel(8, 8, (int[]) null)).satisfies(p -> {
            assertThat(p[0]).isBetween(214, 224);
            assertThat(p[1]).isLessThan(5);
            assertThat(p[2]).isLessThan(5);
        });
    }

    @Test
    void pngGetsTheProfileInICCPAndTheResolutionInPHYs() throws Exception {
        byte[] png = render("fmt", "png", "icc", "AdobeRGB", "iccEmbed", "1", "printRes", "254");
        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(png)));
        IIOMetadataNode tree = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
        IIOMetadataNode iccp = (IIOMetadataNode) tree.getElementsByTagName("iCCP").item(0);
        byte[] profile = inflate((byte[]) iccp.getUserObject());
        assertThat(ProfileNames.description(java.awt.color.ICC_Profile.getInstance(profile)))
                .isEqualTo("Compatible with Adobe RGB (1998)");
        IIOMetadataNode phys = (IIOMetadataNode) tree.getElementsByTagName("pHYs").item(0);
        assertThat(phys.getAttribute("pixelsPerUnitXAxis")).isEqualTo("10000"); // 254 dpi = 10000 per metre
        assertThat(phys.getAttribute("unitSpecifier")).isEqualTo("meter");
    }

    private static byte[] inflate(byte[] data) throws Exception {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        inflater.setInput(data);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
            out.write(buffer, 0, inflater.inflate(buffer));
        }
        return out.toByteArray();
    }

    @Test
    void aGrayProfileMakesAGrayReply() throws Exception {
        byte[] tif = render("fmt", "tif", "icc", "profiles/gray.icc", "iccEmbed", "1");
        Raster raw = raster(tif, "tiff");
        assertThat(raw.getNumBands()).isEqualTo(1);
        // Gray.icc has a linear tone curve: sRGB red's luminance, Y 0.2126, is 54 of 255 (the unmanaged luma is 76)
        assertThat(raw.getSample(8, 8, 0)).isBetween(50, 62);
    }

    private static Raster raster(byte[] bytes, String format) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(bytes)));
        return reader.readRaster(0, null);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String dump(IIOMetadataNode node) {
        StringBuilder b = new StringBuilder("<" + node.getNodeName());
        for (int i = 0; i < node.getAttributes().getLength(); i++) {
            b.append(' ').append(node.getAttributes().item(i).getNodeName()).append("=\"")
                    .append(node.getAttributes().item(i).getNodeValue()).append('"');
        }
        b.append('>');
        for (int i = 0; i < node.getChildNodes().getLength(); i++) {
            b.append(dump((IIOMetadataNode) node.getChildNodes().item(i)));
        }
        return b.toString();
    }
}
