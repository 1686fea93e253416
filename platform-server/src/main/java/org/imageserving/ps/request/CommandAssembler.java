package org.imageserving.ps.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imageserving.ps.http.RequestException;

/**
 * Puts the commands of one request together in the documented order: macros expanded in every source, variables
 * ({@code $var=}) collected from {@code catalog::Modifier}, the URL and {@code catalog::PostModifier} with
 * {@code $object} predefined, references substituted in values (once: a variable's value is not substituted again),
 * then the commands merged with fixed precedence: {@code Modifier} lowest, URL, {@code PostModifier} highest, the
 * last occurrence of a name winning. Commands of a {@code layer=n} segment are kept as {@code @layer<n>:name}
 * ({@link LayerSegments}); request and view commands apply to the whole request wherever they stand.
 */
public final class CommandAssembler {
    private static final Pattern REFERENCE = Pattern.compile("\\$([A-Za-z0-9._-]+)\\$");
    /** The commands that make a layer an image or a text layer (lower case, as the tokenizer gives names). */
    private static final List<String> LAYER_CONTENT = List.of("src", "text", "textps");

    /** The assembled commands, the variables that were in effect and the comments (part of the cache key). */
    public record Assembled(Map<String, String> commands, Map<String, String> variables, List<String> comments) {}

    private CommandAssembler() {}

    public static Assembled assemble(List<Modifier> modifier, List<Modifier> url, List<Modifier> postModifier,
                                     MacroExpander macros, String object) {
        List<List<Modifier>> sources = List.of(macros.expand(modifier), macros.expand(url), macros.expand(postModifier));

        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("object", object);
        List<String> comments = new ArrayList<>();
        for (List<Modifier> source : sources) {
            for (Modifier m : source) {
                if (m.kind() == Modifier.Kind.VARIABLE) {
                    variables.put(m.name(), m.value());
                } else if (m.kind() == Modifier.Kind.COMMENT) {
                    comments.add(m.value());
                }
            }
        }
        Map<String, String> commands = new LinkedHashMap<>();
        LayerSegments segments = new LayerSegments();
        for (List<Modifier> source : sources) {
            // each source starts on comp: a Modifier's last layer= does not capture the URL's commands
            segments.startSource();
            for (Modifier m : source) {
                if (m.kind() != Modifier.Kind.COMMAND) {
                    continue;
                }
                String value = m.value();
                if (m.name().equals("layer") || m.name().equals("effect")) {
                    if (REFERENCE.matcher(value).find()) {
                        throw new RequestException(403, m.name() + "= may not contain a variable: " + value);
                    }
                    if (m.name().equals("layer")) {
                        segments.select(value);
                    } else {
                        segments.selectEffect(value);
                    }
                    continue;
                }
                String name = segments.keyOf(m.name());
                if (LAYER_CONTENT.contains(m.name())) {
                    // "textPs": src=, text= and textPs= exclude each other in a layer and the last one prevails; the
                    // Image Server gets a layer's commands without their order, so only the winner goes on
                    LAYER_CONTENT.forEach(other -> commands.remove(segments.keyOf(other)));
                }
                commands.remove(name); // keep the order of the winning occurrence
                commands.put(name, substitute(value, variables));
            }
        }
        segments.markSelected(commands);
        return new Assembled(commands, variables, comments);
    }

    /** Replaces each {@code $name$} by the variable's value; undefined references stay literal. */
    public static String substitute(String value, Map<String, String> variables) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = variables.get(m.group(1).toLowerCase(java.util.Locale.ROOT));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
