package org.imageserving.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Other programs' TIFF readers (libtiff's tiffinfo/tiffdump, libvips' vipsheader/vips) that check ic's files. When one is
 * missing and the tests run as root (as CI does, on a fresh machine), it is installed with apt-get; otherwise the test
 * fails and says what to install. It never skips: an interoperability check that silently did not run proves nothing.
 * ImageMagick, a third reader checked on top of those two, is the exception: where it cannot be installed its test is
 * skipped with the reason (see {@link #imageMagickUnavailable()}).
 */
final class ExternalTools {
    private static final String PACKAGES = "libtiff-tools libvips-tools";

    private ExternalTools() {
    }

    /** The outcome of one external command. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static synchronized void require() {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        if (!isRoot()) {
            throw new AssertionError("The interoperability tests need " + missing + ": install them with "
                    + "'apt-get install -y " + PACKAGES + "' (they are installed automatically only when the tests run as root)");
        }
        Result update = run(Path.of("."), List.of("apt-get", "update", "-q"), 600);
        Result install = run(Path.of("."), List.of("apt-get", "install", "-y", "-q", "libtiff-tools", "libvips-tools"), 900);
        List<String> still = missing();
        if (!still.isEmpty()) {
            throw new AssertionError("could not install " + PACKAGES + " (still missing " + still + ")\napt-get update: "
                    + update + "\napt-get install: " + install);
        }
    }

    /**
     * The command that runs ImageMagick's {@code tool} (convert, identify): {@code magick tool} for ImageMagick 7, else
     * Debian's versioned ImageMagick 6 binary. Never the bare name: whatever else on the PATH is called {@code convert}
     * (a wrapper, or Windows' disk tool) is not what these tests mean to check.
     */
    static List<String> imageMagick(String tool) {
        if (onPath("magick")) {
            return List.of("magick", tool);
        }
        if (onPath(tool + "-im6.q16")) {
            return List.of(tool + "-im6.q16");
        }
        return null;
    }

    /**
     * Installs ImageMagick with apt-get when it is missing and the tests run as root. Returns why it is unavailable, or
     * null when it is there: the caller skips with that reason (ImageMagick is a third reader on top of libtiff and
     * libvips, which never skip).
     */
    static synchronized String imageMagickUnavailable() {
        if (imageMagick("convert") != null && imageMagick("identify") != null) {
            return null;
        }
        if (!isRoot()) {
            return "ImageMagick is not installed and the tests do not run as root: "
                    + "'apt-get install -y imagemagick' runs this check";
        }
        Result update = run(Path.of("."), List.of("apt-get", "update", "-q"), 600);
        Result install = run(Path.of("."), List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "imagemagick"), 900);
        if (imageMagick("convert") != null && imageMagick("identify") != null) {
            return null;
        }
        return "could not install imagemagick\napt-get update: " + update + "\napt-get install: " + install;
    }

    private static List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String tool : new String[] {"tiffinfo", "tiffdump", "vipsheader", "vips"}) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        return missing;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRoot() {
        Result id = run(Path.of("."), List.of("id", "-u"), 10);
        return id.exitCode() == 0 && id.stdout().strip().equals("0");
    }

    static Result run(Path directory, List<String> command, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("tool", ".out");
            Path err = Files.createTempFile("tool", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs one of this checkout's scripts (bin/ic, bin/validate, bin/playlog) with the distribution in lib/. */
    static Result script(String name, List<String> args, Path directory) {
        List<String> command = new ArrayList<>();
        command.add(TestInstallation.CHECKOUT.resolve("bin").resolve(name).toString());
        command.addAll(args);
        return run(directory, command, 300);
    }
}
