package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templates ("Templates", "template") and watermarks ("Watermarks", "Watermark") through HTTP against a running
 * system, checked pixel by pixel on solid colours: variables with defaults, {@code $object$}, a locale's object,
 * a looping template refused at once, and a watermark on every image of a catalog (at its aligned corner, not on
 * thumbnails, never over the view's padding, never served from the cache without it once configured).
 */
class TemplatesIT {
    private static final int RED = 0xff0000, GREEN = 0x00ff00, BLUE = 0x0000ff, MAGENTA = 0xff00ff, WHITE = 0xffffff,
            YELLOW = 0xffff00;
    @TempDir
    static Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws IOException {
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        Path samples = folder.resolve("images/samples");
        CompositionIT.write(CompositionIT.gradient(320, 200), samples.resolve("canvas.png"));
        CompositionIT.write(solid(200, 100, BLUE), samples.resolve("bg.png"));
        CompositionIT.write(solid(60, 40, YELLOW), samples.resolve("item.png"));
        CompositionIT.write(solid(60, 40, GREEN), samples.resolve("item_de.png"));
        CompositionIT.write(solid(40, 20, MAGENTA), samples.resolve("mark.png"));
        system.writeCatalog("tpl.ini", "RootId=tpl\nCatalogFile=tpl.txt\nLocaleMap=de,_de,|,\n");
        system.writeCatalog("tpl.txt", "Id\tPath\tModifier\n"
                + "item\tsamples/item.png\t\n"
                + "item_de\tsamples/item_de.png\t\n"
                + "bg\tsamples/bg.png\t\n"
                // a blue card: a $color$ square (red by default) in the top-left corner, the object in the middle
                + "card\t\t$color=ff0000&src=tpl/bg&layer=1&color=$color$&size=20,20&originN=-0.5,-0.5"
                + "&posN=-0.5,-0.5&layer=2&src=$object$&size=60,40\n"
                + "loop\t\tsrc=is{tpl/item?template=loop}\n");
        system.writeCatalog("marked.ini", "RootId=marked\nCatalogFile=marked.txt\nWatermark=mark\n");
        // the watermark: a quarter of the composite, in its bottom-right corner
        system.writeCatalog("marked.txt", "Id\tPath\tModifier\npic\tsamples/canvas.png\t\n"
                + "mark\tsamples/mark.png\tsizeN=0.25,0.25&align=1,1&wid=7\n");
        // a composite watermark: the mark with a green square in its middle, a quarter of the composite, top-left
        system.writeCatalog("stamped.ini", "RootId=stamped\nCatalogFile=stamped.txt\nWatermark=stamp\n");
        system.writeCatalog("stamped.txt", "Id\tPath\tModifier\npic\tsamples/canvas.png\t\n"
                + "stamp\t\tsizeN=0.25,0.25&align=-1,-1&src=samples/mark.png&layer=1&color=00ff00&size=10,10\n");
        system.writeCatalog("later.ini", "RootId=later\nCatalogFile=marked.txt\n");
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    static BufferedImage solid(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    static BufferedImage image(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        try {
            return ImageIO.read(new ByteArrayInputStream(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    @Test
    void aTemplateWithVariablesDefaultsAndTheObject() {
        BufferedImage card = image(system.get("/is/image/tpl/item?template=card&fmt=png"));
        assertThat(card.getWidth()).isEqualTo(200);
        assertThat(card.getHeight()).isEqualTo(100);
        assertThat(rgb(card, 5, 5)).as("the $color$ square, red by default").isEqualTo(RED);
        assertThat(rgb(card, 100, 50)).as("$object$, the URL's object, in the middle").isEqualTo(YELLOW);
        assertThat(rgb(card, 180, 10)).as("the template's background").isEqualTo(BLUE);
        assertThat(rgb(card, 25, 25)).isEqualTo(BLUE);

        BufferedImage green = image(system.get("/is/image/tpl/item?template=tpl/card&$color=00ff00&fmt=png"));
        assertThat(rgb(green, 5, 5)).isEqualTo(GREEN);
        // named in the path, the template renders standalone with its defaults once $object is given
        BufferedImage named = image(system.get("/is/image/tpl/card?$object=tpl/item&fmt=png"));
        assertThat(rgb(named, 100, 50)).isEqualTo(YELLOW);
    }

    @Test
    void theLocaleTranslatesTheObjectATemplateDraws() {
        BufferedImage de = image(system.get("/is/image/tpl/item?template=card&locale=de&fmt=png"));
        assertThat(rgb(de, 100, 50)).isEqualTo(GREEN);
        BufferedImage other = image(system.get("/is/image/tpl/item?template=card&locale=fr&fmt=png"));
        assertThat(rgb(other, 100, 50)).isEqualTo(YELLOW);
    }

    @Test
    void aLoopingTemplateIsRefusedAtOnce() {
        long started = System.nanoTime();
        HttpResponse<byte[]> loop = system.get("/is/image/tpl/item?template=loop");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(loop.statusCode()).isEqualTo(403);
        assertThat(TestInstallation.text(loop)).contains("template 'loop' includes itself");
        assertThat(TestInstallation.text(system.get("/is/image/tpl/bg?layer=1&src=tpl/card")))
                .contains("templates cannot be a layer's source");
        assertThat(system.get("/is/image/tpl/item?wid=20").statusCode()).isEqualTo(200);
    }

    @Test
    void aWatermarkSitsInTheAlignedCornerOfEveryImageButNotOnThumbnailsOrPadding() {
        // composite 320 x 200: the mark fits into 80 x 50 at 80 x 40, in the bottom-right corner (240..320, 160..200)
        BufferedImage pic = image(system.get("/is/image/marked/pic?fmt=png"));
        assertThat(pic.getWidth()).as("the record's wid= is not the request's").isEqualTo(320);
        assertThat(rgb(pic, 300, 190)).isEqualTo(MAGENTA);
        assertThat(rgb(pic, 245, 165)).isEqualTo(MAGENTA);
        assertThat(rgb(pic, 230, 190)).isNotEqualTo(MAGENTA);
        assertThat(rgb(pic, 300, 150)).isNotEqualTo(MAGENTA);
        assertThat(rgb(pic, 10, 10)).isNotEqualTo(MAGENTA);
        // on a layered request too, and whatever the catalog names as the image
        BufferedImage layered = image(system.get("/is/image/marked/samples/canvas.png?fmt=png&layer=1&color=000000"
                + "&size=10,10"));
        assertThat(rgb(layered, 300, 190)).isEqualTo(MAGENTA);
        assertThat(rgb(layered, 160, 100)).isEqualTo(0);
        // aligned against the canvas whatever origin the request gives layer 0
        assertThat(rgb(image(system.get("/is/image/marked/pic?fmt=png&origin=0,0&layer=1&color=000000&size=10,10")),
                300, 190)).isEqualTo(MAGENTA);
        // the composite's own filters act on the composite, not on the watermark merged over it
        BufferedImage inverted = image(system.get("/is/image/marked/pic?fmt=png&layer=1&color=000000&size=10,10"
                + "&layer=comp&op_invert=1"));
        assertThat(rgb(inverted, 160, 100)).isEqualTo(WHITE);
        assertThat(rgb(inverted, 300, 190)).isEqualTo(MAGENTA);

        // padding: the composite at 1:1 in a 400 wide view, 40 white columns either side; the mark stops at 360
        BufferedImage padded = image(system.get("/is/image/marked/pic?fmt=png&wid=400&hei=200&bgc=ffffff"));
        assertThat(rgb(padded, 350, 190)).isEqualTo(MAGENTA);
        assertThat(rgb(padded, 365, 190)).isEqualTo(WHITE);
        assertThat(rgb(padded, 395, 195)).isEqualTo(WHITE);
        assertThat(rgb(padded, 5, 195)).isEqualTo(WHITE);
        // scaled with the composite: half size, the mark in 120..160 x 80..100
        BufferedImage half = image(system.get("/is/image/marked/pic?fmt=png&wid=160"));
        assertThat(rgb(half, 150, 95)).isEqualTo(MAGENTA);

        BufferedImage thumb = image(system.get("/is/image/marked/pic?req=tmb&fmt=png&wid=320&hei=200"));
        assertThat(rgb(thumb, 300, 190)).as("no watermark on thumbnails").isNotEqualTo(MAGENTA);
        assertThat(rgb(thumb, 245, 165)).isNotEqualTo(MAGENTA);
    }

    @Test
    void aCompositeWatermarkIsRenderedOnItsOwnAndMergedLikeAnImage() {
        // the 40 x 20 composite scaled into 80 x 50 (80 x 40) at the top-left: magenta, its green square at 30..50, 10..30
        BufferedImage pic = image(system.get("/is/image/stamped/pic?fmt=png"));
        assertThat(rgb(pic, 5, 5)).isEqualTo(MAGENTA);
        assertThat(rgb(pic, 75, 35)).isEqualTo(MAGENTA);
        assertThat(rgb(pic, 40, 20)).isEqualTo(GREEN);
        assertThat(rgb(pic, 85, 45)).isNotEqualTo(MAGENTA);
        assertThat(rgb(pic, 300, 190)).isNotEqualTo(MAGENTA);
    }

    @Test
    void aReplyCachedBeforeTheWatermarkWasConfiguredIsNotServedAfterwards() throws Exception {
        BufferedImage before = image(system.get("/is/image/later/pic?fmt=png"));
        assertThat(rgb(before, 300, 190)).isNotEqualTo(MAGENTA);
        assertThat(rgb(image(system.get("/is/image/later/pic?fmt=png")), 300, 190)).isNotEqualTo(MAGENTA);
        Path ini = system.writeCatalog("later.ini", "RootId=later\nCatalogFile=marked.txt\nWatermark=mark\n");
        Files.setLastModifiedTime(ini, FileTime.from(Instant.now().plusSeconds(2)));
        await("the watermark is configured", Duration.ofSeconds(20),
                () -> rgb(image(system.get("/is/image/later/pic?fmt=png")), 300, 190) == MAGENTA);
        assertThat(rgb(image(system.get("/is/image/later/pic?fmt=png")), 300, 190)).isEqualTo(MAGENTA);
    }
}
