package org.imageserving.is.color;

import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The name a profile gives itself (its {@code desc} tag), as {@code req=props} reports it ({@code image.iccProfile}). */
public final class ProfileNames {
    private ProfileNames() {}

    public static String description(ICC_Profile profile) {
        byte[] tag = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (tag == null || tag.length < 12) {
            return "";
        }
        ByteBuffer b = ByteBuffer.wrap(tag);
        String type = new String(tag, 0, 4, StandardCharsets.US_ASCII);
        if (type.equals("desc")) { // v2: ASCII count, ASCII
            int n = Math.min(b.getInt(8), tag.length - 12);
            return new String(tag, 12, Math.max(0, n), StandardCharsets.ISO_8859_1).replace("\0", "").strip();
        }
        if (type.equals("mluc") && tag.length >= 28) { // v4: the first record, UTF-16BE
            int length = b.getInt(20), offset = b.getInt(24);
            if (offset + length <= tag.length) {
                return new String(tag, offset, length, StandardCharsets.UTF_16BE).replace("\0", "").strip();
            }
        }
        return "";
    }
}
