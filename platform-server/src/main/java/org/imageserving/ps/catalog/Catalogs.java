package org.imageserving.ps.catalog;

import java.util.Map;
import java.util.Optional;

/** One consistent generation of every loaded catalog: the default catalog and the named ones by {@code RootId}. */
public record Catalogs(Catalog defaultCatalog, Map<String, Catalog> byRootId) {
    public Catalogs {
        byRootId = Map.copyOf(byRootId);
    }

    /** The catalog whose {@code RootId} is exactly this text (root ids are case-sensitive). */
    public Optional<Catalog> byRootId(String rootId) {
        return rootId.isEmpty() ? Optional.empty() : Optional.ofNullable(byRootId.get(rootId));
    }
}
