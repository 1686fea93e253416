package org.imageserving.ps.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imageserving.common.render.FontMap;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.catalog.CatalogService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The font map records a request's text may name travel with it, resolved under the catalogs' RootPath. */
class TextFontsTest {
    @TempDir
    Path folder;
    @TempDir
    Path images;
    Catalogs catalogs;
    ObjectResolver resolver;

    @BeforeEach
    void catalogs() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "FontMapFile=default-fonts.txt\nDefaultFont=Body\n"
                + "SynthesizeFontStyles=1\n");
        Files.writeString(folder.resolve("default-fonts.txt"), "Name\tBold\tItalic\tFontPath\n"
                + "Body\t0\t0\tfonts/body.ttf\nBody\t1\t0\tfonts/body-bold.ttf\nBrand\t0\t0\tfonts/brand.ttf\n"
                + "Unused\t0\t0\tfonts/unused.ttf\n");
        Files.writeString(folder.resolve("shop.ini"), "RootId=shop\nRootPath=shop\nFontMapFile=shop-fonts.txt\n"
                + "SynthesizeFontStyles=0\n");
        Files.writeString(folder.resolve("shop-fonts.txt"), "Name\tFontPath\nbrand\tbrand-shop.otf\n");
        catalogs = new CatalogService(folder, Duration.ZERO).current();
        resolver = new ObjectResolver(List.of(images));
    }

    private FontMap fonts(String catalog, String text) {
        RenderRequest request = new RenderRequest(new java.util.TreeMap<>(Map.of("fmt", "png")),
                List.of(Layer.of(0, "a.jpg", Map.of()), Layer.of(1, "", Map.of("textps", text))));
        RenderRequest withFonts = TextFonts.add(request, catalog.isEmpty() ? catalogs.defaultCatalog()
                : catalogs.byRootId().get(catalog), resolver);
        return FontMap.decode(withFonts.global().get(RenderRequest.FONTS));
    }

    @Test
    void namedFontsAndTheDefaultTravelWithTheRequest() {
        FontMap map = fonts("", "{\\fonttbl{\\f0 Brand;}}\\f0 Sale");
        assertThat(map.defaultFont()).isEqualTo("Body");
        assertThat(map.synthesize()).isTrue();
        assertThat(map.faces()).extracting(FontMap.Face::path)
                .containsExactly("fonts/body.ttf", "fonts/body-bold.ttf", "fonts/brand.ttf");
        assertThat(map.face("body", true, false)).isPresent();
    }

    @Test
    void theCatalogsOwnFaceComesFirstUnderItsRootPath() {
        FontMap map = fonts("shop", "{\\fonttbl{\\f0 Brand;}}\\f0 Sale");
        assertThat(map.synthesize()).isFalse();
        assertThat(map.face("Brand", false, false).orElseThrow().path()).isEqualTo("shop/brand-shop.otf");
    }

    @Test
    void requestsWithoutTextAreUnchanged() {
        RenderRequest plain = RenderRequest.of("a.jpg", Map.of("wid", "100"));
        assertThat(TextFonts.add(plain, catalogs.defaultCatalog(), resolver)).isEqualTo(plain);
    }
}
