package org.imageserving.is.svg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.render.ImageDecoder;
import org.imageserving.is.render.OutputSize;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.render.WorkerPermits;

/**
 * The SVG counterpart of {@link ImageDecoder}: yields a raster the way a decoder does, but drawn by the SVG server
 * directly at the size the request needs (asked of {@code sizeFor} once the SVG's own size is known), so the
 * resampler has nothing left to do and edges stay sharp. Refuses a file over PS::svgProvider.SVGFileSizeLimit before
 * reading it, and a raster over IS::SvgMAxRenderRgnPixels before asking for it.
 */
public final class SvgDecoder {
    /** Format name reported for SVG sources. */
    public static final String FORMAT = "svg";
    private final SvgRasterClient svgServer;
    private final long maxFileBytes;
    private final long maxPixels;

    public SvgDecoder(SvgRasterClient svgServer, long maxFileBytes, long maxPixels) {
        this.svgServer = svgServer;
        this.maxFileBytes = maxFileBytes;
        this.maxPixels = maxPixels;
    }

    /** An {@code .svg} file, or any file whose content starts as XML does (no raster format starts with '<'). */
    public static boolean isSvg(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(256);
            int i = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB
                    && (head[2] & 0xff) == 0xBF ? 3 : 0;
            while (i < head.length && Character.isWhitespace(head[i])) {
                i++;
            }
            return i < head.length && head[i] == '<';
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

    public ImageDecoder.Decoded decode(Path file, Map<String, String> variables,
                                       Function<ImageDecoder.SourceInfo, OutputSize> sizeFor) {
        byte[] svg = read(file);
        double[] declared = WorkerPermits.whileWaiting(() -> svgServer.measure(svg, variables));
        ImageDecoder.SourceInfo info = new ImageDecoder.SourceInfo(pixels(declared[0]), pixels(declared[1]), FORMAT);
        OutputSize size = sizeFor.apply(info);
        if ((long) size.width() * size.height() > maxPixels) {
            throw RenderException.forbidden(String.format(
                    "SVG raster of %d x %d pixels is larger than the IS::SvgMAxRenderRgnPixels limit of %.1f megapixels",
                    size.width(), size.height(), maxPixels / 1e6));
        }
        return new ImageDecoder.Decoded(
                WorkerPermits.whileWaiting(() -> svgServer.render(svg, variables, size.width(), size.height())), info, 1);
    }

    private byte[] read(Path file) {
        try {
            long bytes = Files.size(file);
            if (bytes > maxFileBytes) {
                throw RenderException.forbidden(String.format(
                        "SVG source %s is %d KB, more than the PS::svgProvider.SVGFileSizeLimit of %d KB",
                        file.getFileName(), (bytes + 1023) / 1024, maxFileBytes / 1024));
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw RenderException.notFound("cannot read SVG source " + file.getFileName());
        }
    }

    /** Fractional declared sizes round up: a 10.5 px wide icon needs 11 px to be drawn whole. */
    private static int pixels(double declared) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(declared - 1e-6)));
    }
}
