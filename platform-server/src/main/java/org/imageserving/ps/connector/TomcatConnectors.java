package org.imageserving.ps.connector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.IntrospectionUtils;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.imageserving.common.config.InstallFolder;
import org.imageserving.common.config.ServerXmlElement;
import org.imageserving.common.config.TomcatServerXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat connectors built from the {@code <Connector>} elements of {@code server.xml} the way Tomcat's own start-up
 * does: every attribute goes to the connector or its protocol handler, nested {@code <SSLHostConfig>},
 * {@code <Certificate>} and {@code <UpgradeProtocol>} become what they are in Tomcat. Unlike Tomcat, which logs an
 * unknown attribute as a warning and runs without it, an attribute that nothing applies is refused with its file and
 * line: a misspelt {@code maxThreads} should stop the start, not be found months later under load.
 */
public final class TomcatConnectors {
    private static final Logger LOG = LoggerFactory.getLogger(TomcatConnectors.class);
    private static final String DOCS = "https://tomcat.apache.org/tomcat-11.0-doc/config/http.html";

    private final TomcatServerXml server;
    private final InstallFolder install;

    private TomcatConnectors(TomcatServerXml server, InstallFolder install) {
        this.server = server;
        this.install = install;
    }

    /** The connector of TC::PsPort first, then the others in file order. */
    public static List<Connector> create(TomcatServerXml server, InstallFolder install) {
        TomcatConnectors factory = new TomcatConnectors(server, install);
        List<Connector> connectors = new ArrayList<>();
        connectors.add(factory.connector(server.httpConnector()));
        for (ServerXmlElement other : server.otherConnectors()) {
            connectors.add(factory.connector(other));
        }
        return connectors;
    }

    private Connector connector(ServerXmlElement element) {
        String protocol = element.attributes().getOrDefault("protocol", "HTTP/1.1");
        Connector connector = new Connector(protocol);
        if (connector.getProtocolHandler() == null) {
            throw server.error(element, "protocol", "protocol=\"" + protocol + "\" is not a Tomcat protocol (HTTP/1.1, AJP/1.3 or"
                    + " the class name of a protocol handler such as org.apache.coyote.http11.Http11NioProtocol)");
        }
        // a connector that cannot bind or load its certificate must stop the start, not leave a running server deaf
        connector.setThrowOnFailure(true);
        ConnectorDefaults.values().forEach((name, value) -> IntrospectionUtils.setProperty(connector, name, value));
        Map<String, String> legacyTls = new LinkedHashMap<>();
        element.attributes().forEach((name, value) -> {
            if (LegacyTlsAttributes.isTls(name)) {
                legacyTls.put(name, value);
            } else {
                apply(element, connector, name, value);
            }
        });
        for (ServerXmlElement child : element.children()) {
            switch (child.tag()) {
                case "SSLHostConfig" -> connector.addSslHostConfig(sslHostConfig(child));
                case "UpgradeProtocol" -> connector.addUpgradeProtocol(upgradeProtocol(child));
                default -> throw server.error(child, "<" + child.tag() + "> inside <Connector> is not supported"
                        + " (known: <SSLHostConfig>, <UpgradeProtocol>)");
            }
        }
        if (!legacyTls.isEmpty()) {
            connector.addSslHostConfig(legacySslHostConfig(element, connector, legacyTls));
        }
        checkTls(element, connector);
        return connector;
    }

    private void apply(ServerXmlElement element, Connector connector, String name, String value) {
        switch (name) {
            case "protocol" -> { } // chose the protocol handler above
            case "className" -> {
                if (!value.equals(Connector.class.getName())) {
                    throw server.error(element, name, "className=\"" + value + "\": only Tomcat's own Connector is supported");
                }
            }
            case "executor" -> throw server.error(element, name, "executor=\"" + value + "\": shared <Executor> elements are"
                    + " not supported; set maxThreads and minSpareThreads on the <Connector> instead");
            case "URIEncoding" -> {
                if (!value.equalsIgnoreCase(ConnectorDefaults.URI_ENCODING)) {
                    LOG.warn("{}:{}: URIEncoding=\"{}\" is not applied: the Platform Server decodes each path element"
                            + " itself (UTF-8 when valid, else ISO-8859-1)", server.file(), element.line(), value);
                }
            }
            case "relaxedQueryChars" -> set(element, connector, "<Connector>", name,
                    value + ConnectorDefaults.RELAXED_QUERY_CHARS);
            case "relaxedPathChars" -> set(element, connector, "<Connector>", name,
                    value + ConnectorDefaults.RELAXED_PATH_CHARS);
            default -> set(element, connector, "<Connector>", name, value);
        }
    }

    /** Sets one attribute through Tomcat's own introspection, which says whether any setter took it. */
    private void set(ServerXmlElement element, Object target, String what, String name, String value) {
        set(element, target, what, name, name, value);
    }

    /** @param written the attribute as written in the file, when Tomcat knows it under another name */
    private void set(ServerXmlElement element, Object target, String what, String written, String name, String value) {
        if (!IntrospectionUtils.setProperty(target, name, value)) {
            throw server.error(element, written, what + " does not know " + name + "=\"" + value + "\": either Tomcat has no such"
                    + " attribute here or the value is not valid for it (attributes are case-sensitive; see " + DOCS + ")");
        }
    }

