package org.imageserving.is.color;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.color.BuiltInProfiles;
import java.util.concurrent.ConcurrentHashMap;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.source.SourceResolver;

/**
 * The output profiles a request names, as the Platform Server resolved them: a path under the {@code IS::RootPath}
 * folders (found again here with the same rules as sources, so no name reaches outside the roots), or the name of a
 * built-in profile ({@link BuiltInProfiles}): {@value #SRGB} is the JDK's, {@code GenericCMYK} is made by
 * {@link GenericCmykProfile}, the other RGB ones are CC0 files from the colord project among this package's resources
 * ({@code profiles/README.md}). Files are parsed once per version (path, size, modification time): a request should
 * not pay for reading a 500 KB CMYK profile.
 */
public final class ProfileStore {
    /** The built-in profile every catalog may name without a profile map entry (the default {@code IccProfileRgb}). */
    public static final String SRGB = BuiltInProfiles.SRGB;
    private static final int MAX_CACHED = 64;

    private final SourceResolver roots;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();
    private final Map<String, ICC_Profile> builtIn = new ConcurrentHashMap<>();

    private record Loaded(long size, long modified, ICC_Profile profile) {}

    public ProfileStore(SourceResolver roots) {
        this.roots = roots;
    }

    public static boolean isBuiltInSrgb(String ref) {
        return ref.strip().toLowerCase(Locale.ROOT).equals("srgb");
    }

    private static ICC_Profile builtIn(String name) {
        if (name.equals(BuiltInProfiles.GENERIC_CMYK)) {
            return ICC_Profile.getInstance(GenericCmykProfile.create());
        }
        try (InputStream in = ProfileStore.class.getResourceAsStream("profiles/" + name + ".icc")) {
            if (in == null) {
                throw RenderException.serverError("built-in profile " + name + " is missing from the build", null);
            }
            return ICC_Profile.getInstance(in.readAllBytes());
        } catch (IOException e) {
            throw RenderException.serverError("built-in profile " + name + " does not load", e);
        }
    }

    public ICC_Profile load(String ref) {
        if (isBuiltInSrgb(ref)) {
            return ICC_Profile.getInstance(ColorSpace.CS_sRGB);
        }
        Optional<String> name = BuiltInProfiles.find(ref);
        if (name.isPresent()) {
            return builtIn.computeIfAbsent(name.get(), ProfileStore::builtIn);
        }
        Path file;
        try {
            file = roots.resolve(ref);
        } catch (RenderException e) {
            throw RenderException.badRequest("ICC profile not found: " + ref + " (" + e.getMessage() + ")");
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            String key = file.toString();
            Loaded known = cache.get(key);
            if (known != null && known.size == a.size() && known.modified == a.lastModifiedTime().toMillis()) {
                return known.profile;
            }
            ICC_Profile profile = ICC_Profile.getInstance(Files.readAllBytes(file));
            if (cache.size() >= MAX_CACHED) {
                cache.clear(); // a handful of profiles in practice; never an unbounded map
            }
            cache.put(key, new Loaded(a.size(), a.lastModifiedTime().toMillis(), profile));
            return profile;
        } catch (IOException e) {
            throw RenderException.badRequest("ICC profile not readable: " + ref);
        } catch (IllegalArgumentException e) {
            throw RenderException.badRequest("not an ICC profile: " + ref);
        }
    }
}
