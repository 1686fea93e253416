package org.imageserving.tools.ic;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.imageserving.common.health.Version;
import org.imageserving.tools.image.ClipPath;
import org.imageserving.tools.image.EmbeddedMetadata;
import org.imageserving.tools.image.ImageHeader;
import org.imageserving.tools.image.SourceImages;
import org.imageserving.tools.ptiff.Compression;
import org.imageserving.tools.ptiff.JpegStream;
import org.imageserving.tools.ptiff.InterleavedImage;
import org.imageserving.tools.ptiff.PyramidTiffWriter;
import org.imageserving.tools.ptiff.TiffOptions;

/**
 * Converts one source image into a pyramid TIFF: full resolution first, then each level half the one before, until
 * both sides are at most 256 pixels. The file is written next to its destination under a temporary name and moved
 * into place only when complete, so a failed or interrupted conversion never leaves a half-written PTIFF behind.
 */
public final class PyramidConverter {
    /** Decoded image, its copy as samples, and the next level: about 2.5 times the raw image at the peak. */
    private static final double PEAK_MEMORY_FACTOR = 2.5;

    private final ConversionSettings settings;
    private final java.time.Clock clock;

    public PyramidConverter(ConversionSettings settings) {
        this(settings, java.time.Clock.systemUTC());
    }