    private SSLHostConfig sslHostConfig(ServerXmlElement element) {
        SSLHostConfig hostConfig = new SSLHostConfig();
        element.attributes().forEach((name, value) ->
                set(element, hostConfig, "<SSLHostConfig>", name, file(element, name, value)));
        for (ServerXmlElement child : element.children()) {
            if (!child.tag().equals("Certificate")) {
                throw server.error(child, "<" + child.tag() + "> inside <SSLHostConfig> is not supported (known:"
                        + " <Certificate>; the Platform Server uses Java's TLS, so OpenSSL settings do not apply)");
            }
            hostConfig.addCertificate(certificate(child, hostConfig));
        }
        if (hostConfig.getCertificates().isEmpty()) {
            throw server.error(element, "<SSLHostConfig> without a <Certificate certificateKeystoreFile=\"...\"/> or"
                    + " <Certificate certificateFile=\"...\" certificateKeyFile=\"...\"/>");
        }
        return hostConfig;
    }

    private SSLHostConfigCertificate certificate(ServerXmlElement element, SSLHostConfig hostConfig) {
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(hostConfig, type(element));
        element.attributes().forEach((name, value) -> {
            if (!name.equals("type")) {
                set(element, certificate, "<Certificate>", name, file(element, name, value));
            }
        });
        return certificate;
    }

    private SSLHostConfigCertificate.Type type(ServerXmlElement element) {
        String type = element.attribute("type");
        try {
            return type.isEmpty() ? SSLHostConfigCertificate.Type.UNDEFINED
                    : SSLHostConfigCertificate.Type.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw server.error(element, "type", "<Certificate type=\"" + type + "\">: the type is RSA, EC, DSA or MLDSA");
        }
    }

    /** The Tomcat 9 attributes on the Connector, as the default SSLHostConfig with one certificate. */
    private SSLHostConfig legacySslHostConfig(ServerXmlElement element, Connector connector, Map<String, String> tls) {
        if (!(connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http)) {
            throw server.error(element, "TLS attributes (" + String.join(", ", tls.keySet()) + ") on a connector"
                    + " whose protocol is not HTTP");
        }
        String defaultHost = http.getDefaultSSLHostConfigName();
        for (SSLHostConfig nested : connector.findSslHostConfigs()) {
            if (nested.getHostName().equals(defaultHost)) {
                throw server.error(element, "TLS attributes on the <Connector> (" + String.join(", ", tls.keySet())
                        + ") and a nested <SSLHostConfig> for the same default host: use one or the other");
            }
        }
        SSLHostConfig hostConfig = new SSLHostConfig();
        hostConfig.setHostName(defaultHost);
        SSLHostConfigCertificate certificate =
                new SSLHostConfigCertificate(hostConfig, SSLHostConfigCertificate.Type.UNDEFINED);
        tls.forEach((name, value) -> {
            String hostAttribute = LegacyTlsAttributes.HOST_CONFIG.get(name);
            String certificateAttribute = LegacyTlsAttributes.CERTIFICATE.get(name);
            if (hostAttribute != null) {
                set(element, hostConfig, "<Connector> (as SSLHostConfig " + hostAttribute + ")", name, hostAttribute,
                        file(element, name, hostAttribute, value));
            } else {
                set(element, certificate, "<Connector> (as Certificate " + certificateAttribute + ")", name,
                        certificateAttribute, file(element, name, certificateAttribute, value));
            }
        });
        hostConfig.addCertificate(certificate);
        return hostConfig;
    }

    /**
     * A file attribute resolved against the install folder (Tomcat resolves against its own base folder, which the
     * embedded server keeps under temp/) and checked here, so a wrong path is reported with its line.
     */
    private String file(ServerXmlElement element, String name, String value) {
        return file(element, name, name, value);
    }

    private String file(ServerXmlElement element, String written, String name, String value) {
        if (!LegacyTlsAttributes.FILES.contains(name) || value.contains("://")) {
            return value;
        }
        Path path = install.resolve(value.strip());
        if (!Files.isReadable(path)) {
            throw server.error(element, written, written + "=\"" + value + "\": " + path + " does not exist or cannot be read"
                    + " (a relative path is resolved against the install folder " + install.root() + ")");
        }
        return path.toString();
    }

    private UpgradeProtocol upgradeProtocol(ServerXmlElement element) {
        String className = element.attribute("className");
        UpgradeProtocol protocol;
        try {
            protocol = Class.forName(className).asSubclass(UpgradeProtocol.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw server.error(element, "className", "<UpgradeProtocol className=\"" + className + "\">: not an upgrade protocol"
                    + " Tomcat has (for HTTP/2: org.apache.coyote.http2.Http2Protocol)");
        }
        element.attributes().forEach((name, value) -> {
            if (!name.equals("className")) {
                set(element, protocol, "<UpgradeProtocol>", name, value);
            }
        });
        return protocol;
    }

    /** TLS settings without SSLEnabled, or SSLEnabled without a certificate, is a port that does not do what it says. */
    private void checkTls(ServerXmlElement element, Connector connector) {
        boolean enabled = connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http && http.isSSLEnabled();
        boolean configured = connector.findSslHostConfigs().length > 0;
        if (enabled && !configured) {
            throw server.error(element, "SSLEnabled=\"true\" but no certificate: add keystoreFile=\"...\""
                    + " keystorePass=\"...\", or certificateFile=\"...\" certificateKeyFile=\"...\", or a nested"
                    + " <SSLHostConfig><Certificate .../></SSLHostConfig>");
        }
        if (configured && !enabled) {
            throw server.error(element, "TLS settings on a connector without SSLEnabled=\"true\": the port would"
                    + " serve plain HTTP");
        }
    }
}
