package org.imageserving.ps.iiif;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image request of the IIIF Image API 3.0, {@code {region}/{size}/{rotation}/{quality}.{format}}, parsed
 * ({@link #parse}) and then applied to an image of known size ({@link #resolve}): the Image Serving commands that
 * render it, the size of the reply and the canonical form of the request.
 *
 * <p>What the commands do, in the order of the Image API (region, size, rotation, quality, format):
 * <ul>
 *   <li>region: {@code crop=x,y,w,h} in full-resolution pixels, clipped to the image (none for the whole image);</li>
 *   <li>mirroring and rotation: {@code flip=lr} and {@code rotate=n}, which the Image Server applies after the crop
 *       and in this order, as the Image API does;</li>
 *   <li>size: {@code wid} and {@code hei} of the reply after rotation with {@code fit=stretch,1}, so the reply has
 *       exactly the size computed here and the catalog's DefaultPix never applies;</li>
 *   <li>quality: {@code gray} is the output pixel type ({@code fmt=…,gray}; for WebP, which is always RGB,
 *       {@code op_saturation=-100}); {@code bitonal} a palette of black and white without dithering
 *       ({@code quantize=adaptive,off,2,000000,ffffff}), in PNG ({@code png8}) and GIF only;</li>
 *   <li>format: {@code fmt=}; an arbitrary rotation in PNG or WebP gets the alpha variant, so the corners are
 *       transparent as the Image API asks.</li>
 * </ul>
 */
public record IiifRequest(Region region, Size size, Rotation rotation, Quality quality, Format format) {
    private static final String DECIMAL = "(\\d+(?:\\.\\d*)?|\\.\\d+)";
    private static final Pattern PIXELS = Pattern.compile("(\\d+),(\\d+),(\\d+),(\\d+)");
    private static final Pattern PERCENT = Pattern.compile("pct:" + DECIMAL + "," + DECIMAL + "," + DECIMAL + ","
            + DECIMAL);
    private static final Pattern SIZE_PERCENT = Pattern.compile("pct:" + DECIMAL);
    private static final Pattern SIZE_WH = Pattern.compile("(!?)(\\d*),(\\d*)");
    private static final Pattern ROTATION = Pattern.compile("(!?)" + DECIMAL);

    /** The region of the full image to return. */
    public sealed interface Region {}

    public record Full() implements Region {}

    /** The largest centred square. */
    public record Square() implements Region {}

    public record Pixels(long x, long y, long width, long height) implements Region {}

    public record Percent(double x, double y, double width, double height) implements Region {}

    /** The forms of the size parameter. */
    public enum SizeKind { MAX, WIDTH, HEIGHT, PERCENT, EXACT, CONFINED }

    /**
     * The size parameter.
     *
     * @param upscale the {@code ^} prefix: the reply may be larger than the region
     */
    public record Size(SizeKind kind, boolean upscale, long width, long height, double percent) {}

    /** @param mirror the {@code !} prefix: mirrored left to right before the rotation */
    public record Rotation(boolean mirror, double degrees) {
        boolean quarterTurn() {
            return degrees % 90 == 0;
        }
    }

    public enum Quality {
        DEFAULT, COLOR, GRAY, BITONAL;

        String iiifName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The formats this server writes: the extension, the Image Serving {@code fmt=} value and the MIME type.
     *
     * @param alphaFormat the {@code fmt=} value with a transparent background (for arbitrary rotations), else null
     */
    public enum Format {
        JPG("jpeg", null, "image/jpeg"),
        PNG("png", "png-alpha", "image/png"),
        WEBP("webp", "webp-alpha", "image/webp"),
        TIF("tif", null, "image/tiff"),
        GIF("gif", null, "image/gif");

        private final String fmt;
        private final String alphaFmt;
        private final String mimeType;

        Format(String fmt, String alphaFmt, String mimeType) {
            this.fmt = fmt;
            this.alphaFmt = alphaFmt;
            this.mimeType = mimeType;
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String mimeType() {
            return mimeType;
        }
    }

    /** Formats of the Image API this server does not write: 501 rather than 400. */
    private static final java.util.Set<String> KNOWN_UNSUPPORTED_FORMATS = java.util.Set.of("jp2", "pdf");

    /**
     * The limits of the replies of an image (the Image API's {@code maxWidth}, {@code maxHeight}, {@code maxArea}):
     * {@code attribute::MaxPix} and {@code IS::MaxRenderRgnPixels}; {@link Long#MAX_VALUE} for none.
     */
    public record Limits(long maxWidth, long maxHeight, long maxArea) {
        public static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

        boolean allows(long width, long height) {
            return width <= maxWidth && height <= maxHeight && width * height <= maxArea;
        }
    }

    /**
     * A request applied to an image.
     *
     * @param canonical the request's canonical form ({@code region/size/rotation/quality.format}, Image API §4.7)
     * @param commands  the Image Serving commands that render it, in a fixed order
     * @param width     the reply's width
     * @param height    the reply's height
     */
    public record Resolved(String canonical, Map<String, String> commands, long width, long height) {}

    /** Parses the four path segments; {@code qualityAndFormat} is {@code quality.format}. */
    public static IiifRequest parse(String region, String size, String rotation, String qualityAndFormat) {
        Quality quality = quality(qualityAndFormat);
        Format format = format(qualityAndFormat);
        checkBitonal(quality, format);
        return new IiifRequest(region(region), size(size), rotation(rotation), quality, format);
    }

    static Region region(String text) {
        if (text.equals("full")) {
            return new Full();
        }
        if (text.equals("square")) {
            return new Square();
        }
        Matcher pixels = PIXELS.matcher(text);
        if (pixels.matches()) {
            Pixels region = new Pixels(number(pixels.group(1)), number(pixels.group(2)), number(pixels.group(3)),
                    number(pixels.group(4)));
            if (region.width() == 0 || region.height() == 0) {
                throw IiifException.badRequest("region " + text + ": width and height must be greater than 0");
            }
            return region;
        }
        Matcher percent = PERCENT.matcher(text);
        if (percent.matches()) {
            Percent region = new Percent(decimal(percent.group(1)), decimal(percent.group(2)),
                    decimal(percent.group(3)), decimal(percent.group(4)));
            if (region.width() <= 0 || region.height() <= 0) {
                throw IiifException.badRequest("region " + text + ": width and height must be greater than 0");
            }
            return region;
        }
        throw IiifException.badRequest("invalid region '" + text
                + "': use full, square, x,y,w,h or pct:x,y,w,h");
    }

    static Size size(String text) {
        boolean upscale = text.startsWith("^");
        String rest = upscale ? text.substring(1) : text;
        if (rest.equals("max")) {
            return new Size(SizeKind.MAX, upscale, 0, 0, 0);
        }
        Matcher percent = SIZE_PERCENT.matcher(rest);
        if (percent.matches()) {
            double n = decimal(percent.group(1));
            if (n <= 0) {
                throw IiifException.badRequest("size " + text + ": the percentage must be greater than 0");
            }
            if (n > 100 && !upscale) {
                throw IiifException.badRequest("size " + text + ": more than 100% needs ^ (upscaling)");
            }
            return new Size(SizeKind.PERCENT, upscale, 0, 0, n);
        }
        Matcher wh = SIZE_WH.matcher(rest);
        if (wh.matches()) {
            boolean confined = !wh.group(1).isEmpty();
            String w = wh.group(2);
            String h = wh.group(3);
            if (confined && (w.isEmpty() || h.isEmpty())) {
                throw IiifException.badRequest("size " + text + ": !w,h needs both a width and a height");
            }
            long width = w.isEmpty() ? 0 : number(w);
            long height = h.isEmpty() ? 0 : number(h);
            if (w.isEmpty() && h.isEmpty() || !w.isEmpty() && width == 0 || !h.isEmpty() && height == 0) {
                throw IiifException.badRequest("size " + text + ": width and height must be greater than 0");
            }
            SizeKind kind = confined ? SizeKind.CONFINED
                    : h.isEmpty() ? SizeKind.WIDTH : w.isEmpty() ? SizeKind.HEIGHT : SizeKind.EXACT;
            return new Size(kind, upscale, width, height, 0);
        }
        throw IiifException.badRequest("invalid size '" + text
                + "': use max, w,, ,h, pct:n, w,h or !w,h, each optionally with ^");
    }

    static Rotation rotation(String text) {
        Matcher m = ROTATION.matcher(text);
        if (!m.matches()) {
            throw IiifException.badRequest("invalid rotation '" + text + "': use n or !n, 0 to 360 degrees");
        }
        double degrees = decimal(m.group(2));
        if (degrees > 360) {
            throw IiifException.badRequest("rotation " + text + ": degrees must be between 0 and 360");
        }
        return new Rotation(!m.group(1).isEmpty(), degrees == 360 ? 0 : degrees);
    }

    static Quality quality(String qualityAndFormat) {
        int dot = qualityAndFormat.lastIndexOf('.');
        String name = dot < 0 ? qualityAndFormat : qualityAndFormat.substring(0, dot);
        for (Quality quality : Quality.values()) {
            if (quality.iiifName().equals(name)) {
                return quality;
            }
        }
        throw IiifException.badRequest("invalid quality '" + name + "': use default, color, gray or bitonal");
    }

    /** Bitonal replies are a two-colour palette, which only PNG and GIF have here. */
    private static void checkBitonal(Quality quality, Format format) {
        if (quality == Quality.BITONAL && format != Format.PNG && format != Format.GIF) {
            throw new IiifException(501, "quality bitonal is supported in png and gif only, not "
                    + format.extension());
        }
    }

    static Format format(String qualityAndFormat) {
        int dot = qualityAndFormat.lastIndexOf('.');
        if (dot < 0) {
            throw IiifException.badRequest("no format: the last segment is {quality}.{format}, e.g. default.jpg");
        }
        String extension = qualityAndFormat.substring(dot + 1);
        for (Format format : Format.values()) {
            if (format.extension().equals(extension)) {
                return format;
            }
        }
        if (KNOWN_UNSUPPORTED_FORMATS.contains(extension)) {
            throw new IiifException(501, "format " + extension + " is not supported by this server");
        }
        throw IiifException.badRequest("invalid format '" + extension + "': use jpg, png, webp, tif or gif");
    }

    private static long number(String digits) {
        if (digits.length() > 9) {
            throw IiifException.badRequest("number too large: " + digits);
        }
        return Long.parseLong(digits);
    }

    private static double decimal(String text) {
        if (text.length() > 20) {
            throw IiifException.badRequest("number too long: " + text);
        }
        return Double.parseDouble(text);
    }

    /**
     * This request applied to an image of {@code imageWidth} x {@code imageHeight}.
     *
     * @throws IiifException 400 for a region outside the image, a reply of no pixels, a reply larger than the region
     *                       without {@code ^}, or one beyond the limits
     */
    public Resolved resolve(long imageWidth, long imageHeight, Limits limits) {
        long[] r = regionPixels(imageWidth, imageHeight);
        long rw = r[2];
        long rh = r[3];
        long[] s = sizePixels(rw, rh, limits);
        long sw = s[0];
        long sh = s[1];
        if (sw < 1 || sh < 1) {
            throw IiifException.badRequest("the reply would have no pixels (" + sw + " x " + sh + ")");
        }
        boolean upscaled = sw > rw || sh > rh;
        if (upscaled && !size.upscale()) {
            throw IiifException.badRequest("the size " + sw + "," + sh + " is larger than the region " + rw + "," + rh
                    + ": upscaling needs ^");
        }
        if (!limits.allows(sw, sh)) {
            throw IiifException.badRequest("the size " + sw + "," + sh + " exceeds this image's limits (maxWidth "
                    + limits.maxWidth() + ", maxHeight " + limits.maxHeight() + ", maxArea " + limits.maxArea() + ")");
        }
        // the reply after rotation: its bounding box
        long outWidth = sw;
        long outHeight = sh;
        double degrees = rotation.degrees();
        if (degrees == 90 || degrees == 270) {
            outWidth = sh;
            outHeight = sw;
        } else if (!rotation.quarterTurn()) {
            double radians = Math.toRadians(degrees);
            double cos = Math.abs(Math.cos(radians));
            double sin = Math.abs(Math.sin(radians));
            outWidth = Math.max(1, Math.round(sw * cos + sh * sin));
            outHeight = Math.max(1, Math.round(sw * sin + sh * cos));
        }

        Map<String, String> commands = new LinkedHashMap<>();
        boolean wholeImage = r[0] == 0 && r[1] == 0 && rw == imageWidth && rh == imageHeight;
        if (!wholeImage) {
            commands.put("crop", r[0] + "," + r[1] + "," + rw + "," + rh);
        }
        if (rotation.mirror()) {
            commands.put("flip", "lr");
        }
        if (degrees != 0) {
            commands.put("rotate", plain(degrees));
        }
        commands.put("wid", Long.toString(outWidth));
        commands.put("hei", Long.toString(outHeight));
        commands.put("fit", "stretch,1");
        boolean transparentCorners = !rotation.quarterTurn() && format.alphaFmt != null;
        String fmt = transparentCorners ? format.alphaFmt : format.fmt;
        if (quality == Quality.BITONAL) {
            // a palette of exactly black and white without dithering: each pixel becomes the nearer of the two
            fmt = format == Format.PNG ? (transparentCorners ? "png8-alpha" : "png8") : fmt;
            commands.put("quantize", "adaptive,off,2,000000,ffffff");
        } else if (quality == Quality.GRAY) {
            if (format == Format.WEBP) {
                commands.put("op_saturation", "-100");
            } else {
                fmt += ",gray";
            }
        }
        commands.put("fmt", fmt);

        long[] max = sizePixels(rw, rh, limits, new Size(SizeKind.MAX, false, 0, 0, 0));
        String canonicalSize = !upscaled && sw == max[0] && sh == max[1] ? "max"
                : (upscaled ? "^" : "") + sw + "," + sh;
        String canonical = (wholeImage ? "full" : r[0] + "," + r[1] + "," + rw + "," + rh) + "/" + canonicalSize + "/"
                + (rotation.mirror() ? "!" : "") + plain(degrees) + "/" + quality.iiifName() + "."
                + format.extension();
        return new Resolved(canonical, commands, outWidth, outHeight);
    }

    /** The region in full-resolution pixels, clipped to the image: x, y, w, h. */
    long[] regionPixels(long imageWidth, long imageHeight) {
        long x;
        long y;
        long w;
        long h;
        if (region instanceof Full) {
            return new long[] {0, 0, imageWidth, imageHeight};
        } else if (region instanceof Square) {
            long side = Math.min(imageWidth, imageHeight);
            return new long[] {(imageWidth - side) / 2, (imageHeight - side) / 2, side, side};
        } else if (region instanceof Pixels p) {
            x = p.x();
            y = p.y();
            w = p.width();
            h = p.height();
        } else {
            Percent p = (Percent) region;
            x = Math.round(p.x() * imageWidth / 100);
            y = Math.round(p.y() * imageHeight / 100);
            w = Math.round(p.width() * imageWidth / 100);
            h = Math.round(p.height() * imageHeight / 100);
        }
        if (x >= imageWidth || y >= imageHeight) {
            throw IiifException.badRequest("the region starts outside the image (" + imageWidth + " x " + imageHeight
                    + ")");
        }
        w = Math.min(w, imageWidth - x);
        h = Math.min(h, imageHeight - y);
        if (w < 1 || h < 1) {
            throw IiifException.badRequest("the region has no pixels in this image (" + imageWidth + " x "
                    + imageHeight + ")");
        }
        return new long[] {x, y, w, h};
    }

    private long[] sizePixels(long rw, long rh, Limits limits) {
        return sizePixels(rw, rh, limits, size);
    }

    private static long[] sizePixels(long rw, long rh, Limits limits, Size size) {
        return switch (size.kind()) {
            case MAX -> {
                double scale = limitScale(rw, rh, limits);
                if (!size.upscale() || Double.isInfinite(scale)) {
                    scale = Math.min(scale, 1);
                }
                if (scale == 1) {
                    yield new long[] {rw, rh};
                }
                long w = Math.max(1, (long) Math.floor(rw * scale + 1e-9));
                long h = Math.max(1, (long) Math.floor(rh * scale + 1e-9));
                yield new long[] {Math.min(w, limits.maxWidth()), Math.min(h, limits.maxHeight())};
            }
            case WIDTH -> new long[] {size.width(), Math.max(1, Math.round((double) rh * size.width() / rw))};
            case HEIGHT -> new long[] {Math.max(1, Math.round((double) rw * size.height() / rh)), size.height()};
            case PERCENT -> new long[] {Math.round(rw * size.percent() / 100), Math.round(rh * size.percent() / 100)};
            case EXACT -> new long[] {size.width(), size.height()};
            case CONFINED -> {
                double scale = Math.min((double) size.width() / rw, (double) size.height() / rh);
                if (!size.upscale()) {
                    scale = Math.min(scale, 1);
                }
                scale = Math.min(scale, limitScale(rw, rh, limits));
                long w = Math.min(size.width(), Math.max(1, Math.round(rw * scale)));
                long h = Math.min(size.height(), Math.max(1, Math.round(rh * scale)));
                if (!limits.allows(w, h)) {
                    // bound by a limit: rounding down keeps the reply inside it
                    w = Math.max(1, (long) Math.floor(rw * scale + 1e-9));
                    h = Math.max(1, (long) Math.floor(rh * scale + 1e-9));
                }
                yield new long[] {Math.min(w, limits.maxWidth()), Math.min(h, limits.maxHeight())};
            }
        };
    }

    /** The largest scale of a region that the limits allow (infinite without limits). */
    private static double limitScale(long rw, long rh, Limits limits) {
        double scale = Double.POSITIVE_INFINITY;
        if (limits.maxWidth() != Long.MAX_VALUE) {
            scale = Math.min(scale, (double) limits.maxWidth() / rw);
        }
        if (limits.maxHeight() != Long.MAX_VALUE) {
            scale = Math.min(scale, (double) limits.maxHeight() / rh);
        }
        if (limits.maxArea() != Long.MAX_VALUE) {
            scale = Math.min(scale, Math.sqrt((double) limits.maxArea() / ((double) rw * rh)));
        }
        return scale;
    }

    /** A number in its shortest plain form: {@code 90}, {@code 22.5}. */
    static String plain(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.signum() == 0 ? "0" : decimal.toPlainString();
    }
}
