package org.imageserving.ps.request;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.imageserving.ps.http.RequestException;

/**
 * Expands {@code $name$} macro calls by textual replacement with their definitions (main catalog first, then the
 * default catalog). Definitions may call other macros; a cycle or more than {@link #MAX_DEPTH} levels is a usage
 * error rather than a stack overflow.
 */
public final class MacroExpander {
    public static final int MAX_DEPTH = 16;
    private final Function<String, Optional<String>> definitions;

    public MacroExpander(Function<String, Optional<String>> definitions) {
        this.definitions = definitions;
    }

    public List<Modifier> expand(List<Modifier> modifiers) {
        List<Modifier> out = new ArrayList<>();
        expand(modifiers, out, new ArrayDeque<>());
        return out;
    }

    private void expand(List<Modifier> modifiers, List<Modifier> out, Deque<String> calling) {
        for (Modifier modifier : modifiers) {
            if (modifier.kind() != Modifier.Kind.MACRO) {
                out.add(modifier);
                continue;
            }
            String name = modifier.name();
            if (calling.contains(name)) {
                throw new RequestException(403, "macro $" + name + "$ calls itself (" + String.join(" > ", calling) + " > " + name + ")");
            }
            if (calling.size() >= MAX_DEPTH) {
                throw new RequestException(403, "macros nested deeper than " + MAX_DEPTH + " levels at $" + name + "$");
            }
            String definition = definitions.apply(name)
                    .orElseThrow(() -> new RequestException(403, "unknown macro $" + name + "$"));
            calling.push(name);
            expand(ModifierTokenizer.fromCatalog(definition), out, calling);
            calling.pop();
        }
    }
}
