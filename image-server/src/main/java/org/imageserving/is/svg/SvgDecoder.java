package org.imageserving.is.svg;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.imaging.source.s3.RemoteObject;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.render.WorkerPermits;

/**
 * SVG sources for the render pipeline, from files or objects in buckets: measured and drawn by the SVG server, at the
 * size the reply needs, so the resampler has little left to do and edges stay sharp. Refuses a document over
 * PS::svgProvider.SVGFileSizeLimit before reading it, and a raster over IS::SvgMAxRenderRgnPixels before asking for
 * it. While it waits on the SVG server a render gives its worker permit back: the SVG server may call back for embedded
 * images.
 */
public final class SvgDecoder {
    /** Commands measured in source pixels: drawing the SVG larger than declared would change what they mean. */
    private static final Set<String> SOURCE_PIXEL_COMMANDS = Set.of("crop", "extend", "scl", "rect");
    private final SvgRasterClient svgServer;
    private final long maxFileBytes;
    private final long maxPixels;

    public SvgDecoder(SvgRasterClient svgServer, long maxFileBytes, long maxPixels) {
        this.svgServer = svgServer;
        this.maxFileBytes = maxFileBytes;
        this.maxPixels = maxPixels;
    }

    /** A measured SVG document: its bytes, the request's variables and its declared size in whole pixels. */
    public record Svg(byte[] bytes, Map<String, String> variables, int width, int height) {}

    /** File names that say what raster format they hold: no need to open them to know they are not SVG. */
    private static final Set<String> RASTER_SUFFIXES = Set.of("jpg", "jpeg", "png", "gif", "tif", "tiff", "ptif", "webp",
            "bmp", "psd", "pct", "pict", "eps");

    /**
     * An {@code .svg} file, or any file without a raster suffix whose content {@link SourceFormat} finds to be SVG.
     * Raster files are told apart by name alone, so the render path opens them only once.
     */
    public static boolean isSvg(Path file) {
        return isSvg(file.getFileName().toString(), () -> SourceFormat.of(file));
    }

    /** What tells a format by its first bytes: a file's, or an object's (its first block, fetched once). */
    @FunctionalInterface
    public interface Sniffer {
        SourceFormat format() throws IOException;
    }

    /** The same rule for a source named {@code name}; {@code sniffer} reads its content when the name cannot tell. */
    public static boolean isSvg(String name, Sniffer sniffer) {
        String lower = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (lower.endsWith(".svg")) {
            return true;
        }
        if (RASTER_SUFFIXES.contains(lower.substring(lower.lastIndexOf('.') + 1))) {
            return false;
        }
        try {
            return sniffer.format() == SourceFormat.SVG;
        } catch (IOException e) {
            return false;
        }
    }

    /** The substitution variables of a request: its {@code $name=value} commands, names without the '$'. */
    public static Map<String, String> variables(RenderRequest request) {
        Map<String, String> variables = new TreeMap<>();
        request.commands().forEach((name, value) -> {
            if (name.startsWith("$") && name.length() > 1) {
                variables.put(name.substring(1), value);
            }
        });
        return variables;
    }

    /**
     * The scale at which to draw the SVG relative to its declared size: the reply's own scale, so that nothing is left
     * to resample, unless a command of the request is measured in source pixels (then the declared size).
     */
    public static double drawingScale(RenderRequest request, double scaleX, double scaleY) {
        if (request.commands().keySet().stream().anyMatch(SOURCE_PIXEL_COMMANDS::contains)) {
            return 1;
        }
        return Math.max(scaleX, scaleY);
    }

    public Svg open(Path file, Map<String, String> variables) {
        return measured(read(file), variables);
    }

    /**
     * An SVG object in a bucket: refused by its size before a byte is fetched, then read whole through the master
     * cache. The SVG server gets the bytes, as it does those of a file, and applies the same rules to what they load.
     */
    public Svg open(RemoteObject object, Map<String, String> variables) {
        checkSize(object.name().substring(object.name().lastIndexOf('/') + 1), object.size());
        try {
            return measured(object.head((int) object.size()), variables);
        } catch (IOException e) {
            throw RenderException.notFound("cannot read SVG source " + object.name());
        }
    }

    private Svg measured(byte[] svg, Map<String, String> variables) {
        double[] declared = WorkerPermits.whileWaiting(() -> svgServer.measure(svg, variables));
        return new Svg(svg, variables, pixels(declared[0]), pixels(declared[1]));
    }

    public BufferedImage draw(Svg svg, int width, int height) {
        if ((long) width * height > maxPixels) {
            throw RenderException.forbidden(String.format(
                    "SVG raster of %d x %d pixels is larger than the IS::SvgMAxRenderRgnPixels limit of %.1f megapixels",
                    width, height, maxPixels / 1e6));
        }
        return WorkerPermits.whileWaiting(() -> svgServer.render(svg.bytes(), svg.variables(), width, height));
    }

    private byte[] read(Path file) {
        try {
            checkSize(file.getFileName().toString(), Files.size(file));
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw RenderException.notFound("cannot read SVG source " + file.getFileName());
        }
    }

    private void checkSize(String name, long bytes) {
        if (bytes > maxFileBytes) {
            throw RenderException.forbidden(String.format(
                    "SVG source %s is %d KB, more than the PS::svgProvider.SVGFileSizeLimit of %d KB",
                    name, (bytes + 1023) / 1024, maxFileBytes / 1024));
        }
    }

    /** Fractional declared sizes round up: a 10.5 px wide icon needs 11 px to be drawn whole. */
    private static int pixels(double declared) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(declared - 1e-6)));
    }
}
