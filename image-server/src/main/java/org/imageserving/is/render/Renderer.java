package org.imageserving.is.render;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.imaging.source.s3.ObjectPin;
import org.imageserving.common.imaging.source.s3.ObjectStoreException;
import org.imageserving.common.props.PropertyData;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.color.ColorConversion;
import org.imageserving.is.color.OutputColor;
import org.imageserving.is.color.ProfileStore;
import org.imageserving.common.xmp.XmpPacket;
import org.imageserving.is.decode.OpenSource;
import org.imageserving.is.decode.SourceDecoders;
import org.imageserving.is.decode.SourceFile;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.encode.ReplyColor;
import org.imageserving.is.filter.FilterPipeline;
import org.imageserving.is.filter.FilterScale;
import org.imageserving.is.filter.ImageFilter.Stage;
import org.imageserving.is.request.EffectCommands;
import org.imageserving.is.request.FilterCommands;
import org.imageserving.is.request.ImageCommands;
import org.imageserving.is.request.LayerCommands;
import org.imageserving.is.request.LayerStyle;
import org.imageserving.is.request.Values;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;
import org.imageserving.is.request.PixelType;
import org.imageserving.is.request.RequestType;
import org.imageserving.is.source.SourceResolver;
import org.imageserving.is.svg.SvgDecoder;
import org.imageserving.is.text.TextLayer;

/**
 * The render pipeline, top to bottom in the documented order ("Layer transforms", "View transform for images",
 * "View transform for thumbnails"):
 * <ol>
 *   <li>type and validate every command (usage errors before any file is touched);</li>
 *   <li>find the source under the root paths;</li>
 *   <li>read its header, refusing sources over {@code IS::MaxNonDsfSize} before a pixel is decoded;</li>
 *   <li>plan the geometry: crop, size/scale, flip, rotate, extend, then the view transform and the limits;</li>
 *   <li>draw layer 0 into the reply, decoding only the visible source window, reduced where that serves;</li>
 *   <li>composite filters; flatten onto {@code bgc} for formats without alpha; sharpen the view;</li>
 *   <li>convert to the output profile ({@code icc=}, else the catalog's for the pixel type), CMYK included;</li>
 *   <li>encode, with the profile ({@code iccEmbed=}) and print resolution ({@code printRes=}).</li>
 * </ol>
 * Property requests stop at the step that knows their answer. An SVG source is measured instead of read (step 3) and
 * drawn by the SVG server at the resolution the reply needs (step 5); from then on it is an image like any other.
 */
public final class Renderer {
    /**
     * What {@code req=imageprops} reads of a master in a bucket before it gives up on the header alone: one block,
     * then enough for a camera's EXIF with its thumbnail and a profile.
     */
    private static final int[] HEADER_BYTES = {32 * 1024, 256 * 1024};
    private final SourceResolver sources;
    private final SourceDecoders decoders;
    private final long maxRenderPixels;
    private final long maxReplyBytes;
    private final Encoders encoders;
    private final Clock clock;
    private final ProfileStore profiles;

    /**
     * @param maxSourcePixels {@code IS::MaxNonDsfSize}
     * @param maxRenderPixels {@code IS::MaxRenderRgnPixels}
     * @param maxReplyBytes   {@code IS::MaxMessageSize}: the Platform Server reads no larger reply
     */
    public Renderer(SourceResolver sources, long maxSourcePixels, long maxRenderPixels, long maxReplyBytes,
                    Encoders encoders, SvgDecoder svg, Clock clock) {
        this(sources, SourceDecoders.standard(maxSourcePixels, svg), maxRenderPixels, maxReplyBytes, encoders, clock);
    }

    public Renderer(SourceResolver sources, SourceDecoders decoders, long maxRenderPixels, long maxReplyBytes,
                    Encoders encoders, Clock clock) {
        this.sources = sources;
        this.decoders = decoders;
        this.maxReplyBytes = maxReplyBytes;
        this.encoders = encoders;
        this.maxRenderPixels = maxRenderPixels;
        this.clock = clock;
        this.profiles = new ProfileStore(sources);
    }

