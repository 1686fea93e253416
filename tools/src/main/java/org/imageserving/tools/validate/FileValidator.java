package org.imageserving.tools.validate;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.imaging.tiff.TiffFile;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.tools.image.EmbeddedMetadata;
import org.imageserving.tools.image.ImageHeader;
import org.imageserving.tools.image.SourceImages;
import org.imageserving.tools.validate.ValidationRules.FileType;

/**
 * Validates one file. The header comes first and its dimensions are checked against the limit before a single pixel
 * is decoded, so a file that claims 100000×100000 pixels costs a few bytes of reading, not gigabytes of memory.
 */
public final class FileValidator {
    /** Rows decoded at a time when a whole image would not fit comfortably in the heap. */
    private static final int STRIP_ROWS = 512;

    private final ValidationRules rules;

    public FileValidator(ValidationRules rules) {
        this.rules = rules;
    }

    /** Returns a one-line description of a valid file; throws with the reason otherwise. */
    public String validate(Path file) throws InvalidImageException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidImageException(Files.exists(file) ? "not a regular file" : "no such file");
            }
            if (Files.size(file) == 0) {
                throw new InvalidImageException("empty file (0 bytes)");
            }
            SourceFormat format = SourceFormat.of(file);
            FileType type = matchingType(format);
            TiffFile pyramid = null;
            if (type == FileType.JPEG) {
                JpegChecks.Frame frame = JpegChecks.check(file);
                checkSize(frame.width(), frame.height());
                if (rules.reject16Bit() && frame.bits() > 8) {
                    throw new InvalidImageException(frame.bits() + " bits per component (-reject16BitPerComponent)");
                }
            } else if (type == FileType.PTIF) {
                pyramid = PtiffChecks.check(file, rules.maxPixels());
                if (rules.reject16Bit() && pyramid.first().first(TiffTag.BITS_PER_SAMPLE, 8) > 8) {
                    throw new InvalidImageException(pyramid.first().first(TiffTag.BITS_PER_SAMPLE, 8)
                            + " bits per component (-reject16BitPerComponent)");
                }
            } else {
                FileEndChecks.check(file, format);
            }
            String description;
            try (SourceImages.Opened opened = SourceImages.open(file)) {
                ImageHeader header = opened.header();
                checkSize(header.width(), header.height());
                if (rules.reject16Bit() && header.bitsPerComponent() > 8) {
                    throw new InvalidImageException(header.bitsPerComponent() + " bits per component (-reject16BitPerComponent)");
                }
                if (rules.validateColorProfile()) {
                    checkProfile(EmbeddedMetadata.of(file, format).iccProfile(), header.bands());
                }
                if (rules.readPixels()) {
                    int images = pyramid != null ? pyramid.directories().size() : 1;
                    for (int index = 0; index < images; index++) {
                        decodeAll(opened, index);
                    }
                }
                description = String.format(Locale.ROOT, "%s %dx%d%s", format, header.width(), header.height(),
                        pyramid != null ? ", " + pyramid.directories().size() + " levels" : "");
            }
            return description;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new InvalidImageException("not enough memory to decode the image", e);
        }
    }

    private FileType matchingType(SourceFormat format) throws InvalidImageException {
        if (rules.fileTypes().contains(FileType.JPEG) && format == SourceFormat.JPEG) {
            return FileType.JPEG;
        }
        if (rules.fileTypes().contains(FileType.PTIF) && format.isTiff()) {
            return FileType.PTIF;
        }
        if (rules.fileTypes().contains(FileType.ANY)) {
            if (format == SourceFormat.UNKNOWN || format == SourceFormat.SVG) {
                throw new InvalidImageException("not an image in a supported format");
            }
            if (format == SourceFormat.EPS) {
                throw new InvalidImageException(SourceFormat.EPS_REFUSED);
            }
            return format == SourceFormat.JPEG ? FileType.JPEG : FileType.ANY;
        }
        throw new InvalidImageException("not a " + rules.fileTypes().stream().map(t -> t == FileType.PTIF ? "pyramid TIFF" : t.name())
                .sorted().reduce((a, b) -> a + " or " + b).orElse("?") + " file" + (format == SourceFormat.UNKNOWN ? "" : " (it is " + format + ")"));
    }

    private void checkSize(long width, long height) throws InvalidImageException {
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException("header gives " + width + "x" + height + " pixels");
        }
        if (width * height > rules.maxPixels()) {
            throw new InvalidImageException(String.format(Locale.ROOT,
                    "header claims %dx%d pixels (%d megapixels), over the limit of %d megapixels: not decoded",
                    width, height, width * height / 1_000_000, rules.maxPixels() / 1_000_000));
        }
    }

    private static void checkProfile(byte[] icc, int bands) throws InvalidImageException {
        if (icc == null) {
            return;
        }
        if (icc.length < 132) {
            throw new InvalidImageException("embedded ICC profile is " + icc.length + " bytes, shorter than its header");
        }
        long declared = ((icc[0] & 0xFFL) << 24) | ((icc[1] & 0xFF) << 16) | ((icc[2] & 0xFF) << 8) | (icc[3] & 0xFF);
        if (declared != icc.length) {
            throw new InvalidImageException("embedded ICC profile says " + declared + " bytes but has " + icc.length);
        }
        if (icc[36] != 'a' || icc[37] != 'c' || icc[38] != 's' || icc[39] != 'p') {
            throw new InvalidImageException("embedded ICC profile lacks the 'acsp' signature");
        }
        ICC_Profile profile;
        try {
            profile = ICC_Profile.getInstance(icc);
        } catch (IllegalArgumentException e) {
            throw new InvalidImageException("embedded ICC profile is invalid: " + e.getMessage(), e);
        }
        int space = profile.getColorSpaceType();
        int colorBands = bands == 2 || bands == 4 && space != ColorSpace.TYPE_CMYK ? bands - 1 : bands;
        boolean matches = switch (space) {
            case ColorSpace.TYPE_GRAY -> colorBands == 1;
            case ColorSpace.TYPE_RGB -> colorBands == 3;
            case ColorSpace.TYPE_CMYK -> colorBands == 4;
            default -> true;
        };
        if (bands > 0 && !matches) {
            throw new InvalidImageException("embedded ICC profile's colour space does not match the image's " + bands + " channels");
        }
    }

    /** Decodes every pixel of one image, in strips when the whole would take more than a quarter of the heap. */
    private static void decodeAll(SourceImages.Opened opened, int index) throws IOException {
        int width = opened.reader.getWidth(index);
        int height = opened.reader.getHeight(index);
        long bytes = (long) width * height * 8;
        if (bytes < Runtime.getRuntime().maxMemory() / 4) {
            opened.read(index);
            return;
        }
        for (int y = 0; y < height; y += STRIP_ROWS) {
            ImageReadParam param = opened.reader.getDefaultReadParam();
            param.setSourceRegion(new Rectangle(0, y, width, Math.min(STRIP_ROWS, height - y)));
            opened.read(index, param);
        }
    }
}
