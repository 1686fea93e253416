package org.imageserving.ps.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.catalog.LocaleStrings;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestGateTest {
    @TempDir
    Path folder;

    private Catalogs catalogs() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "RootId=\nClientAddressFilter=\n");
        Files.writeString(folder.resolve("shop.ini"), "RootId=shop\nClientAddressFilter=10.0.0.0/8\nRequestLock=1\n");
        return new CatalogService(folder, Duration.ZERO).current();
    }

    @Test
    void defaultCatalogRequestsCanBeRequiredToNameACatalog() throws Exception {
        Catalogs catalogs = catalogs();
        RequestGate closed = new RequestGate(false);
        assertThatThrownBy(() -> closed.admit(catalogs, "is", "samples/a.jpg", "wid=1", "10.0.0.1", false))
                .isInstanceOf(RequestException.class).hasMessageContaining("allowDefaultCatalogRequests");
        assertThat(closed.admit(catalogs, "is", "", "req=catalogprops", "10.0.0.1", true).main().isDefault()).isTrue();
        RequestGate.Admitted open = new RequestGate(true).admit(catalogs, "is", "sam%2Fples/a%20b.jpg", "wid=1", "1.2.3.4", false);
        assertThat(open.elements()).containsExactly("sam/ples", "a b.jpg");
        assertThat(open.query()).isEqualTo("wid=1");
    }

    @Test
    void catalogpropsOfANamedCatalogHasThatCatalogAsMain() throws Exception {
        Catalogs catalogs = catalogs();
        RequestGate gate = new RequestGate(false);
        String locked = "req=catalogprops&" + RequestUnlocker.lockValue("req=catalogprops");
        assertThat(gate.admit(catalogs, "is", "shop", locked, "10.2.3.4", true).main().rootId())
                .as("the shop catalog's lock and address filter apply").isEqualTo("shop");
        assertThat(gate.admit(catalogs, "is", "nothing", "req=catalogprops", "10.2.3.4", true).main().isDefault())
                .isTrue();
        assertThat(new RequestGate(true).admit(catalogs, "is", "shop", "wid=1", "10.2.3.4", false).main().isDefault())
                .as("for any other request a lone element is an image of the default catalog").isTrue();
    }

    @Test
    void catalogAddressFilterAndLockApplyToTheirCatalog() throws Exception {
        Catalogs catalogs = catalogs();
        RequestGate gate = new RequestGate(true);
        String lock = RequestUnlocker.lockValue("wid=1");
        assertThat(gate.admit(catalogs, "is", "shop/x", "wid=1&" + lock, "10.2.3.4", false).query()).isEqualTo("wid=1");
        assertThatThrownBy(() -> gate.admit(catalogs, "is", "shop/x", "wid=1&" + lock, "192.168.1.1", false))
                .hasMessageContaining("client address");
        assertThatThrownBy(() -> gate.admit(catalogs, "is", "shop/x", "wid=1", "10.2.3.4", false))
                .hasMessageContaining("lock");
        assertThat(gate.admit(catalogs, "is", "shop/x", "wid=1&" + lock, "10.2.3.4", false).clientDependent())
                .as("another client may be refused: the Platform Server must not reuse this request's plan").isTrue();
        assertThat(gate.admit(catalogs, "is", "samples/x.jpg", "wid=1", "10.2.3.4", false).clientDependent())
                .as("an empty filter").isFalse();
    }

    @Test
    void localeStringsPickTheVariantOfTheLocale() {
        LocaleStrings map = LocaleStrings.parse("fr,F,|de,D,F|,");
        String text = "Hello^loc=F^Bonjour^loc=D^Hallo";
        assertThat(map.localize(text, "fr")).isEqualTo("Bonjour");
        assertThat(map.localize(text, "DE")).isEqualTo("Hallo");
        assertThat(map.localize(text, "it")).isEqualTo("Hello");
        assertThat(map.localize("plain", "fr")).isEqualTo("plain");
        assertThat(LocaleStrings.parse("fr,X").localize(text, "fr")).as("no match: empty").isEmpty();
    }
}
