package org.imageserving.ps.cachecluster;

/** What the cache cluster client reports, for the metrics. */
public interface ClusterEvents {
    ClusterEvents NONE = new ClusterEvents() { };

    /** A lookup that a peer answered with a whole, fresh entry. */
    default void hit() { }

    /** A lookup that found nothing usable (every peer said no, failed, was skipped, or none answered in time). */
    default void miss() { }

    /** One peer that failed a lookup: refused, timed out, or sent a reply that was not whole. */
    default void error() { }

    /** One peer not asked, since its back-off is running. */
    default void skipped() { }
}
