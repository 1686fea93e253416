package org.imageserving.ps.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.http.RequestException;

/**
 * {@code req=mbrSet}: the streams of a video set (the record's {@code catalog::ImageSet}) as an Apple HTTP Live
 * Streaming master playlist ({@code fmt=m3u8}, the default) or an Adobe HDS manifest ({@code fmt=f4m}). A set entry is
 * a video when its record (the static-content catalog's first, then the image catalog's) has a {@code Path} ending in
 * {@code .mp4} or {@code .f4v} and at least one of {@code TotalStreamBitRate}, {@code VideoBitRate},
 * {@code AudioBitRate} (bits per second). m3u8 lists the mp4 files, or the f4v files when there is no mp4; f4m the
 * other way round; neither gives an empty reply. Each URL is the streaming context
 * ({@code attribute::HttpAppleStreamingContext} / {@code HttpFlashStreamingContext}) joined with the file's path.
 */
final class MultiBitRateSets {
    /** One playable stream of the set. */
    record Stream(String path, String extension, long bitsPerSecond, Optional<int[]> size) {}

    enum Manifest {
        M3U8("application/vnd.apple.mpegurl", "HttpAppleStreamingContext", List.of("mp4", "f4v")),
        F4M("application/f4m+xml", "HttpFlashStreamingContext", List.of("f4v", "mp4"));

        final String contentType;
        final String contextAttribute;
        final List<String> preference;

        Manifest(String contentType, String contextAttribute, List<String> preference) {
            this.contentType = contentType;
            this.contextAttribute = contextAttribute;
            this.preference = preference;
        }

        static Manifest of(String fmt) {
            String wanted = fmt == null ? "m3u8" : fmt.strip().toLowerCase(Locale.ROOT);
            return switch (wanted) {
                case "", "m3u8" -> M3U8;
                case "f4m" -> F4M;
                default -> throw new RequestException(403, "req=mbrSet&fmt=" + fmt + ": the formats of req=mbrSet "
                        + "are m3u8 and f4m");
            };
        }
    }

    private MultiBitRateSets() {}

    /**
     * The streams of {@code imageSet} in set order, those of the manifest's preferred file type.
     *
     * @param records a set entry (as written, {@code catalog/id}) to its record, static-content catalog first
     */
    static List<Stream> streams(String imageSet, Manifest manifest, Function<String, Optional<CatalogRecord>> records) {
        List<Stream> all = new ArrayList<>();
        for (String entry : imageSet.split(",")) {
            String id = entry.strip();
            if (!id.isEmpty()) {
                records.apply(id).flatMap(MultiBitRateSets::stream).ifPresent(all::add);
            }
        }
        for (String extension : manifest.preference) {
            List<Stream> chosen = all.stream().filter(s -> s.extension.equals(extension)).toList();
            if (!chosen.isEmpty()) {
                return chosen;
            }
        }
        return List.of();
    }

    private static Optional<Stream> stream(CatalogRecord record) {
        String path = record.path().strip();
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!extension.equals("mp4") && !extension.equals("f4v")) {
            return Optional.empty();
        }
        OptionalLong total = bitRate(record, "totalstreambitrate");
        OptionalLong video = bitRate(record, "videobitrate");
        OptionalLong audio = bitRate(record, "audiobitrate");
        if (total.isEmpty() && video.isEmpty() && audio.isEmpty()) {
            return Optional.empty();
        }
        long bits = total.isPresent() ? total.getAsLong() : video.orElse(0) + audio.orElse(0);
        return Optional.of(new Stream(path, extension, bits, size(record)));
    }

    private static OptionalLong bitRate(CatalogRecord record, String field) {
        String value = record.field(field).strip();
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long bits = Long.parseLong(value);
            if (bits < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(bits);
        } catch (NumberFormatException e) {
            throw new RequestException(403, "catalog::" + field + " of " + record.id() + " is " + value
                    + ", not a bit rate in bits per second");
        }
    }

    private static Optional<int[]> size(CatalogRecord record) {
        String[] parts = record.field("videosize").strip().split("\\s*,\\s*");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The manifest's text; a set with streams needs the catalog's streaming context to make their URLs. */
    static String write(Manifest manifest, String name, List<Stream> streams, Catalog main) {
        if (streams.isEmpty()) {
            return "";
        }
        String context = main.attribute(manifest.contextAttribute).strip();
        if (context.isEmpty()) {
            throw new RequestException(403, "req=mbrSet&fmt=" + manifest.name().toLowerCase(Locale.ROOT)
                    + ": attribute::" + manifest.contextAttribute + " of catalog " + main.rootId()
                    + " is not set, so the streams have no URL");
        }
        String prefix = context.endsWith("/") ? context : context + "/";
        StringBuilder out = new StringBuilder();
        if (manifest == Manifest.M3U8) {
            out.append("#EXTM3U\n");
            for (Stream s : streams) {
                out.append("#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=").append(s.bitsPerSecond);
                s.size.ifPresent(wh -> out.append(",RESOLUTION=").append(wh[0]).append('x').append(wh[1]));
                out.append('\n').append(prefix).append(relative(s.path)).append('\n');
            }
            return out.toString();
        }
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest xmlns=\"http://ns.adobe.com/f4m/1.0\">\n")
                .append("  <id>").append(xml(name)).append("</id>\n")
                .append("  <streamType>recorded</streamType>\n")
                .append("  <baseURL>").append(xml(prefix)).append("</baseURL>\n");
        for (Stream s : streams) {
            // f4m bit rates are in kilobits per second
            out.append("  <media url=\"").append(xml(relative(s.path))).append("\" bitrate=\"")
                    .append(Math.round(s.bitsPerSecond / 1000.0)).append('"');
            s.size.ifPresent(wh -> out.append(" width=\"").append(wh[0]).append("\" height=\"").append(wh[1])
                    .append('"'));
            out.append("/>\n");
        }
        return out.append("</manifest>\n").toString();
    }

    private static String relative(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
