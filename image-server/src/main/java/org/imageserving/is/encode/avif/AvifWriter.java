package org.imageserving.is.encode.avif;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes 8-bit RGB(A) pixels as an AVIF still image through libheif's AV1 encoder. Every call uses its own libheif
 * context, so concurrent render threads share nothing.
 */
public final class AvifWriter {
    // ITU-T H.273 code points: BT.709 primaries, the sRGB transfer, BT.601 or identity (GBR) matrix
    private static final short PRIMARIES_BT709 = 1;
    private static final short TRANSFER_SRGB = 13;
    private static final short MATRIX_BT601 = 6;
    private static final short MATRIX_IDENTITY = 0;
    private static final int NCLX_FULL_RANGE_OFFSET = 16;
    private static final int OPTIONS_NCLX_OFFSET = 8;

    /**
     * libaom's speed preset (0–9; libheif's default is 6). On a 300×450 photo at qlt=90, 8 encodes in about 30 ms
     * against 175 ms at 6 for a file 2.8× larger at the same PSNR (41.8 against 42.0 dB): a reply must not wait
     * for the smallest file (docs/performance.md).
     */
    private static final int SPEED = 8;

    private final LibHeif heif;

    AvifWriter(LibHeif heif) {
        this.heif = heif;
    }

    /**
     * The AVIF file of straight (non-premultiplied) ARGB pixels.
     *
     * @param quality  1–100, libheif's lossy quality scale; unused when lossless
     * @param lossless AV1 lossless: identity matrix and no chroma subsampling, so the RGB values come back exactly
     * @param icc      the ICC profile to embed; null: tagged sRGB with an nclx colour box
     */
    public byte[] write(int[] argb, int width, int height, boolean alpha, int quality, boolean lossless, byte[] icc) {
        Pointer context = heif.heif_context_alloc();
        Pointer encoder = null;
        Pointer image = null;
        Pointer nclx = null;
        Pointer options = null;
        Path file = null;
        boolean optionsHoldNclx = false;
        try {
            PointerByReference ref = new PointerByReference();
            heif.heif_context_get_encoder_for_format(context, LibHeif.COMPRESSION_AV1, ref).check("AV1 encoder");
            encoder = ref.getValue();
            heif.heif_encoder_set_parameter_integer(encoder, "speed", SPEED).check("speed");
            if (lossless) {
                heif.heif_encoder_set_lossless(encoder, 1).check("lossless");
                heif.heif_encoder_set_parameter_string(encoder, "chroma", "444").check("chroma");
            } else {
                heif.heif_encoder_set_lossy_quality(encoder, quality).check("quality");
            }
            heif.heif_image_create(width, height, LibHeif.COLORSPACE_RGB,
                    alpha ? LibHeif.CHROMA_INTERLEAVED_RGBA : LibHeif.CHROMA_INTERLEAVED_RGB, ref).check("image");
            image = ref.getValue();
            heif.heif_image_add_plane(image, LibHeif.CHANNEL_INTERLEAVED, width, height, 8).check("plane");
            copyPixels(argb, width, height, alpha, image);

            nclx = heif.heif_nclx_color_profile_alloc();
            heif.heif_nclx_color_profile_set_color_primaries(nclx, PRIMARIES_BT709).check("nclx");
            heif.heif_nclx_color_profile_set_transfer_characteristics(nclx, TRANSFER_SRGB).check("nclx");
            heif.heif_nclx_color_profile_set_matrix_coefficients(nclx, lossless ? MATRIX_IDENTITY : MATRIX_BT601)
                    .check("nclx");
            nclx.setByte(NCLX_FULL_RANGE_OFFSET, (byte) 1);
            heif.heif_image_set_nclx_color_profile(image, nclx).check("nclx");
            if (icc != null) {
                heif.heif_image_set_raw_color_profile(image, "prof", icc, icc.length).check("ICC profile");
            }
            options = heif.heif_encoding_options_alloc();
            // the encoder converts RGB to YCbCr with the matrix of output_nclx_profile (version 3 on), not the image's
            if (options.getByte(0) >= 3) {
                options.setPointer(OPTIONS_NCLX_OFFSET, nclx);
                optionsHoldNclx = true;
            }
            heif.heif_context_encode_image(context, image, encoder, options, null).check("encode");
            // heif_context_write's callback returns a struct by value, which JNA callbacks cannot; a file is simpler
            file = Files.createTempFile("imageserving-", ".avif");
            heif.heif_context_write_to_file(context, file.toString()).check("write");
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (options != null) {
                if (optionsHoldNclx) {
                    options.setPointer(OPTIONS_NCLX_OFFSET, null); // freed below, once
                }
                heif.heif_encoding_options_free(options);
            }
            if (nclx != null) {
                heif.heif_nclx_color_profile_free(nclx);
            }
            if (image != null) {
                heif.heif_image_release(image);
            }
            if (encoder != null) {
                heif.heif_encoder_release(encoder);
            }
            heif.heif_context_free(context);
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless; the reply is already read
                }
            }
        }
    }

    private void copyPixels(int[] argb, int width, int height, boolean alpha, Pointer image) {
        IntByReference stride = new IntByReference();
        Pointer plane = heif.heif_image_get_plane(image, LibHeif.CHANNEL_INTERLEAVED, stride);
        int channels = alpha ? 4 : 3;
        byte[] row = new byte[width * channels];
        for (int y = 0; y < height; y++) {
            int o = 0;
            for (int x = 0, i = y * width; x < width; x++, i++) {
                int p = argb[i];
                row[o++] = (byte) (p >> 16);
                row[o++] = (byte) (p >> 8);
                row[o++] = (byte) p;
                if (alpha) {
                    row[o++] = (byte) (p >>> 24);
                }
            }
            plane.write((long) y * stride.getValue(), row, 0, row.length);
        }
    }
}
