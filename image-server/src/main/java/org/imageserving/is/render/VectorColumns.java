package org.imageserving.is.render;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BoxReduce}'s column sums with the Vector API, 8 samples at a time: loaded only when the
 * {@code jdk.incubator.vector} module is present (the Image Server starts with it); the same integer arithmetic and
 * sums as the scalar loops.
 */
final class VectorColumns {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
    private static final VectorSpecies<Byte> PAIRS = ByteVector.SPECIES_128;

    private VectorColumns() {}

    /** {@code sums[i] += row[offset + i]} (unsigned) for every i; returns how many it did, from 0. */
    static int add(byte[] row, int offset, int[] sums) {
        int bound = INTS.loopBound(sums.length);
        for (int i = 0; i < bound; i += INTS.length()) {
            IntVector samples = ((IntVector) ByteVector.fromArray(BYTES, row, offset + i)
                    .convertShape(VectorOperators.B2I, INTS, 0)).and(0xFF);
            IntVector.fromArray(INTS, sums, i).add(samples).intoArray(sums, i);
        }
        return bound;
    }

    /**
     * {@code sums[i] +=} the 16-bit big-endian sample at {@code row[offset + 2i]} rounded to 8 bits as
     * {@link BoxReduce#eight} does; returns how many it did, from 0.
     */
    static int add16(byte[] row, int offset, int[] sums) {
        int bound = INTS.loopBound(sums.length);
        for (int i = 0; i < bound; i += INTS.length()) {
            // the pairs read as little-endian shorts: the high byte of the sample is the low byte of the short
            ShortVector pairs = ByteVector.fromArray(PAIRS, row, offset + 2 * i).reinterpretAsShorts();
            IntVector v = (IntVector) pairs.convertShape(VectorOperators.S2I, INTS, 0);
            IntVector hi = v.and(0xFF);
            IntVector lo = v.lanewise(VectorOperators.LSHR, 8).and(0xFF);
            IntVector d = lo.sub(hi).add(128);
            IntVector eight = hi.add(d.lanewise(VectorOperators.ASHR, 31))
                    .add(IntVector.broadcast(INTS, 256).sub(d).lanewise(VectorOperators.LSHR, 31));
            IntVector.fromArray(INTS, sums, i).add(eight).intoArray(sums, i);
        }
        return bound;
    }
}
