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
    void theTableStaysBoundedUnderAStreamOfUniqueUrls() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "RootId=\n");
        Catalogs catalogs = new CatalogService(folder, Duration.ZERO).current();
        RequestPlans plans = new RequestPlans();
        for (int i = 0; i < RequestPlans.MAX_PLANS * 3; i++) {
            plans.remember(catalogs, "a.jpg", "n=" + i, plan(catalogs, "IMG"));
        }
        assertThat(plans.size()).isBetween(1L, (long) RequestPlans.MAX_PLANS);
    }

    /**
     * A crawler asking for many URLs once each, while a page's thumbnails keep being asked: the thumbnails' plans
     * must all still be there afterwards (a table that starts afresh when full loses them at the first overflow).
     */
    @Test
    void hotPlansSurviveAFloodOfUniqueOnes() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "RootId=\n");
        Catalogs catalogs = new CatalogService(folder, Duration.ZERO).current();
        RequestPlans plans = new RequestPlans();
        int hot = 200;
        for (int i = 0; i < hot; i++) {
            plans.remember(catalogs, "thumb" + i + ".jpg", "wid=100", plan(catalogs, "IMG"));
        }
        int lost = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < hot; i++) {
                lost += plans.find(catalogs, "thumb" + i + ".jpg", "wid=100") == null ? 1 : 0;
            }
        }
        for (int i = 0; i < RequestPlans.MAX_PLANS * 10; i++) {
            String query = "crawl=" + i;
            if (plans.find(catalogs, "a.jpg", query) == null) { // as the processor does: look, then remember
                plans.remember(catalogs, "a.jpg", query, plan(catalogs, "IMG"));
            }
            if (i % 500 == 0) {
                for (int h = 0; h < hot; h++) {
                    lost += plans.find(catalogs, "thumb" + h + ".jpg", "wid=100") == null ? 1 : 0;
                }
            }
        }
        for (int i = 0; i < hot; i++) {
            lost += plans.find(catalogs, "thumb" + i + ".jpg", "wid=100") == null ? 1 : 0;
        }
        assertThat(lost).as("lookups of hot plans that found nothing").isZero();
        assertThat(plans.size()).isLessThanOrEqualTo(RequestPlans.MAX_PLANS);
    }
}
