package org.imageserving.is.render;

import org.imageserving.is.request.ResMode;

/** A separable reconstruction filter: its weight at distance {@code x} (in pixels) and the radius where it ends. */
public enum Kernel {
    /** Triangle: bilinear interpolation (and an area-weighted average when reducing). */
    TRIANGLE(1) {
        @Override
        double weight(double x) {
            x = Math.abs(x);
            return x < 1 ? 1 - x : 0;
        }
    },
    /** Keys cubic with a = −0.5 (Catmull-Rom): the usual bicubic. */
    CATMULL_ROM(2) {
        @Override
        double weight(double x) {
            return keys(x, -0.5);
        }
    },
    /** Keys cubic with a = −0.75: crisper than Catmull-Rom, our reading of Photoshop's "bicubic sharper". */
    SHARP_CUBIC(2) {
        @Override
        double weight(double x) {
            return keys(x, -0.75);
        }
    },
    /** Lanczos window of three lobes: the Lanczos-class filter the documentation names for {@code sharp2}. */
    LANCZOS3(3) {
        @Override
        double weight(double x) {
            x = Math.abs(x);
            if (x < 1e-9) {
                return 1;
            }
            if (x >= 3) {
                return 0;
            }
            double px = Math.PI * x;
            return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
        }
    };

    private final double support;

    Kernel(double support) {
        this.support = support;
    }

    public double support() {
        return support;
    }

    abstract double weight(double x);

    public static Kernel of(ResMode mode) {
        return switch (mode) {
            case BILIN -> TRIANGLE;
            case BICUB -> CATMULL_ROM;
            case BISHARP -> SHARP_CUBIC;
            case SHARP2 -> LANCZOS3;
        };
    }

    private static double keys(double x, double a) {
        x = Math.abs(x);
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
    }
}
