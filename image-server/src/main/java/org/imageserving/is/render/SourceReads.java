package org.imageserving.is.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/** What every ImageIO-backed source does alike: read pixels so that damage is an error, and report failures. */
final class SourceReads {
    private static final Pattern DAMAGED = Pattern.compile("premature|truncat|corrupt|unexpected end", Pattern.CASE_INSENSITIVE);

    private SourceReads() {}

    /**
     * Reads image {@code index}. Decoders fill a truncated file with gray and only warn: that is a damaged source, not
     * an image, so such a warning becomes the usage error for a corrupt file.
     */
    static BufferedImage readUndamaged(ImageReader reader, int index, ImageReadParam param, Path file) throws IOException {
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (r, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        BufferedImage decoded;
        try {
            decoded = reader.read(index, param);
        } finally {
            reader.removeIIOReadWarningListener(listener);
        }
        for (String warning : warnings) {
            if (DAMAGED.matcher(warning).find()) {
                throw RenderException.unreadableSource("corrupt or truncated image " + file.getFileName() + ": " + warning, null);
            }
        }
        return decoded;
    }

    static RenderException corrupt(Path file, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.imageserving.common.imaging.source.s3.ObjectStoreException store) {
                // the bucket failed, not the image: worth retrying, never a reason for the secondary server
                return org.imageserving.is.source.SourceResolver.unavailable(store);
            }
        }
        return RenderException.unreadableSource("corrupt or unreadable image " + file.getFileName() + ": " + e.getMessage(), e);
    }

    static void closeQuietly(ImageInputStream input) {
        if (input != null) {
            try {
                input.close();
            } catch (IOException ignored) {
                // read-only stream: a failed close loses nothing
            }
        }
    }
}
