package org.imageserving.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure a file of a Debian package is present: installs the package with apt-get when running as root (as CI
 * does on a fresh machine), and otherwise fails with the command to run. A test never skips silently.
 */
public final class DebianPackage {
    private DebianPackage() {}

    public static synchronized Path require(Path file, String packageName) {
        if (Files.exists(file)) {
            return file;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError(file + " is missing; install it with: sudo apt-get install -y " + packageName);
        }
        run(List.of("apt-get", "update", "-q"));
        run(List.of("apt-get", "install", "-y", "-q", packageName));
        if (!Files.exists(file)) {
            throw new AssertionError("apt-get install " + packageName + " did not provide " + file);
        }
        return file;
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
