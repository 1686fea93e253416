package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.text;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.imageserving.dist.ExternalTools.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer request types that need the Image Server (req=map scaled to the reply, req=loadcache, req=saveToFile)
 * and the sample pages of static-content/samples in a real headless Chromium: every image decodes, the swatch set
 * and the image map arrive through JSONP, OpenSeadragon fetches IIIF tiles of a pyramid TIFF made by bin/ic, and no
 * page logs an error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewersIT {
    @TempDir
    static Path folder;
    static TestInstallation system;
    static Browser browser;
    static final BufferedImage photo = PyramidTiffServingIT.photoLike(2400, 1600);

    @BeforeAll
    static void start() throws Exception {
        Path samples = TestInstallation.CHECKOUT.resolve("static-content/samples");
        assertThat(samples.resolve("openseadragon/openseadragon.min.js"))
                .as("the dist build lays out the sample pages (mvn -pl dist -am package)").exists();
        system = TestInstallation.create(folder);
        copy(samples, Files.createDirectories(system.root.resolve("static-content/samples")));
        Path images = Files.createDirectories(system.root.resolve("images/pt"));
        ImageIO.write(photo, "png", images.resolve("source.png").toFile());
        Result ic = ExternalTools.script("ic", List.of("-convert", images.resolve("source.png").toString(),
                images.resolve("pyramid.tif").toString()), folder);
        assertThat(ic.exitCode()).as("bin/ic: %s", ic).isZero();
        // req=saveToFile writes under IS::SaveDirectory (shipped ./, the install folder) and the catalog's SavePath
        Files.createDirectories(system.root.resolve("saved"));
        system.writeCatalog("viewers.ini", Files.readString(system.root.resolve("catalog/viewers.ini"))
                + "SavePath=saved\n");
        system.start();
        browser = Browser.start(Files.createDirectories(folder.resolve("chromium-profile")));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (system != null) {
            system.close();
        }
    }

    private static String accessLog() {
        try (Stream<Path> files = Files.list(system.root.resolve("logs"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("access-")).toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String page(String name) {
        return "http://127.0.0.1:" + system.psPort + "/is/content/samples/" + name;
    }

    @Test
    void mapAreasFollowTheReplyGeometry() {
        // landscape.jpg is 1600 x 1067; wid=600 scales by 0.375
        HttpResponse<byte[]> map = system.get("/is/image/viewers/landscape?req=map&wid=600");
        assertThat(map.statusCode()).as(text(map)).isEqualTo(200);
        assertThat(text(map)).isEqualTo("<area shape=\"rect\" coords=\"0,0,300,200\" href=\"#sky\" alt=\"Sky\">"
                + "<area shape=\"poly\" coords=\"300,200,600,200,600,400,300,400\" href=\"#ground\" alt=\"Ground\">"
                + "<area href=\"#all\" alt=\"Landscape\" shape=\"rect\" coords=\"0,0,600,400\">");
        // a region of the source: the part of the sky inside it, moved to its corner
        assertThat(text(system.get("/is/image/viewers/landscape?req=map&rgn=400,200,800,400&scl=2")))
                .startsWith("<area shape=\"rect\" coords=\"0,0,200,167\" href=\"#sky\"");
        // flipped and turned with the layer
        assertThat(text(system.get("/is/image/viewers/landscape?req=map&wid=600&flip=lr")))
                .startsWith("<area shape=\"rect\" coords=\"300,0,600,200\" href=\"#sky\"");
        assertThat(text(system.get("/is/image/viewers/landscape?req=map&wid=600&rotate=90")))
                .startsWith("<area shape=\"rect\" coords=\"300,0,600,450\" href=\"#sky\"");
        assertThat(system.get("/is/image/viewers/landscape?req=map&wid=600&rotate=30").statusCode()).isEqualTo(403);
        // mapA= replaces catalog::Map (source coordinates); map= of comp is in composite coordinates, behind it
        assertThat(text(system.get("/is/image/viewers/landscape?req=map&wid=800"
                + "&mapA=%3Carea%20shape=rect%20coords=0,0,400,400%20href=a%3E"
                + "&map=%3Carea%20shape=rect%20coords=1500,1000,1700,1100%20href=b%3E"))).isEqualTo(
                "<area shape=\"rect\" coords=\"0,0,200,200\" href=\"a\"><area shape=\"rect\" coords=\"750,500,800,534\" href=\"b\">");
        assertThat(text(system.get("/is/image/viewers/landscape?req=map&wid=800&mapA="))).as("an empty mapA= is no map")
                .isEmpty();
        assertThat(system.get("/is/image/viewers/landscape?req=map&layer=1&src=samples/tower.jpg"
                + "&map=%3Carea%20shape=rect%20coords=0,0,4,4%3E").statusCode()).isEqualTo(403);
        // the bare record: the field as it is
        assertThat(text(system.get("/is/image/viewers/landscape?req=map"))).startsWith(
                "<area shape=\"rect\" coords=\"0,0,800,533\"");
        assertThat(text(system.get("/is/image/viewers/landscape?req=map,xml&wid=600")))
                .contains("<prop-group name=\"image\">").contains("<property name=\"map\" value=\"&lt;area");
    }

    @Test
    void setItemsCarryTheirSizeAndVersion() {
        HttpResponse<byte[]> xml = system.get("/is/image/viewers/swatches?req=set");
        assertThat(xml.statusCode()).as(text(xml)).isEqualTo(200);
        assertThat(text(xml)).contains("<set pv=\"1.0\" type=\"img_set\" n=\"viewers/swatches\">")
                .contains("<i n=\"viewers/landscape\"/>\n    <s n=\"viewers/tiles\"/>\n    <dx>1600</dx>\n    <dy>1067</dy>\n    <iv>")
                .contains("<s c=\"0x336699\" l=\"Blue\"/>");
        assertThat(text(system.get("/is/image/viewers/tower?req=set,json&id=9")))
                .startsWith("/*jsonp*/s7jsonResponse({\"set\":{\"pv\":\"1.0\",\"type\":\"img\",\"n\":\"viewers/tower\","
                        + "\"item\":{\"i\":{\"n\":\"viewers/tower\"},\"dx\":\"600\",\"dy\":\"900\",\"iv\":\"")
                .endsWith("\"}}},\"9\");");
    }

    @Test
    void loadCacheAndSaveToFile() throws IOException {
        HttpResponse<byte[]> load = system.get("/is/image/viewers/tower?req=loadcache&wid=123");
        assertThat(load.statusCode()).as(text(load)).isEqualTo(200);
        assertThat(load.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        long length = Long.parseLong(text(load).lines().filter(l -> l.startsWith("image.length="))
                .findFirst().orElseThrow().substring("image.length=".length()));
        HttpResponse<byte[]> image = system.get("/is/image/viewers/tower?wid=123");
        assertThat((long) image.body().length).isEqualTo(length);
        try {
            TestInstallation.await("the access log shows the warmed entry reused", Duration.ofSeconds(10), () ->
                    accessLog().lines().anyMatch(l -> l.contains("/is/image/viewers/tower?wid=123%20")
                            && l.contains("REUSED")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + accessLog(), e);
        }
        assertThat(accessLog().lines().filter(l -> l.contains("req=loadcache&wid=123%20")))
                .anyMatch(l -> l.contains("CREATED"));

        HttpResponse<byte[]> save = system.get("/is/image/viewers/tower?req=saveToFile&name=tower-small.jpg&wid=50");
        assertThat(save.statusCode()).as(text(save)).isEqualTo(200);
        assertThat(text(save)).contains("status=done").contains("pixelsTotal=" + 50 * 75).contains("lastUpdated=");
        assertThat(ImageIO.read(system.root.resolve("saved/tower-small.jpg").toFile()).getWidth()).isEqualTo(50);
        assertThat(system.get("/is/image/viewers/tower?req=saveToFile&name=../escape.jpg").statusCode()).isEqualTo(403);
        assertThat(system.get("/is/image/samples/tower.jpg?req=saveToFile&name=x.jpg").statusCode())
                .as("the default catalog has no SavePath").isEqualTo(403);
        assertThat(text(system.get("/is/image/viewers/landscape?req=xmp"))).contains("x:xmpmeta");
    }

    @Test
    void samplePagesInABrowser() throws Exception {
        for (String name : List.of("index.html", "responsive.html", "swatches.html", "imagemap.html")) {
            browser.open(page(name));
            browser.await("every image of " + name + " has loaded or failed", Duration.ofSeconds(15),
                    "Array.from(document.images).every(i => i.complete)");
            assertThat(browser.evaluate("Array.from(document.images).filter(i => !(i.naturalWidth > 0))"
                    + ".map(i => i.src)").toString()).as("images of %s that do not decode", name).isEqualTo("[]");
            assertThat(browser.errors).as(name).isEmpty();
        }
        browser.open(page("responsive.html"));
        browser.await("images", Duration.ofSeconds(15), "document.images.length === 3 && Array.from(document.images)"
                + ".every(i => i.complete && i.naturalWidth > 0)");
        assertThat(browser.evaluate("document.getElementById('landscape').currentSrc").asText()).contains("wid=");
        // a 1x screen takes the 1x candidate; the 2x and 3x candidates have twice and three times the pixels
        assertThat(browser.evaluate("document.getElementById('density').naturalWidth").asInt()).isEqualTo(300);
        assertThat(browser.evaluate("Promise.all([2, 3].map(d => fetch('/is/image/viewers/tiles?wid=300&dpr=on,' + d)"
                + ".then(r => r.blob()).then(createImageBitmap).then(b => b.width)))").toString()).isEqualTo("[600,900]");

        browser.open(page("swatches.html"));
        browser.await("the swatch set", Duration.ofSeconds(15), "window.swatchCount === 3 && Array.from("
                + "document.images).filter(i => i.complete && i.naturalWidth > 0).length === 4");
        assertThat(browser.evaluate("document.querySelectorAll('#swatches img')[0].alt").asText()).isEqualTo("Landscape");
        assertThat(browser.errors).isEmpty();

        browser.open(page("imagemap.html"));
        browser.await("the image map", Duration.ofSeconds(15), "window.mapAreas === 3");
        assertThat(browser.evaluate("document.querySelector('#areas-map area').coords").asText()).isEqualTo("0,0,300,200");
        assertThat(browser.errors).isEmpty();

        browser.open(page("zoom.html?id=pt%2Fpyramid.tif"));
        assertViewerShowsThePhoto();
        long tiles = browser.responses.stream().filter(r -> r.startsWith("200 ") && r.contains("/iiif/3/pt%2Fpyramid.tif/")
                && r.endsWith("/default.jpg")).count();
        assertThat(tiles).as("tile requests: %s", browser.responses).isPositive();
        assertThat(browser.responses).anyMatch(r -> r.startsWith("200 ") && r.endsWith("/pt%2Fpyramid.tif/info.json"));
        assertThat(browser.errors).isEmpty();
        // the shipped zoom record works too, with its zoom targets (req=targets) as buttons
        browser.open(page("zoom.html"));
        browser.await("OpenSeadragon draws the shipped record", Duration.ofSeconds(20), "window.tilesLoaded > 0");
        browser.await("the zoom targets", Duration.ofSeconds(10), "window.targetCount === 2");
        assertThat(browser.evaluate("Array.from(document.querySelectorAll('#targets button')).map(b => b.textContent)"
                + ".join()").asText()).isEqualTo("Sky,Ground");
        assertThat(browser.errors).isEmpty();
    }

    @Test
    void zoomOverImageServingRectTiles() throws Exception {
        browser.open(page("zoom.html?tiles=rect&id=pt%2Fpyramid.tif"));
        assertViewerShowsThePhoto();
        List<String> tiles = browser.responses.stream().filter(r -> r.contains("/is/image/pt/pyramid.tif?scl=")).toList();
        assertThat(tiles).as("rect= tile requests: %s", browser.responses).isNotEmpty()
                .allMatch(r -> r.startsWith("200 ") && r.contains("&rect="));
        assertThat(browser.errors).isEmpty();
        // a target button frames its rectangle: the viewport then shows the sky quarter (800 x 533 of 2400 x 1600)
        browser.open(page("zoom.html?tiles=rect"));
        browser.await("the shipped record's targets", Duration.ofSeconds(20),
                "window.targetCount === 2 && window.tilesLoaded > 0");
        browser.evaluate("document.querySelector('#targets button').click()");
        browser.await("the viewport frames the sky target", Duration.ofSeconds(10),
                "Math.abs(osd.viewport.getBounds(true).width - 0.5) < 0.2 && osd.viewport.getBounds(true).x < 0.1");
        assertThat(browser.errors).isEmpty();
    }

    @Test
    void aProductViewerUsesTheSetTheZoomTheTargetsAndTheMap() throws Exception {
        browser.open(page("viewer.html"));
        browser.await("the set, the first item's tiles, targets and map", Duration.ofSeconds(30),
                "window.swatchCount === 3 && window.tilesLoaded > 0 && window.targetCount === 2 && window.mapAreas === 3");
        assertThat(browser.evaluate("window.shown").asText()).isEqualTo("viewers/landscape");
        assertThat(browser.evaluate("Array.from(document.querySelectorAll('#targets button')).map(b => b.textContent)"
                + ".join()").asText()).isEqualTo("Sky,Ground");
        // the map's first area covers the sky quarter of the 600-pixel picture: the element at its middle is the area
        browser.await("the mapped picture", Duration.ofSeconds(15),
                "document.getElementById('mapped').complete && document.getElementById('mapped').naturalWidth === 600");
        assertThat(browser.evaluate("(() => { const img = document.getElementById('mapped'); img.scrollIntoView();"
                + " const r = img.getBoundingClientRect(); const hit = document.elementFromPoint(r.left + 150, r.top + 100);"
                + " return hit ? hit.tagName + ' ' + (hit.getAttribute('href') || '') : 'none'; })()").asText())
                .isEqualTo("AREA #sky");
        assertThat(browser.responses).anyMatch(r -> r.startsWith("200 ") && r.contains("/is/image/viewers/landscape?scl="));
        // another swatch: its tiles, no targets, no map
        browser.evaluate("document.querySelectorAll('#swatches button')[1].click()");
        browser.await("the second item", Duration.ofSeconds(30), "window.shown === 'viewers/tower' && window.tilesLoaded > 0"
                + " && window.targetCount === 0 && window.mapAreas === 0 && osd.world.getItemAt(0).getFullyLoaded()");
        assertThat(browser.errors).isEmpty();
    }

    /**
     * Waits until OpenSeadragon has drawn every tile of its home view, then compares the middle of the image as Chromium
     * painted it with the source photo scaled to the same size: tiles from the wrong place, level or scale (or missing
     * ones, the viewer's dark background) would differ by tens of levels.
     */
    private void assertViewerShowsThePhoto() throws Exception {
        browser.await("OpenSeadragon has every tile of its home view", Duration.ofSeconds(30),
                "window.osd && osd.world.getItemCount() === 1 && osd.world.getItemAt(0).getFullyLoaded()");
        Thread.sleep(300); // the last tiles fade in
        com.fasterxml.jackson.databind.JsonNode rect = browser.evaluate("(() => { const item = osd.world.getItemAt(0);"
                + " const r = osd.viewport.viewportToViewerElementRectangle(item.imageToViewportRectangle(0, 0, 2400, 1600, true));"
                + " const e = osd.element.getBoundingClientRect(); return [e.left + r.x, e.top + r.y, r.width, r.height]; })()");
        double left = rect.get(0).asDouble(), top = rect.get(1).asDouble();
        double width = rect.get(2).asDouble(), height = rect.get(3).asDouble();
        assertThat(width).as("the home view shows the image across the viewer").isGreaterThan(300);
        int w = (int) Math.round(width), h = (int) Math.round(height);
        BufferedImage expected = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = expected.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(photo.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        // the middle half: OpenSeadragon's buttons and navigator sit in the corners
        int x0 = w / 4, y0 = h / 4, cw = w / 2, ch = h / 2;
        BufferedImage painted = browser.screenshot((int) Math.round(left) + x0, (int) Math.round(top) + y0, cw, ch);
        long sum = 0;
        int worst = 0;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int a = painted.getRGB(x, y), b = expected.getRGB(x0 + x, y0 + y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF));
                    sum += d;
                    worst = Math.max(worst, d);
                }
            }
        }
        double mean = sum / (3.0 * cw * ch);
        if (mean > 4) {
            ImageIO.write(painted, "png", folder.resolve("painted.png").toFile());
            ImageIO.write(expected, "png", folder.resolve("expected.png").toFile());
        }
        assertThat(mean).as("mean difference per channel of %d x %d painted pixels (worst %d)", cw, ch, worst)
                .isLessThan(4);
    }
}
