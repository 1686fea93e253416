package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.text;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.imageserving.dist.ExternalTools.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IIIF Image API 3.0 at {@code /iiif/3} on a running system: the info.json of a pyramid TIFF made by the real
 * bin/ic, tiles as OpenSeadragon asks for them, region, size, rotation, quality and format variants, the error
 * statuses and the CORS header. The shipped default catalog limits replies to 2000 x 2000 (MaxPix).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IiifIT {
    private static final String PYRAMID = "/iiif/3/shop%2Fbig";
    private static final String BY_PATH = "/iiif/3/pt%2Fpyramid.tif";

    @TempDir
    static Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        Path images = Files.createDirectories(system.root.resolve("images/pt"));
        ImageIO.write(PyramidTiffServingIT.photoLike(2400, 1600), "png", images.resolve("source.png").toFile());
        Result ic = ExternalTools.script("ic", List.of("-convert", images.resolve("source.png").toString(),
                images.resolve("pyramid.tif").toString()), folder);
        assertThat(ic.exitCode()).as("bin/ic: %s", ic).isZero();
        system.writeCatalog("shop.ini", "RootId=shop\nRootPath=pt\nCatalogFile=shop.txt\n");
        system.writeCatalog("shop.txt", "Id\tPath\nbig\tpyramid.tif\nsource\tsource.png\n");
        system.start();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void infoJsonOfAPyramidTiff() {
        HttpResponse<byte[]> info = system.get(PYRAMID + "/info.json");
        assertThat(info.statusCode()).as(text(info)).isEqualTo(200);
        assertThat(info.headers().firstValue("Content-Type")).hasValue(
                "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"");
        assertThat(info.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(info.headers().firstValue("Link")).hasValue(
                "<http://iiif.io/api/image/3/level2.json>;rel=\"profile\"");
        assertThat(info.headers().firstValue("Cache-Control")).isPresent();
        assertThat(info.headers().firstValue("ETag")).isPresent();
        String json = text(info);
        assertThat(json).contains("\"@context\": \"http://iiif.io/api/image/3/context.json\"")
                .contains("\"id\": \"http://127.0.0.1:" + system.psPort + PYRAMID + "\"")
                .contains("\"type\": \"ImageService3\"").contains("\"profile\": \"level2\"")
                .contains("\"width\": 2400,").contains("\"height\": 1600,")
                .contains("\"maxWidth\": 2000,").contains("\"maxArea\": ")
                // the pyramid's levels (the full size is above MaxPix, so not among the sizes)
                .contains("{\"width\": 1200, \"height\": 800}").contains("{\"width\": 600, \"height\": 400}")
                .doesNotContain("{\"width\": 2400, \"height\": 1600}")
                .contains("\"scaleFactors\": [1, 2, 4");
        assertThat(tileWidth(json)).as("the pyramid's own tile size").isBetween(64, 2048);
        // the same image by path in the default catalog, and plain JSON for a client that asks for it
        HttpResponse<byte[]> plain = system.get(BY_PATH + "/info.json", "Accept", "application/json");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(text(plain)).contains("\"width\": 2400,");
        // a non-pyramid source: default 512 tiles
        assertThat(tileWidth(text(system.get("/iiif/3/samples%2Ftower.jpg/info.json")))).isEqualTo(512);
        // a conditional request
        HttpResponse<byte[]> again = system.get(PYRAMID + "/info.json", "If-None-Match",
                info.headers().firstValue("ETag").orElseThrow());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void theBaseUriRedirectsToInfoJson() {
        HttpResponse<byte[]> redirect = system.get(PYRAMID);
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location")).hasValue(
                "http://127.0.0.1:" + system.psPort + PYRAMID + "/info.json");
    }

    @Test
    void tilesAsAViewerAsksForThem() {
        int tile = tileWidth(text(system.get(PYRAMID + "/info.json")));
        // scale factor 1, the first tile
        HttpResponse<byte[]> first = system.get(PYRAMID + "/0,0," + tile + "," + tile + "/" + tile + ",/0/default.jpg");
        assertThat(first.statusCode()).as(text(first)).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(first.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(first.headers().firstValue("Link")).hasValue("<http://127.0.0.1:" + system.psPort + PYRAMID
                + "/0,0," + tile + "," + tile + "/max/0/default.jpg>;rel=\"canonical\"");
        BufferedImage image = image(first);
        assertThat(image.getWidth()).isEqualTo(tile);
        assertThat(image.getHeight()).isEqualTo(tile);
        // scale factor 4, the last column: 2400 - 2048 = 352 source pixels wide, 88 reply pixels
        int x = 4 * tile * ((2400 - 1) / (4 * tile));
        int w = 2400 - x;
        BufferedImage edge = image(system.get(PYRAMID + "/" + x + ",0," + w + "," + (4 * tile) + "/"
                + (w + 3) / 4 + ",/0/default.png"));
        assertThat(edge.getWidth()).isEqualTo((w + 3) / 4);
        assertThat(edge.getHeight()).isCloseTo(Math.min(4 * tile, 1600) * ((w + 3) / 4) / w, withinOne());
        // served again from the cache, and 304 for the client's copy
        HttpResponse<byte[]> second = system.get(PYRAMID + "/0,0," + tile + "," + tile + "/" + tile + ",/0/default.jpg");
        String etag = second.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo(first.headers().firstValue("ETag").orElseThrow());
        assertThat(system.get(PYRAMID + "/0,0," + tile + "," + tile + "/" + tile + ",/0/default.jpg",
                "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    private static org.assertj.core.data.Offset<Integer> withinOne() {
        return org.assertj.core.data.Offset.offset(1);
    }

    @Test
    void regionSizeRotationQualityAndFormat() {
        // full/max is bounded by MaxPix 2000,2000
        assertSize(PYRAMID + "/full/max/0/default.jpg", 2000, 1333);
        assertSize(PYRAMID + "/full/pct:10/0/default.png", 240, 160);
        assertSize(PYRAMID + "/square/200,/0/default.png", 200, 200);
        assertSize(PYRAMID + "/pct:25,25,50,50/!300,300/0/default.png", 300, 200);
        assertSize(PYRAMID + "/pct:25,25,50,50/!300,300/90/default.png", 200, 300);
        assertSize(PYRAMID + "/100,100,400,200/,100/180/default.jpg", 200, 100);
        assertSize(PYRAMID + "/full/%5Emax/0/default.jpg", 2000, 1333);
        assertSize(BY_PATH + "/0,0,100,50/%5E200,/0/default.png", 200, 100);
        assertSize(PYRAMID + "/full/120,80/0/default.gif", 120, 80);
        // gray
        BufferedImage gray = image(system.get(PYRAMID + "/0,0,300,300/60,/0/gray.png"));
        for (int y = 0; y < gray.getHeight(); y += 7) {
            for (int x = 0; x < gray.getWidth(); x += 7) {
                int rgb = gray.getRGB(x, y);
                assertThat((rgb >> 16) & 0xFF).isEqualTo(rgb & 0xFF).isEqualTo((rgb >> 8) & 0xFF);
            }
        }
        // bitonal, in PNG: black and white only
        BufferedImage bitonal = image(system.get(PYRAMID + "/0,0,300,300/60,/0/bitonal.png"));
        for (int y = 0; y < bitonal.getHeight(); y += 3) {
            for (int x = 0; x < bitonal.getWidth(); x += 3) {
                assertThat(bitonal.getRGB(x, y) & 0xFFFFFF).isIn(0, 0xFFFFFF);
            }
        }
        // mirroring: the mirrored strip is the strip read from right to left
        BufferedImage strip = image(system.get(PYRAMID + "/0,0,200,20/200,/0/default.png"));
        BufferedImage mirrored = image(system.get(PYRAMID + "/0,0,200,20/200,/!0/default.png"));
        assertThat(mirrored.getRGB(0, 10)).isEqualTo(strip.getRGB(199, 10));
        assertThat(mirrored.getRGB(150, 10)).isEqualTo(strip.getRGB(49, 10));
        // an arbitrary rotation: the bounding box, with transparent corners in PNG
        BufferedImage rotated = image(system.get(PYRAMID + "/0,0,300,200/300,/22.5/default.png"));
        assertThat(rotated.getWidth()).isCloseTo(354, withinOne());
        assertThat(rotated.getHeight()).isCloseTo(300, withinOne());
        assertThat(rotated.getColorModel().hasAlpha()).isTrue();
        assertThat(rotated.getRGB(0, 0) >>> 24).isZero();
        // the other formats
        assertThat(system.get(PYRAMID + "/full/100,/0/default.webp").headers().firstValue("Content-Type"))
                .hasValue("image/webp");
        assertThat(system.get(PYRAMID + "/full/100,/0/default.tif").headers().firstValue("Content-Type"))
                .hasValue("image/tiff");
    }

    @Test
    void anUpscalingSizeMayComeUnencoded() throws IOException {
        // browsers send ^ as it is; java.net.URI cannot, so the request line is written by hand
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", system.psPort)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + BY_PATH + "/0,0,100,50/^200,/0/default.png HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 200").contains("/0,0,100,50/^200,100/0/default.png>;rel=\"canonical\"");
        }
    }

    @Test
    void errors() {
        assertStatus(PYRAMID + "/full/max/0/default.bmp", 400);
        assertStatus(PYRAMID + "/nowhere/max/0/default.jpg", 400);
        assertStatus(PYRAMID + "/full/max/400/default.jpg", 400);
        assertStatus(PYRAMID + "/3000,0,10,10/max/0/default.jpg", 400);
        assertStatus(PYRAMID + "/0,0,100,100/200,/0/default.jpg", 400); // upscaling without ^
        assertStatus(PYRAMID + "/full/2400,/0/default.jpg", 400); // above maxWidth
        assertStatus("/iiif/3/shop%2Fnothing/info.json", 404);
        assertStatus("/iiif/3/shop%2Fnothing/full/max/0/default.jpg", 404);
        assertStatus("/iiif/3/nothing.jpg/info.json", 404);
        assertStatus(PYRAMID + "/full/max/0/bitonal.jpg", 501); // bitonal is PNG and GIF only
        assertStatus(PYRAMID + "/full/max/0/default.jp2", 501);
        assertStatus("/iiif/3/..%2Fconf%2Fserver.xml/info.json", 403);
    }

    private static void assertStatus(String path, int status) {
        HttpResponse<byte[]> reply = system.get(path);
        assertThat(reply.statusCode()).as("%s: %s", path, text(reply)).isEqualTo(status);
        assertThat(reply.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
    }

    private static void assertSize(String path, int width, int height) {
        BufferedImage image = image(system.get(path));
        assertThat(image.getWidth()).as(path).isEqualTo(width);
        assertThat(image.getHeight()).as(path).isEqualTo(height);
    }

    private static int tileWidth(String json) {
        Matcher m = Pattern.compile("\"tiles\": \\[\\s*\\{\"width\": (\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static BufferedImage image(HttpResponse<byte[]> reply) {
        assertThat(reply.statusCode()).as("%s: %s", reply.uri(), text(reply)).isEqualTo(200);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(reply.body()));
            assertThat(image).as(reply.uri().toString()).isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
