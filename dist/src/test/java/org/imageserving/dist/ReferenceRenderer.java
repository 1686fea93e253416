package org.imageserving.dist;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Reference renderings from an independent SVG renderer: librsvg's {@code rsvg-convert} (Debian package
 * {@code librsvg2-bin}). When it is missing and we run as root (as CI does on a fresh machine), it is installed with
 * apt-get; otherwise the tests fail with a message saying how to install it. They never skip silently.
 */
final class ReferenceRenderer {
    private static final String TOOL = "rsvg-convert";
    private static volatile boolean ready;

    private ReferenceRenderer() {}

    /** The corpus names DejaVu Sans, so that both renderers draw text with the same font. */
    private static final Path TEXT_FONT = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    static synchronized void ensureInstalled() {
        if (ready || (available() && Files.exists(TEXT_FONT))) {
            ready = true;
            return;
        }
        if (!isRoot()) {
            throw new AssertionError(TOOL + " or the DejaVu fonts are missing: the SVG tests compare with librsvg's "
                    + "renderings. Install them with: sudo apt-get install -y librsvg2-bin fonts-dejavu-core");
        }
        run(List.of("apt-get", "update", "-q"), 600);
        run(List.of("apt-get", "install", "-y", "-q", "librsvg2-bin", "fonts-dejavu-core"), 600);
        if (!available() || !Files.exists(TEXT_FONT)) {
            throw new AssertionError("apt-get install librsvg2-bin fonts-dejavu-core did not provide " + TOOL
                    + " and " + TEXT_FONT);
        }
        ready = true;
    }

    /** {@code svg} drawn by librsvg at exactly {@code width} x {@code height}. */
    static BufferedImage render(Path svg, int width, int height) {
        ensureInstalled();
        try {
            Path png = Files.createTempFile("rsvg", ".png");
            try {
                run(List.of(TOOL, "-w", Integer.toString(width), "-h", Integer.toString(height), "-o", png.toString(),
                        svg.toString()), 60);
                return ImageIO.read(png.toFile());
            } finally {
                Files.deleteIfExists(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean available() {
        try {
            Process p = new ProcessBuilder(TOOL, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            String uid = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(List<String> command, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("command", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed with exit code " + p.exitValue()
                            + ":\n" + Files.readString(log));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Mean absolute difference per colour channel (0..255) of two images composited on white. */
    static double meanDifference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new AssertionError("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " and "
                    + b.getWidth() + "x" + b.getHeight());
        }
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = onWhite(a.getRGB(x, y));
                int q = onWhite(b.getRGB(x, y));
                for (int shift = 0; shift < 24; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    static int onWhite(int argb) {
        int alpha = argb >>> 24;
        int out = 0;
        for (int shift = 0; shift < 24; shift += 8) {
            int c = (argb >> shift) & 0xff;
            out |= ((c * alpha + 255 * (255 - alpha) + 127) / 255) << shift;
        }
        return out;
    }
}
