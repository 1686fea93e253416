package org.imageserving.svg.fonts;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the fonts under {@code PS::svgProvider.fontRoot} available to SVG text by family name. Read once at start:
 * an SVG never names a font file, so no document can make this server read a file of its choosing. Must run before
 * the first SVG text is drawn: JSVG reads the list of font families once per JVM.
 */
public final class FontRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(FontRegistry.class);
    private static final int MAX_DEPTH = 8;

    private FontRegistry() {}

    /** Registers every TrueType/OpenType font under {@code root}; returns the family names it added or re-used. */
    public static List<String> registerAll(Path root) {
        List<String> families = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            LOG.warn("PS::svgProvider.fontRoot {} is not a folder; SVG text uses the system fonts only", root);
            return families;
        }
        GraphicsEnvironment graphics = GraphicsEnvironment.getLocalGraphicsEnvironment();
        try (Stream<Path> files = Files.walk(root, MAX_DEPTH)) {
            for (Path file : files.filter(FontRegistry::isFontFile).toList()) {
                try {
                    for (Font font : Font.createFonts(file.toFile())) {
                        graphics.registerFont(font);
                        if (!families.contains(font.getFamily(Locale.ROOT))) {
                            families.add(font.getFamily(Locale.ROOT));
                        }
                    }
                } catch (FontFormatException | IOException e) {
                    LOG.warn("not a usable font, skipped: {} ({})", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the fonts under {}: {}", root, e.getMessage());
        }
        LOG.info("SVG fonts from {}: {}", root, families);
        return families;
    }

    private static boolean isFontFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".ttf") || name.endsWith(".otf") || name.endsWith(".ttc")) && Files.isRegularFile(file);
    }
}
