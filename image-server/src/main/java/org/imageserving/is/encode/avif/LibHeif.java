package org.imageserving.is.encode.avif;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of libheif's C API ({@code heif.h}, 1.15 on Debian 12 and later) that writes one AVIF still image. Only
 * opaque handles and functions, so the binding does not depend on struct layouts that differ between releases; the
 * two structs touched ({@code heif_error}, the first fields of {@code heif_encoding_options}) are stable since 1.0
 * and 1.9.
 */
interface LibHeif extends Library {
    int COMPRESSION_AV1 = 4;
    int COLORSPACE_RGB = 1;
    int CHROMA_INTERLEAVED_RGB = 10;
    int CHROMA_INTERLEAVED_RGBA = 11;
    int CHANNEL_INTERLEAVED = 10;

    /** {@code struct heif_error}, returned by value by most functions; code 0 is success. */
    @Structure.FieldOrder({"code", "subcode", "message"})
    class HeifError extends Structure implements Structure.ByValue {
        public int code;
        public int subcode;
        public String message;

        void check(String what) {
            if (code != 0) {
                throw new HeifException(what + ": " + message + " (libheif error " + code + "/" + subcode + ")");
            }
        }
    }

    Pointer heif_context_alloc();

    void heif_context_free(Pointer context);

    HeifError heif_context_get_encoder_for_format(Pointer context, int format, PointerByReference encoder);

    void heif_encoder_release(Pointer encoder);

    HeifError heif_encoder_set_lossy_quality(Pointer encoder, int quality);

    HeifError heif_encoder_set_lossless(Pointer encoder, int enable);

    HeifError heif_encoder_set_parameter_integer(Pointer encoder, String name, int value);

    HeifError heif_encoder_set_parameter_string(Pointer encoder, String name, String value);

    HeifError heif_image_create(int width, int height, int colorspace, int chroma, PointerByReference image);

    void heif_image_release(Pointer image);

    HeifError heif_image_add_plane(Pointer image, int channel, int width, int height, int bitDepth);

    Pointer heif_image_get_plane(Pointer image, int channel, IntByReference stride);

    HeifError heif_image_set_raw_color_profile(Pointer image, String fourcc, byte[] data, long size);

    Pointer heif_nclx_color_profile_alloc();

    void heif_nclx_color_profile_free(Pointer nclx);

    HeifError heif_nclx_color_profile_set_color_primaries(Pointer nclx, short primaries);

    HeifError heif_nclx_color_profile_set_transfer_characteristics(Pointer nclx, short transfer);

    HeifError heif_nclx_color_profile_set_matrix_coefficients(Pointer nclx, short matrix);

    HeifError heif_image_set_nclx_color_profile(Pointer image, Pointer nclx);

    Pointer heif_encoding_options_alloc();

    void heif_encoding_options_free(Pointer options);

    HeifError heif_context_encode_image(Pointer context, Pointer image, Pointer encoder, Pointer options,
                                        PointerByReference handle);

    void heif_image_handle_release(Pointer handle);

    HeifError heif_context_write_to_file(Pointer context, String filename);
}
