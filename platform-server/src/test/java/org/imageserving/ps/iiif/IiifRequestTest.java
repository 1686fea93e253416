package org.imageserving.ps.iiif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.ps.iiif.IiifRequest.Limits;
import org.imageserving.ps.iiif.IiifRequest.Resolved;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parameters of the Image API 3.0 (§4.1 to §4.5), each example of the specification on a 300 x 200 image (the
 * size of its own example image), into Image Serving commands, the reply's size and the canonical form (§4.7).
 */
class IiifRequestTest {
    private static final int W = 300;
    private static final int H = 200;

    private static Resolved resolve(String path) {
        return resolve(path, W, H, Limits.NONE);
    }

    private static Resolved resolve(String path, int width, int height, Limits limits) {
        String[] p = path.split("/");
        return IiifRequest.parse(p[0], p[1], p[2], p[3]).resolve(width, height, limits);
    }

    private static int status(String path) {
        try {
            resolve(path);
        } catch (IiifException e) {
            return e.status();
        }
        return 200;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // §4.1 region
        "full/max/0/default.jpg;            ;                  300;200; full/max/0/default.jpg",
        "square/max/0/default.jpg;          50,0,200,200;      200;200; 50,0,200,200/max/0/default.jpg",
        "125,15,120,140/max/0/default.jpg;  125,15,120,140;    120;140; 125,15,120,140/max/0/default.jpg",
        "pct:41.6,7.5,40,70/max/0/default.jpg; 125,15,120,140; 120;140; 125,15,120,140/max/0/default.jpg",
        "125,15,200,200/max/0/default.jpg;  125,15,175,185;    175;185; 125,15,175,185/max/0/default.jpg",
        "pct:41.6,7.5,66.6,100/max/0/default.jpg; 125,15,175,185; 175;185; 125,15,175,185/max/0/default.jpg",
        "0,0,300,200/max/0/default.jpg;     ;                  300;200; full/max/0/default.jpg",
        "pct:0,0,100,100/max/0/default.jpg; ;                  300;200; full/max/0/default.jpg",
        // §4.2 size
        "full/^max/0/default.jpg;           ;                  300;200; full/max/0/default.jpg",
        "full/150,/0/default.jpg;           ;                  150;100; full/150,100/0/default.jpg",
        "full/^360,/0/default.jpg;          ;                  360;240; full/^360,240/0/default.jpg",
        "full/,150/0/default.jpg;           ;                  225;150; full/225,150/0/default.jpg",
        "full/^,240/0/default.jpg;          ;                  360;240; full/^360,240/0/default.jpg",
        "full/pct:50/0/default.jpg;         ;                  150;100; full/150,100/0/default.jpg",
        "full/^pct:120/0/default.jpg;       ;                  360;240; full/^360,240/0/default.jpg",
        "full/225,100/0/default.jpg;        ;                  225;100; full/225,100/0/default.jpg",
        "full/^360,360/0/default.jpg;       ;                  360;360; full/^360,360/0/default.jpg",
        "full/!225,100/0/default.jpg;       ;                  150;100; full/150,100/0/default.jpg",
        "full/^!360,360/0/default.jpg;      ;                  360;240; full/^360,240/0/default.jpg",
        "full/!360,360/0/default.jpg;       ;                  300;200; full/max/0/default.jpg",
        "full/300,/0/default.jpg;           ;                  300;200; full/max/0/default.jpg",
        // §4.3 rotation
        "full/max/180/default.jpg;          ;                  300;200; full/max/180/default.jpg",
        "full/max/90/default.jpg;           ;                  200;300; full/max/90/default.jpg",
        "full/max/360/default.jpg;          ;                  300;200; full/max/0/default.jpg",
        "full/max/90.0/default.jpg;         ;                  200;300; full/max/90/default.jpg",
        "full/max/!0/default.jpg;           ;                  300;200; full/max/!0/default.jpg",
        "full/max/!180/default.jpg;         ;                  300;200; full/max/!180/default.jpg",
        // §4.4 quality, §4.5 format
        "full/max/0/color.png;              ;                  300;200; full/max/0/color.png",
        "full/max/0/gray.webp;              ;                  300;200; full/max/0/gray.webp",
        "full/max/0/default.tif;            ;                  300;200; full/max/0/default.tif",
        "full/max/0/default.gif;            ;                  300;200; full/max/0/default.gif",
    })
    void specificationExamples(String path, String crop, long width, long height, String canonical) {
        Resolved resolved = resolve(path);
        assertThat(resolved.commands().get("crop")).isEqualTo(crop);
        assertThat(resolved.width()).isEqualTo(width);
        assertThat(resolved.height()).isEqualTo(height);
        assertThat(resolved.canonical()).isEqualTo(canonical);
        assertThat(resolved.commands()).containsEntry("wid", Long.toString(width))
                .containsEntry("hei", Long.toString(height)).containsEntry("fit", "stretch,1");
    }

    @Test
    void theCommandsFollowTheImageApiOrder() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("crop", "125,15,120,140");
        expected.put("flip", "lr");
        expected.put("rotate", "90");
        expected.put("wid", "70");
        expected.put("hei", "60");
        expected.put("fit", "stretch,1");
        expected.put("fmt", "png,gray");
        assertThat(resolve("125,15,120,140/60,/!90/gray.png").commands()).containsExactlyEntriesOf(expected);
        assertThat(resolve("full/max/0/default.jpg").commands()).isEqualTo(Map.of("wid", "300", "hei", "200", "fit", "stretch,1", "fmt", "jpeg"));
    }

    @Test
    void qualitiesAndFormats() {
        assertThat(resolve("full/max/0/gray.jpg").commands()).containsEntry("fmt", "jpeg,gray");
        assertThat(resolve("full/max/0/gray.webp").commands()).containsEntry("fmt", "webp")
                .containsEntry("op_saturation", "-100");
        assertThat(resolve("full/max/0/color.jpg").commands()).containsEntry("fmt", "jpeg")
                .doesNotContainKey("op_saturation");
        assertThat(resolve("full/max/0/default.tif").commands()).containsEntry("fmt", "tif");
        assertThat(IiifRequest.parse("full", "max", "0", "default.webp").format().mimeType()).isEqualTo("image/webp");
        assertThat(resolve("full/max/0/bitonal.png").commands()).containsEntry("fmt", "png8")
                .containsEntry("quantize", "adaptive,off,2,000000,ffffff");
        assertThat(resolve("full/max/0/bitonal.gif").commands()).containsEntry("fmt", "gif")
                .containsEntry("quantize", "adaptive,off,2,000000,ffffff");
        assertThat(resolve("full/max/45/bitonal.png").commands()).containsEntry("fmt", "png8-alpha");
    }

    @Test
    void anArbitraryRotationHasTheBoundingBoxAndTransparentCornersWhereTheFormatAllows() {
        Resolved png = resolve("full/max/22.5/default.png");
        assertThat(png.commands()).containsEntry("rotate", "22.5").containsEntry("fmt", "png-alpha");
        // 300 cos 22.5 + 200 sin 22.5 = 353.7; 300 sin 22.5 + 200 cos 22.5 = 299.6
        assertThat(png.width()).isEqualTo(354);
        assertThat(png.height()).isEqualTo(300);
        assertThat(png.canonical()).isEqualTo("full/max/22.5/default.png");
        assertThat(resolve("full/max/22.5/default.jpg").commands()).containsEntry("fmt", "jpeg");
        assertThat(resolve("full/max/22.5/gray.png").commands()).containsEntry("fmt", "png-alpha,gray");
    }

    @Test
    void theLimitsBoundMaxAndRefuseLargerSizes() {
        Limits limits = new Limits(2000, 2000, 16_000_000);
        Resolved max = resolve("full/max/0/default.jpg", 3000, 2000, limits);
        assertThat(max.width()).isEqualTo(2000);
        assertThat(max.height()).isEqualTo(1333);
        assertThat(max.canonical()).isEqualTo("full/max/0/default.jpg");
        assertThat(max.commands()).doesNotContainKey("crop");
        Resolved upMax = resolve("full/^max/0/default.jpg", 300, 200, limits);
        assertThat(upMax.width()).isEqualTo(2000);
        assertThat(upMax.height()).isEqualTo(1333);
        assertThat(upMax.canonical()).isEqualTo("full/^2000,1333/0/default.jpg");
        Resolved area = resolve("full/max/0/default.jpg", 8000, 8000, new Limits(Long.MAX_VALUE, Long.MAX_VALUE,
                1_000_000));
        assertThat(area.width()).isEqualTo(1000);
        assertThat(area.height()).isEqualTo(1000);
        Resolved confined = resolve("full/!4000,4000/0/default.jpg", 3000, 2000, limits);
        assertThat(confined.width()).isEqualTo(2000);
        assertThat(confined.height()).isEqualTo(1333);
        // a confined size bound by the area: rounded so that it stays inside
        Resolved byArea = resolve("full/!5000,5000/0/default.jpg", 3001, 2001, new Limits(Long.MAX_VALUE,
                Long.MAX_VALUE, 1_000_000));
        assertThat(byArea.width() * byArea.height()).isLessThanOrEqualTo(1_000_000);
        assertThat(byArea.width()).isGreaterThan(1200);
        assertThatThrownBy(() -> resolve("full/2500,/0/default.jpg", 3000, 2000, limits))
                .isInstanceOfSatisfying(IiifException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("maxWidth 2000");
    }

    @Test
    void aTileOfAPyramid() {
        // OpenSeadragon's request for the tile at column 1, row 0 of scale factor 4, tile width 512, on 4000 x 3000
        Resolved tile = resolve("2048,0,1952,2048/488,/0/default.jpg", 4000, 3000, new Limits(2000, 2000,
                16_000_000));
        assertThat(tile.commands()).containsEntry("crop", "2048,0,1952,2048").containsEntry("wid", "488")
                .containsEntry("hei", "512");
        assertThat(tile.canonical()).isEqualTo("2048,0,1952,2048/488,512/0/default.jpg");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        // bad syntax
        "full/max/0/default;                400",
        "nothing/max/0/default.jpg;         400",
        "1,2,3/max/0/default.jpg;           400",
        "-1,0,10,10/max/0/default.jpg;      400",
        "pct:a,0,10,10/max/0/default.jpg;   400",
        "full/0,/0/default.jpg;             400",
        "full/,0/0/default.jpg;             400",
        "full/,/0/default.jpg;              400",
        "full/!100,/0/default.jpg;          400",
        "full/pct:0/0/default.jpg;          400",
        "full/big/0/default.jpg;            400",
        "full/max/361/default.jpg;          400",
        "full/max/-90/default.jpg;          400",
        "full/max/ninety/default.jpg;       400",
        "full/max/0/best.jpg;               400",
        "full/max/0/default.bmp;            400",
        // a region without pixels in this image
        "0,0,0,10/max/0/default.jpg;        400",
        "300,0,10,10/max/0/default.jpg;     400",
        "0,200,10,10/max/0/default.jpg;     400",
        "pct:100,0,10,10/max/0/default.jpg; 400",
        "pct:0,0,0.1,0.1/max/0/default.jpg; 400",
        // upscaling without ^ (3.0)
        "full/301,/0/default.jpg;           400",
        "full/,201/0/default.jpg;           400",
        "full/pct:101/0/default.jpg;        400",
        "full/300,201/0/default.jpg;        400",
        // what this server does not have
        "full/max/0/bitonal.jpg;            501",
        "full/max/0/bitonal.webp;           501",
        "full/max/0/bitonal.tif;            501",
        "full/max/0/default.jp2;            501",
        "full/max/0/default.pdf;            501",
    })
    void errors(String path, int status) {
        assertThat(status(path)).isEqualTo(status);
    }

    @Test
    void numbersInCanonicalForm() {
        assertThat(IiifRequest.plain(90)).isEqualTo("90");
        assertThat(IiifRequest.plain(22.5)).isEqualTo("22.5");
        assertThat(IiifRequest.plain(0.0)).isEqualTo("0");
        assertThat(IiifRequest.plain(180.250)).isEqualTo("180.25");
    }
}
