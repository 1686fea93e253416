package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.text;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colour management through HTTP: a catalog's profile map names a profile under its RootPath, the Platform Server
 * resolves {@code icc=} with it and the Image Server converts, embeds and writes CMYK.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColorManagementIT {
    @TempDir
    static Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        Path images = Files.createDirectories(system.root.resolve("images/print"));
        BufferedImage red = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                red.setRGB(x, y, 0xFF0000);
            }
        }
        ImageIO.write(red, "png", images.resolve("red.png").toFile());
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        ImageIO.write(red, "jpeg", jpeg);
        Files.write(images.resolve("tagged.jpg"), withXmp(jpeg.toByteArray()));
        Files.createDirectories(images.resolve("profiles"));
        // any RGB profile file will do; the shipped Adobe RGB one is at hand in the checkout
        Files.copy(TestInstallation.CHECKOUT.resolve(
                "image-server/src/main/resources/org/imageserving/is/color/profiles/AdobeRGB.icc"),
                images.resolve("profiles/wide.icc"));
        system.writeCatalog("print.ini", "RootId=print\nRootPath=print\nIccProfileMapFile=print-profiles.txt\n");
        system.writeCatalog("print-profiles.txt", "Name\tProfilePath\nHouseRGB\tprofiles/wide.icc\n");
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void aProfileMapNameConvertsAndEmbeds() throws Exception {
        byte[] png = ok("/is/image/print/red.png?icc=HouseRGB&iccEmbed=1&fmt=png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        // read as plain samples: sRGB red is about (219, 0, 0) in Adobe RGB (1998)
        int[] px = image.getRaster().getPixel(16, 16, (int[]) null);
        assertThat(px[0]).isBetween(214, 224);
        assertThat(px[1]).isLessThan(5);
        assertThat(latin1(png)).contains("iCCP");
    }

    @Test
    void cmykJpegWithTheBuiltInProfileAndItsProperties() throws Exception {
        byte[] jpeg = ok("/is/image/print/red.png?fmt=jpeg,cmyk&iccEmbed=1&printRes=300");
        assertThat(latin1(jpeg)).contains("Adobe").contains("ICC_PROFILE").contains("Generic CMYK");
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg)));
        Raster raw = reader.readRaster(0, null);
        assertThat(raw.getNumBands()).isEqualTo(4);
        assertThat(255 - raw.getSample(16, 16, 1)).as("magenta ink of red").isGreaterThan(240);
        String props = text(system.get("/is/image/print/red.png?fmt=jpeg,cmyk&req=props"));
        assertThat(props).contains("image.pixTyp=CMYK").contains("image.iccProfile=Generic CMYK");
    }

    @Test
    void profilePathsCannotLeaveTheRoots() {
        HttpResponse<byte[]> response = system.get("/is/image/print/red.png?icc=../../conf/x.icc");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(text(response)).contains("icc=");
        HttpResponse<byte[]> missing = system.get("/is/image/print/red.png?icc=CoatedFogra39");
        assertThat(missing.statusCode()).as(text(missing)).isIn(400, 403, 404);
        assertThat(text(missing)).contains("CoatedFogra39");
    }

    @Test
    void xmpEmbedCopiesTheSourcesPacketAndReqXmpReadsIt() {
        String packet = new String(XMP, StandardCharsets.UTF_8);
        assertThat(latin1(ok("/is/image/print/tagged.jpg?fmt=jpeg&xmpEmbed=1"))).contains("http://ns.adobe.com/xap/1.0/")
                .contains(packet);
        assertThat(latin1(ok("/is/image/print/tagged.jpg?fmt=tif&xmpEmbed=1"))).contains(packet);
        assertThat(latin1(ok("/is/image/print/tagged.jpg?fmt=jpeg"))).doesNotContain("xmpmeta");
        assertThat(text(system.get("/is/image/print/tagged.jpg?xmpEmbed=1&req=props"))).contains("image.xmpEmbed=1");
        assertThat(text(system.get("/is/image/print/tagged.jpg?req=xmp"))).contains("IT title");
    }

    @Test
    void iccDitherSpreadsTheConvertedValueOverNeighbouringLevels() throws Exception {
        Raster plain = ImageIO.read(new ByteArrayInputStream(ok("/is/image/print/red.png?icc=HouseRGB,relative,0,0"
                + "&fmt=png"))).getRaster();
        Raster dithered = ImageIO.read(new ByteArrayInputStream(ok("/is/image/print/red.png?icc=HouseRGB,relative,0,1"
                + "&fmt=png"))).getRaster();
        java.util.Set<Integer> plainReds = new java.util.HashSet<>(), ditheredReds = new java.util.HashSet<>();
        double plainSum = 0, ditheredSum = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                plainReds.add(plain.getSample(x, y, 0));
                ditheredReds.add(dithered.getSample(x, y, 0));
                plainSum += plain.getSample(x, y, 0);
                ditheredSum += dithered.getSample(x, y, 0);
            }
        }
        // sRGB red in Adobe RGB lies between two 8-bit levels: one level undithered, the two around it dithered
        assertThat(plainReds).hasSize(1);
        assertThat(ditheredReds).hasSize(2);
        assertThat(ditheredSum / 1024).isCloseTo(plainSum / 1024, org.assertj.core.data.Offset.offset(0.5));
    }

    private static final byte[] XMP = ("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/"
            + "02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>IT title"
            + "</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>").getBytes(StandardCharsets.UTF_8);

    /** The JPEG with an XMP APP1 segment right after SOI. */
    private static byte[] withXmp(byte[] jpeg) {
        byte[] header = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + header.length + XMP.length;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes(header);
        out.writeBytes(XMP);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] ok(String pathAndQuery) {
        HttpResponse<byte[]> response = system.get(pathAndQuery);
        assertThat(response.statusCode()).as("%s: %s", pathAndQuery, text(response)).isEqualTo(200);
        return response.body();
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