    /** @param clock the time written as the DateTime tag, by which the Platform Server validates cached replies */
    public PyramidConverter(ConversionSettings settings, java.time.Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** What a conversion did. */
    public record Result(int width, int height, int levels, Compression compression, List<String> notes,
            Optional<Rectangle> crop) {
    }

    /**
     * Converts {@code source} into {@code destination}; with a null destination only computes the auto-crop.
     *
     * @param progress receives a line for each level written (ic's per-file progress, log level 4)
     */
    public Result convert(Path source, Path destination, Consumer<String> progress) throws ConversionException {
        List<String> notes = new ArrayList<>();
        InterleavedImage full;
        double dpi;
        EmbeddedMetadata metadata;
        byte[] outputProfile;
        boolean pixelsChanged = false;
        boolean jpegSource;
        try (SourceImages.Opened opened = SourceImages.open(source)) {
            ImageHeader header = opened.header();
            jpegSource = header.format() == org.imageserving.common.imaging.format.SourceFormat.JPEG;
            checkMemory(header);
            metadata = EmbeddedMetadata.of(source, header.format());
            javax.imageio.ImageTypeSpecifier raw = opened.reader.getRawImageType(0);
            boolean cmyk = raw != null && raw.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_CMYK;
            if (cmyk && settings.maintainPixelType()) {
                throw new ConversionException("-maintainpixeltype: writing CMYK pyramid TIFFs is not implemented; "
                        + "leave the option out to convert CMYK to RGB");
            }
            BufferedImage decoded = opened.read(0);
            ColorManagement color = settings.color();
            ICC_Profile sourceProfile = color.imageProfile() != null ? color.imageProfile() : parse(metadata.iccProfile());
            byte[] sourceProfileBytes = color.imageProfile() != null ? color.imageProfileBytes() : metadata.iccProfile();
            ICC_Profile view = color.viewProfile();
            byte[] viewBytes = color.viewProfileBytes();
            if (view == null && cmyk && sourceProfile != null) {
                // CMYK always becomes RGB: with a known profile through it, to sRGB, with ic's intent and black point
                // compensation (without one the decoder's generic CMYK conversion is all there is)
                view = ICC_Profile.getInstance(ColorSpace.CS_sRGB);
                viewBytes = view.getData();
            }
            if (view != null && sourceProfile != null) {
                IccConverter converter = new IccConverter(sourceProfile, view, color.intent(), color.blackPointCompensation());
                full = converter.convert(decoded);
                pixelsChanged = true;
                outputProfile = viewBytes;
                notes.add("colours converted to " + (color.viewProfile() != null ? "-viewprofile" : "sRGB") + " ("
                        + color.intent().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + (converter.compensatesBlackPoint() ? ", black point compensated" : "") + ")");
            } else {
                if (view != null) {
                    notes.add("-viewprofile: the source has no embedded profile and no -imageprofile was given; colours not converted");
                }
                full = SourceImages.toPixels(decoded);
                // a profile of another colour space (a CMYK one after the CMYK to RGB conversion) would mislabel the pixels
                outputProfile = sourceProfile != null && sourceProfile.getNumComponents() == full.colorChannels()
                        ? sourceProfileBytes : null;
            }
            dpi = settings.dpi() > 0 ? settings.dpi() : opened.dpi();
        } catch (IOException | RuntimeException e) {
            throw new ConversionException("cannot read " + source + ": " + message(e), e);
        } catch (OutOfMemoryError e) {
            throw new ConversionException("not enough memory to decode " + source
                    + "; give ic more heap (IC_JAVA_OPTS=-Xmx...)");
        }
        if (settings.applyClipPath()) {
            Optional<java.awt.geom.Path2D> clip = ClipPath.designated(metadata.photoshopResources());
            if (clip.isPresent()) {
                full = ClipPathMask.apply(full, clip.get());
                pixelsChanged = true;
                notes.add("clip path applied as alpha");
            } else {
                notes.add(metadata.hasClipPath() ? "-applyClippath: the file has paths but none is designated as clipping path"
                        : "-applyClippath: the file has no clip path");
            }
        }
        Optional<Rectangle> crop = Optional.empty();
        if (settings.autoCrop() != null) {
            crop = settings.autoCrop().find(full);
            if (crop.isPresent()) {
                try {
                    settings.autoCrop().writeInfo(source, full, crop.get());
                } catch (IOException e) {
                    throw new ConversionException("cannot write auto-crop info " + settings.autoCrop().infoFile() + ": " + message(e), e);
                }
            } else {
                notes.add("auto-crop: nothing to crop, no crop info written");
            }
        }
        if (destination == null) {
            return new Result(full.width(), full.height(), 0, null, notes, crop);
        }
        Optional<JpegStream> passThrough = Optional.empty();
        if (jpegSource && !pixelsChanged && !settings.forceJpegDecompress()) {
            try {
                InterleavedImage decodedLevel = full;
                passThrough = JpegStream.of(source).filter(jpeg -> jpeg.width() == decodedLevel.width()
                        && jpeg.height() == decodedLevel.height() && jpeg.components() == decodedLevel.channels());
            } catch (IOException e) {
                throw new ConversionException("cannot read " + source + ": " + message(e), e);
            }
            if (passThrough.isEmpty()) {
                notes.add("level 0 re-encoded: the JPEG is progressive, arithmetic-coded, 12-bit, CMYK/RGB or "
                        + "sampled in a way TIFF cannot describe");
            }
        }
        Compression compression = settings.compression();
        if (compression == Compression.JPEG && full.hasAlpha()) {
            compression = Compression.DEFLATE;
            notes.add("-jpegcompress ignored: the source has alpha; deflate used");
        } else if (compression == Compression.JPEG && full.bits() == 16) {
            compression = Compression.DEFLATE;
            notes.add("-jpegcompress ignored: JPEG holds 8 bits per sample and the source has 16; deflate used");
        }
        TiffOptions options = new TiffOptions(compression, settings.jpegQuality(), settings.fullSampleChroma(), dpi,
                settings.embedColorProfile() ? outputProfile : null,
                settings.embedXmp() ? metadata.xmp() : null, "ImageServing ic " + Version.current(), clock.instant());
        Path temporary = destination.resolveSibling("." + destination.getFileName() + ".ic-partial");
        int levels;
        try {
            try (PyramidTiffWriter writer = new PyramidTiffWriter(temporary, options)) {
                if (passThrough.isPresent()) {
                    writer.writeJpegLevel(passThrough.get());
                    progress.accept("level 0: " + full.width() + "x" + full.height() + ", the source's JPEG data");
                } else {
                    writer.writeLevel(full);
                    progress.accept("level 0: " + full.width() + "x" + full.height());
                }
                Downsampler downsampler = new Downsampler(settings.filter());
                InterleavedImage level = full;
                while (level.width() > TiffOptions.TILE_SIZE || level.height() > TiffOptions.TILE_SIZE) {
                    level = downsampler.halve(level);
                    writer.writeLevel(settings.usm() == null ? level : settings.usm().apply(level));
                    progress.accept("level " + (writer.levels() - 1) + ": " + level.width() + "x" + level.height());
                }
                levels = writer.levels();
            }
            Files.move(temporary, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw new ConversionException("cannot write " + destination + ": " + message(e), e);
        } catch (OutOfMemoryError e) {
            deleteQuietly(temporary);
            throw new ConversionException("not enough memory to convert " + source + "; give ic more heap (IC_JAVA_OPTS=-Xmx...)");
        }
        if (passThrough.isPresent()) {
            notes.add("level 0: the source's JPEG data, copied without decoding (-jpegPassThrough)");
        }
        return new Result(full.width(), full.height(), levels, compression, notes, crop);
    }

    /** Refuses, from the header alone, an image whose conversion would need more than the memory limit. */
    private void checkMemory(ImageHeader header) throws ConversionException {
        int bands = Math.max(3, header.bands());
        int bits = header.bitsPerComponent() > 8 ? 16 : 8;
        long needed = (long) (InterleavedImage.bytesFor(header.width(), header.height(), bands, bits) * PEAK_MEMORY_FACTOR);
        long limit = Math.min(settings.maxMemoryBytes(), Runtime.getRuntime().maxMemory());
        if (needed > limit) {
            throw new ConversionException(String.format(java.util.Locale.ROOT,
                    "%dx%d pixels need about %d MB to convert, over the limit of %d MB (%s)", header.width(),
                    header.height(), needed >> 20, limit >> 20,
                    settings.maxMemoryBytes() <= Runtime.getRuntime().maxMemory() ? "-maxmem/-maxmempercent"
                            : "Java heap; raise it with IC_JAVA_OPTS=-Xmx..."));
        }
    }

    /** The embedded profile, or null when there is none or it does not parse (then no conversion can use it). */
    private static ICC_Profile parse(byte[] profile) {
        if (profile == null) {
            return null;
        }
        try {
            return ICC_Profile.getInstance(profile);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the failure being reported matters more than a leftover temporary file
        }
    }
}
