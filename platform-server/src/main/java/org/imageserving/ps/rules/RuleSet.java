package org.imageserving.ps.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed rule set ({@code attribute::RuleSetFile}): the rules in document order.
 *
 * @param rules the rules; an empty list passes every request unchanged
 */
public record RuleSet(List<Rule> rules) {
    public static final RuleSet EMPTY = new RuleSet(List.of());

    public enum OnMatch { BREAK, CONTINUE, ERROR }

    public record Header(String name, boolean add, String value) {}

    /**
     * One {@code <rule>}.
     *
     * @param expression   null when absent (matches every request)
     * @param substitution null when absent (no rewrite)
     * @param addressFilter null when absent
     * @param attributes   attribute overrides, lower-case names
     */
    public record Rule(String name, OnMatch onMatch, boolean replaceAll, Set<String> requestTypes, Pattern expression,
                       String substitution, AddressFilter addressFilter, List<Header> headers,
                       Map<String, String> attributes) {}
}
