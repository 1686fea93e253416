package org.imageserving.ps.responsecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HeldBodiesTest {
    private static Slot slot(String name) {
        return new Slot(Path.of(name), 0, null);
    }

    @Test
    void bodiesAreHeldWithinTheBudgetAndGiveItBackWhenReleased() {
        HeldBodies held = new HeldBodies(100, 60);
        Slot a = slot("a");
        Slot b = slot("b");
        Slot c = slot("c");
        assertThat(held.tryHold(a, new byte[60])).isTrue();
        assertThat(held.tryHold(b, new byte[50])).as("over the budget").isFalse();
        assertThat(b.body).isNull();
        assertThat(held.tryHold(b, new byte[40])).isTrue();
        assertThat(held.bytes()).isEqualTo(100);
        held.release(a);
        assertThat(a.body).isNull();
        assertThat(held.bytes()).isEqualTo(40);
        assertThat(held.tryHold(c, new byte[61])).as("larger than worth holding").isFalse();
        held.release(c);
        assertThat(held.bytes()).as("releasing what is not held changes nothing").isEqualTo(40);
    }

    @Test
    void aSlotHoldsOneBody() {
        HeldBodies held = new HeldBodies(100, 60);
        Slot a = slot("a");
        byte[] first = new byte[10];
        assertThat(held.tryHold(a, first)).isTrue();
        assertThat(held.tryHold(a, new byte[10])).isFalse();
        assertThat(a.body).isSameAs(first);
        assertThat(held.bytes()).isEqualTo(10);
    }

    @Test
    void theIndexGivesBackTheBodiesOfEntriesThatLeaveIt() {
        LruIndex index = new LruIndex(1000, 2, new HeldBodies(100, 60));
        String a = CacheKeys.hash("a");
        String b = CacheKeys.hash("b");
        Slot slotA = new Slot(Path.of("a"), 30, null);
        index.put(a, slotA, new byte[30]);
        index.put(b, new Slot(Path.of("b"), 70, null), new byte[70]); // larger than worth holding
        assertThat(index.heldBytes()).isEqualTo(30);
        index.put(CacheKeys.hash("c"), new Slot(Path.of("c"), 20, null), new byte[20]); // evicts a
        assertThat(index.heldBytes()).isEqualTo(20);
        assertThat(index.hold(a, slotA, new byte[30])).as("no longer indexed: served from its file").isNull();
        assertThat(index.heldBytes()).isEqualTo(20);
        index.clear();
        assertThat(index.heldBytes()).isZero();
    }
}
