package org.imageserving.is.render;

import java.awt.Rectangle;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.imageserving.common.imaging.format.SourceFormat;

/**
 * An open source image whose header has been read but no pixel decoded. Opening refuses a source over
 * {@code IS::MaxNonDsfSize} right here, so a decompression bomb costs a header read. Pixels are then read by region
 * and with decoder subsampling, so no full-size intermediate exists when a part or a reduction serves.
 */
public final class SourceImage implements AutoCloseable {
    private final Path file;
    private final ImageInputStream input;
    private final ImageReader reader;
    private final int width;
    private final int height;

    private SourceImage(Path file, ImageInputStream input, ImageReader reader, int width, int height) {
        this.file = file;
        this.input = input;
        this.reader = reader;
        this.width = width;
        this.height = height;
    }

    public static SourceImage open(Path file, long maxSourcePixels) {
        ImageInputStream input = null;
        ImageReader reader = null;
        try {
            ImageInputStream raw = ImageIO.createImageInputStream(file.toFile());
            if (raw == null) {
                throw RenderException.serverError("cannot open image " + file.getFileName(), null);
            }
            input = new TruncationGuard(raw);
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                if (SourceFormat.of(file) == SourceFormat.EPS) {
                    throw RenderException.badRequest("EPS source " + file.getFileName() + " is not supported: EPS is "
                            + "PostScript, which needs a PostScript interpreter to rasterize, and its preview is a "
                            + "low-resolution thumbnail, not the image; convert the master to TIFF, PSD or PTIFF");
                }
                throw RenderException.unreadableSource("unsupported or corrupt image format: " + file.getFileName(), null);
            }
            reader = readers.next();
            reader.setInput(input, true, false);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if (w <= 0 || h <= 0) {
                throw RenderException.badRequest("image has no pixels: " + file.getFileName());
            }
            long pixels = (long) w * h;
            if (pixels > maxSourcePixels) {
                throw RenderException.forbidden(String.format(
                        "source image %s is %d x %d = %.1f megapixels, more than the IS::MaxNonDsfSize limit of %.1f",
                        file.getFileName(), w, h, pixels / 1e6, maxSourcePixels / 1e6));
            }
            SourceImage image = new SourceImage(file, input, reader, w, h);
            input = null;
            reader = null;
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof RenderException re) {
                throw re;
            }
            throw SourceReads.corrupt(file, e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
            SourceReads.closeQuietly(input);
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public String formatName() {
        try {
            return reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Whether the header announces an alpha channel (or a transparent palette entry). */
    public boolean hasAlpha() {
        try {
            ImageTypeSpecifier type = reader.getRawImageType(0);
            if (type != null) {
                return type.getColorModel().hasAlpha();
            }
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            return types.hasNext() && types.next().getColorModel().hasAlpha();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Decodes {@code region} (source pixels) keeping every {@code subsampling}-th pixel, in the working layout. */
    public BufferedImage read(Rectangle region, int subsampling) {
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(region);
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            BufferedImage decoded = SourceReads.readUndamaged(reader, 0, param, file);
            Optional<ICC_Profile> profile = formatName().equals("png") ? EmbeddedProfile.ofPng(reader) : Optional.empty();
            if (profile.isPresent()) {
                decoded = EmbeddedProfile.toSrgb(decoded, profile.get());
            }
            return Pixels.toWorking(decoded);
        } catch (RenderException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw SourceReads.corrupt(file, e);
        }
    }

    @Override
    public void close() {
        reader.dispose();
        SourceReads.closeQuietly(input);
    }


}
