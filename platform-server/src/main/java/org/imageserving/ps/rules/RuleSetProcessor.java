package org.imageserving.ps.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.imageserving.ps.http.RequestException;

/**
 * Applies a rule set to one request string ({@code path?query} after the context root) as documented: each rule
 * whose {@code RequestType} covers the context is tested in order; on a match its address filter is checked, its
 * substitution applied (first or all matches; no expression appends the substitution), its attribute overrides and
 * headers recorded, then {@code break}, {@code continue} or {@code error} ("request refused").
 *
 * <p>Matching runs on a character sequence that gives up after {@link #REGEX_BUDGET_NANOS}, so a catastrophically
 * backtracking expression costs one refused request, not a server thread.
 */
public final class RuleSetProcessor {
    static final long REGEX_BUDGET_NANOS = 50_000_000L;

    /** The outcome: the rewritten request, the attribute overrides and headers of the matching rules. */
    public record Outcome(String request, Map<String, String> attributes, List<RuleSet.Header> headers,
                          boolean addressFilterApplied) {}

    private RuleSetProcessor() {}

    public static Outcome apply(RuleSet ruleSet, String context, String request, String clientAddress) {
        String current = request;
        Map<String, String> attributes = new LinkedHashMap<>();
        List<RuleSet.Header> headers = new ArrayList<>();
        boolean filtered = false;
        for (RuleSet.Rule rule : ruleSet.rules()) {
            if (!rule.requestTypes().contains(context)) {
                continue;
            }
            Matcher matcher = rule.expression() == null ? null
                    : rule.expression().matcher(new DeadlineCharSequence(current, System.nanoTime() + REGEX_BUDGET_NANOS));
            try {
                if (matcher != null && !matcher.find()) {
                    continue;
                }
                if (rule.addressFilter() != null) {
                    filtered = true;
                    if (!rule.addressFilter().allows(clientAddress)) {
                        throw new RequestException(403, "request refused (" + rule.name() + ": client address not allowed)");
                    }
                }
                if (rule.substitution() != null) {
                    if (matcher == null) {
                        // the substitution is kept in Java replacement form ($ and \ escaped): appended, it is text
                        current = current + RuleSetFile.literal(rule.substitution());
                    } else {
                        matcher.reset();
                        current = rule.replaceAll() ? matcher.replaceAll(rule.substitution())
                                : matcher.replaceFirst(rule.substitution());
                    }
                }
            } catch (DeadlineCharSequence.TimeUp e) {
                throw new RequestException(403, "request refused (" + rule.name() + ": expression took too long)");
            }
            attributes.putAll(rule.attributes());
            headers.addAll(rule.headers());
            if (rule.onMatch() == RuleSet.OnMatch.ERROR) {
                throw new RequestException(403, "request refused (" + rule.name() + ")");
            }
            if (rule.onMatch() == RuleSet.OnMatch.BREAK) {
                break;
            }
        }
        return new Outcome(current, attributes, headers, filtered);
    }

    /** A string view that throws once its deadline has passed; regex matching reads every character through it. */
    static final class DeadlineCharSequence implements CharSequence {
        static final class TimeUp extends RuntimeException {
            TimeUp() {
                super(null, null, false, false);
            }
        }

        private final CharSequence text;
        private final long deadline;

        DeadlineCharSequence(CharSequence text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (System.nanoTime() > deadline) {
                throw new TimeUp();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineCharSequence(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
