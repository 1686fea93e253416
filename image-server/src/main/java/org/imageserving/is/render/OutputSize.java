package org.imageserving.is.render;

import org.imageserving.is.request.ImageCommands;

/**
 * The size of the reply image: {@code wid} and {@code hei} together fit the image inside that box keeping its aspect
 * ratio; one of them alone fixes that side (scaling up too, as the view transform does); neither keeps the source size.
 */
public record OutputSize(int width, int height) {

    public static OutputSize of(ImageCommands request, int sourceWidth, int sourceHeight, long maxPixels) {
        double scale;
        if (request.width().isPresent() && request.height().isPresent()) {
            scale = Math.min(request.width().getAsInt() / (double) sourceWidth,
                    request.height().getAsInt() / (double) sourceHeight);
        } else if (request.width().isPresent()) {
            scale = request.width().getAsInt() / (double) sourceWidth;
        } else if (request.height().isPresent()) {
            scale = request.height().getAsInt() / (double) sourceHeight;
        } else {
            scale = 1.0;
        }
        int width = (int) Math.max(1, Math.round(sourceWidth * scale));
        int height = (int) Math.max(1, Math.round(sourceHeight * scale));
        if ((long) width * height > maxPixels) {
            throw RenderException.forbidden(String.format(
                    "requested image of %d x %d pixels is larger than the IS::MaxRenderRgnPixels limit of %.1f megapixels",
                    width, height, maxPixels / 1e6));
        }
        return new OutputSize(width, height);
    }

    /**
     * The integer factor by which the decoder may subsample without hurting the result: only for very large sources,
     * and always leaving at least three source pixels per output pixel for the resampler to average.
     */
    public int decoderReduction(int sourceWidth, int sourceHeight) {
        if ((long) sourceWidth * sourceHeight <= 16_000_000L) {
            return 1;
        }
        double ratio = Math.min(sourceWidth / (double) width, sourceHeight / (double) height);
        return Math.max(1, (int) Math.floor(ratio / 3));
    }
}
