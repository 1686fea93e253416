package org.imageserving.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * An XML configuration file read into a DOM whose elements remember their line, so that a value that is
 * well-formed but wrong can still be reported as {@code file:line}. DTDs and external entities are refused:
 * configuration never makes the server read another file or reach the network.
 */
public final class XmlFile {
    private static final String LINE = "line";
    private final Path path;
    private final Element root;

    private XmlFile(Path path, Element root) {
        this.path = path;
        this.root = root;
    }

    public static XmlFile read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            Document doc = newDocument();
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.newSAXParser().parse(in, new DomBuilder(doc));
            return new XmlFile(path, doc.getDocumentElement());
        } catch (NoSuchFileException e) {
            throw new ConfigException(path, 0, "file not found");
        } catch (SAXParseException e) {
            throw new ConfigException(path, Math.max(e.getLineNumber(), 1), "not well-formed XML: " + e.getMessage());
        } catch (SAXException | ParserConfigurationException e) {
            throw new ConfigException(path, 0, "cannot parse XML: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(path, 0, "cannot read: " + e.getMessage());
        }
    }

    public Path path() {
        return path;
    }

    public Element root() {
        return root;
    }

    public int line(Node node) {
        Object line = node.getUserData(LINE);
        return line instanceof Integer i ? i : 0;
    }

    public ConfigException error(Node node, String message) {
        return new ConfigException(path, line(node), message);
    }

    public static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                result.add(e);
            }
        }
        return result;
    }

    public static Optional<Element> child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    public static Optional<String> childText(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().trim());
    }

    /** Reads an integer child element, reporting a non-number or an out-of-range value at its own line. */
    public int childInt(Element parent, String name, int defaultValue, int min, int max) {
        Optional<Element> element = child(parent, name);
        if (element.isEmpty()) {
            return defaultValue;
        }
        String text = element.get().getTextContent().trim();
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw error(element.get(), "<" + name + "> must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(element.get(), "<" + name + "> must be a whole number, got '" + text + "'");
        }
    }

    private static Document newDocument() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().newDocument();
    }

    /** Builds the DOM from SAX events because only SAX tells where an element starts. */
    private static final class DomBuilder extends DefaultHandler {
        private final Document doc;
        private final Deque<Node> open = new ArrayDeque<>();
        private final StringBuilder text = new StringBuilder();
        private Locator locator;

        DomBuilder(Document doc) {
            this.doc = doc;
            open.push(doc);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            flushText();
            Element element = doc.createElement(qName);
            for (int i = 0; i < attributes.getLength(); i++) {
                element.setAttribute(attributes.getQName(i), attributes.getValue(i));
            }
            element.setUserData(LINE, locator == null ? 0 : locator.getLineNumber(), null);
            open.peek().appendChild(element);
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            flushText();
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        private void flushText() {
            if (text.length() > 0 && open.peek() instanceof Element parent) {
                parent.appendChild(doc.createTextNode(text.toString()));
            }
            text.setLength(0);
        }
    }
}
