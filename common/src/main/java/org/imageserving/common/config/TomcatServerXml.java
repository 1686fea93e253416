package org.imageserving.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The documented editable points of {@code conf/server.xml}: the HTTP {@code <Connector port="TC::PsPort">}, the
 * access-log {@code <Valve directory="TC::directory" maxDays="TC::maxDays" prefix="TC::prefix" pattern="TC::pattern">},
 * and every {@code <Connector>} with all its attributes and nested elements (HTTPS, AJP), which the Platform Server
 * hands to Tomcat as they are. Engine, Host and the rest are accepted and ignored: the Platform Server builds them.
 *
 * <p>The plain HTTP connector is required even when the service is offered over HTTPS: the supervisor's health probe,
 * {@code PS::svgProvider.port} and {@code IS::CacheServerUrl} talk to TC::PsPort over HTTP.
 */
public record TomcatServerXml(
        Path file,
        int psPort,
        String psAddress,
        List<ServerXmlElement> connectors,
        Path accessLogDirectory,
        String accessLogPrefix,
        String accessLogPattern,
        int accessLogMaxDays) {

    public static final String FILE_NAME = "server.xml";
    /** The documented default pattern (with the original's stray quote and missing {@code r} corrected). */
    public static final String DEFAULT_PATTERN = "%G %a %s %{ProcessingStatus}r %{Size}r %D %{ParseTime}r %{FetchTime}r"
            + " %O %{ReqType}r '%{RootId}r' %{CacheUse}r %R [%I] '%{Referer}i' %{Host}i %{X-Forwarded-For}i"
            + " %{If-None-Match}i %{If-Match}i %{If-Modified-Since}i %{Digest}r %{ContentType}r %p %{Exception}r"
            + " %{CacheKey}r %{PeerServer}r %{SendTime}r %{Context}r %{TransformedUrl}r %{PathBasedAccess}r";

    public static TomcatServerXml read(InstallFolder install) {
        XmlFile xml = XmlFile.read(install.conf(FILE_NAME));
        NodeList all = xml.root().getElementsByTagName("Connector");
        List<String> text = lines(xml.path());
        List<ServerXmlElement> connectors = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element c = (Element) all.item(i);
            intAttribute(xml, c, "port", 1, 65535);
            connectors.add(ServerXmlElement.of(xml, c, text));
        }
        Element connector = httpConnector(xml).orElseThrow(() -> xml.error(xml.root(),
                "no plain HTTP <Connector port=\"...\"> (TC::PsPort); it is needed besides any HTTPS connector"
                        + " (the supervisor's health probe uses it; address=\"127.0.0.1\" keeps it local)"));
        int port = intAttribute(xml, connector, "port", 1, 65535);
        Optional<Element> valve = elements(xml, "Valve").filter(v -> v.getAttribute("className").endsWith("AccessLogValve"));
        String directory = valve.map(v -> v.getAttribute("directory")).filter(s -> !s.isBlank()).orElse("logs");
        String prefix = valve.map(v -> v.getAttribute("prefix")).filter(s -> !s.isBlank()).orElse("access-");
        String pattern = valve.map(v -> v.getAttribute("pattern")).filter(s -> !s.isBlank()).orElse(DEFAULT_PATTERN);
        int maxDays = valve.filter(v -> v.hasAttribute("maxDays"))
                .map(v -> intAttribute(xml, v, "maxDays", -1, 36500)).orElse(10);
        return new TomcatServerXml(xml.path(), port, connector.getAttribute("address").strip(), connectors,
                install.resolve(directory), prefix, pattern, maxDays);
    }

    /** The plain HTTP connector of TC::PsPort: the first that is neither TLS nor AJP. */
    public ServerXmlElement httpConnector() {
        return connectors.stream().filter(c -> !c.tls() && !c.ajp()).findFirst().orElseThrow();
    }

    /** The connectors besides the HTTP one of TC::PsPort: HTTPS, AJP, further HTTP ports. */
    public List<ServerXmlElement> otherConnectors() {
        List<ServerXmlElement> others = new ArrayList<>(connectors);
        others.remove(httpConnector());
        return others;
    }

    /** A problem with one element of this file, reported at its line. */
    public ConfigException error(ServerXmlElement element, String message) {
        return new ConfigException(file, element.line(), message);
    }

    /** A problem with one attribute, reported at the line it is written on. */
    public ConfigException error(ServerXmlElement element, String attribute, String message) {
        return new ConfigException(file, element.lineOf(attribute), message);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    private static Optional<Element> httpConnector(XmlFile xml) {
        NodeList connectors = xml.root().getElementsByTagName("Connector");
        for (int i = 0; i < connectors.getLength(); i++) {
            Element c = (Element) connectors.item(i);
            boolean tls = "https".equalsIgnoreCase(c.getAttribute("scheme")) || "true".equalsIgnoreCase(c.getAttribute("SSLEnabled"));
            boolean ajp = c.getAttribute("protocol").toUpperCase().startsWith("AJP");
            if (!tls && !ajp) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static Optional<Element> elements(XmlFile xml, String tag) {
        NodeList nodes = xml.root().getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (e.getAttribute("className").endsWith("AccessLogValve")) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static int intAttribute(XmlFile xml, Element element, String name, int min, int max) {
        String text = element.getAttribute(name).strip();
        if (text.isEmpty()) {
            throw xml.error(element, "<" + element.getTagName() + "> has no " + name + "=\"...\"");
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw xml.error(element, name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw xml.error(element, "<" + element.getTagName() + " " + name + "=\"" + text + "\"> is not a number");
        }
    }
}
