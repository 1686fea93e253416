package org.imageserving.is.render;

/** Every {@link StreamedPngTest} again with the JDK's zlib, as on a machine without ISA-L. */
class StreamedPngZlibTest extends StreamedPngTest {
    @Override
    boolean isal() {
        return false;
    }
}
