package org.imageserving.tools.validate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.imageserving.common.health.Version;
import org.imageserving.tools.validate.ValidationRules.FileType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/validate fileType [options] [sourceFile ...]}. Exit codes: 0 every file valid, 1 at least one invalid,
 * 2 bad options (no file type, -fileList together with files, an unreadable list).
 */
@Command(name = "validate", sortOptions = false, usageHelpWidth = 110, separator = " ",
        description = "Checks that image files are valid and that Image Serving can read them.",
        customSynopsis = "validate -jpeg|-ptif|-any [options] [sourceFile ...]")
public final class ValidateCommand implements Callable<Integer> {
    static final int VALID = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    @Option(names = "-jpeg", description = "Accept JPEG files.")
    boolean jpeg;
    @Option(names = "-ptif", description = "Accept pyramid TIFF files.")
    boolean ptif;
    @Option(names = "-any", description = "Accept every type ic reads.")
    boolean any;
    @Option(names = "-fileList", paramLabel = "listFile", description = "File with one image path per line (no sourceFile then).")
    Path fileList;
    @Option(names = "-readPixels", description = "Decode every pixel (default: header and structure only).")
    boolean readPixels;
    @Option(names = "-validatecolorprofile", description = "Check the embedded ICC profile.")
    boolean validateColorProfile;
    @Option(names = "-reject16BitPerComponent", description = "Fail images with 16 bits per component.")
    boolean reject16Bit;
    @Option(names = "-verbose", description = "More detail about invalid files; also list valid ones.")
    boolean verbose;
    @Option(names = "-silent", description = "No output: the exit code only.")
    boolean silent;
    @Option(names = "-stopOnError", description = "Stop at the first invalid file.")
    boolean stopOnError;
    @Option(names = "-version", description = "Print the version (alone).")
    boolean version;
    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(paramLabel = "sourceFile", description = "Image files.")
    List<Path> files = new ArrayList<>();

    private final PrintStream stdout;
    private final PrintStream stderr;

    ValidateCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        boolean silent = List.of(args).contains("-silent");
        CommandLine commandLine = new CommandLine(new ValidateCommand(stdout, stderr));
        commandLine.setPosixClusteredShortOptionsAllowed(false);
        commandLine.setOut(new PrintWriter(stdout, true));
        commandLine.setErr(new PrintWriter(stderr, true));
        commandLine.setParameterExceptionHandler((e, a) -> {
            if (!silent) {
                stderr.println("validate: " + e.getMessage());
                e.getCommandLine().usage(stderr);
            }
            return USAGE;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        if (version) {
            stdout.println("validate (ImageServing) " + Version.current());
            return VALID;
        }
        Set<FileType> types = EnumSet.noneOf(FileType.class);
        if (jpeg) {
            types.add(FileType.JPEG);
        }
        if (ptif) {
            types.add(FileType.PTIF);
        }
        if (any) {
            types.add(FileType.ANY);
        }
        if (types.isEmpty()) {
            return usage("give the file type: -jpeg, -ptif or -any");
        }
        if (verbose && silent) {
            return usage("give only one of -verbose and -silent");
        }
        List<Path> targets = new ArrayList<>(files);
        if (fileList != null) {
            if (!files.isEmpty()) {
                return usage("-fileList and file names on the command line exclude each other");
            }
            try {
                for (String line : Files.readAllLines(fileList)) {
                    if (!line.isBlank()) {
                        targets.add(Path.of(line.strip()));
                    }
                }
            } catch (IOException | java.nio.file.InvalidPathException e) {
                return usage("cannot read the file list " + fileList + ": " + e.getMessage());
            }
        }
        if (targets.isEmpty()) {
            return usage("no files to validate");
        }
        FileValidator validator = new FileValidator(new ValidationRules(types, readPixels, validateColorProfile,
                reject16Bit, ValidationRules.DEFAULT_MAX_PIXELS));
        int invalid = 0;
        for (Path file : targets) {
            try {
                String description = validator.validate(file);
                if (verbose) {
                    stdout.println(file + ": valid (" + description + ")");
                }
            } catch (InvalidImageException e) {
                invalid++;
                if (!silent) {
                    stderr.println(file + ": invalid: " + e.getMessage());
                    if (verbose) {
                        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                            stderr.println("    caused by " + cause);
                        }
                    }
                }
                if (stopOnError) {
                    break;
                }
            }
        }
        if (verbose) {
            stdout.println(targets.size() + " files, " + invalid + " invalid");
        }
        return invalid == 0 ? VALID : INVALID;
    }

    private int usage(String message) {
        if (!silent) {
            stderr.println("validate: " + message);
        }
        return USAGE;
    }
}
