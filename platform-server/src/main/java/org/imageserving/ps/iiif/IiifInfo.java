package org.imageserving.ps.iiif;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.imageserving.common.props.PropertyWriter;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.imaging.tiff.PyramidLevel;
import org.imageserving.common.imaging.tiff.PyramidTiff;
import org.imageserving.common.imaging.tiff.TiffDirectory;
import org.imageserving.common.imaging.tiff.TiffFile;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.ps.image.SourceFiles;

/**
 * The {@code info.json} of an image (Image API 3.0 §5): level 2 with what this server really adds to it. Sizes are the
 * levels of a pyramid TIFF, else halvings of the full size; tiles are the TIFF's own tile size (square tiles of
 * 512 pixels for anything else), with power-of-two scale factors down to the one at which the whole image is a tile.
 */
public final class IiifInfo {
    public static final String CONTEXT = "http://iiif.io/api/image/3/context.json";
    public static final String PROFILE_URI = "http://iiif.io/api/image/3/level2.json";
    static final int DEFAULT_TILE = 512;
    /** Halvings listed in {@code sizes} stop at this many pixels on the longer side. */
    static final int SMALLEST_SIZE = 64;
    /** A TIFF tile size outside this range is not offered as the IIIF tile size: too many requests, or too large. */
    private static final int MIN_TILE = 64;
    private static final int MAX_TILE = 2048;
    /** Level 2 features and the ones beyond it that this server has (§6, compliance). */
    static final List<String> FEATURES = List.of("baseUriRedirect", "canonicalLinkHeader", "cors", "jsonldMediaType",
            "mirroring", "profileLinkHeader", "regionByPct", "regionByPx", "regionSquare", "rotationArbitrary",
            "rotationBy90s", "sizeByConfinedWh", "sizeByH", "sizeByPct", "sizeByW", "sizeByWh", "sizeUpscaling");

    /** The structure of a source: its pyramid levels (full size first; one for a plain image) and its tile size. */
    public record Structure(List<int[]> levels, int tileWidth, int tileHeight) {
        /** A source that is not a tiled TIFF: its full size as the only level, default tiles. */
        static Structure plain(int width, int height) {
            return new Structure(List.<int[]>of(new int[] {width, height}), DEFAULT_TILE, DEFAULT_TILE);
        }
    }

    private IiifInfo() {}

    /** As {@link #structure(Optional, int, int)} for a file. */
    public static Structure structureOfFile(Optional<Path> file, int width, int height) {
        return structure(file.map(path -> () -> FileChannel.open(path, StandardOpenOption.READ)), width, height);
    }

    /**
     * The pyramid levels and tile size of a source, read from its TIFF directories only (never pixel data), whether its
     * bytes are a file or ranged reads of an object in a bucket; the plain structure for any other format, an unreadable
     * source or sizes that disagree with the Image Server's.
     */
    public static Structure structure(Optional<SourceFiles.SourceBytes> bytes, int width, int height) {
        if (bytes.isEmpty()) {
            return Structure.plain(width, height);
        }
        try (SeekableByteChannel channel = bytes.get().open()) {
            ByteBuffer head = ByteBuffer.allocate(SourceFormat.HEAD_BYTES);
            while (head.hasRemaining() && channel.read(head) > 0) {
                // a read may bring fewer bytes than asked
            }
            if (!SourceFormat.of(head.array(), head.position()).isTiff()) {
                return Structure.plain(width, height);
            }
            channel.position(0);
            Set<TiffTag> kept = EnumSet.copyOf(PyramidTiff.LEVEL_TAGS);
            kept.add(TiffTag.TILE_WIDTH);
            kept.add(TiffTag.TILE_LENGTH);
            kept.add(TiffTag.TILE_OFFSETS);
            TiffFile tiff = TiffReader.read(channel, kept, 1L << 20);
            List<PyramidLevel> levels = PyramidTiff.levels(tiff.directories());
            if (levels.isEmpty() || levels.get(0).width() != width || levels.get(0).height() != height) {
                return Structure.plain(width, height);
            }
            List<int[]> sizes = levels.stream().map(l -> new int[] {l.width(), l.height()}).toList();
            TiffDirectory first = tiff.first();
            int tileWidth = (int) first.first(TiffTag.TILE_WIDTH, 0);
            int tileHeight = (int) first.first(TiffTag.TILE_LENGTH, tileWidth);
            if (tileWidth < MIN_TILE || tileWidth > MAX_TILE || tileHeight < MIN_TILE || tileHeight > MAX_TILE) {
                tileWidth = DEFAULT_TILE;
                tileHeight = DEFAULT_TILE;
            }
            return new Structure(sizes, tileWidth, tileHeight);
        } catch (IOException | RuntimeException e) {
            return Structure.plain(width, height);
        }
    }

