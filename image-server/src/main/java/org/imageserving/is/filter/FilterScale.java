package org.imageserving.is.filter;

/**
 * How many pixels of the filtered image one pixel of a request's measure spans: radii are given in composite pixels
 * ({@code op_blur}) or in full-resolution source pixels ({@code op_usm}), and the image being filtered is usually
 * reduced from both.
 *
 * @param composite image pixels per composite pixel
 * @param source    image pixels per full-resolution source pixel
 */
public record FilterScale(double composite, double source) {
    public static final FilterScale NONE = new FilterScale(1, 1);
}
