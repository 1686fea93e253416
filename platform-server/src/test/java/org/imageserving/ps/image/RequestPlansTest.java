package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.Catalogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestPlansTest {
    @TempDir
    Path folder;

    private static RequestPlans.Plan plan(Catalogs catalogs, String reqType) {
        return new RequestPlans.Plan(catalogs.defaultCatalog(), 0, reqType, "-", true, List.of(), Map.of(), false, null);
    }

    @Test
    void aPlanBelongsToItsRequestLineAndCatalogGeneration() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "RootId=\n");
        CatalogService service = new CatalogService(folder, Duration.ZERO);
        Catalogs first = service.current();
        RequestPlans plans = new RequestPlans();
        plans.remember(first, "a.jpg", "wid=1", plan(first, "IMG"));
        plans.remember(first, "a.jpg", null, plan(first, "TMB"));

        assertThat(plans.find(first, "a.jpg", "wid=1").reqType()).isEqualTo("IMG");
        assertThat(plans.find(first, "a.jpg", null).reqType()).as("no query is not an empty query").isEqualTo("TMB");
        assertThat(plans.find(first, "a.jpg", "")).isNull();
        assertThat(plans.find(first, "a.jpg", "wid=2")).isNull();

        Catalogs reloaded = new Catalogs(first.defaultCatalog(), first.byRootId()); // equal, but another generation
        assertThat(plans.find(reloaded, "a.jpg", "wid=1")).isNull();
        plans.remember(reloaded, "b.jpg", null, plan(reloaded, "IMG"));
        assertThat(plans.size()).as("the old generation's plans are dropped").isEqualTo(1);
        assertThat(plans.find(first, "b.jpg", null)).isNull();
    }

    @Test
    void aFullTableStartsAfreshInsteadOfGrowing() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "RootId=\n");
        Catalogs catalogs = new CatalogService(folder, Duration.ZERO).current();
        RequestPlans plans = new RequestPlans();
        for (int i = 0; i < RequestPlans.MAX_PLANS + 10; i++) {
            plans.remember(catalogs, "a.jpg", "n=" + i, plan(catalogs, "IMG"));
        }
        assertThat(plans.size()).isBetween(1, RequestPlans.MAX_PLANS);
        assertThat(plans.find(catalogs, "a.jpg", "n=" + (RequestPlans.MAX_PLANS + 9))).isNotNull();
    }
}
