package org.imageserving.tools.image;

import java.awt.geom.Path2D;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.imageserving.common.imaging.paths.PhotoshopPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clipping path a Photoshop file designates, read from its image resources ("8BIM" blocks: paths are resources
 * 2000-2997, resource 2999 names the clipping path). Path points are stored as 8.24 fixed-point fractions of the image
 * height and width; the shape is returned in those unit coordinates (x and y from 0 to 1).
 */
public final class ClipPath {
    private static final int FIRST_PATH = 2000;
    private static final int LAST_PATH = 2997;
    private static final int CLIPPING_PATH_NAME = 2999;

    private ClipPath() {
    }

    /** One image resource: its id, name and data. */
    record Resource(int id, String name, byte[] data) {
    }

    /** The designated clipping path, or empty when there is none (or no path of that name). */
    public static Optional<Path2D> designated(byte[] resources) {
        if (resources == null) {
            return Optional.empty();
        }
        Map<Integer, Resource> all = parse(resources);
        Resource designation = all.get(CLIPPING_PATH_NAME);
        if (designation == null || designation.data().length < 1) {
            return Optional.empty();
        }
        int length = designation.data()[0] & 0xFF;
        if (designation.data().length < 1 + length) {
            return Optional.empty();
        }
        String name = new String(designation.data(), 1, length, StandardCharsets.ISO_8859_1);
        return all.values().stream()
                .filter(r -> r.id() >= FIRST_PATH && r.id() <= LAST_PATH && r.name().equals(name))
                .findFirst().map(r -> shape(r.data()));
    }

    /** Whether the resources hold any path at all (designated as clipping path or not). */
    public static boolean anyPath(byte[] resources) {
        return resources != null && parse(resources).keySet().stream().anyMatch(id -> id >= FIRST_PATH && id <= LAST_PATH);
    }

    static Map<Integer, Resource> parse(byte[] bytes) {
        Map<Integer, Resource> resources = new LinkedHashMap<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.remaining() >= 12) {
            if (in.get() != '8' || in.get() != 'B' || in.get() != 'I' || in.get() != 'M') {
                break;
            }
            int id = in.getShort() & 0xFFFF;
            int nameLength = in.get() & 0xFF;
            int nameBlock = (nameLength + 1 + 1) & ~1; // the Pascal string is padded to an even size
            if (in.remaining() < nameBlock - 1 + 4) {
                break;
            }
            byte[] name = new byte[nameLength];
            in.get(name);
            in.position(in.position() + nameBlock - 1 - nameLength);
            long size = in.getInt() & 0xFFFFFFFFL;
            if (size > in.remaining()) {
                break;
            }
            byte[] data = new byte[(int) size];
            in.get(data);
            if ((size & 1) == 1 && in.hasRemaining()) {
                in.get();
            }
            resources.putIfAbsent(id, new Resource(id, new String(name, StandardCharsets.ISO_8859_1), data));
        }
        return resources;
    }

    /** The subpaths of one path resource as cubic Bézier curves through their knots. */
    static Path2D shape(byte[] data) {
        return PhotoshopPath.shape(data);
    }
}
