package org.imageserving.common.imaging.tiff;

/** One level of a pyramid TIFF: its directory index in the file, its size, and how many full-resolution pixels one of its pixels spans. */
public record PyramidLevel(int index, int width, int height, int factor) {}
