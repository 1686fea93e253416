package org.imageserving.common.imaging.tiff;

import java.nio.ByteOrder;
import java.util.List;

/** The structure of a TIFF or BigTIFF, without a pixel decoded: its directories in file order. */
public record TiffFile(ByteOrder byteOrder, boolean bigTiff, long fileSize, List<TiffDirectory> directories) {
    public TiffFile {
        directories = List.copyOf(directories);
    }

    public TiffDirectory first() {
        return directories.get(0);
    }
}
