package org.imageserving.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One element of {@code server.xml} as the administrator wrote it: tag, attributes in file order, line and nested
 * elements. The Platform Server hands these to Tomcat; keeping the line lets it refuse a setting Tomcat does not know
 * as {@code server.xml:line} instead of silently running without it.
 */
public record ServerXmlElement(String tag, int line, Map<String, String> attributes, Map<String, Integer> lines,
                               List<ServerXmlElement> children) {

    public ServerXmlElement {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        lines = Map.copyOf(lines);
        children = List.copyOf(children);
    }

    /**
     * @param text the file's lines: the parser only reports where a start tag ends, and a {@code <Connector>} with
     *             a dozen attributes spans a dozen lines, so the start and each attribute's line are looked up here
     */
    static ServerXmlElement of(XmlFile xml, Element element, List<String> text) {
        int end = Math.max(1, Math.min(xml.line(element), text.size()));
        int start = end;
        while (start > 1 && !text.get(start - 1).contains("<" + element.getTagName())) {
            start--;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        NamedNodeMap nodes = element.getAttributes();
        // the DOM keeps attributes sorted by name, not in file order: only messages could tell, and they name the line
        for (int i = 0; i < nodes.getLength(); i++) {
            String name = nodes.item(i).getNodeName();
            attributes.put(name, nodes.item(i).getNodeValue());
            Pattern assignment = Pattern.compile("(^|\\s)" + Pattern.quote(name) + "\\s*=");
            for (int line = start; line <= end; line++) {
                if (assignment.matcher(text.get(line - 1)).find()) {
                    lines.put(name, line);
                    break;
                }
            }
        }
        List<ServerXmlElement> children = new ArrayList<>();
        NodeList childNodes = element.getChildNodes();
        for (int i = 0; i < childNodes.getLength(); i++) {
            Node child = childNodes.item(i);
            if (child instanceof Element e) {
                children.add(of(xml, e, text));
            }
        }
        return new ServerXmlElement(element.getTagName(), start, attributes, lines, children);
    }

    /** The line an attribute is written on, else the element's. */
    public int lineOf(String attribute) {
        return lines.getOrDefault(attribute, line);
    }

    public String attribute(String name) {
        return attributes.getOrDefault(name, "").strip();
    }

    /** Whether this is a TLS connector: Tomcat's {@code SSLEnabled="true"}, or at least {@code scheme="https"}. */
    public boolean tls() {
        return "https".equalsIgnoreCase(attribute("scheme")) || "true".equalsIgnoreCase(attribute("SSLEnabled"));
    }

    public boolean ajp() {
        return attribute("protocol").toUpperCase().startsWith("AJP");
    }

    public int port() {
        return Integer.parseInt(attribute("port"));
    }
}
