package org.imageserving.svg.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UseExpansionTest {
    private static final long LIMIT = SafeSvgInput.MAX_EXPANDED_ELEMENTS;

    @Test
    void urlReferencesAreFoundInPaintsAndStyles() {
        assertThat(UseExpansion.urlReferences("url(#p1)")).containsExactly("p1");
        assertThat(UseExpansion.urlReferences("fill: url( '#a' ); stroke:url(\"#b\")")).containsExactly("a", "b");
        assertThat(UseExpansion.urlReferences("url(other.svg#p)")).isEmpty();
        assertThat(UseExpansion.urlReferences("#ff0000")).isEmpty();
    }

    @Test
    void patternsFilledWithPatternsMultiply() {
        UseExpansion count = new UseExpansion();
        count.start(null, List.of());                       // <svg>
        count.start("p0", List.of());                       // a pattern of one rectangle
        count.start(null, List.of());
        count.end();
        count.end();
        for (int level = 1; level <= 10; level++) {
            count.start("p" + level, List.of());
            for (int j = 0; j < 10; j++) {
                count.start(null, List.of("p" + (level - 1)));  // <rect fill="url(#p{level-1})">
                count.end();
            }
            count.end();
        }
        count.start(null, List.of("p10"));
        count.end();
        count.end();
        assertThat(count.expandedElements(LIMIT)).isGreaterThan(LIMIT);
    }

    @Test
    void aHundredThousandShapesSharingAGradientAreFine() {
        UseExpansion count = new UseExpansion();
        count.start(null, List.of());
        count.start("g", List.of());
        count.start(null, List.of());
        count.end();
        count.start(null, List.of());
        count.end();
        count.end();
        for (int i = 0; i < 100_000; i++) {
            count.start(null, List.of("g"));
            count.end();
        }
        count.end();
        assertThat(count.expandedElements(LIMIT)).isEqualTo(1 + 3 + 100_000 * 4L);
    }

    @Test
    void cyclesCountOnce() {
        UseExpansion count = new UseExpansion();
        count.start(null, List.of());
        count.start("a", List.of("b"));
        count.end();
        count.start("b", List.of("a"));
        count.end();
        count.end();
        assertThat(count.expandedElements(LIMIT)).isLessThan(10);
    }
}
