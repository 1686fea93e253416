package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageserving.is.request.OutputCommands.Quantize;

/**
 * {@code quantize=}: reduces an image to a palette of at most 256 colours for GIF and PNG8. {@code adaptive} builds
 * the palette by median cut of the image's colours (forced colours first), {@code web} is the 216-colour web-safe
 * cube, {@code mac} the classic Macintosh system palette. {@code diffuse} dithers with Floyd–Steinberg.
 * Formats with alpha keep one palette entry as the transparent key colour (pixels under 50 % opacity).
 */
public final class Quantizer {
    private Quantizer() {}

    /** @param image non-premultiplied ARGB ({@code TYPE_INT_ARGB}) */
    public static BufferedImage quantize(BufferedImage image, Quantize q, boolean transparency) {
        int w = image.getWidth(), h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        int[] palette = switch (q.palette()) {
            case WEB -> webPalette();
            case MAC -> macPalette();
            case ADAPTIVE -> adaptive(argb, transparency ? Math.max(1, q.colors() - 1) : q.colors(), q.forcedColors(),
                    transparency);
        };
        int size = palette.length + (transparency ? 1 : 0);
        byte[] r = new byte[size], g = new byte[size], b = new byte[size];
        for (int i = 0; i < palette.length; i++) {
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
        }
        int transparentIndex = transparency ? palette.length : -1;
        IndexColorModel model = transparency
                ? new IndexColorModel(8, size, r, g, b, transparentIndex)
                : new IndexColorModel(8, size, r, g, b);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
        WritableRaster raster = out.getRaster();
        Nearest nearest = new Nearest(palette);
        float[][] error = q.dither() ? new float[2][(w + 2) * 3] : null;
        for (int y = 0; y < h; y++) {
            if (error != null) {
                float[] t = error[0];
                error[0] = error[1];
                error[1] = t;
                Arrays.fill(error[1], 0);
            }
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                if (transparency && (p >>> 24) < 128) {
                    raster.setSample(x, y, 0, transparentIndex);
                    continue;
                }
                int pr = (p >> 16) & 0xFF, pg = (p >> 8) & 0xFF, pb = p & 0xFF;
                if (error != null) {
                    pr = clamp(pr + error[0][(x + 1) * 3]);
                    pg = clamp(pg + error[0][(x + 1) * 3 + 1]);
                    pb = clamp(pb + error[0][(x + 1) * 3 + 2]);
                }
                int index = nearest.find(pr, pg, pb);
                raster.setSample(x, y, 0, index);
                if (error != null) {
                    int c = palette[index];
                    spread(error, x, pr - ((c >> 16) & 0xFF), 0);
                    spread(error, x, pg - ((c >> 8) & 0xFF), 1);
                    spread(error, x, pb - (c & 0xFF), 2);
                }
            }
        }
        return out;
    }

    private static void spread(float[][] error, int x, int e, int channel) {
        error[0][(x + 2) * 3 + channel] += e * 7 / 16f;
        error[1][x * 3 + channel] += e * 3 / 16f;
        error[1][(x + 1) * 3 + channel] += e * 5 / 16f;
        error[1][(x + 2) * 3 + channel] += e / 16f;
    }

    private static int clamp(float v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Median cut over the image's colours, after the forced colours. */
    static int[] adaptive(int[] argb, int colors, List<Integer> forced, boolean transparency) {
        Map<Integer, Integer> histogram = new HashMap<>();
        for (int p : argb) {
            if (transparency && (p >>> 24) < 128) {
                continue;
            }
            histogram.merge(p & 0xFFFFFF, 1, Integer::sum);
        }
        Set<Integer> palette = new LinkedHashSet<>();
        for (int f : forced) {
            palette.add(f & 0xFFFFFF);
        }
        int room = colors - palette.size();
        if (histogram.size() <= room) {
            palette.addAll(histogram.keySet());
        } else if (room > 0) {
            List<int[]> all = new ArrayList<>(histogram.size());
            histogram.forEach((c, n) -> all.add(new int[] {(c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF, n}));
            List<List<int[]>> boxes = new ArrayList<>();
            boxes.add(all);
            while (boxes.size() < room) {
                List<int[]> widest = null;
                int widestChannel = 0, widestRange = 0;
                for (List<int[]> box : boxes) {
                    if (box.size() < 2) {
                        continue;
                    }
                    for (int ch = 0; ch < 3; ch++) {
                        int min = 255, max = 0;
                        for (int[] c : box) {
                            min = Math.min(min, c[ch]);
                            max = Math.max(max, c[ch]);
                        }
                        if (max - min > widestRange) {
                            widestRange = max - min;
                            widest = box;
                            widestChannel = ch;
                        }
                    }
                }
                if (widest == null) {
                    break;
                }
                int channel = widestChannel;
                widest.sort(Comparator.comparingInt(c -> c[channel]));
                long total = 0;
                for (int[] c : widest) {
                    total += c[3];
                }
                long half = 0;
                int split = 1;
                for (int i = 0; i < widest.size() - 1; i++) {
                    half += widest.get(i)[3];
                    if (half * 2 >= total) {
                        split = i + 1;
                        break;
                    }
                    split = i + 1;
                }
                boxes.remove(widest);
                boxes.add(new ArrayList<>(widest.subList(0, split)));
                boxes.add(new ArrayList<>(widest.subList(split, widest.size())));
            }
            for (List<int[]> box : boxes) {
                long r = 0, g = 0, b = 0, n = 0;
                for (int[] c : box) {
                    r += (long) c[0] * c[3];
                    g += (long) c[1] * c[3];
                    b += (long) c[2] * c[3];
                    n += c[3];
                }
                palette.add((int) ((r / n) << 16 | (g / n) << 8 | (b / n)));
            }
        }
        if (palette.isEmpty()) {
            palette.add(0);
        }
        return palette.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] webPalette() {
        int[] p = new int[216];
        int i = 0;
        for (int r = 0; r < 6; r++) {
            for (int g = 0; g < 6; g++) {
                for (int b = 0; b < 6; b++) {
                    p[i++] = (r * 51) << 16 | (g * 51) << 8 | b * 51;
                }
            }
        }
        return p;
    }

    /** The Macintosh 8-bit system palette: the 6×6×6 cube from white down, then ramps of red, green, blue and gray. */
    static int[] macPalette() {
        int[] p = new int[256];
        int i = 0;
        for (int r = 5; r >= 0; r--) {
            for (int g = 5; g >= 0; g--) {
                for (int b = 5; b >= 0; b--) {
                    if (r + g + b > 0) {
                        p[i++] = (r * 51) << 16 | (g * 51) << 8 | b * 51;
                    }
                }
            }
        }
        int[] ramp = {0xEE, 0xDD, 0xBB, 0xAA, 0x88, 0x77, 0x55, 0x44, 0x22, 0x11};
        for (int shift : new int[] {16, 8, 0}) {
            for (int v : ramp) {
                p[i++] = v << shift;
            }
        }
        for (int v : ramp) {
            p[i++] = v << 16 | v << 8 | v;
        }
        p[i] = 0; // black closes the palette
        return p;
    }

    /** Nearest palette entry by squared RGB distance, remembered per colour. */
    private static final class Nearest {
        private final int[] palette;
        private final Map<Integer, Integer> cache = new HashMap<>();

        Nearest(int[] palette) {
            this.palette = palette;
        }

        int find(int r, int g, int b) {
            return cache.computeIfAbsent(r << 16 | g << 8 | b, key -> {
                int best = 0, bestDistance = Integer.MAX_VALUE;
                for (int i = 0; i < palette.length; i++) {
                    int dr = ((palette[i] >> 16) & 0xFF) - r, dg = ((palette[i] >> 8) & 0xFF) - g;
                    int db = (palette[i] & 0xFF) - b;
                    int d = dr * dr + dg * dg + db * db;
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = i;
                    }
                }
                return best;
            });
        }
    }

}