    /** An encoded reply and the properties the Platform Server passes on (sizes, type, source time stamp). */
    public record Rendered(byte[] bytes, Map<String, String> properties) {}

    public Rendered render(RenderRequest request) {
        return render(request, Optional.empty());
    }

    /**
     * Renders {@code request}; {@code pin}, when the Platform Server sent one, is the version of layer 0's object in a
     * bucket to draw (the one its cache entry is validated with).
     */
    public Rendered render(RenderRequest request, Optional<ObjectPin> pin) {
        // 1. Commands
        ImageCommands commands = ImageCommands.parse(request);
        RequestType req = commands.req();
        if (req.kind() == RequestType.Kind.VALIDATE) {
            return properties(Map.of("request.isValid", "1"), 0);
        }
        // 2. Source (none for a text layer 0, or a solid color layer 0: a canvas of size= and color=)
        if (request.object().isEmpty() && TextLayer.isText(request.layer0().commands())) {
            return renderText(request, commands, Map.of());
        }
        if (request.object().isEmpty() && request.layer0().commands().containsKey("color")) {
            return renderSolidCanvas(request, commands, Map.of());
        }
        return renderFile(request, commands, sources.find(request.object(), pin), true, Map.of());
    }

    /**
     * Renders a source the Platform Server sent with the request (a nested request's result or a foreign image), kept
     * for this render in {@code file} outside every root. Every limit applies as to a file under the roots; SVG is not
     * accepted from there (the SVG server reads documents under the roots only).
     */
    public Rendered renderInline(RenderRequest request, Path file) {
        ImageCommands commands = ImageCommands.parse(request);
        RequestType.Kind kind = commands.req().kind();
        if (kind == RequestType.Kind.VALIDATE) {
            return render(request);
        }
        return renderFile(request, commands, new SourceResolver.Found(file, null), false, Map.of());
    }

    /**
     * Renders a composite some of whose layers' sources the Platform Server sent with the request (nested requests'
     * results, foreign images), kept for this render in {@code files} by layer number, outside every root; layer 0's
     * among them when it travels too.
     */
    public Rendered renderLayers(RenderRequest request, Map<Integer, Path> files) {
        ImageCommands commands = ImageCommands.parse(request);
        if (commands.req().kind() == RequestType.Kind.VALIDATE) {
            return render(request);
        }
        Path layer0 = files.get(0);
        if (layer0 == null && request.object().isEmpty() && TextLayer.isText(request.layer0().commands())) {
            return renderText(request, commands, files);
        }
        if (layer0 == null && request.object().isEmpty() && request.layer0().commands().containsKey("color")) {
            return renderSolidCanvas(request, commands, files);
        }
        return renderFile(request, commands, layer0 != null ? new SourceResolver.Found(layer0, null)
                : sources.find(request.object()), layer0 == null, files);
    }

    private Rendered renderFile(RenderRequest request, ImageCommands commands, SourceResolver.Found found,
                                boolean underRoots, Map<Integer, Path> layerFiles) {
        try {
            return renderFound(request, commands, found, underRoots, layerFiles);
        } catch (ObjectStoreException e) {
            throw SourceResolver.unavailable(e);
        }
    }

