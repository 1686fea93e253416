package org.imageserving.svg.render;

import com.github.weisj.jsvg.parser.XMLInput;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.Characters;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import javax.xml.stream.util.EventReaderDelegate;

/**
 * The SVG file as the XML events JSVG builds its document from, made safe on the way: no DTD is processed (so no
 * entity can expand, no external entity or DTD is fetched: a billion-laughs file fails on its first undeclared
 * entity), nesting depth and element count are bounded, and {@code $var$} references in attribute values and text are
 * replaced. The first XML error is kept so that the answer can say what is wrong with the file.
 */
final class SafeSvgInput implements XMLInput {
    static final int MAX_DEPTH = 256;
    static final int MAX_ELEMENTS = 200_000;
    /**
     * Elements drawn once every {@code <use>} and {@code url(#id)} reference is expanded: room for real sprite sheets,
     * none for use or pattern bombs.
     */
    static final long MAX_EXPANDED_ELEMENTS = 500_000;
    private static final XMLInputFactory FACTORY = secureFactory();
    private static final XMLEventFactory EVENTS = XMLEventFactory.newFactory();

    private final byte[] svg;
    private final VariableSubstitution variables;
    private volatile String firstError;

    SafeSvgInput(byte[] svg, VariableSubstitution variables) {
        this.svg = svg;
        this.variables = variables;
    }

    /** What made the parse fail, or null. */
    String firstError() {
        return firstError;
    }

    @Override
    public XMLEventReader createReader() throws XMLStreamException {
        XMLEventReader reader;
        synchronized (FACTORY) {
            reader = FACTORY.createXMLEventReader(new ByteArrayInputStream(svg));
        }
        return new Filter(reader);
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external reference refused: " + systemId);
        });
        return factory;
    }

    private final class Filter extends EventReaderDelegate {
        private final UseExpansion uses = new UseExpansion();
        private int depth;
        private int elements;

        Filter(XMLEventReader reader) {
            super(reader);
        }

        @Override
        public Object next() {
            try {
                return nextEvent();
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public XMLEvent nextEvent() throws XMLStreamException {
            try {
                return filter(super.nextEvent());
            } catch (XMLStreamException | RuntimeException e) {
                if (firstError == null) {
                    firstError = e.getMessage();
                }
                throw e;
            }
        }

        private XMLEvent filter(XMLEvent event) throws XMLStreamException {
            if (event.isStartElement()) {
                if (++depth > MAX_DEPTH) {
                    throw new XMLStreamException("elements nested deeper than " + MAX_DEPTH + " levels");
                }
                if (++elements > MAX_ELEMENTS) {
                    throw new XMLStreamException("more than " + MAX_ELEMENTS + " elements");
                }
                StartElement start = variables.isEmpty() ? event.asStartElement() : substituted(event.asStartElement());
                track(start);
                return start;
            }
            if (event.isEndDocument() && uses.expandedElements(MAX_EXPANDED_ELEMENTS) > MAX_EXPANDED_ELEMENTS) {
                throw new XMLStreamException("the SVG draws more than " + MAX_EXPANDED_ELEMENTS
                        + " elements once its <use> and url(#...) references (patterns, masks, filters) are expanded");
            }
            if (event.isEndElement()) {
                uses.end();
                depth--;
            } else if (event.isEntityReference()) {
                throw new XMLStreamException("entity references are not allowed in SVG sources");
            } else if (event.isCharacters() && !variables.isEmpty()) {
                Characters characters = event.asCharacters();
                String text = variables.apply(characters.getData());
                if (!text.equals(characters.getData())) {
                    return characters.isCData() ? EVENTS.createCData(text) : EVENTS.createCharacters(text);
                }
            }
            return event;
        }

        private void track(StartElement start) {
            String id = null;
            List<String> drawn = new ArrayList<>();
            for (Iterator<Attribute> it = start.getAttributes(); it.hasNext(); ) {
                Attribute attribute = it.next();
                String name = attribute.getName().getLocalPart();
                String value = attribute.getValue().strip();
                if (name.equals("id")) {
                    id = value;
                } else if (name.equals("href")) {
                    // a <use> draws its target; a pattern or gradient inherits its template's content
                    if (value.startsWith("#")) {
                        drawn.add(value.substring(1));
                    }
                } else {
                    drawn.addAll(UseExpansion.urlReferences(value));
                }
            }
            uses.start(id, drawn);
        }

        private StartElement substituted(StartElement start) {
            List<Attribute> attributes = new ArrayList<>();
            boolean changed = false;
            for (Iterator<Attribute> it = start.getAttributes(); it.hasNext(); ) {
                Attribute attribute = it.next();
                String value = variables.apply(attribute.getValue());
                if (!value.equals(attribute.getValue())) {
                    changed = true;
                    attribute = EVENTS.createAttribute(attribute.getName(), value);
                }
                attributes.add(attribute);
            }
            if (!changed) {
                return start;
            }
            return EVENTS.createStartElement(start.getName(), attributes.iterator(), start.getNamespaces());
        }
    }
}
