package org.imageserving.svg.render;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code $name$} references with the request's substitution variables, names compared without regard to case.
 * As in the protocol, an undefined reference stays as written and a substituted value is not searched again.
 */
final class VariableSubstitution {
    private static final Pattern REFERENCE = Pattern.compile("\\$([^$\\s<>\"'&=]+)\\$");
    private final Map<String, String> variables;

    /** @param variables names in lower case, without the {@code $} */
    VariableSubstitution(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    boolean isEmpty() {
        return variables.isEmpty();
    }

    String apply(String text) {
        if (variables.isEmpty() || text.indexOf('$') < 0) {
            return text;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        int last = 0;
        while (matcher.find()) {
            String value = variables.get(matcher.group(1).toLowerCase(Locale.ROOT));
            if (value == null) {
                continue;
            }
            out.append(text, last, matcher.start()).append(value);
            last = matcher.end();
        }
        return last == 0 ? text : out.append(text, last, text.length()).toString();
    }
}
