package org.imageserving.is.compose;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.Values;

/**
 * {@code perspective=x0,y0,x1,y1,x2,y2,x3,y3[,resOpt]} ("perspective"): the layer's source, its corners top-left,
 * top-right, bottom-right and bottom-left, mapped onto a quadrilateral by a projective transform; the rest of the
 * layer is transparent. Each target pixel is mapped back into the source: {@code R1} takes the nearest pixel,
 * {@code R2} interpolates bilinearly, {@code R3} (the default) averages a 3 × 3 grid of bilinear samples per pixel
 * ({@code R3Tn}: our choice, the jitter n is accepted and the grid stays regular, so replies are reproducible).
 *
 * @param quad the corners in composite pixels ({@code perspectiveN}: fractions of layer 0's size, resolved by the
 *             caller)
 */
public record Perspective(double[] quad, int samples, boolean bilinear) {

    public static Perspective parse(String name, String value, double canvasWidth, double canvasHeight,
                                    boolean normalized) {
        List<String> p = Values.parts(name, value, 8, 9);
        double[] quad = new double[8];
        double limit = normalized ? 100 : 1e7;
        for (int i = 0; i < 8; i++) {
            quad[i] = Values.real(name, value, p.get(i), -limit, limit)
                    * (normalized ? (i % 2 == 0 ? canvasWidth : canvasHeight) : 1);
        }
        int samples = 3;
        boolean bilinear = true;
        if (p.size() == 9) {
            String option = p.get(8).strip();
            if (option.equals("R1")) {
                samples = 1;
                bilinear = false;
            } else if (option.equals("R2")) {
                samples = 1;
            } else if (!option.equals("R3") && !option.matches("R3T([0-9]|[1-9][0-9]|1[0-9][0-9]|200)")) {
                throw Values.usage(name, value, "the resampling option is R1, R2, R3 or R3Tn (n 0 to 200)");
            }
        }
        checkConvex(name, value, quad);
        return new Perspective(quad, samples, bilinear);
    }

    /** A degenerate, concave or self-intersecting quadrilateral has no documented meaning: refused. */
    private static void checkConvex(String name, String value, double[] q) {
        int sign = 0;
        for (int i = 0; i < 4; i++) {
            int a = i * 2, b = (i + 1) % 4 * 2, c = (i + 2) % 4 * 2;
            double cross = (q[b] - q[a]) * (q[c + 1] - q[b + 1]) - (q[b + 1] - q[a + 1]) * (q[c] - q[b]);
            int s = cross > 1e-9 ? 1 : cross < -1e-9 ? -1 : 0;
            if (s == 0 || (sign != 0 && s != sign)) {
                throw Values.usage(name, value, "the quadrilateral is degenerate, concave or self-intersecting");
            }
            sign = s;
        }
    }

    /** The corners moved by an offset and scaled: into reply pixels, relative to an image's top-left. */
    public double[] mapped(double dx, double dy, double scaleX, double scaleY, double originX, double originY) {
        double[] out = new double[8];
        for (int i = 0; i < 8; i += 2) {
            out[i] = originX + (quad[i] + dx) * scaleX;
            out[i + 1] = originY + (quad[i + 1] + dy) * scaleY;
        }
        return out;
    }

    /** Draws {@code source} (premultiplied) onto the corners {@code q} (pixels of {@code target}). */
    public void draw(BufferedImage source, double[] q, BufferedImage target) {
        double[] h = squareToQuad(q);
        double[] inv = invert(h);
        int sw = source.getWidth(), sh = source.getHeight(), tw = target.getWidth(), th = target.getHeight();
        int[] src = Pixels.data(source), dst = Pixels.data(target);
        int x0 = Math.max(0, (int) Math.floor(Math.min(Math.min(q[0], q[2]), Math.min(q[4], q[6]))));
        int x1 = Math.min(tw, (int) Math.ceil(Math.max(Math.max(q[0], q[2]), Math.max(q[4], q[6]))));
        int y0 = Math.max(0, (int) Math.floor(Math.min(Math.min(q[1], q[3]), Math.min(q[5], q[7]))));
        int y1 = Math.min(th, (int) Math.ceil(Math.max(Math.max(q[1], q[3]), Math.max(q[5], q[7]))));
        int n = samples;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                long a = 0, r = 0, g = 0, b = 0;
                for (int sy = 0; sy < n; sy++) {
                    for (int sx = 0; sx < n; sx++) {
                        double px = x + (sx + 0.5) / n, py = y + (sy + 0.5) / n;
                        double w = inv[6] * px + inv[7] * py + inv[8];
                        double u = (inv[0] * px + inv[1] * py + inv[2]) / w;
                        double v = (inv[3] * px + inv[4] * py + inv[5]) / w;
                        if (u < 0 || u > 1 || v < 0 || v > 1) {
                            continue;
                        }
                        int p = bilinear ? sample(src, sw, sh, u * sw - 0.5, v * sh - 0.5)
                                : src[Math.min(sh - 1, (int) (v * sh)) * sw + Math.min(sw - 1, (int) (u * sw))];
                        a += p >>> 24;
                        r += (p >> 16) & 255;
                        g += (p >> 8) & 255;
                        b += p & 255;
                    }
                }
                if (a > 0) {
                    int k = n * n;
                    dst[y * tw + x] = (int) ((a + k / 2) / k) << 24 | (int) ((r + k / 2) / k) << 16
                            | (int) ((g + k / 2) / k) << 8 | (int) ((b + k / 2) / k);
                }
            }
        }
    }

    private static int sample(int[] src, int w, int h, double fx, double fy) {
        int ix = (int) Math.floor(fx), iy = (int) Math.floor(fy);
        double tx = fx - ix, ty = fy - iy;
        int x0 = Math.max(0, Math.min(w - 1, ix)), x1 = Math.max(0, Math.min(w - 1, ix + 1));
        int y0 = Math.max(0, Math.min(h - 1, iy)), y1 = Math.max(0, Math.min(h - 1, iy + 1));
        int p00 = src[y0 * w + x0], p10 = src[y0 * w + x1], p01 = src[y1 * w + x0], p11 = src[y1 * w + x1];
        int out = 0;
        for (int shift = 24; shift >= 0; shift -= 8) {
            double top = ((p00 >>> shift) & 255) * (1 - tx) + ((p10 >>> shift) & 255) * tx;
            double bottom = ((p01 >>> shift) & 255) * (1 - tx) + ((p11 >>> shift) & 255) * tx;
            out |= (int) Math.round(top * (1 - ty) + bottom * ty) << shift;
        }
        return out;
    }

    /** The projective map of the unit square onto the quadrilateral (Heckbert), row-major 3 × 3. */
    static double[] squareToQuad(double[] q) {
        double x0 = q[0], y0 = q[1], x1 = q[2], y1 = q[3], x2 = q[4], y2 = q[5], x3 = q[6], y3 = q[7];
        double dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3;
        double dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3;
        double g = 0, h = 0;
        if (Math.abs(dx3) > 1e-12 || Math.abs(dy3) > 1e-12) {
            double det = dx1 * dy2 - dx2 * dy1;
            g = (dx3 * dy2 - dx2 * dy3) / det;
            h = (dx1 * dy3 - dx3 * dy1) / det;
        }
        return new double[] {x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1};
    }

    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
        double det = a * A + b * B + c * C;
        return new double[] {A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det,
                -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "perspective%s", java.util.Arrays.toString(quad));
    }
}
