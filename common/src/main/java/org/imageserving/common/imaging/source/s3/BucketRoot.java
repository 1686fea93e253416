package org.imageserving.common.imaging.source.s3;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.imageserving.common.imaging.source.InvalidSourcePathException;
import org.imageserving.common.imaging.source.SourceRoots;

/**
 * A root in an S3-compatible bucket: {@code s3://bucket/prefix/}. A relative image path becomes the key
 * {@code prefix + path} by the same rules as a path under a folder root ({@link SourceRoots#segments}): no {@code ..},
 * no drive or scheme, no backslash or NUL, empty and {@code .} segments dropped; so a key never leaves its prefix. A
 * key is literal in S3 (nothing decodes {@code %2e%2e} there), so the decoding the HTTP layer did is the only one.
 *
 * @param bucket the bucket's name (DNS-compatible, as S3 requires: 3 to 63 of a-z, 0-9, '.', '-')
 * @param prefix the key prefix, empty or ending with '/'
 */
public record BucketRoot(String bucket, String prefix) {
    private static final String SCHEME = "s3://";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public BucketRoot {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not a valid S3 bucket name: '" + bucket + "'");
        }
        if (!prefix.isEmpty()) {
            prefix = String.join("/", SourceRoots.segments(prefix)) + "/";
        }
    }

    public static boolean isBucketUrl(String text) {
        return text.strip().toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /** {@code s3://bucket}, {@code s3://bucket/} or {@code s3://bucket/some/prefix/} (the last '/' optional). */
    public static BucketRoot parse(String url) {
        String rest = url.strip().substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        try {
            return new BucketRoot(bucket, prefix.replaceAll("^/+", ""));
        } catch (InvalidSourcePathException e) {
            throw new IllegalArgumentException("not a valid S3 key prefix in " + url);
        }
    }

    /**
     * The object key of an image path under this root.
     *
     * @throws InvalidSourcePathException for a path that names nothing, climbs with {@code ..} or names a drive or scheme
     */
    public String key(String relative) {
        List<String> segments = SourceRoots.segments(relative);
        return prefix + String.join("/", segments);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
