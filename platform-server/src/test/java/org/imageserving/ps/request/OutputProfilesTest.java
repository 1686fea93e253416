package org.imageserving.ps.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.catalog.CatalogService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profile names of icc= and IccProfile* become paths under the Image Server's roots, through the profile maps. */
class OutputProfilesTest {
    @TempDir
    Path folder;
    @TempDir
    Path images;
    Catalogs catalogs;
    ObjectResolver resolver;

    @BeforeEach
    void catalogs() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "IccProfileMapFile=default-profiles.txt\nIccProfileRgb=sRGB\n");
        Files.writeString(folder.resolve("default-profiles.txt"),
                "Name\tProfilePath\nWebCoated\tprofiles/web-coated.icc\nAdobeRGB\t" + images.resolve("p/adobe.icc") + "\n");
        Files.writeString(folder.resolve("shop.ini"), "RootId=shop\nRootPath=shop\nIccProfileMapFile=shop-profiles.txt\n"
                + "IccProfileCmyk=Newsprint\n");
        Files.writeString(folder.resolve("shop-profiles.txt"), "Name\tProfilePath\nNewsprint\tnews.icc\n"
                + "webcoated\tpress/web.icc\n");
        catalogs = new CatalogService(folder, Duration.ZERO).current();
        resolver = new ObjectResolver(List.of(images));
    }

    private Map<String, String> resolve(String catalog, Map<String, String> commands) {
        Map<String, String> forwarded = new LinkedHashMap<>(commands);
        OutputProfiles.resolve(resolver, catalog.isEmpty() ? catalogs.defaultCatalog() : catalogs.byRootId().get(catalog),
                forwarded);
        return forwarded;
    }

    @Test
    void namesComeFromTheCatalogsMapThenTheDefaultCatalogs() {
        assertThat(resolve("", Map.of("icc", "WebCoated,relative,1"))).containsEntry("icc",
                "profiles/web-coated.icc,relative,1");
        // the catalog's own entry (names are case-insensitive) wins, under its RootPath
        assertThat(resolve("shop", Map.of("icc", "WEBCOATED"))).containsEntry("icc", "shop/press/web.icc");
        assertThat(resolve("shop", Map.of("icc", "AdobeRGB"))).as("absolute ProfilePath inside a root")
                .containsEntry("icc", "p/adobe.icc");
        assertThat(resolve("shop", Map.of("attribute::iccprofilecmyk", "Newsprint")))
                .containsEntry("attribute::iccprofilecmyk", "shop/news.icc");
    }

    @Test
    void builtInNamesPassAsTheyAreAndOtherNamesArePathsUnderRootPath() {
        assertThat(resolve("", Map.of("attribute::iccprofilergb", "sRGB", "icc", "srgb")))
                .containsEntry("attribute::iccprofilergb", "sRGB").containsEntry("icc", "sRGB");
        assertThat(resolve("shop", Map.of("icc", "prophoto,saturation", "attribute::iccprofilecmyk", "genericcmyk")))
                .containsEntry("icc", "ProPhoto,saturation").containsEntry("attribute::iccprofilecmyk", "GenericCMYK");
        assertThat(resolve("shop", Map.of("icc", "my/own.icc"))).containsEntry("icc", "shop/my/own.icc");
        assertThatThrownBy(() -> resolve("", Map.of("icc", "../../etc/x.icc"))).hasMessageContaining("icc=");
        assertThatThrownBy(() -> resolve("", Map.of("icc", "/etc/x.icc"))).hasMessageContaining("absolute");
    }
}