    /**
     * The JSON document.
     *
     * @param id the image's base URI, {@code …/iiif/3/<identifier>}
     */
    public static String json(String id, int width, int height, Structure structure, IiifRequest.Limits limits) {
        StringBuilder json = new StringBuilder(1024);
        json.append("{\n");
        json.append("  \"@context\": \"").append(CONTEXT).append("\",\n");
        json.append("  \"id\": ").append(string(id)).append(",\n");
        json.append("  \"type\": \"ImageService3\",\n");
        json.append("  \"protocol\": \"http://iiif.io/api/image\",\n");
        json.append("  \"profile\": \"level2\",\n");
        json.append("  \"width\": ").append(width).append(",\n");
        json.append("  \"height\": ").append(height).append(",\n");
        if (limits.maxWidth() != Long.MAX_VALUE || limits.maxHeight() != Long.MAX_VALUE) {
            // maxHeight alone is not allowed: maxWidth then stands for both
            json.append("  \"maxWidth\": ").append(Math.min(limits.maxWidth(), Integer.MAX_VALUE)).append(",\n");
            if (limits.maxHeight() != limits.maxWidth()) {
                json.append("  \"maxHeight\": ").append(Math.min(limits.maxHeight(), Integer.MAX_VALUE)).append(",\n");
            }
        }
        if (limits.maxArea() != Long.MAX_VALUE) {
            json.append("  \"maxArea\": ").append(limits.maxArea()).append(",\n");
        }
        json.append("  \"sizes\": [");
        List<int[]> sizes = sizes(width, height, structure, limits);
        for (int i = 0; i < sizes.size(); i++) {
            json.append(i == 0 ? "\n    " : ",\n    ").append("{\"width\": ").append(sizes.get(i)[0])
                    .append(", \"height\": ").append(sizes.get(i)[1]).append('}');
        }
        json.append("\n  ],\n");
        json.append("  \"tiles\": [\n    {\"width\": ").append(structure.tileWidth());
        if (structure.tileHeight() != structure.tileWidth()) {
            json.append(", \"height\": ").append(structure.tileHeight());
        }
        json.append(", \"scaleFactors\": ").append(list(scaleFactors(width, height, structure))).append("}\n  ],\n");
        json.append("  \"extraQualities\": [\"color\", \"gray\"],\n");
        json.append("  \"extraFormats\": [\"webp\", \"tif\", \"gif\"],\n");
        json.append("  \"extraFeatures\": [");
        for (int i = 0; i < FEATURES.size(); i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(FEATURES.get(i)).append('"');
        }
        json.append("]\n}\n");
        return json.toString();
    }

    /**
     * The sizes a client can ask for cheaply, smallest first: a pyramid's levels, else halvings of the full size down
     * to {@link #SMALLEST_SIZE}; those beyond the limits left out.
     */
    static List<int[]> sizes(int width, int height, Structure structure, IiifRequest.Limits limits) {
        List<int[]> sizes = new ArrayList<>();
        if (structure.levels().size() > 1) {
            sizes.addAll(structure.levels());
        } else {
            long w = width;
            long h = height;
            int halvings = 0;
            while (true) {
                sizes.add(new int[] {(int) w, (int) h});
                if (Math.max(w, h) <= SMALLEST_SIZE || w <= 1 || h <= 1 || halvings > 30) {
                    break;
                }
                halvings++;
                long divisor = 1L << halvings;
                w = Math.max(1, (width + divisor - 1) / divisor);
                h = Math.max(1, (height + divisor - 1) / divisor);
            }
        }
        List<int[]> allowed = new ArrayList<>();
        for (int i = sizes.size() - 1; i >= 0; i--) {
            if (limits.allows(sizes.get(i)[0], sizes.get(i)[1])) {
                allowed.add(sizes.get(i));
            }
        }
        return allowed;
    }

    /** 1, 2, 4, … up to the first factor at which the whole image fits in one tile. */
    static List<Integer> scaleFactors(int width, int height, Structure structure) {
        List<Integer> factors = new ArrayList<>();
        int factor = 1;
        while (true) {
            factors.add(factor);
            boolean oneTile = (width + factor - 1) / factor <= structure.tileWidth()
                    && (height + factor - 1) / factor <= structure.tileHeight();
            if (oneTile || factor >= 1 << 20) {
                return factors;
            }
            factor *= 2;
        }
    }

    private static String list(List<Integer> values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(values.get(i));
        }
        return text.append(']').toString();
    }

    /** A JSON string literal. */
    static String string(String value) {
        return PropertyWriter.escapeJson(value);
    }
}
