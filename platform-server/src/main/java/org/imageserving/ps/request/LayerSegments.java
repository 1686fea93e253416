package org.imageserving.ps.request;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imageserving.common.protocol.CommandSpec;
import org.imageserving.common.protocol.Commands;
import org.imageserving.ps.http.RequestException;

/**
 * The layer segments of one request ("layer"): {@code layer=n|comp[,name]} or {@code layer=name} starts a segment that
 * runs to the next {@code layer=} or the end of its source (Modifier, URL, PostModifier). Layer and source commands
 * of a segment {@code n} are named {@code @layer<n>:name} among the assembled commands; request and view commands
 * apply to the whole request wherever they stand, and before any {@code layer=} the current layer is {@code comp}.
 */
public final class LayerSegments {
    /** The prefix of a layer segment's commands among the assembled ones: {@code @layer2:pos}. */
    public static final String PREFIX = "@layer";
    /** Layer numbers beyond this are refused: the Image Server draws at most a hundred layers anyway. */
    static final int MAX_LAYER_NUMBER = 9999;
    private static final Pattern NUMBERED = Pattern.compile("(\\d+)(?:,(.*))?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /** The prefix of an effect segment's commands, inside its parent's: {@code @effect-1:color}. */
    public static final String EFFECT_PREFIX = org.imageserving.common.render.Layer.EFFECT_PREFIX;

    private final Map<String, Integer> names = new HashMap<>();
    /** Every layer a segment selected, so that one left without commands is seen (and refused) too. */
    private final java.util.Set<Integer> selected = new java.util.TreeSet<>();
    /** The current layer; null is comp. */
    private Integer current;
    /** The current effect of that layer; null when the segment is the layer's own. */
    private Integer effect;

    void startSource() {
        current = null;
        effect = null;
    }

    /** {@code effect=n} (n ≠ 0): an effect segment of the current layer, comp included. */
    void selectEffect(String value) {
        int number;
        try {
            number = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new RequestException(403, "effect=" + value + ": expected a whole number other than 0");
        }
        if (number == 0 || Math.abs(number) > MAX_LAYER_NUMBER) {
            throw new RequestException(403, "effect=" + value + ": expected a number other than 0, up to "
                    + MAX_LAYER_NUMBER + " either way");
        }
        effect = number;
    }

    void select(String value) {
        effect = null;
        String v = value.strip();
        if (v.equalsIgnoreCase("comp")) {
            current = null;
            return;
        }
        Matcher numbered = NUMBERED.matcher(v);
        if (numbered.matches()) {
            int number;
            try {
                number = Integer.parseInt(numbered.group(1));
            } catch (NumberFormatException e) {
                number = Integer.MAX_VALUE;
            }
            if (number > MAX_LAYER_NUMBER) {
                throw new RequestException(403, "layer=" + value + ": layer numbers go up to " + MAX_LAYER_NUMBER);
            }
            if (numbered.group(2) != null) {
                name(value, numbered.group(2).strip(), number);
            }
            current = number;
            selected.add(number);
            return;
        }
        if (v.toLowerCase(Locale.ROOT).startsWith("comp,")) {
            throw new RequestException(403, "layer=" + value + ": comp cannot be named");
        }
        Integer named = names.get(v.toLowerCase(Locale.ROOT));
        if (named == null) {
            throw new RequestException(403, "layer=" + value + ": no layer is named " + v);
        }
        current = named;
    }

    private void name(String value, String name, int number) {
        if (!NAME.matcher(name).matches() || name.equalsIgnoreCase("comp")) {
            throw new RequestException(403, "layer=" + value + ": '" + name + "' is not a valid layer name");
        }
        Integer before = names.putIfAbsent(name.toLowerCase(Locale.ROOT), number);
        if (before != null && before != number) {
            throw new RequestException(403, "layer=" + value + ": the name " + name + " already names layer " + before);
        }
    }

    /**
     * Marks each layer above 0 that a segment selected: a segment without a command still names a layer, which the
     * Image Server then refuses for having no source ({@code layer=1} alone is a usage error, not nothing).
     */
    void markSelected(Map<String, String> commands) {
        for (int number : selected) {
            if (number > 0) {
                commands.putIfAbsent(PREFIX + number + ":", "");
            }
        }
    }

    /** The assembled name of a command met in the current segment. */
    String keyOf(String name) {
        boolean perLayer = Commands.find(name).map(CommandSpec::scope).map(scope -> scope.perLayer()).orElse(true);
        if (!perLayer) {
            return name;
        }
        String key = effect == null ? name : EFFECT_PREFIX + effect + ":" + name;
        return current == null ? key : PREFIX + current + ":" + key;
    }

    /**
     * The command name inside an assembled key ({@code @layer1:@effect-1:color} → {@code color}), what the protocol
     * model is asked about.
     */
    public static String commandName(String key) {
        String name = parse(key).map(Map.Entry::getValue).orElse(key);
        if (name.startsWith(EFFECT_PREFIX)) {
            name = name.substring(name.indexOf(':') + 1);
        }
        return name;
    }

    /** Whether an assembled key is an effect command that effects do not honour (documented: ignored). */
    public static boolean ignoredInEffect(String key) {
        String inLayer = parse(key).map(Map.Entry::getValue).orElse(key);
        return inLayer.startsWith(EFFECT_PREFIX) && !Commands.EFFECT_COMMANDS.contains(commandName(key).toLowerCase(Locale.ROOT));
    }

    /** The layer and the command name of an assembled {@code @layer<n>:name} key; empty for any other name. */
    public static Optional<Map.Entry<Integer, String>> parse(String key) {
        if (!key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int colon = key.indexOf(':');
        // a catalog modifier can hold any name ("@layerdd" in a PostModifier, found by CatalogFuzzer): not a layer key
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Map.entry(Integer.parseInt(key.substring(PREFIX.length(), colon)), key.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
