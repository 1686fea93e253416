package org.imageserving.is.render;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link RowPass} with the Vector API: loaded only when the {@code jdk.incubator.vector} module is present. */
final class VectorRowPass {
    private static final VectorSpecies<Integer> LANES = IntVector.SPECIES_PREFERRED;

    private VectorRowPass() {}

    static void apply(int[] src, int srcWidth, int firstRow, int column, int columns, int[] start, int[][] weights,
                      int[] dst) {
        int bound = LANES.loopBound(columns);
        for (int o = 0; o < start.length; o++) {
            int[] w = weights[o];
            int first = (start[o] - firstRow) * srcWidth + column;
            int out = o * columns;
            int c = 0;
            for (; c < bound; c += LANES.length()) {
                IntVector a = IntVector.zero(LANES), r = a, g = a, b = a;
                int index = first + c;
                for (int weight : w) {
                    IntVector p = IntVector.fromArray(LANES, src, index);
                    a = a.add(p.lanewise(VectorOperators.LSHR, 24).mul(weight));
                    r = r.add(p.lanewise(VectorOperators.ASHR, 16).and(0xFF).mul(weight));
                    g = g.add(p.lanewise(VectorOperators.ASHR, 8).and(0xFF).mul(weight));
                    b = b.add(p.and(0xFF).mul(weight));
                    index += srcWidth;
                }
                IntVector ca = round(a).max(0).min(255);
                IntVector cr = round(r).max(0).min(ca);
                IntVector cg = round(g).max(0).min(ca);
                IntVector cb = round(b).max(0).min(ca);
                ca.lanewise(VectorOperators.LSHL, 24)
                        .or(cr.lanewise(VectorOperators.LSHL, 16))
                        .or(cg.lanewise(VectorOperators.LSHL, 8))
                        .or(cb)
                        .intoArray(dst, out + c);
            }
            for (; c < columns; c++) {
                dst[out + c] = RowPass.column(src, first + c, srcWidth, w);
            }
        }
    }

    private static IntVector round(IntVector fixed) {
        return fixed.add(RowPass.ONE >> 1).lanewise(VectorOperators.ASHR, RowPass.BITS);
    }
}
