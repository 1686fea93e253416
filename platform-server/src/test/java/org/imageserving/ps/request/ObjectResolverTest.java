package org.imageserving.ps.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectResolverTest {
    @TempDir
    Path folder;
    Path images;
    Catalogs catalogs;
    ObjectResolver resolver;

    @BeforeEach
    void catalogs() throws Exception {
        Path catalog = Files.createDirectories(folder.resolve("catalog"));
        images = Files.createDirectories(folder.resolve("images"));
        Files.writeString(catalog.resolve("default.ini"), "RootId=\nRootPath=\nDefaultExt=\nAllowDirectAccess=include:IS\n");
        Files.writeString(catalog.resolve("shop.ini"), "RootId=shop\nRootPath=products\nDefaultExt=.tif\n"
                + "CatalogFile=shop.txt\nLocaleMap=de,_D,|,\n");
        Files.writeString(catalog.resolve("shop.txt"), "Id\tPath\nshoe\tshoes/red\nshoe_D\tshoes/rot.jpg\n"
                + "abs\t" + images.resolve("products/abs.jpg") + "\nout\t/etc/passwd\nup\t../../secret.jpg\n");
        // a catalog text with a NUL byte is refused whole (CatalogText): the record never becomes a path
        Files.writeString(catalog.resolve("nulls.ini"), "RootId=nulls\nCatalogFile=nulls.txt\n");
        Files.writeString(catalog.resolve("nulls.txt"), "Id\tPath\nnul\tshoes/red\u0000.jpg\n");
        Files.writeString(catalog.resolve("full.ini"), "RootId=full\nFullMatch=1\nRootPath=elsewhere\n");
        Files.writeString(catalog.resolve("closed.ini"), "RootId=closed\nAllowDirectAccess=include:STATIC\n");
        catalogs = new CatalogService(catalog, Duration.ZERO).current();
        resolver = new ObjectResolver(List.of(images));
    }

    private ResolvedObject resolve(String path, String locale) {
        return resolver.resolve(catalogs, List.of(path.split("/")), locale);
    }

    @Test
    void recordsGetTheCatalogRootPathAndDefaultExt() {
        ResolvedObject shoe = resolve("shop/shoe", "");
        assertThat(shoe.main().rootId()).isEqualTo("shop");
        assertThat(shoe.record()).isPresent();
        assertThat(shoe.sourcePath()).isEqualTo("products/shoes/red.tif");
        assertThat(resolve("shop/shoe", "de").sourcePath()).isEqualTo("products/shoes/rot.jpg");
        assertThat(resolve("shop/abs", "").sourcePath()).as("absolute inside a root").isEqualTo("products/abs.jpg");
    }

    @Test
    void pathsWithoutRecordUseTheCatalogUnlessFullMatch() {
        ResolvedObject path = resolve("shop/dir/file", "");
        assertThat(path.record()).isEmpty();
        assertThat(path.main().rootId()).isEqualTo("shop");
        assertThat(path.sourcePath()).isEqualTo("products/dir/file.tif");
        ResolvedObject full = resolve("full/dir/a.jpg", "");
        assertThat(full.main().isDefault()).isTrue();
        assertThat(full.sourcePath()).isEqualTo("full/dir/a.jpg");
        assertThat(resolve("samples/a.jpg", "").sourcePath()).isEqualTo("samples/a.jpg");
    }

    @Test
    void nothingLeavesTheImageRoots() {
        assertThatThrownBy(() -> resolve("shop/out", "")).isInstanceOf(RequestException.class);
        assertThatThrownBy(() -> resolve("shop/up", "")).isInstanceOf(RequestException.class);
        assertThatThrownBy(() -> resolver.resolve(catalogs, List.of("samples", "..", "x.jpg"), ""))
                .isInstanceOf(RequestException.class);
        assertThatThrownBy(() -> resolver.resolve(catalogs, List.of("a\\b.jpg"), "")).isInstanceOf(RequestException.class);
        assertThatThrownBy(() -> resolve("closed/x.jpg", "")).hasMessageContaining("direct access");
    }

    @Test
    void aCatalogPathNoFileCanHaveIsAUsageErrorNotAServerError() {
        assertThat(catalogs.byRootId("nulls")).as("refused at load").isEmpty();
        assertThat(resolve("nulls/nul", "").record()).as("a plain path of the default catalog now").isEmpty();
        assertThatThrownBy(() -> resolver.resolve(catalogs, List.of("shoes", "red\u0000.jpg"), ""))
                .isInstanceOf(RequestException.class).hasMessageContaining("invalid path element")
                .satisfies(e -> assertThat(((RequestException) e).status()).isEqualTo(403));
    }

    @Test
    void allowDirectAccessLists() {
        assertThat(ObjectResolver.directAccessAllowed("", "IS")).isTrue();
        assertThat(ObjectResolver.directAccessAllowed("IS,STATIC", "is")).isTrue();
        assertThat(ObjectResolver.directAccessAllowed("include:", "IS")).isFalse();
        assertThat(ObjectResolver.directAccessAllowed("exclude:", "IS")).isTrue();
        assertThat(ObjectResolver.directAccessAllowed("exclude:IS", "IS")).isFalse();
    }
}
