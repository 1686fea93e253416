package org.imageserving.common.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration file of one installation, read together so that the settings that must agree across files
 * (the documented port pairs) are checked in one place before anything starts.
 */
public record Configuration(
        InstallFolder install,
        SupervisorRegistry supervisor,
        ImageServerRegistry imageServer,
        PlatformServerConf platformServer,
        TomcatServerXml tomcat,
        SvgConf svg) {

    public static Configuration read(InstallFolder install) {
        Configuration configuration = new Configuration(install,
                SupervisorRegistry.read(install),
                ImageServerRegistry.read(install),
                PlatformServerConf.read(install),
                TomcatServerXml.read(install),
                SvgConf.read(install));
        configuration.checkPorts();
        return configuration;
    }

    /** The port each component listens on, by component id; the supervisor's control port is under "sv". */
    public Map<String, Integer> listeningPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("sv", supervisor.tcpPort());
        ports.put("is", imageServer.tcpPort());
        ports.put("svg", svg.renderPort());
        ports.put("ps", tomcat.psPort());
        return ports;
    }

    /** The port pairs the documentation says must hold the same value, and no two listeners on one port. */
    void checkPorts() {
        List<String> problems = new ArrayList<>();
        mustMatch(problems, "IS::TcpPort", imageServer.tcpPort(), "PS::isConnection.port", platformServer.isConnectionPort());
        mustMatch(problems, "IS::SVGTcpPort", imageServer.svgTcpPort(), "SVG::SVGRender.port", svg.renderPort());
        mustMatch(problems, "PS::svgProvider.port", platformServer.svgProviderPort(), "TC::PsPort", tomcat.psPort());
        int cachePort = imageServer.cacheServerUrl().getPort() >= 0 ? imageServer.cacheServerUrl().getPort()
                : "https".equalsIgnoreCase(imageServer.cacheServerUrl().getScheme()) ? 443 : 80;
        mustMatch(problems, "the port of IS::CacheServerUrl", cachePort, "TC::PsPort", tomcat.psPort());
        Map<Integer, String> owners = new LinkedHashMap<>();
        Map<String, String> names = Map.of("sv", "<tcpport> of SupervisorRegistry.xml", "is", "IS::TcpPort",
                "svg", "SVG::SVGRender.port", "ps", "TC::PsPort");
        listeningPorts().forEach((id, port) -> {
            String previous = owners.putIfAbsent(port, names.get(id));
            if (previous != null) {
                problems.add(previous + " and " + names.get(id) + " are both " + port + "; every component needs its own port");
            }
        });
        for (ServerXmlElement connector : tomcat.otherConnectors()) {
            String name = "the <Connector port=\"" + connector.port() + "\"> at " + tomcat.file() + ":" + connector.line();
            String previous = owners.putIfAbsent(connector.port(), name);
            if (previous != null) {
                problems.add(previous + " and " + name + " are both " + connector.port()
                        + "; every component and connector needs its own port");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("inconsistent port settings in " + install.root().resolve("conf") + ":\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private static void mustMatch(List<String> problems, String nameA, int a, String nameB, int b) {
        if (a != b) {
            problems.add(nameA + " is " + a + " but " + nameB + " is " + b + "; they must be equal");
        }
    }
}