    /**
     * An object in a bucket is read on demand (a pyramid's directories and tiles) unless something reads the file
     * whole: its metadata ({@code req=imageprops}), XMP to embed, a composite's paths, or a decoder other than the
     * pyramid's.
     */
    private Rendered renderFound(RenderRequest request, ImageCommands commands, SourceResolver.Found found,
                                 boolean underRoots, Map<Integer, Path> layerFiles) {
        boolean composite = Composition.applies(request) && commands.req().isImage();
        boolean props = commands.req().kind() == RequestType.Kind.IMAGEPROPS;
        // a TIFF's metadata is read block by block from the object (its first directory is anywhere in it), and its
        // decoder reads a pyramid's directories likewise: a req=imageprops need not fetch the whole object
        boolean tiffProps = props && !composite && found.remote() != null && isTiff(found);
        boolean headerOnly = props && !composite && found.remote() != null && !tiffProps && headerSuffices(found);
        Path file = found.remote() != null && !headerOnly && !tiffProps
                && (composite || commands.output().embedsXmp() || props) ? found.completeFile() : found.file();
        long lastModified = found.remote() != null ? found.remote().version().lastModified().toEpochMilli()
                : lastModified(file);
        // 3. Header, and the limits a decoder enforces before a pixel is decoded
        try (OpenSource source = decoders.open(!underRoots ? new SourceFile(file, request, false)
                : headerOnly ? SourceFile.header(found, request) : SourceFile.found(found, request))) {
            if (composite) {
                return renderComposite(request, commands, source, lastModified, layerFiles, file);
            }
            if (source instanceof OpenSource.Vector vector) {
                return renderVector(request, commands, vector, lastModified);
            }
            OpenSource.Raster raster = (OpenSource.Raster) source;
            SourceMetadata metadata = commands.req().kind() != RequestType.Kind.IMAGEPROPS ? SourceMetadata.DEFAULT
                    : tiffProps ? SourceMetadata.read(found.remote()) : SourceMetadata.read(file);
            return renderRaster(request, commands, raster.pixels(), raster.hasAlpha(), lastModified, metadata,
                    xmpToEmbed(commands, file));
        }
    }

