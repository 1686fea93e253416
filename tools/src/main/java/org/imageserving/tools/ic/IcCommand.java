package org.imageserving.tools.ic;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.imageserving.common.health.Version;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.tools.ptiff.Compression;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/ic}: converts a file or a folder of images to pyramid TIFF, with the documented single-dash options.
 * Exit codes: 0 every file converted, 1 a file could not be converted, 2 bad or unsupported options.
 */
@Command(name = "ic", sortOptions = false, usageHelpWidth = 110, separator = " ",
        description = "Converts images to tiled, multi-resolution (pyramid) TIFF for Image Serving.",
        customSynopsis = {"ic -convert [options] sourceFile destFile",
                "       ic -convert [options] sourceFolder destFolder",
                "       ic -convert [options] sourceFile destFolder",
                "       ic -autocrop corner mode tolerance infoFile [options] sourceFile",
                "       ic -version"})
public final class IcCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final long MIN_MAXMEM = 10L << 20;

    @Option(names = {"-convert", "-c"}, description = "Convert sourceFile/sourceFolder to PTIFF.")
    boolean convert;
    @Option(names = "-uncompressed", description = "Do not compress.")
    boolean uncompressed;
    @Option(names = "-deflatecompress", description = "Deflate (zip) compression (default).")
    boolean deflate;
    @Option(names = "-lzwcompress", description = "LZW compression.")
    boolean lzw;
    @Option(names = "-jpegcompress", description = "JPEG compression; ignored when the source has alpha or 16 bits per sample.")
    boolean jpeg;
    @Option(names = "-jpegquality", paramLabel = "quality", description = "JPEG quality 0-100 (default 95).")
    int jpegQuality = 95;
    @Option(names = "-fullsamplechrominance", description = "No JPEG chroma subsampling.")
    boolean fullSampleChroma;
    @Option(names = "-usm", arity = "4", paramLabel = "<v>", description = "amount radius threshold monochrome: unsharp mask on the reduced levels.")
    List<String> usm;
    @Option(names = "-applyClippath", description = "Turn the source's designated clipping path into alpha.")
    boolean applyClipPath;
    @Option(names = "-dpi", paramLabel = "dpi", description = "Print resolution of the output (default: the source's).")
    double dpi;
    @Option(names = "-autocrop", arity = "4", paramLabel = "<v>", description = "corner mode tolerance infoFile: compute a crop rectangle and write it to infoFile.")
    List<String> autocrop;
    @Option(names = "-embedXmpData", description = "Copy the source's XMP unchanged.")
    boolean embedXmp;
    @Option(names = "-embedColorProfile", description = "Embed the source's ICC profile.")
    boolean embedColorProfile;
    @Option(names = "-imageprofile", paramLabel = "file", description = "ICC profile of the source (overrides an embedded one; must match its pixel type).")
    Path imageProfile;
    @Option(names = "-viewprofile", paramLabel = "file", description = "ICC profile (RGB or gray) to convert to, when the source's profile is known.")
    Path viewProfile;
    @Option(names = "-intentPerceptual", description = "Perceptual render intent.")
    boolean intentPerceptual;
    @Option(names = "-intentRelColorimetric", description = "Relative colorimetric render intent (default).")
    boolean intentRelative;
    @Option(names = "-intentAbsColorimetric", description = "Absolute colorimetric render intent.")
    boolean intentAbsolute;
    @Option(names = "-intentSaturation", description = "Saturation render intent.")
    boolean intentSaturation;
    @Option(names = "-cmsNoBlackPointCompensation", description = "No black point compensation (on by default).")
    boolean noBlackPointCompensation;
    @Option(names = "-cmsNoDither8", description = "No dithering in colour conversions (the conversion never dithers).")
    boolean noDither;
    @Option(names = "-maintainpixeltype", description = "Keep CMYK (not implemented: refused for CMYK sources).")
    boolean maintainPixelType;
    @Option(names = "-forceJPEGDecompress", description = "Decode and re-encode JPEG input (the default here: every level is tiled).")
    boolean forceJpegDecompress;
    // Our extension. A copied JPEG is one strip: every full-resolution region (a zoom tile) then decodes the whole
    // master, so the tiled pyramid (our choice) stays the default.
    @Option(names = "-jpegPassThrough", description = "Copy a JPEG source's data into the full-resolution level without "
            + "recompression, as one strip (full-resolution regions then decode the whole image).")
    boolean jpegPassThrough;
    @Option(names = "-downsample2x2", description = "2x2 box (bilinear) level filter.")
    boolean box;
    @Option(names = "-downsample8x8", description = "8x8 Lanczos level filter (default).")
    boolean lanczos;
    @Option(names = {"-downsample8x8FlashPix", "-downsample8x8BicubicSharp"},
            description = "Not supported: their coefficients are not published.")
    List<Boolean> unpublishedFilters;
    @Option(names = "-nousage", description = "(first option) No usage text on bad options.")
    boolean noUsage;
    @Option(names = "-overwrite", description = "Overwrite destFile (default: add a numeric suffix).")
    boolean overwrite;
    @Option(names = "-skiphidden", description = "Skip hidden source files.")
    boolean skipHidden;
    @Option(names = "-continueonerror", description = "Keep converting a folder after a file fails.")
    boolean continueOnError;
    @Option(names = "-logfile", paramLabel = "file", description = "Log file (default stdout).")
    Path logFile;
    @Option(names = "-loglevel", paramLabel = "level", description = "<0 off, 0 files, 1 + unneeded files, 2 + progress (default), 3 + every file, 4 + per-file progress.")
    int logLevel = IcLog.PROGRESS;
    @Option(names = "-logappend", description = "Append to the log file (default).")
    boolean logAppend;
    @Option(names = "-nologappend", description = "Overwrite the log file.")
    boolean noLogAppend;
    @Option(names = "-logprogressmsec", paramLabel = "msec", description = "Progress interval (default 3000).")
    long logProgressMsec = 3000;
    @Option(names = "-maxmem", paramLabel = "bytes", description = "Memory limit, at least 10 MB.")
    Long maxMem;
    @Option(names = "-maxmempercent", paramLabel = "percent", description = "Memory limit as a share of physical memory (default 25).")
    Integer maxMemPercent;
    @Option(names = "-version", description = "Print the version (alone).")
    boolean version;
    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(paramLabel = "source dest", description = "Source file or folder, destination file or folder.")
    List<Path> paths = new ArrayList<>();

    private final PrintStream stdout;
    private final PrintStream stderr;

    IcCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs ic as the command line would; returns the exit code. */
    public static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        boolean quietUsage = args.length > 0 && args[0].equals("-nousage");
        CommandLine commandLine = new CommandLine(new IcCommand(stdout, stderr));
        commandLine.setPosixClusteredShortOptionsAllowed(false);
        commandLine.setOut(new PrintWriter(stdout, true));
        commandLine.setErr(new PrintWriter(stderr, true));
        commandLine.setParameterExceptionHandler((e, a) -> {
            stderr.println("ic: " + e.getMessage());
            if (!quietUsage) {
                e.getCommandLine().usage(stderr);
            }
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            stderr.println("ic: " + e);
            return FAILED;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        if (version) {
            stdout.println("ic (ImageServing) " + Version.current());
            return OK;
        }
        ConversionSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        boolean autocropOnly = !convert && autocrop != null;
        if (!convert && !autocropOnly) {
            return usage("nothing to do: give -convert (or -autocrop to compute a crop only)");
        }
        if (autocropOnly ? paths.size() != 1 : paths.size() != 2) {
            return usage(autocropOnly ? "-autocrop without -convert takes one source file"
                    : "-convert takes a source and a destination");
        }
        Path source = paths.get(0);
        if (!Files.exists(source)) {
            return usage("source " + source + " does not exist");
        }
        try (IcLog log = IcLog.open(logFile, !noLogAppend, logLevel, stdout, stderr)) {
            PyramidConverter converter = new PyramidConverter(settings);
            if (autocropOnly) {
                return convertOne(converter, log, source, null);
            }
            Path dest = paths.get(1);
            if (Files.isDirectory(source)) {
                if (settings.autoCrop() != null) {
                    // one info file per run: with a folder every source would overwrite the one before
                    return usage("-autocrop takes a single source file, not a folder");
                }
                if (Files.exists(dest) && !Files.isDirectory(dest)) {
                    return usage("a source folder needs a destination folder; " + dest + " is a file");
                }
                return convertFolder(converter, log, source, dest);
            }
            if (Files.isDirectory(dest)) {
                dest = dest.resolve(tiffName(source));
            }
            return convertOne(converter, log, source, dest);
        } catch (IOException e) {
            stderr.println("ic: cannot open log file " + logFile + ": " + e.getMessage());
            return FAILED;
        }
    }

    private ConversionSettings settings() {
        int compressions = (uncompressed ? 1 : 0) + (deflate ? 1 : 0) + (lzw ? 1 : 0) + (jpeg ? 1 : 0);
        if (compressions > 1) {
            throw new IllegalArgumentException("give only one of -uncompressed, -deflatecompress, -lzwcompress, -jpegcompress");
        }
        Compression compression = uncompressed ? Compression.NONE : lzw ? Compression.LZW : jpeg ? Compression.JPEG : Compression.DEFLATE;
        if (jpegQuality < 0 || jpegQuality > 100) {
            throw new IllegalArgumentException("-jpegquality must be 0-100, not " + jpegQuality);
        }
        if (unpublishedFilters != null && !unpublishedFilters.isEmpty()) {
            throw new IllegalArgumentException("-downsample8x8FlashPix and -downsample8x8BicubicSharp are not supported: "
                    + "their filter coefficients are not published; use -downsample8x8 (Lanczos) or -downsample2x2");
        }
        if (box && lanczos) {
            throw new IllegalArgumentException("give only one of -downsample2x2 and -downsample8x8");
        }
        if (dpi < 0) {
            throw new IllegalArgumentException("-dpi must be positive");
        }
        if (logAppend && noLogAppend) {
            throw new IllegalArgumentException("give only one of -logappend and -nologappend");
        }
        if (logProgressMsec < 0) {
            throw new IllegalArgumentException("-logprogressmsec must not be negative");
        }
        UnsharpMask mask = null;
        if (usm != null) {
            try {
                mask = new UnsharpMask(Double.parseDouble(usm.get(0)), Double.parseDouble(usm.get(1)),
                        Integer.parseInt(usm.get(2)), parseFlag(usm.get(3)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-usm needs numbers: amount radius threshold monochrome(0|1)");
            }
        }
        AutoCrop crop = null;
        if (autocrop != null) {
            try {
                crop = new AutoCrop(autocrop.get(0), Integer.parseInt(autocrop.get(1)), Double.parseDouble(autocrop.get(2)),
                        Path.of(autocrop.get(3)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-autocrop needs: corner(ul|ur|ll|lr) mode(0|1) tolerance(0.0-1.0) infoFile");
            }
        }
        return new ConversionSettings(compression, jpegQuality, fullSampleChroma, mask,
                box ? DownsampleFilter.BOX_2X2 : DownsampleFilter.LANCZOS_8X8, dpi, embedColorProfile, embedXmp,
                applyClipPath, maintainPixelType, crop, memoryLimit(), colorManagement(),
                forceJpegDecompress || !jpegPassThrough);
    }

    private ColorManagement colorManagement() {
        int intents = (intentPerceptual ? 1 : 0) + (intentRelative ? 1 : 0) + (intentAbsolute ? 1 : 0) + (intentSaturation ? 1 : 0);
        if (intents > 1) {
            throw new IllegalArgumentException("give only one of -intentPerceptual, -intentRelColorimetric, "
                    + "-intentAbsColorimetric, -intentSaturation");
        }
        RenderIntent intent = intentPerceptual ? RenderIntent.PERCEPTUAL : intentAbsolute ? RenderIntent.ABSOLUTE_COLORIMETRIC
                : intentSaturation ? RenderIntent.SATURATION : RenderIntent.RELATIVE_COLORIMETRIC;
        byte[] imageBytes = imageProfile == null ? null : profileBytes("-imageprofile", imageProfile);
        byte[] viewBytes = viewProfile == null ? null : profileBytes("-viewprofile", viewProfile);
        ICC_Profile view = viewBytes == null ? null : profile("-viewprofile", viewProfile, viewBytes);
        if (view != null && view.getColorSpaceType() != ColorSpace.TYPE_RGB && view.getColorSpaceType() != ColorSpace.TYPE_GRAY) {
            // ic writes RGB and gray pyramids only (see -maintainpixeltype)
            throw new IllegalArgumentException("-viewprofile " + viewProfile + " is not an RGB or gray profile; "
                    + "ic writes RGB and gray pyramid TIFFs only");
        }
        return new ColorManagement(imageBytes == null ? null : profile("-imageprofile", imageProfile, imageBytes), imageBytes,
                view, viewBytes, intent, !noBlackPointCompensation);
    }

    private static byte[] profileBytes(String option, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static ICC_Profile profile(String option, Path file, byte[] bytes) {
        try {
            ICC_Profile profile = ICC_Profile.getInstance(bytes);
            int space = profile.getColorSpaceType();
            if (space != ColorSpace.TYPE_RGB && space != ColorSpace.TYPE_GRAY && space != ColorSpace.TYPE_CMYK) {
                throw new IllegalArgumentException(option + ": " + file + " is not an RGB, gray or CMYK profile");
            }
            return profile;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(option)) {
                throw e;
            }
            throw new IllegalArgumentException(option + ": " + file + " is not an ICC profile");
        }
    }

    private static boolean parseFlag(String value) {
        if (!value.equals("0") && !value.equals("1")) {
            throw new IllegalArgumentException("-usm monochrome must be 0 or 1, not " + value);
        }
        return value.equals("1");
    }

    private long memoryLimit() {
        if (maxMem != null && maxMemPercent != null) {
            throw new IllegalArgumentException("give only one of -maxmem and -maxmempercent");
        }
        if (maxMem != null) {
            if (maxMem < MIN_MAXMEM) {
                throw new IllegalArgumentException("-maxmem must be at least 10 MB (10485760), not " + maxMem);
            }
            return maxMem;
        }
        int percent = maxMemPercent == null ? 25 : maxMemPercent;
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("-maxmempercent must be 1-100, not " + percent);
        }
        long physical = physicalMemory();
        return physical > 0 ? physical / 100 * percent : Long.MAX_VALUE;
    }

    private static long physicalMemory() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return 0;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A usage error: the message, then the usage text unless -nousage came first. */
    private int usage(String message) {
        stderr.println("ic: " + message);
        if (!noUsage && spec != null) {
            spec.commandLine().usage(stderr);
        }
        return USAGE;
    }

    private int convertOne(PyramidConverter converter, IcLog log, Path source, Path dest) {
        Path target = dest == null ? null : freeName(dest);
        log.log(IcLog.FILES, target == null ? "auto-crop " + source : source + " -> " + target);
        try {
            if (target != null && target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            PyramidConverter.Result result = converter.convert(source, target,
                    line -> log.log(IcLog.FILE_PROGRESS, "  " + line));
            for (String note : result.notes()) {
                log.log(IcLog.FILES, "  " + note);
            }
            result.crop().ifPresent(r -> log.log(IcLog.FILES, String.format(Locale.ROOT,
                    "  auto-crop %d,%d %dx%d of %dx%d", r.x, r.y, r.width, r.height, result.width(), result.height())));
            if (target != null) {
                log.log(IcLog.EVERY_FILE, String.format(Locale.ROOT, "  %dx%d, %d levels, %s", result.width(),
                        result.height(), result.levels(), result.compression().name().toLowerCase(Locale.ROOT)));
            }
            return OK;
        } catch (ConversionException e) {
            log.error(e.getMessage());
            return FAILED;
        } catch (IOException e) {
            log.error("cannot create the folder of " + target + ": " + e.getMessage());
            return FAILED;
        }
    }

    private int convertFolder(PyramidConverter converter, IcLog log, Path sourceFolder, Path destFolder) {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sourceFolder)) {
            for (Path file : walk.sorted().toList()) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                if (skipHidden && isHidden(sourceFolder, file)) {
                    log.log(IcLog.EVERY_FILE, "skipped hidden " + file);
                    continue;
                }
                if (!isImage(SourceFormat.of(file))) {
                    log.log(IcLog.UNNEEDED, "not an image, skipped: " + file);
                    continue;
                }
                log.log(IcLog.EVERY_FILE, "found " + file);
                sources.add(file);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            log.error("cannot list " + sourceFolder + ": " + e.getMessage());
            return FAILED;
        }
        log.log(IcLog.FILES, sources.size() + " files to convert from " + sourceFolder + " to " + destFolder);
        Instant start = Instant.now();
        Instant lastProgress = start;
        int done = 0;
        int failed = 0;
        for (Path source : sources) {
            Path relative = sourceFolder.relativize(source);
            Path dest = destFolder.resolve(relative).resolveSibling(tiffName(source));
            int code = convertOne(converter, log, source, dest);
            done++;
            if (code != OK) {
                failed++;
                if (!continueOnError) {
                    log.error("stopped after the first error (-continueonerror keeps going); "
                            + (sources.size() - done) + " files not converted");
                    break;
                }
            }
            Instant now = Instant.now();
            if (log.enabled(IcLog.PROGRESS) && Duration.between(lastProgress, now).toMillis() >= logProgressMsec) {
                lastProgress = now;
                Duration elapsed = Duration.between(start, now);
                Duration left = elapsed.multipliedBy(sources.size() - done).dividedBy(done);
                log.log(IcLog.PROGRESS, String.format(Locale.ROOT, "progress: %d/%d files (%d%%), %d failed, %s elapsed, about %s left",
                        done, sources.size(), done * 100 / sources.size(), failed, IcLog.duration(elapsed), IcLog.duration(left)));
            }
        }
        log.log(IcLog.FILES, String.format(Locale.ROOT, "done: %d converted, %d failed, %d not attempted, in %s",
                done - failed, failed, sources.size() - done, IcLog.duration(Duration.between(start, Instant.now()))));
        return failed == 0 ? OK : FAILED;
    }

    private static boolean isHidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        try {
            return Files.isHidden(file);
        } catch (IOException e) {
            return false;
        }
    }

    static Path tiffName(Path source) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Path.of((dot > 0 ? name.substring(0, dot) : name) + ".tif");
    }

    /** The destination itself with -overwrite or when free; else the first free {@code name-N.tif}. */
    Path freeName(Path dest) {
        if (overwrite || !Files.exists(dest)) {
            return dest;
        }
        String name = dest.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; ; n++) {
            Path candidate = dest.resolveSibling(base + "-" + n + extension);
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
    }

    /** SVG is drawn by the SVG server, never converted: like a file of no known format, it is skipped. */
    private static boolean isImage(SourceFormat format) {
        return format != SourceFormat.UNKNOWN && format != SourceFormat.SVG;
    }
}
