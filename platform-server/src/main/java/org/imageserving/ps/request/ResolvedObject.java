package org.imageserving.ps.request;

import java.util.Optional;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;

/**
 * What the URL path names: the main catalog of the request, the catalog record it hit (if any) and the source file
 * for the Image Server, relative to an {@code IS::RootPath} (empty for a template without a background image).
 *
 * @param requested the object as written in the URL (decoded), the value of {@code $object}
 */
public record ResolvedObject(String requested, Catalog main, Optional<CatalogRecord> record, String sourcePath) {
    /** The same object with rule-set attribute overrides applied to its catalogs for this request. */
    public ResolvedObject withOverrides(java.util.Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        return new ResolvedObject(requested, main.withOverrides(overrides),
                record.map(r -> new CatalogRecord(r.id(), r.fields(), r.catalog().withOverrides(overrides))), sourcePath);
    }

    /** The catalog whose attributes apply to the layer: the record's, else the main catalog. */
    public Catalog layerCatalog() {
        return record.map(CatalogRecord::catalog).orElse(main);
    }
}
