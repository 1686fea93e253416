package org.imageserving.is.decode;

import java.awt.image.BufferedImage;
import org.imageserving.is.render.PixelSource;

/** A source whose header has been read and no pixel decoded yet; closed when its render is done. */
public sealed interface OpenSource extends AutoCloseable {
    int width();

    int height();

    @Override
    void close();

    /** Pixels read by region and, where the format allows, reduced while decoding. */
    record Raster(PixelSource pixels, boolean hasAlpha, Runnable onClose) implements OpenSource {
        @Override
        public int width() {
            return pixels.width();
        }

        @Override
        public int height() {
            return pixels.height();
        }

        @Override
        public void close() {
            onClose.run();
        }
    }

    /**
     * A drawing without pixels of its own, drawn at whatever size the reply needs: edges stay sharp however far the
     * request enlarges it, and a huge declared size costs nothing when a small reply is asked for.
     *
     * @param width  declared width, the source size of the protocol's commands
     * @param height declared height
     */
    record Vector(int width, int height, Drawer drawer) implements OpenSource {
        @FunctionalInterface
        public interface Drawer {
            BufferedImage draw(int width, int height);
        }

        public BufferedImage draw(int width, int height) {
            return drawer.draw(width, height);
        }

        @Override
        public void close() {}
    }
}
