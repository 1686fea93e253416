package org.imageserving.ps.responsecache;

/**
 * The memory budget for small bodies held in their slots, so that their hits read no file. Not thread-safe: the
 * {@link LruIndex} calls it under its lock, because whether a body may be held depends on its slot still being indexed.
 */
final class HeldBodies {
    /** An eighth of the heap, at most 64 MB (about 2000 thumbnails of 30 KB). */
    static final long DEFAULT_BUDGET = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);

    private final long budget;
    private final int maxBody;
    private long bytes;

    /** @param maxBody the largest body worth holding; larger replies go out by sendfile anyway */
    HeldBodies(long budget, int maxBody) {
        this.budget = budget;
        this.maxBody = maxBody;
    }

    /** Holds the body in the slot when it is small enough and fits the budget; a slot holds at most one. */
    boolean tryHold(Slot slot, byte[] body) {
        if (slot.body != null || body.length > maxBody || bytes + body.length > budget) {
            return false;
        }
        slot.body = body;
        bytes += body.length;
        return true;
    }

    /** Gives the slot's body back to the budget (the slot left the index). */
    void release(Slot slot) {
        byte[] body = slot.body;
        if (body != null) {
            bytes -= body.length;
            slot.body = null;
        }
    }

    long bytes() {
        return bytes;
    }
}
