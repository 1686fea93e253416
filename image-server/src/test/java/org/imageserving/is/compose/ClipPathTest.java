package org.imageserving.is.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.geom.Path2D;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

/** The path syntax of "clipPath", by its documented rules. */
class ClipPathTest {
    @Test
    void absoluteAndRelativeCommandsAndCurves() {
        Path2D.Double square = ClipPath.parse("clipPath", "M10,10L20,10L20,20L10,20Z");
        assertThat(square.contains(15, 15)).isTrue();
        assertThat(square.contains(25, 15)).isFalse();
        assertThat(ClipPath.parse("clipPath", "m10,10l10,0,0,10,-10,0z").getBounds2D())
                .isEqualTo(square.getBounds2D());
        // several pairs after L, and curves: a rounded shape bulging past its end points
        Path2D.Double curve = ClipPath.parse("clipPath", "M0,0C0,-10,10,-10,10,0L10,10L0,10Z");
        assertThat(curve.contains(5, -5)).isTrue();
        // spaces around commas are tolerated, and a subpath closes itself
        assertThat(ClipPath.parse("clipPath", "M 0, 0 L 10, 0, 10, 10").contains(8, 2)).isTrue();
    }

    @Test
    void aRelativeMovetoStartsFromTheRightPlace() {
        // after a closed subpath: its start (10,10) + (30,0) = (40,10)
        Path2D.Double closed = ClipPath.parse("clipPath", "M10,10l5,0,0,5z m30,0l5,0,0,5z");
        assertThat(closed.contains(44, 11)).isTrue();
        // after an open one: its end (15,15) + (30,0) = (45,15)
        Path2D.Double open = ClipPath.parse("clipPath", "M10,10l5,0,0,5 m30,0l5,0,0,5");
        assertThat(open.contains(49, 16)).isTrue();
        assertThat(open.contains(44, 11)).isFalse();
    }

    @Test
    void brokenPathsAreUsageErrors() {
        assertThatThrownBy(() -> ClipPath.parse("clipPath", "L10,10")).isInstanceOf(RenderException.class)
                .hasMessageContaining("starts with M");
        assertThatThrownBy(() -> ClipPath.parse("clipPath", "M10")).hasMessageContaining("missing values");
        assertThatThrownBy(() -> ClipPath.parse("clipPath", "M0,0Q1,1,2,2")).hasMessageContaining("unexpected 'Q'");
        assertThatThrownBy(() -> ClipPath.parse("clipPath", "M0,0L10,0")).hasMessageContaining("no area");
        assertThatThrownBy(() -> ClipPath.parse("clipPath", "M0,0" + ",1".repeat(30_000)))
                .hasMessageContaining("more than 20000 values");
    }
}
