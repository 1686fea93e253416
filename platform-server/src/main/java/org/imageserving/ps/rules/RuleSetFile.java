package org.imageserving.ps.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a rule set file strictly: exactly one {@code <ruleset>} holding only {@code <rule>} elements, each with at
 * most one {@code <expression>}, {@code <substitution>}, {@code <addressfilter>} and any {@code <header>}s, and only
 * the documented attributes. Anything else makes the whole file invalid (the documented behaviour: a
 * non-conforming rule set does not load). DTDs and external entities are refused.
 */
public final class RuleSetFile {
    /** The catalog attributes a rule may override for the requests it matches. */
    static final Set<String> OVERRIDABLE = Set.of("defaultimagemode", "errorimage", "expiration", "maxpix",
            "requestlock", "requestobfuscation", "rooturl", "savepath", "watermark");
    private static final Set<String> RULE_ATTRIBUTES = Set.of("onmatch", "replace", "requesttype", "name");

    private RuleSetFile() {}

    public static RuleSet read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    static RuleSet read(InputStream in) throws IOException {
        try {
            return parse(builder().parse(in));
        } catch (SAXException e) {
            throw new IOException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    static RuleSet parse(Document document) throws IOException {
        Element root = document.getDocumentElement();
        if (!root.getTagName().equals("ruleset")) {
            throw new IOException("the root element must be <ruleset>, not <" + root.getTagName() + ">");
        }
        List<RuleSet.Rule> rules = new ArrayList<>();
        for (Element rule : children(root)) {
            if (!rule.getTagName().equals("rule")) {
                throw new IOException("<ruleset> may hold only <rule> elements, not <" + rule.getTagName() + ">");
            }
            rules.add(rule(rule, rules.size() + 1));
        }
        return new RuleSet(List.copyOf(rules));
    }

    private static RuleSet.Rule rule(Element rule, int number) throws IOException {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < rule.getAttributes().getLength(); i++) {
            Node attribute = rule.getAttributes().item(i);
            String name = attribute.getNodeName().toLowerCase(Locale.ROOT);
            if (OVERRIDABLE.contains(name)) {
                overrides.put(name, attribute.getNodeValue());
            } else if (!RULE_ATTRIBUTES.contains(name)) {
                throw new IOException("rule " + number + ": unknown attribute " + attribute.getNodeName());
            }
        }
        String label = rule.getAttribute("Name").isEmpty() ? "rule " + number : rule.getAttribute("Name");
        RuleSet.OnMatch onMatch = switch (rule.getAttribute("OnMatch").isEmpty() ? "break" : rule.getAttribute("OnMatch")) {
            case "break" -> RuleSet.OnMatch.BREAK;
            case "continue" -> RuleSet.OnMatch.CONTINUE;
            case "error" -> RuleSet.OnMatch.ERROR;
            default -> throw new IOException(label + ": OnMatch must be break, continue or error");
        };
        String replace = rule.getAttribute("Replace").isEmpty() ? "first" : rule.getAttribute("Replace");
        if (!replace.equals("first") && !replace.equals("all")) {
            throw new IOException(label + ": Replace must be first or all");
        }
        Set<String> types = rule.getAttribute("RequestType").isEmpty() ? Set.of("is", "ir", "static")
                : Set.of(rule.getAttribute("RequestType").toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        Pattern expression = null;
        String substitution = null;
        AddressFilter filter = null;
        List<RuleSet.Header> headers = new ArrayList<>();
        for (Element child : children(rule)) {
            switch (child.getTagName()) {
                case "expression" -> {
                    if (expression != null) {
                        throw new IOException(label + ": more than one <expression>");
                    }
                    try {
                        expression = Pattern.compile(child.getTextContent());
                    } catch (PatternSyntaxException e) {
                        throw new IOException(label + ": invalid regular expression: " + e.getDescription());
                    }
                }
                case "substitution" -> substitution = javaReplacement(child.getTextContent());
                case "addressfilter" -> {
                    try {
                        filter = AddressFilter.parse(child.getTextContent());
                    } catch (IllegalArgumentException e) {
                        throw new IOException(label + ": " + e.getMessage());
                    }
                }
                case "header" -> {
                    String name = child.getAttribute("Name");
                    String action = child.getAttribute("Action").isEmpty() ? "set" : child.getAttribute("Action");
                    if (name.isEmpty() || !(action.equals("set") || action.equals("add"))) {
                        throw new IOException(label + ": <header> needs Name and Action set or add");
                    }
                    headers.add(new RuleSet.Header(name, action.equals("add"), child.getTextContent()));
                }
                default -> throw new IOException(label + ": unknown element <" + child.getTagName() + ">");
            }
        }
        if (substitution != null) {
            int groups = expression == null ? 0 : expression.matcher("").groupCount();
            int highest = highestGroupReference(substitution);
            if (expression != null && highest > groups) {
                // else Matcher.replaceFirst throws IndexOutOfBoundsException on every request the rule matches
                throw new IOException(label + ": the substitution refers to group $" + highest + " but the expression has "
                        + groups + (groups == 1 ? " group" : " groups"));
            }
        }
        return new RuleSet.Rule(label, onMatch, replace.equals("all"), types, expression, substitution, filter,
                List.copyOf(headers), Map.copyOf(overrides));
    }

    /**
     * Rule sets write {@code $n} for groups and a plain {@code $} elsewhere ({@code ?$object=cat/$1}); a Java
     * replacement string would read {@code $object} as a group name, so a {@code $} not followed by a digit is made
     * literal. A backslash escapes the next character, as in Java ({@code \?} yields {@code ?}).
     */
    static String javaReplacement(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '\\') {
                out.append("\\\\"); // a last backslash escapes nothing: it is text (Java's form would throw)
            } else if (c == '$' && (i + 1 >= text.length() || !asciiDigit(text.charAt(i + 1)))) {
                out.append("\\$");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The highest group a Java replacement refers to: {@code $} then one digit (Java reads further digits only while
     * the number stays a group of the expression, so the first digit decides); 0 for none.
     */
    static int highestGroupReference(String replacement) {
        int highest = 0;
        for (int i = 0; i < replacement.length() - 1; i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '$' && asciiDigit(replacement.charAt(i + 1))) {
                highest = Math.max(highest, replacement.charAt(i + 1) - '0');
            }
        }
        return highest;
    }

    /** Java's replacement syntax takes only 0-9 after {@code $}; another Unicode digit there is an error. */
    private static boolean asciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A Java replacement as the literal text it stands for: what a rule without an expression appends. */
    static String literal(String replacement) {
        StringBuilder out = new StringBuilder(replacement.length());
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\' && i + 1 < replacement.length()) {
                c = replacement.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                elements.add(e);
            }
        }
        return elements;
    }

    private static DocumentBuilder builder() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // the default handler prints every parse error to stderr as well; the IOException carries it to the log
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {}

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IOException(e);
        }
    }
}