    /** Whether an object's first bytes hold its whole header (a JPEG or PNG): they are then all that is read. */
    private static boolean isTiff(SourceResolver.Found found) {
        try {
            byte[] head = found.remote().head(4);
            return head.length == 4 && ((head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43)
                    && head[3] == 0) || (head[0] == 'M' && head[1] == 'M' && head[2] == 0
                    && (head[3] == 42 || head[3] == 43)));
        } catch (IOException e) {
            throw RenderException.unreadableSource("cannot read image " + found.remote().name(), e);
        }
    }

    private static boolean headerSuffices(SourceResolver.Found found) {
        try {
            for (int bytes : HEADER_BYTES) {
                if (HeaderExtent.end(found.remote().head(bytes)) >= 0) {
                    return true;
                }
                if (bytes >= found.remote().size()) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            throw RenderException.unreadableSource("cannot read image " + found.remote().name(), e);
        }
    }

    /**
     * The XMP packet of layer 0's source that {@code xmpEmbed=1} copies into a JPEG or TIFF reply; null when the
     * request does not ask for it, the format has no place for it, or the source has none ("xmpEmbed": ignored then).
     */
    private static byte[] xmpToEmbed(ImageCommands commands, Path file) {
        return commands.output().embedsXmp() ? XmpPacket.read(file).orElse(null) : null;
    }

    /** Steps 3 (the answer to {@code req=imageprops}) to 7 for a raster source whose header has been read. */
    private Rendered renderRaster(RenderRequest request, ImageCommands commands, PixelSource source, boolean hasAlpha,
                                  long lastModified, SourceMetadata metadata, byte[] xmp) {
        RequestType req = commands.req();
        if (req.kind() == RequestType.Kind.IMAGEPROPS) {
            return properties(SourceProperties.of(request, commands, source.width(), source.height(), hasAlpha,
                    lastModified, metadata), lastModified);
        }
        // 4. Geometry and limits
        Layout layout = Layout.plan(commands, source.width(), source.height(), maxRenderPixels);
        if (req.kind() == RequestType.Kind.PROPS) {
            return geometry(properties(SourceProperties.reply(request, commands, layout, lastModified,
                    OutputColor.resolve(commands.output(), commands.attributes(), profiles), xmp != null),
                    lastModified), layout);
        }
        return finish(commands, layout, source, source.width(), source.height(), lastModified, new PhaseTimes(), xmp);
    }

    /**
     * A drawing (SVG) has no pixels of its own: it is drawn at the scale of the reply, so edges stay sharp however far
     * the request enlarges it and a huge declared size costs nothing when a small reply is asked for; the geometry is
     * then planned again on the drawn raster. Requests with commands measured in source pixels draw it at its declared
     * size.
     */
    private Rendered renderVector(RenderRequest request, ImageCommands commands, OpenSource.Vector source,
                                  long lastModified) {
        RequestType req = commands.req();
        if (req.kind() == RequestType.Kind.IMAGEPROPS) {
            return properties(SourceProperties.of(request, commands, source.width(), source.height(), true,
                    lastModified, SourceMetadata.DEFAULT), lastModified);
        }
        Layout layout = Layout.plan(commands, source.width(), source.height(), maxRenderPixels);
        if (req.kind() == RequestType.Kind.PROPS) {
            return geometry(properties(SourceProperties.reply(request, commands, layout, lastModified,
                    OutputColor.resolve(commands.output(), commands.attributes(), profiles), false), lastModified),
                    layout);
        }
        double scale = SvgDecoder.drawingScale(request, layout.width() / (double) source.width(),
                layout.height() / (double) source.height());
        int width = (int) Math.max(1, Math.round(source.width() * scale));
        int height = (int) Math.max(1, Math.round(source.height() * scale));
        if (width != source.width() || height != source.height()) {
            layout = Layout.plan(commands, width, height, maxRenderPixels);
        }
        PhaseTimes times = new PhaseTimes();
        BufferedImage raster = times.decoding(() -> source.draw(width, height));
        // a drawing has no XMP of its own
        return finish(commands, layout, PixelSource.of(raster), source.width(), source.height(), lastModified, times,
                null);
    }

    /** Layer 0 as a solid colour of {@code size=}: a canvas for the other layers (a template's background). */
    private Rendered renderSolidCanvas(RenderRequest request, ImageCommands commands, Map<Integer, Path> layerFiles) {
        LayerCommands.SizeBox size = commands.layer().size().orElse(new LayerCommands.SizeBox(0, 0));
        if (size.width() <= 0 || size.height() <= 0) {
            throw Values.usage("color", request.layer0().commands().get("color"),
                    "a solid color layer 0 needs size= with both width and height");
        }
        int color = commands.style().color().getAsInt();
        OpenSource.Raster canvas = new OpenSource.Raster(PixelSource.solid(size.width(), size.height(), color),
                (color >>> 24) < 255, () -> { });
        if (!commands.req().isImage()) {
            return renderRaster(request, commands, canvas.pixels(), canvas.hasAlpha(), 0, SourceMetadata.DEFAULT,
                    null);
        }
        return renderComposite(request, commands, canvas, 0, layerFiles, null);
    }

    /** Layer 0 as text: a drawing of its box (or of its text's size), which then defines the canvas. */
    private Rendered renderText(RenderRequest request, ImageCommands commands, Map<Integer, Path> layerFiles) {
        TextLayer text = text(request, request.layer0().commands(), commands.layer().size());
        OpenSource.Vector source = text.source();
        if (Composition.applies(request) && commands.req().isImage()) {
            return renderComposite(request, commands, source, 0, layerFiles, null);
        }
        return renderVector(request, commands, source, 0);
    }

    private TextLayer text(RenderRequest request, Map<String, String> layerCommands,
                           java.util.Optional<LayerCommands.SizeBox> size) {
        return TextLayer.of(layerCommands, size, TextLayer.fonts(request), sources::resolve);
    }

    /**
     * Steps 4 to 7 for a composite of several layers (or one layer with a fill, opacity or visibility of its own):
     * every layer is drawn at reply scale into the canvas layer 0 defines, then the composite's own filters follow.
     */
    private Rendered renderComposite(RenderRequest request, ImageCommands commands, OpenSource source,
                                     long lastModified, Map<Integer, Path> layerFiles, Path layer0File) {
        if (request.layers().size() > Composition.MAX_LAYERS) {
            throw RenderException.forbidden(String.format("a composite of %d layers is more than the %d allowed",
                    request.layers().size(), Composition.MAX_LAYERS));
        }
        LayerGeometry g0 = LayerGeometry.of(commands.layer(), source.width(), source.height());
        Layout layout = Layout.plan(commands, g0, maxRenderPixels);
        OutputColor color = OutputColor.resolve(commands.output(), commands.attributes(), profiles);
        PhaseTimes times = new PhaseTimes();
        long transformStart = System.nanoTime();
        BufferedImage reply = Pixels.create(layout.width(), layout.height());
        LayerStyle style0 = LayerStyle.parse(request.layer0().commands());
        Composition composition = new Composition(layout, Composition.origin(g0, style0, source.width(),
                source.height()), reply, Kernel.of(commands.resMode()), commands.attributes().resolution(),
                path -> decoders.open(new SourceFile(sources.resolve(path), request, true)),
                number -> layerFiles.containsKey(number)
                        ? decoders.open(new SourceFile(layerFiles.get(number), request, false)) : null,
                commands.effectMask());
        composition.texts((layerCommands, size) -> text(request, layerCommands, size));
        // the paths saved in a layer's source (clipPathE=), read only for a layer that names one
        composition.embeddedPaths(layer -> {
            Path file = layer.number() == 0 ? layer0File : layerFiles.containsKey(layer.number())
                    ? layerFiles.get(layer.number()) : layer.source().isEmpty() ? null : sources.resolve(layer.source());
            return file == null ? Map.of() : SourceMetadata.read(file).paths();
        });
        // a solid canvas's colour is its content (which opac= fades), not a fill behind it
        boolean canvasColor = request.object().isEmpty() && !TextLayer.isText(request.layer0().commands());
        composition.drawLayer0(request.layer0(), g0, canvasColor ? style0.withoutColor() : style0,
                source);
        Layer watermark = null;
        String watermarkNumber = request.global().get(RenderRequest.WATERMARK);
        for (Layer layer : request.layers().subList(1, request.layers().size())) {
            if (Integer.toString(layer.number()).equals(watermarkNumber)) {
                watermark = layer;
            } else {
                composition.draw(layer);
            }
        }
        composition.drawCompositeEffects(EffectCommands.parse(request.global()),
                new FilterScale(layout.scaleX(), layout.layerScale() * layout.scaleX()));
        LayerStyle comp = LayerStyle.parse(request.global());
        if (comp.opacity() < 1) {
            Pixels.fade(reply, comp.opacity());
        }
        FilterCommands filters = FilterCommands.parse(request.global());
        boolean compositeFiltered = false;
        if (watermark != null) {
            // the watermark is merged over the finished composite ("Watermarks"): its opacity and filters are not its
            FilterPipeline.apply(Stage.COMPOSITE, reply, filters.steps(), filterScale(layout));
            compositeFiltered = true;
            composition.drawWatermark(watermark);
        }
        times.transformedSince(transformStart, 0);
        return deliver(commands, color, layout, reply, filters, compositeFiltered, source.width(), source.height(),
                lastModified, times, layer0File == null ? null : xmpToEmbed(commands, layer0File));
    }

    private static FilterScale filterScale(Layout layout) {
        return new FilterScale(layout.scaleX(), layout.layerScale() * layout.scaleX());
    }

    /** Steps 5 to 7, whatever the source. */
    private Rendered finish(ImageCommands commands, Layout layout, PixelSource pixels, int sourceWidth, int sourceHeight,
                            long lastModified, PhaseTimes times, byte[] xmp) {
        // the output profile is read before any pixel is drawn: a missing profile fails fast
        OutputColor color = OutputColor.resolve(commands.output(), commands.attributes(), profiles);
        long transformStart = System.nanoTime();
        long decodedBefore = times.decodeNanos();
        // 5. Layer 0 into the reply
        BufferedImage reply = Pixels.create(layout.width(), layout.height());
        LayerPlacement.draw(times.decoding(pixels), layout, reply, Kernel.of(commands.resMode()));
        times.transformedSince(transformStart, decodedBefore);
        return deliver(commands, color, layout, reply, commands.filters(), false, sourceWidth, sourceHeight,
                lastModified, times, xmp);
    }

    /**
     * Steps 6 to 8: the composite's filters (unless {@code compositeFiltered}: applied before a watermark was merged),
     * background and sharpening, its colour, then the encoded reply.
     */
    private Rendered deliver(ImageCommands commands, OutputColor color, Layout layout, BufferedImage reply,
                             FilterCommands filters, boolean compositeFiltered, int sourceWidth, int sourceHeight,
                             long lastModified, PhaseTimes times, byte[] xmp) {
        OutputFormat format = commands.output().format();
        OutputCommands output = commands.output().withPixelType(color.type());
        long transformStart = System.nanoTime();
        // 6. Filters, background, sharpening
        FilterScale filterScale = filterScale(layout);
        if (!compositeFiltered) {
            FilterPipeline.apply(Stage.COMPOSITE, reply, filters.steps(), filterScale);
        }
        if (commands.req().kind() == RequestType.Kind.MASK) {
            // req=mask: only the alpha channel, as an opaque gray image ("mask")
            Pixels.alphaAsGray(reply);
        }
        if (!format.hasAlpha()) {
            Pixels.flatten(reply, layout.background());
        }
        FilterPipeline.apply(Stage.VIEW, reply, filters.steps(), filterScale);
        // 7. Colour
        WritableRaster cmyk = null;
        if (color.type() == PixelType.CMYK) {
            cmyk = ColorConversion.toCmyk(reply, color.profile().orElseThrow(), color.commands().intent(),
                    color.commands().blackPointCompensation(), color.commands().dither());
        } else if (color.convert()) {
            ColorConversion.inPlace(reply, color.profile().orElseThrow(), color.commands().intent(),
                    color.commands().blackPointCompensation(), color.commands().dither());
        }
        times.transformedSince(transformStart, times.decodeNanos());
        // 8. Encode
        RenderDeadline.check();
        long encodeStart = System.nanoTime();
        ReplyColor replyColor = new ReplyColor(cmyk, color.embedded().orElse(null), color.commands().printRes(), xmp);
        byte[] bytes = encoders.encode(reply, output, replyColor);
        times.encodedSince(encodeStart);
        if (bytes.length > maxReplyBytes) {
            throw RenderException.forbidden(String.format(
                    "the encoded reply of %.1f MB is larger than the IS::MaxMessageSize limit of %.1f MB",
                    bytes.length / 1048576.0, maxReplyBytes / 1048576.0));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("contentType", format.mimeType());
        properties.put("image.width", Integer.toString(layout.width()));
        properties.put("image.height", Integer.toString(layout.height()));
        properties.put("source.width", Integer.toString(sourceWidth));
        properties.put("source.height", Integer.toString(sourceHeight));
        properties.put("source.lastModified", Long.toString(lastModified));
        times.addTo(properties);
        return new Rendered(bytes, properties);
    }

    /**
     * A property reply as data: the Platform Server writes it in the format the client asked for, with the
     * {@code handler=} and {@code id=} that stay with it.
     */
    private Rendered properties(Map<String, String> values, long lastModified) {
        byte[] body = PropertyData.encode(values);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("contentType", PropertyData.CONTENT_TYPE);
        if (lastModified > 0) {
            properties.put("source.lastModified", Long.toString(lastModified));
        }
        return new Rendered(body, properties);
    }

    /**
     * The reply's geometry beside a {@code req=props} answer, as frame headers rather than properties: the Platform
     * Server maps {@code catalog::Map} areas with it ({@code req=map}) as {@link LayerPlacement} maps pixels: crop and
     * layer scale, flip, quarter turns, then extend and the view transform; clients never see it.
     */
    private static Rendered geometry(Rendered rendered, Layout layout) {
        Map<String, String> properties = new LinkedHashMap<>(rendered.properties());
        properties.put("layout.crop", layout.crop().x + "," + layout.crop().y + "," + layout.crop().width + ","
                + layout.crop().height);
        properties.put("layout.layerScale", Double.toString(layout.layerScale()));
        properties.put("layout.extend", layout.extendLeft() + "," + layout.extendTop());
        properties.put("layout.composite", layout.compositeWidth() + "," + layout.compositeHeight());
        properties.put("layout.scale", layout.scaleX() + "," + layout.scaleY());
        properties.put("layout.origin", layout.originX() + "," + layout.originY());
        properties.put("layout.rotate", Double.toString(layout.rotate()));
        properties.put("layout.quarterTurns", Integer.toString(layout.quarterTurns()));
        properties.put("layout.layerSize", layout.layerWidth() + "," + layout.layerHeight());
        properties.put("layout.flip", String.valueOf(layout.flip()));
        return new Rendered(rendered.bytes(), properties);
    }

    /** A short token that changes when the request or the source file changes ({@code image.version}). */
    static String version(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
