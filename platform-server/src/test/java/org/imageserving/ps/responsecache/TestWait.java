package org.imageserving.ps.responsecache;

import java.util.function.BooleanSupplier;

/** Waits for a background task to reach a state (no timing is asserted; a generous limit only prevents hanging). */
final class TestWait {
    private TestWait() {}

    static void until(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("condition not reached");
        }
    }
}
