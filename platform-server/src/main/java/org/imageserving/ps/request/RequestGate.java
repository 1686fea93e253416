package org.imageserving.ps.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.rules.AddressFilter;
import org.imageserving.ps.rules.RuleSet;
import org.imageserving.ps.rules.RuleSetProcessor;

/**
 * The steps before a request is parsed, each a small function, in the documented order: identify the main catalog,
 * apply its rule set (rewrite, attribute overrides, headers, address filters), undo obfuscation and check the
 * lock/signature, enforce {@code ClientAddressFilter} and {@code PS::allowDefaultCatalogRequests}.
 */
public final class RequestGate {
    private final boolean allowDefaultCatalogRequests;

    /**
     * A request let through.
     *
     * @param elements    the object's path elements, decoded one by one
     * @param query       the modifier string, still URL-encoded, without lock or signature
     * @param overrides   attribute overrides of the matching rules (lower-case names)
     * @param transformed the request string after the rule set (for the access log)
     * @param clientDependent whether an address filter was consulted: the same URL from another client may be refused
     */
    public record Admitted(List<String> elements, String query, Catalog main, Map<String, String> overrides,
                           List<RuleSet.Header> headers, String transformed, boolean clientDependent) {}

    public RequestGate(boolean allowDefaultCatalogRequests) {
        this.allowDefaultCatalogRequests = allowDefaultCatalogRequests;
    }

    /**
     * @param rawPath  the path after the context root, still %-encoded, without a leading '/'
     * @param rawQuery the query string as received, or null
     */
    public Admitted admit(Catalogs catalogs, String context, String rawPath, String rawQuery, String clientAddress,
                          boolean catalogPropsRequest) {
        List<String> requested = decodedElements(rawPath);
        Catalog main = ObjectResolver.mainCatalog(catalogs, requested);
        if (catalogPropsRequest && requested.size() == 1) {
            // req=catalogprops asks about a catalog: a lone path element names it, not an image
            main = catalogs.byRootId(requested.get(0)).orElse(main);
        }
        String original = rawPath + (rawQuery == null ? "" : "?" + rawQuery);
        RuleSetProcessor.Outcome rules = RuleSetProcessor.apply(main.ruleSet(), context, original, clientAddress);
        String rewritten = rules.request();
        int question = rewritten.indexOf('?');
        String path = question < 0 ? rewritten : rewritten.substring(0, question);
        String query = question < 0 ? null : rewritten.substring(question + 1);
        List<String> elements = decodedElements(path);
        main = main.withOverrides(rules.attributes());

        String unlocked = RequestUnlocker.unlock(main, query);
        boolean clientDependent = rules.addressFilterApplied();
        if (!rules.addressFilterApplied() && !main.attribute("ClientAddressFilter").isBlank()) {
            clientDependent = true;
            AddressFilter filter;
            try {
                filter = AddressFilter.parse(main.attribute("ClientAddressFilter"));
            } catch (IllegalArgumentException e) {
                throw new RequestException(500, "the catalog's ClientAddressFilter is invalid: " + e.getMessage());
            }
            if (!filter.allows(clientAddress)) {
                throw new RequestException(403, "request refused (client address not allowed by the catalog)");
            }
        }
        if (!allowDefaultCatalogRequests && main.isDefault() && !catalogPropsRequest) {
            throw new RequestException(403, "request refused: a catalog id is required (PS::allowDefaultCatalogRequests)");
        }
        return new Admitted(elements, unlocked, main, rules.attributes(), rules.headers(), rewritten, clientDependent);
    }

    /** Path elements percent-decoded one by one ({@code %2F} inside an element stays data); empty ones dropped. */
    public static List<String> decodedElements(String rawPath) {
        List<String> elements = new ArrayList<>();
        for (String element : rawPath.split("/")) {
            if (!element.isEmpty()) {
                elements.add(ModifierTokenizer.decode(element, false));
            }
        }
        return elements;
    }
}
