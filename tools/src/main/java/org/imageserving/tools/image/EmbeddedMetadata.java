package org.imageserving.tools.image;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.InflaterInputStream;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.imaging.tiff.TiffDirectory;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;

/**
 * The ICC profile, XMP packet and clip-path presence of a source file, found by walking the file's own structure
 * (JPEG segments, PNG chunks, TIFF tags) rather than trusting a decoder to expose them: the bytes are copied unchanged.
 *
 * @param iccProfile the embedded ICC profile, or null
 * @param xmp the XMP packet, or null
 * @param photoshopResources the Photoshop image resources ("8BIM" blocks, where clip paths live), or null
 */
public record EmbeddedMetadata(byte[] iccProfile, byte[] xmp, byte[] photoshopResources) {
    private static final EmbeddedMetadata NONE = new EmbeddedMetadata(null, null, null);
    private static final Set<TiffTag> METADATA_TAGS = EnumSet.of(TiffTag.ICC_PROFILE, TiffTag.XMP, TiffTag.PHOTOSHOP);
    private static final byte[] PHOTOSHOP_JPEG = "Photoshop 3.0\0".getBytes(StandardCharsets.ISO_8859_1);

    /** Whether the file carries any Photoshop path. */
    public boolean hasClipPath() {
        return ClipPath.anyPath(photoshopResources);
    }
    private static final byte[] XMP_JPEG = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC_JPEG = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

    public static EmbeddedMetadata of(Path file, SourceFormat format) throws IOException {
        return switch (format) {
            case JPEG -> jpeg(file);
            case PNG -> png(file);
            case TIFF, BIGTIFF -> tiff(file);
            case PSD -> psd(file);
            default -> NONE;
        };
    }

    private static EmbeddedMetadata jpeg(Path file) throws IOException {
        Map<Integer, byte[]> iccChunks = new TreeMap<>();
        byte[] xmp = null;
        ByteArrayOutputStream photoshop = new ByteArrayOutputStream();
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            in.readUnsignedShort(); // SOI
            while (true) {
                int marker = in.readUnsignedByte();
                if (marker != 0xFF) {
                    break;
                }
                int type = in.readUnsignedByte();
                while (type == 0xFF) {
                    type = in.readUnsignedByte();
                }
                if (type == 0xDA || type == 0xD9) {
                    break; // pixel data: metadata segments all come before it
                }
                if (type == 0x01 || (type >= 0xD0 && type <= 0xD7)) {
                    continue;
                }
                int length = in.readUnsignedShort() - 2;
                if (length < 0) {
                    break;
                }
                byte[] data = in.readNBytes(length);
                if (data.length < length) {
                    break;
                }
                if (type == 0xE2 && startsWith(data, ICC_JPEG) && data.length > ICC_JPEG.length + 2) {
                    iccChunks.put(data[ICC_JPEG.length] & 0xFF, Arrays.copyOfRange(data, ICC_JPEG.length + 2, data.length));
                } else if (type == 0xE1 && startsWith(data, XMP_JPEG)) {
                    xmp = Arrays.copyOfRange(data, XMP_JPEG.length, data.length);
                } else if (type == 0xED && startsWith(data, PHOTOSHOP_JPEG)) {
                    photoshop.write(data, PHOTOSHOP_JPEG.length, data.length - PHOTOSHOP_JPEG.length);
                }
            }
        } catch (EOFException e) {
            // a truncated file keeps what was found before the cut
        }
        byte[] icc = null;
        if (!iccChunks.isEmpty()) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (byte[] chunk : iccChunks.values()) {
                joined.writeBytes(chunk);
            }
            icc = joined.toByteArray();
        }
        return new EmbeddedMetadata(icc, xmp, photoshop.size() == 0 ? null : photoshop.toByteArray());
    }

    private static EmbeddedMetadata png(Path file) throws IOException {
        byte[] icc = null;
        byte[] xmp = null;
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            in.skipNBytes(8);
            while (true) {
                int length = in.readInt();
                byte[] type = in.readNBytes(4);
                String name = new String(type, StandardCharsets.ISO_8859_1);
                if (length < 0 || name.equals("IDAT") || name.equals("IEND")) {
                    break;
                }
                byte[] data = in.readNBytes(length);
                in.readInt(); // CRC
                if (name.equals("iCCP")) {
                    int nul = indexOf(data, (byte) 0);
                    if (nul > 0 && nul + 2 <= data.length) {
                        try (InputStream inflated = new InflaterInputStream(
                                new java.io.ByteArrayInputStream(data, nul + 2, data.length - nul - 2))) {
                            icc = inflated.readAllBytes();
                        }
                    }
                } else if (name.equals("iTXt") && startsWith(data, "XML:com.adobe.xmp\0".getBytes(StandardCharsets.ISO_8859_1))) {
                    // keyword, NUL, compression flag, method, language tag NUL, translated keyword NUL, text
                    int at = "XML:com.adobe.xmp\0".length();
                    boolean compressed = data[at] != 0;
                    at += 2;
                    at = indexOf(data, (byte) 0, at) + 1;
                    at = indexOf(data, (byte) 0, at) + 1;
                    if (at > 0 && !compressed) {
                        xmp = Arrays.copyOfRange(data, at, data.length);
                    }
                }
            }
        } catch (EOFException e) {
            // truncated: keep what was found
        }
        return new EmbeddedMetadata(icc, xmp, null);
    }

    private static EmbeddedMetadata tiff(Path file) throws IOException {
        TiffDirectory first = TiffReader.read(file, METADATA_TAGS).first();
        return new EmbeddedMetadata(first.bytes(TiffTag.ICC_PROFILE).orElse(null), first.bytes(TiffTag.XMP).orElse(null),
                first.bytes(TiffTag.PHOTOSHOP).orElse(null));
    }

    /**
     * A PSD's image resources: the ICC profile (resource 1039), XMP (1060), and the whole section as the Photoshop
     * resources, in the same "8BIM" block layout as a JPEG's APP13 and a TIFF's tag 34377.
     */
    private static EmbeddedMetadata psd(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            in.skipNBytes(26); // signature, version, reserved, channels, height, width, depth, mode
            in.skipNBytes(Integer.toUnsignedLong(in.readInt())); // colour mode data
            long length = Integer.toUnsignedLong(in.readInt());
            if (length == 0 || length > Integer.MAX_VALUE - 8) {
                return NONE;
            }
            byte[] resources = in.readNBytes((int) length);
            byte[] icc = null;
            byte[] xmp = null;
            java.nio.ByteBuffer blocks = java.nio.ByteBuffer.wrap(resources);
            while (blocks.remaining() >= 12 && blocks.getInt() == 0x3842494D) { // "8BIM"
                int id = blocks.getShort() & 0xFFFF;
                int nameLength = blocks.get() & 0xFF;
                int namePadded = (nameLength + 1 + 1) & ~1; // the Pascal string with its length byte, padded to even
                blocks.position(blocks.position() + namePadded - 1);
                if (blocks.remaining() < 4) {
                    break;
                }
                int size = blocks.getInt();
                if (size < 0 || size > blocks.remaining()) {
                    break;
                }
                byte[] data = new byte[size];
                blocks.get(data);
                if ((size & 1) == 1 && blocks.hasRemaining()) {
                    blocks.get();
                }
                if (id == 1039) {
                    icc = data;
                } else if (id == 1060) {
                    xmp = data;
                }
            }
            return new EmbeddedMetadata(icc, xmp, resources);
        } catch (EOFException e) {
            return NONE;
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte b) {
        return indexOf(data, b, 0);
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = Math.max(0, from); i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
