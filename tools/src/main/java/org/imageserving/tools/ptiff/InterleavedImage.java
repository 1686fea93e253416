package org.imageserving.tools.ptiff;

/**
 * An interleaved image held in memory: 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGB + alpha) channels of 8 or 16 bits.
 * 8-bit samples live in a byte array and 16-bit ones in a short array, so an 8-bit image costs one byte per sample,
 * which is what lets a 50-megapixel master fit a modest heap.
 */
public final class InterleavedImage {
    private final int width;
    private final int height;
    private final int channels;
    private final boolean alpha;
    private final int bits;
    private final byte[] bytes;
    private final short[] shorts;

    public InterleavedImage(int width, int height, int channels, boolean alpha, int bits) {
        this(width, height, channels, alpha, bits, null);
    }

    /**
     * Takes over an existing array of 8-bit interleaved samples (R, G, B, A order) instead of allocating a copy: a
     * decoded 50-megapixel photo then occupies memory once, not twice.
     */
    public static InterleavedImage adopt(byte[] samples, int width, int height, int channels, boolean alpha) {
        if (samples.length != (long) width * height * channels) {
            throw new IllegalArgumentException("sample array does not match " + width + "x" + height + "x" + channels);
        }
        return new InterleavedImage(width, height, channels, alpha, 8, samples);
    }

    private InterleavedImage(int width, int height, int channels, boolean alpha, int bits, byte[] adopted) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("empty image " + width + "x" + height);
        }
        if (channels < 1 || channels > 4 || (alpha && (channels == 1 || channels == 3))) {
            throw new IllegalArgumentException("unsupported channel layout: " + channels + " channels, alpha " + alpha);
        }
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("unsupported sample size " + bits);
        }
        long samples = (long) width * height * channels;
        if (samples > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image of " + width + "x" + height + " is too large to hold in memory");
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.alpha = alpha;
        this.bits = bits;
        this.bytes = adopted != null ? adopted : bits == 8 ? new byte[(int) samples] : null;
        this.shorts = bits == 16 ? new short[(int) samples] : null;
    }

    /** Bytes needed to hold an image of this shape (used to check -maxmem before decoding). */
    public static long bytesFor(long width, long height, int channels, int bits) {
        return width * height * channels * (bits / 8);
    }

    public InterleavedImage blankLike(int newWidth, int newHeight) {
        return new InterleavedImage(newWidth, newHeight, channels, alpha, bits);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    public boolean hasAlpha() {
        return alpha;
    }

    /** Color channels, without alpha. */
    public int colorChannels() {
        return alpha ? channels - 1 : channels;
    }

    public int bits() {
        return bits;
    }

    public int maxValue() {
        return bits == 8 ? 255 : 65535;
    }

    public int sample(int x, int y, int c) {
        int i = (y * width + x) * channels + c;
        return bits == 8 ? bytes[i] & 0xFF : shorts[i] & 0xFFFF;
    }

    public void setSample(int x, int y, int c, int value) {
        int i = (y * width + x) * channels + c;
        if (bits == 8) {
            bytes[i] = (byte) value;
        } else {
            shorts[i] = (short) value;
        }
    }

    /** Reads row {@code y} into {@code out} (width × channels values). */
    public void readRow(int y, float[] out) {
        int base = y * width * channels;
        int n = width * channels;
        if (bits == 8) {
            for (int i = 0; i < n; i++) {
                out[i] = bytes[base + i] & 0xFF;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = shorts[base + i] & 0xFFFF;
            }
        }
    }

    /** Writes row {@code y} from {@code in}, rounding and clamping to the sample range. */
    public void writeRow(int y, float[] in) {
        int base = y * width * channels;
        int n = width * channels;
        int max = maxValue();
        for (int i = 0; i < n; i++) {
            int v = Math.round(in[i]);
            v = v < 0 ? 0 : Math.min(v, max);
            if (bits == 8) {
                bytes[base + i] = (byte) v;
            } else {
                shorts[base + i] = (short) v;
            }
        }
    }

    public InterleavedImage copy() {
        InterleavedImage copy = blankLike(width, height);
        if (bits == 8) {
            System.arraycopy(bytes, 0, copy.bytes, 0, bytes.length);
        } else {
            System.arraycopy(shorts, 0, copy.shorts, 0, shorts.length);
        }
        return copy;
    }
}
