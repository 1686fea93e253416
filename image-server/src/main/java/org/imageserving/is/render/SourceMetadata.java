package org.imageserving.is.render;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.imageserving.common.imaging.format.SourceFormat;

/**
 * What {@code req=imageprops} reports of a source besides its size, read from the file's headers alone (JPEG markers
 * up to the first scan, PNG chunk headers, the first TIFF directory, PSD image resources): no pixel is decoded, so
 * the reply costs as little as the Image Serving documentation expects of a property request.
 *
 * @param pixelType       {@code RGB}, {@code CMYK} or {@code BW} (gray), the values the {@code req=imageprops} page names
 * @param iccDescription  the description of the embedded ICC profile, when there is one
 * @param xmp             whether the file holds XMP data
 * @param pathNames       the names of the Photoshop paths the file holds, in file order
 * @param resolution      pixels per inch, when the file states one
 * @param paths           the Photoshop paths by name (the first of a name), in unit coordinates of the image
 */
public record SourceMetadata(String pixelType, Optional<String> iccDescription, boolean xmp, List<String> pathNames,
                             OptionalDouble resolution, java.util.Map<String, java.awt.geom.Path2D> paths) {
    public static final String RGB = "RGB";
    public static final String CMYK = "CMYK";
    public static final String GRAY = "BW";
    /** Anything unread or unknown: what the renderer works in. */
    public static final SourceMetadata DEFAULT = new SourceMetadata(RGB, Optional.empty(), false, List.of(),
            OptionalDouble.empty(), java.util.Map.of());

    private static final byte[] XMP_JPEG = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC_JPEG = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PHOTOSHOP_JPEG = "Photoshop 3.0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    /** Photoshop image resources: resolution, ICC profile, XMP, and the range that holds saved paths. */
    private static final int IRB_RESOLUTION = 1005, IRB_ICC = 1039, IRB_XMP = 1060, IRB_PATH_FIRST = 2000,
            IRB_PATH_LAST = 2997;
    /** TIFF tags. */
    private static final int PHOTOMETRIC = 262, SAMPLES = 277, X_RESOLUTION = 282, RESOLUTION_UNIT = 296, XMP = 700,
            PHOTOSHOP = 34377, ICC = 34675;
    /** A header block larger than this is not read (a profile or XMP packet is far smaller). */
    private static final int MAX_BLOCK = 16 * 1024 * 1024;

    public boolean embeddedIccProfile() {
        return iccDescription.isPresent();
    }

    public boolean embeddedPaths() {
        return !pathNames.isEmpty();
    }

    /**
     * The file's metadata; {@link #DEFAULT} for formats without any (GIF, BMP, WebP...) and for headers that cannot
     * be read: a damaged header is reported by the decoder, not here.
     */
    public static SourceMetadata read(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            return read(in);
        } catch (IOException | RuntimeException e) {
            return DEFAULT;
        }
    }

    /**
     * The metadata of an object in a bucket, read block by block as the header is walked: a TIFF's first directory
     * lies anywhere in the object (after its first level's tiles in a pyramid), so its header is not a prefix.
     */
    static SourceMetadata read(org.imageserving.common.imaging.source.s3.RemoteObject remote) {
        try (RandomAccessFile in = new RemoteRandomAccessFile(remote)) {
            return read(in);
        } catch (IOException | RuntimeException e) {
            return DEFAULT;
        }
    }

    private static SourceMetadata read(RandomAccessFile in) {
        try {
            byte[] head = new byte[8];
            int n = in.read(head);
            in.seek(0);
            return switch (SourceFormat.of(head, Math.max(n, 0))) {
                case JPEG -> jpeg(in);
                case PNG -> png(in);
                case TIFF -> tiff(in);
                case PSD -> psd(in);
                default -> DEFAULT;
            };
        } catch (IOException | RuntimeException e) {
            return DEFAULT;
        }
    }

    /** Collects what the blocks of one file say. */
    private static final class Found {
        String pixelType = RGB;
        byte[] icc;
        boolean xmp;
        final List<String> paths = new ArrayList<>();
        final java.util.Map<String, java.awt.geom.Path2D> shapes = new java.util.LinkedHashMap<>();
        Double resolution;

        SourceMetadata result() {
            return new SourceMetadata(pixelType, Optional.ofNullable(icc).flatMap(SourceMetadata::describe), xmp,
                    List.copyOf(paths), resolution == null || !(resolution > 0) ? OptionalDouble.empty()
                    : OptionalDouble.of(resolution), java.util.Collections.unmodifiableMap(shapes));
        }

        void resolution(double ppi) {
            if (resolution == null && ppi > 0 && ppi < 1e6) {
                resolution = ppi;
            }
        }
    }

    private static SourceMetadata jpeg(RandomAccessFile in) throws IOException {
        Found found = new Found();
        TreeMap<Integer, byte[]> iccChunks = new TreeMap<>();
        in.seek(2);
        while (true) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            if (b != 0xFF) {
                continue; // not at a marker: resynchronize
            }
            int marker = in.read();
            while (marker == 0xFF) {
                marker = in.read();
            }
            if (marker < 0 || marker == 0xD9 || marker == 0xDA) {
                break; // the metadata all precedes the first scan
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                continue;
            }
            int length = in.readUnsignedShort() - 2;
            if (length < 0) {
                break;
            }
            long next = in.getFilePointer() + length;
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && length >= 6) {
                byte[] frame = block(in, 6);
                int components = frame[5] & 0xFF;
                found.pixelType = components == 1 ? GRAY : components == 4 ? CMYK : RGB;
            } else if (marker >= 0xE0 && marker <= 0xEF && length <= MAX_BLOCK) {
                byte[] data = block(in, length);
                if (marker == 0xE0 && startsWith(data, JFIF) && data.length >= 12) {
                    int units = data[7] & 0xFF;
                    int density = ((data[8] & 0xFF) << 8) | (data[9] & 0xFF);
                    if (units == 1) {
                        found.resolution(density);
                    } else if (units == 2) {
                        found.resolution(density * 2.54);
                    }
                } else if (marker == 0xE1 && startsWith(data, EXIF)) {
                    exifResolution(ByteBuffer.wrap(data, EXIF.length, data.length - EXIF.length).slice(), found);
                } else if (marker == 0xE1 && startsWith(data, XMP_JPEG)) {
                    found.xmp = true;
                } else if (marker == 0xE2 && startsWith(data, ICC_JPEG) && data.length > ICC_JPEG.length + 2) {
                    int sequence = data[ICC_JPEG.length] & 0xFF;
                    int start = ICC_JPEG.length + 2;
                    iccChunks.put(sequence, java.util.Arrays.copyOfRange(data, start, data.length));
                } else if (marker == 0xED && startsWith(data, PHOTOSHOP_JPEG)) {
                    imageResources(ByteBuffer.wrap(data, PHOTOSHOP_JPEG.length, data.length - PHOTOSHOP_JPEG.length)
                            .slice(), found);
                }
            }
            in.seek(next);
        }
        if (!iccChunks.isEmpty()) {
            ByteArrayOutputStream profile = new ByteArrayOutputStream();
            iccChunks.values().forEach(profile::writeBytes);
            found.icc = profile.toByteArray();
        }
        return found.result();
    }

    private static SourceMetadata png(RandomAccessFile in) throws IOException {
        Found found = new Found();
        in.seek(8);
        while (in.getFilePointer() + 8 <= in.length()) {
            long length = in.readInt() & 0xFFFFFFFFL;
            byte[] typeBytes = block(in, 4);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            long next = in.getFilePointer() + length + 4;
            switch (type) {
                case "IHDR" -> {
                    byte[] header = block(in, 13);
                    int colorType = header[9] & 0xFF;
                    found.pixelType = colorType == 0 || colorType == 4 ? GRAY : RGB;
                }
                case "pHYs" -> {
                    ByteBuffer phys = ByteBuffer.wrap(block(in, 9));
                    long perUnit = phys.getInt() & 0xFFFFFFFFL;
                    if (phys.get(8) == 1) {
                        found.resolution(perUnit * 0.0254);
                    }
                }
                case "iCCP" -> {
                    if (length <= MAX_BLOCK) {
                        byte[] data = block(in, (int) length);
                        int nul = indexOf(data, (byte) 0);
                        if (nul >= 0 && nul + 2 <= data.length) {
                            found.icc = inflate(java.util.Arrays.copyOfRange(data, nul + 2, data.length));
                        }
                    }
                }
                case "iTXt" -> {
                    byte[] keyword = block(in, (int) Math.min(length, 18));
                    if (startsWith(keyword, "XML:com.adobe.xmp\0".getBytes(StandardCharsets.ISO_8859_1))) {
                        found.xmp = true;
                    }
                }
                case "IDAT", "IEND" -> {
                    // chunks that carry metadata come before the image data (PNG's ordering rules for iCCP and
                    // pHYs; XMP writers follow them too)
                    return found.result();
                }
                default -> { }
            }
            in.seek(next);
        }
        return found.result();
    }

    /** The first directory: the full-resolution image, also of a pyramid. */
    private static SourceMetadata tiff(RandomAccessFile in) throws IOException {
        Found found = new Found();
        byte[] header = block(in, 8);
        ByteOrder order = header[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        long ifd = ByteBuffer.wrap(header).order(order).getInt(4) & 0xFFFFFFFFL;
        in.seek(ifd);
        byte[] countBytes = block(in, 2);
        int count = ByteBuffer.wrap(countBytes).order(order).getShort() & 0xFFFF;
        ByteBuffer entries = ByteBuffer.wrap(block(in, count * 12)).order(order);
        int photometric = -1, samples = 1, unit = 2;
        double xResolution = 0;
        for (int i = 0; i < count; i++) {
            int base = i * 12;
            int tag = entries.getShort(base) & 0xFFFF;
            int type = entries.getShort(base + 2) & 0xFFFF;
            long n = entries.getInt(base + 4) & 0xFFFFFFFFL;
            long size = n * typeSize(type);
            switch (tag) {
                case PHOTOMETRIC -> photometric = shortValue(entries, base, type);
                case SAMPLES -> samples = shortValue(entries, base, type);
                case RESOLUTION_UNIT -> unit = shortValue(entries, base, type);
                case X_RESOLUTION -> {
                    if (type == 5 && n >= 1) {
                        ByteBuffer rational = ByteBuffer.wrap(at(in, entries.getInt(base + 8) & 0xFFFFFFFFL, 8))
                                .order(order);
                        long num = rational.getInt(0) & 0xFFFFFFFFL, den = rational.getInt(4) & 0xFFFFFFFFL;
                        xResolution = den == 0 ? 0 : num / (double) den;
                    }
                }
                case XMP -> found.xmp = n > 0;
                case ICC -> {
                    if (size > 4 && size <= MAX_BLOCK) {
                        found.icc = at(in, entries.getInt(base + 8) & 0xFFFFFFFFL, (int) size);
                    }
                }
                case PHOTOSHOP -> {
                    if (size > 4 && size <= MAX_BLOCK) {
                        imageResources(ByteBuffer.wrap(at(in, entries.getInt(base + 8) & 0xFFFFFFFFL, (int) size)),
                                found);
                    }
                }
                default -> { }
            }
        }
        found.pixelType = switch (photometric) {
            case 0, 1 -> samples >= 3 ? RGB : GRAY;
            case 5 -> CMYK;
            default -> RGB;
        };
        if (unit == 2) {
            found.resolution(xResolution);
        } else if (unit == 3) {
            found.resolution(xResolution * 2.54);
        }
        return found.result();
    }

    /** The resolution tags of an EXIF block (a TIFF structure inside the JPEG). */
    private static void exifResolution(ByteBuffer tiff, Found found) {
        if (tiff.remaining() < 8) {
            return;
        }
        ByteOrder order = tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        tiff.order(order);
        int ifd = tiff.getInt(4);
        if (ifd < 8 || ifd + 2 > tiff.limit()) {
            return;
        }
        int count = tiff.getShort(ifd) & 0xFFFF;
        int unit = 2;
        double x = 0;
        for (int i = 0; i < count && ifd + 2 + i * 12 + 12 <= tiff.limit(); i++) {
            int base = ifd + 2 + i * 12;
            int tag = tiff.getShort(base) & 0xFFFF;
            int type = tiff.getShort(base + 2) & 0xFFFF;
            if (tag == RESOLUTION_UNIT) {
                unit = shortValue(tiff, base, type);
            } else if (tag == X_RESOLUTION && type == 5) {
                int offset = tiff.getInt(base + 8);
                if (offset > 0 && offset + 8 <= tiff.limit()) {
                    long num = tiff.getInt(offset) & 0xFFFFFFFFL, den = tiff.getInt(offset + 4) & 0xFFFFFFFFL;
                    x = den == 0 ? 0 : num / (double) den;
                }
            }
        }
        if (unit == 2) {
            found.resolution(x);
        } else if (unit == 3) {
            found.resolution(x * 2.54);
        }
    }

    private static SourceMetadata psd(RandomAccessFile in) throws IOException {
        Found found = new Found();
        ByteBuffer header = ByteBuffer.wrap(block(in, 26));
        int mode = header.getShort(24) & 0xFFFF;
        found.pixelType = switch (mode) {
            case 0, 1, 8 -> GRAY; // bitmap, grayscale, duotone
            case 4 -> CMYK;
            default -> RGB;
        };
        long colorModeData = in.readInt() & 0xFFFFFFFFL;
        in.seek(in.getFilePointer() + colorModeData);
        long resources = in.readInt() & 0xFFFFFFFFL;
        if (resources <= MAX_BLOCK) {
            imageResources(ByteBuffer.wrap(block(in, (int) resources)), found);
        }
        return found.result();
    }

    /** Photoshop image resource blocks: {@code 8BIM}, id, padded Pascal name, size, padded data. */
    private static void imageResources(ByteBuffer irb, Found found) {
        irb.order(ByteOrder.BIG_ENDIAN);
        int p = 0;
        while (p + 12 <= irb.limit()) {
            int id = irb.getShort(p + 4) & 0xFFFF;
            int nameLength = irb.get(p + 6) & 0xFF;
            int nameField = (1 + nameLength + 1) & ~1;
            int sizeAt = p + 6 + nameField;
            if (sizeAt + 4 > irb.limit()) {
                return;
            }
            long size = irb.getInt(sizeAt) & 0xFFFFFFFFL;
            int dataAt = sizeAt + 4;
            if (dataAt + size > irb.limit()) {
                return;
            }
            if (id >= IRB_PATH_FIRST && id <= IRB_PATH_LAST) {
                byte[] name = new byte[nameLength];
                irb.get(p + 7, name);
                String pathName = new String(name, StandardCharsets.ISO_8859_1);
                found.paths.add(pathName);
                if (!found.shapes.containsKey(pathName) && size <= MAX_BLOCK) {
                    byte[] data = new byte[(int) size];
                    irb.get(dataAt, data);
                    found.shapes.put(pathName, org.imageserving.common.imaging.paths.PhotoshopPath.shape(data));
                }
            } else if (id == IRB_XMP && size > 0) {
                found.xmp = true;
            } else if (id == IRB_ICC && size > 0 && found.icc == null) {
                found.icc = new byte[(int) size];
                irb.get(dataAt, found.icc);
            } else if (id == IRB_RESOLUTION && size >= 4) {
                // 16.16 fixed point, stored in pixels per inch whatever unit the document displays
                found.resolution((irb.getInt(dataAt) & 0xFFFFFFFFL) / 65536.0);
            }
            p = dataAt + (int) ((size + 1) & ~1L);
        }
    }

    /** The profile's description ('desc' of ICC v2, 'mluc' of v4), or empty when it has none. */
    static Optional<String> describe(byte[] profile) {
        try {
            ByteBuffer icc = ByteBuffer.wrap(profile);
            int tags = icc.getInt(128);
            for (int i = 0; i < tags; i++) {
                int base = 132 + i * 12;
                if (icc.getInt(base) != 0x64657363) { // 'desc'
                    continue;
                }
                int offset = icc.getInt(base + 4);
                int type = icc.getInt(offset);
                String text;
                if (type == 0x64657363) { // 'desc': ASCII count, then the text with its NUL
                    int count = icc.getInt(offset + 8);
                    text = new String(profile, offset + 12, Math.max(0, count), StandardCharsets.ISO_8859_1);
                } else if (type == 0x6D6C7563) { // 'mluc': the first record's UTF-16 text
                    int length = icc.getInt(offset + 20);
                    int at = icc.getInt(offset + 24);
                    text = new String(profile, offset + at, length, StandardCharsets.UTF_16BE);
                } else {
                    return Optional.empty();
                }
                text = text.replace("\0", "").strip();
                return text.isEmpty() ? Optional.empty() : Optional.of(text);
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 3, 8 -> 2;
            case 4, 9, 11 -> 4;
            case 5, 10, 12 -> 8;
            default -> 1;
        };
    }

    private static int shortValue(ByteBuffer entries, int base, int type) {
        return type == 4 ? entries.getInt(base + 8) : entries.getShort(base + 8) & 0xFFFF;
    }

    private static byte[] at(RandomAccessFile in, long offset, int length) throws IOException {
        long back = in.getFilePointer();
        in.seek(offset);
        byte[] data = block(in, length);
        in.seek(back);
        return data;
    }

    private static byte[] block(RandomAccessFile in, int length) throws IOException {
        if (length < 0 || in.getFilePointer() + length > in.length()) {
            throw new EOFException("header block past the end of the file");
        }
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte value) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] inflate(byte[] data) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished() && out.size() <= MAX_BLOCK) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }
}
