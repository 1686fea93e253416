package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.Values;

/**
 * {@code op_noise=amount[,uniform|gaussian[,monochrome]]}: adds random noise to the visible pixels' colours; alpha is
 * left alone. Our reading of the amount (the page gives only "percent"): uniform noise lies within ±amount % of the
 * full range; Gaussian noise has half that as its standard deviation, so about 95 % of it lies in the same band.
 * {@code monochrome=1} adds the same value to the three channels (gray noise); an image whose visible pixels are all
 * gray always gets gray noise, as the page says monochrome is ignored for grayscale images.
 *
 * <p>The noise is a hash of the pixel position and of a seed made from the settings and the image size, not a random
 * generator's sequence: the same request gives the same bytes, so replies stay cacheable and reproducible, and the
 * order in which pixels are visited does not matter.
 */
public final class Noise implements ImageFilter<Noise.Settings> {
    public record Settings(int amount, boolean gaussian, boolean mono) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_noise");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        String v = commands.get("op_noise");
        if (v == null) {
            return Optional.empty();
        }
        List<String> p = Values.parts("op_noise", v, 1, 3);
        int amount = Values.integer("op_noise", v, p.get(0), 0, 100);
        boolean gaussian = false;
        if (p.size() > 1 && !p.get(1).isBlank()) {
            gaussian = switch (p.get(1).strip().toLowerCase(Locale.ROOT)) {
                case "uniform" -> false;
                case "gaussian" -> true;
                default -> throw Values.usage("op_noise", v, "'" + p.get(1) + "' is not uniform or gaussian");
            };
        }
        boolean mono = p.size() > 2 && Values.flag("op_noise", v, p.get(2));
        return amount == 0 ? Optional.empty() : Optional.of(new Settings(amount, gaussian, mono));
    }

    @Override
    public void apply(BufferedImage image, Settings settings, FilterScale scale) {
        int[] d = Pixels.data(image);
        boolean mono = settings.mono() || gray(d);
        long seed = mix(((long) image.getWidth() << 32 | image.getHeight())
                ^ mix(settings.amount() * 4L + (settings.gaussian() ? 2 : 0) + (mono ? 1 : 0)));
        double spread = settings.amount() / 100.0 * 255;
        for (int i = 0; i < d.length; i++) {
            int p = d[i];
            int a = p >>> 24;
            if (a == 0) {
                continue;
            }
            int out = a << 24;
            double shared = mono ? sample(seed, 3L * i, settings.gaussian()) * spread : 0;
            for (int c = 0; c < 3; c++) {
                int shift = 16 - 8 * c;
                double n = mono ? shared : sample(seed, 3L * i + c, settings.gaussian()) * spread;
                int v = Channels.clamp(Channels.unpremultiply((p >> shift) & 0xFF, a) + n);
                out |= Channels.premultiply(v, a) << shift;
            }
            d[i] = out;
        }
    }

    /** Whether every visible pixel is gray (its channels equal, premultiplied or not). */
    private static boolean gray(int[] d) {
        for (int p : d) {
            if (p >>> 24 != 0 && (((p >> 16) & 0xFF) != ((p >> 8) & 0xFF) || ((p >> 8) & 0xFF) != (p & 0xFF))) {
                return false;
            }
        }
        return true;
    }

    /** Uniform in [−1, 1), or Gaussian with standard deviation ½ (Box–Muller on two hashed uniforms). */
    static double sample(long seed, long index, boolean gaussian) {
        double u = unit(mix(seed + index * 0x9E3779B97F4A7C15L));
        if (!gaussian) {
            return 2 * u - 1;
        }
        double u2 = unit(mix(seed ^ (index * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L)));
        return 0.5 * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * u2);
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser: a cheap hash whose output bits all depend on every input bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
