package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text layers through HTTP against the running system, with the fonts the install ships (DejaVu, in
 * images/fonts/dejavu, named by catalog/default-fonts.txt) and a catalog of its own with its own font map.
 */
class TextIT {
    @TempDir
    static Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws IOException {
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        BufferedImage white = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                white.setRGB(x, y, 0xFFFFFF);
            }
        }
        ImageIO.write(white, "png", folder.resolve("images/samples/white.png").toFile());
        // a catalog whose font map names a shipped file under its own font name, without synthesized styles
        system.writeCatalog("brand.ini", "RootId=brand\nFontMapFile=brand-fonts.txt\nSynthesizeFontStyles=0\n");
        system.writeCatalog("brand-fonts.txt", "Name\tFontPath\nBrand Mono\tfonts/dejavu/DejaVuSansMono.ttf\n");
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    static String enc(String rtf) {
        return URLEncoder.encode(rtf, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static BufferedImage image(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(TestInstallation.text(response)).isEqualTo(200);
        try {
            return ImageIO.read(new ByteArrayInputStream(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rectangle ink(BufferedImage image) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) >> 8 & 255) < 128) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? new Rectangle() : new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    @Test
    void theShippedFontsAreInstalled() {
        assertThat(TestInstallation.CHECKOUT.resolve("images/fonts/dejavu/DejaVuSans.ttf")).isRegularFile();
        assertThat(Files.isRegularFile(folder.resolve("images/fonts/dejavu/DejaVuSerif-BoldItalic.ttf"))).isTrue();
    }

    @Test
    void aTextLayerLandsInItsBoxOverAnImage() {
        BufferedImage image = image(system.get("/is/image/samples/white.png?wid=400&fmt=png&layer=1&size=300,100"
                + "&origin=0,0&pos=-150,-50&textPs=" + enc("{\\rtf1{\\fonttbl{\\f0 DejaVu Serif;}}\\f0\\fs48\\qc "
                + "Sale today, everything must go}")));
        Rectangle ink = ink(image);
        assertThat(ink.isEmpty()).isFalse();
        assertThat(ink.x).isGreaterThanOrEqualTo(50);
        assertThat(ink.y).isGreaterThanOrEqualTo(100);
        assertThat(ink.x + ink.width).isLessThanOrEqualTo(350);
        assertThat(ink.y + ink.height).isLessThanOrEqualTo(200);
        // centred: equal margins left and right within a few pixels
        assertThat(Math.abs((ink.x - 50) - (350 - ink.x - ink.width))).isLessThanOrEqualTo(3);
    }

    @Test
    void theDocumentationsTextOnlyRequestRenders() {
        // "Text positioning": /is/image/?size=230,50&bgc=f0f0f0&fmt=png&textPs=\fs40Normal Normal Normal
        BufferedImage image = image(system.get("/is/image/?size=230,50&bgc=f0f0f0&fmt=png&textPs="
                + enc("\\fs40Normal Normal Normal")));
        assertThat(image.getWidth()).isEqualTo(230);
        assertThat(image.getHeight()).isEqualTo(50);
        assertThat(image.getRGB(229, 49) & 0xFFFFFF).isEqualTo(0xF0F0F0);
        assertThat(ink(image).width).isGreaterThan(100);
    }

    @Test
    void variablesAreSubstitutedInTheText() {
        byte[] literal = system.get("/is/image/?size=200,40&fmt=png&textPs=" + enc("\\fs30 Hello World")).body();
        byte[] substituted = system.get("/is/image/?$who=World&size=200,40&fmt=png&textPs="
                + enc("\\fs30 Hello $who$")).body();
        assertThat(substituted).isEqualTo(literal);
    }

    @Test
    void aCatalogsOwnFontMapIsUsedAndUnknownFontsAreRefused() {
        BufferedImage mono = image(system.get("/is/image/brand/label?size=300,40&fmt=png&textPs="
                + enc("{\\fonttbl{\\f0 Brand Mono;}}\\f0\\fs30 iiiiiiiiii")));
        BufferedImage sans = image(system.get("/is/image/?size=300,40&fmt=png&textPs=" + enc("\\fs30 iiiiiiiiii")));
        // a monospaced i is as wide as any letter: far wider than DejaVu Sans's narrow i
        assertThat(ink(mono).width).isGreaterThan(ink(sans).width * 2);

        HttpResponse<byte[]> unknown = system.get("/is/image/?size=300,40&fmt=png&textPs="
                + enc("{\\fonttbl{\\f0 Nonexistent Grotesk;}}\\f0 x"));
        assertThat(unknown.statusCode()).isBetween(400, 499);
        assertThat(TestInstallation.text(unknown)).contains("Nonexistent Grotesk");
        HttpResponse<byte[]> noBold = system.get("/is/image/brand/label?size=300,40&fmt=png&textPs="
                + enc("{\\fonttbl{\\f0 Brand Mono;}}\\f0\\b x"));
        assertThat(noBold.statusCode()).isBetween(400, 499);
        assertThat(TestInstallation.text(noBold)).contains("SynthesizeFontStyles");
        HttpResponse<byte[]> broken = system.get("/is/image/?size=300,40&fmt=png&textPs=" + enc("{\\b x"));
        assertThat(broken.statusCode()).isBetween(400, 499);
    }
}
