package org.imageserving.common.protocol;

/** How far a documented command, request type or attribute is implemented. */
public enum Support {
    /** Works as documented. */
    SUPPORTED,
    /** Works for part of its documented values; the rest is refused with an error naming what is missing. */
    PARTIAL,
    /** Documented but not built yet: refused with a 403 that says so, never silently ignored. */
    NOT_YET,
    /** Accepted and without effect, because the documentation says the server ignores it (e.g. {@code id=}). */
    IGNORED;

    public boolean accepted() {
        return this != NOT_YET;
    }

    public String label() {
        return switch (this) {
            case SUPPORTED -> "supported";
            case PARTIAL -> "partial";
            case NOT_YET -> "refused (not yet)";
            case IGNORED -> "ignored (documented)";
        };
    }
}
