package org.imageserving.common.config;

import static org.imageserving.common.config.XmlFile.child;
import static org.imageserving.common.config.XmlFile.childText;
import static org.imageserving.common.config.XmlFile.children;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * {@code conf/SupervisorRegistry.xml} in its documented shape, plus a {@code <profiles>} block that says how to launch
 * each profile (main class, JVM arguments, environment variables) and an optional {@code <health>} block (our
 * extension) for the liveness probe.
 */
public record SupervisorRegistry(
        Path file,
        int tcpPort,
        Path log,
        Path temp,
        int traceLevel,
        Duration traceStatsInterval,
        HealthProbeSettings health,
        List<ServerEntry> servers) {

    public static final String FILE_NAME = "SupervisorRegistry.xml";
    public static final List<String> COMPONENT_IDS = List.of("is", "svg", "ps");

    /** How often a running component is probed, how long one probe may take, and how many misses mean "hung". */
    public record HealthProbeSettings(Duration interval, Duration timeout, int failuresBeforeRestart) {}

    /** One {@code <server>}: the launch recipe of a component and its start/stop timing. */
    public record ServerEntry(
            String id,
            String description,
            String mainClass,
            List<String> jvmArguments,
            List<String> droppedArguments,
            Map<String, String> environment,
            int startPriority,
            Duration startDelay,
            Duration stopTimeout) {}

    public static SupervisorRegistry read(InstallFolder install) {
        XmlFile xml = XmlFile.read(install.conf(FILE_NAME));
        Element root = xml.root();
        if (!root.getTagName().equals("supervisor")) {
            throw xml.error(root, "root element must be <supervisor>, found <" + root.getTagName() + ">");
        }
        Element config = child(root, "config").orElseThrow(() -> xml.error(root, "missing <config>"));
        int tcpPort = xml.childInt(config, "tcpport", 9910, 1, 65535);
        Path log = install.resolve(childText(config, "log").orElse("logs/Supervisor.log"));
        Path temp = install.resolve(childText(config, "temp").orElse("temp"));
        int traceLevel = xml.childInt(config, "tracelevel", 2, 1, 4);
        int statsInterval = xml.childInt(config, "tracestatsinterval", 600, 5, 86400);
        HealthProbeSettings health = readHealth(xml, config);
        Map<String, Profile> profiles = readProfiles(xml, root);
        Element serversElement = child(root, "servers").orElseThrow(() -> xml.error(root, "missing <servers>"));
        List<ServerEntry> servers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Element server : children(serversElement, "server")) {
            ServerEntry entry = readServer(xml, server, profiles);
            if (!seen.add(entry.id())) {
                throw xml.error(server, "server id '" + entry.id() + "' is defined twice");
            }
            servers.add(entry);
        }
        for (String id : COMPONENT_IDS) {
            if (!seen.contains(id)) {
                throw xml.error(serversElement, "no <server id=\"" + id + "\">; ImageServing needs is, svg and ps");
            }
        }
        servers.sort(Comparator.comparingInt(ServerEntry::startPriority)); // stable: document order within a priority
        return new SupervisorRegistry(xml.path(), tcpPort, log, temp, traceLevel, Duration.ofSeconds(statsInterval),
                health, List.copyOf(servers));
    }

    public Optional<ServerEntry> server(String id) {
        return servers.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    private static HealthProbeSettings readHealth(XmlFile xml, Element config) {
        Optional<Element> health = child(config, "health");
        if (health.isEmpty()) {
            return new HealthProbeSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 3);
        }
        Element h = health.get();
        return new HealthProbeSettings(
                Duration.ofMillis(xml.childInt(h, "intervalMs", 5000, 100, 3_600_000)),
                Duration.ofMillis(xml.childInt(h, "timeoutMs", 5000, 50, 600_000)),
                xml.childInt(h, "failures", 3, 1, 100));
    }

    private record Profile(String mainClass, List<String> arguments, Map<String, String> environment) {}

    private static Map<String, Profile> readProfiles(XmlFile xml, Element root) {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        Element block = child(root, "profiles").orElseThrow(() -> xml.error(root, "missing <profiles>"));
        for (Element profile : children(block, "profile")) {
            String id = profile.getAttribute("id").strip();
            if (id.isEmpty()) {
                throw xml.error(profile, "<profile> needs an id attribute");
            }
            List<String> arguments = children(profile, "argument").stream().map(a -> a.getTextContent().strip()).toList();
            profiles.put(id, new Profile(childText(profile, "mainClass").orElse(null), arguments,
                    environment(xml, profile)));
        }
        return profiles;
    }

    private static ServerEntry readServer(XmlFile xml, Element server, Map<String, Profile> profiles) {
        String id = server.getAttribute("id").strip();
        if (!COMPONENT_IDS.contains(id)) {
            throw xml.error(server, "unknown server id '" + id + "'; expected one of " + COMPONENT_IDS);
        }
        String mainClass = null;
        List<String> arguments = new ArrayList<>();
        Map<String, String> environment = new LinkedHashMap<>();
        List<Element> refs = children(server, "profile");
        if (refs.isEmpty()) {
            throw xml.error(server, "server '" + id + "' has no <profile ref=\"...\"/>");
        }
        for (Element ref : refs) {
            String name = ref.getAttribute("ref").strip();
            Profile profile = profiles.get(name);
            if (profile == null) {
                throw xml.error(ref, "unknown profile '" + name + "'; profiles defined: " + profiles.keySet());
            }
            if (profile.mainClass() != null) {
                if (mainClass != null && !mainClass.equals(profile.mainClass())) {
                    throw xml.error(ref, "server '" + id + "' gets two main classes from its profiles");
                }
                mainClass = profile.mainClass();
            }
            arguments.addAll(profile.arguments());
            environment.putAll(profile.environment());
        }
        environment.putAll(environment(xml, server)); // the server's own entries win over its profiles
        if (mainClass == null) {
            throw xml.error(server, "none of the profiles of server '" + id + "' names a <mainClass>");
        }
        child(server, "arguments").ifPresent(args ->
                children(args, "argument").forEach(a -> arguments.add(a.getTextContent().strip())));
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.isEmpty()) {
                continue;
            }
            (isObsoleteJvmFlag(argument) ? dropped : kept).add(argument);
        }
        return new ServerEntry(id,
                childText(server, "description").orElse(id),
                mainClass,
                List.copyOf(kept),
                List.copyOf(dropped),
                Map.copyOf(environment),
                xml.childInt(server, "startPriority", 1, 0, 1000),
                Duration.ofSeconds(xml.childInt(server, "startDelay", 5, 0, 3600)),
                Duration.ofSeconds(xml.childInt(server, "stopTimeout", 60, 1, 3600)));
    }

    /**
     * {@code <environment name="MALLOC_ARENA_MAX">2</environment>}: variables set in the component's environment
     * (for the C libraries inside the JVM, which read no JVM argument). An empty value removes the variable.
     */
    private static Map<String, String> environment(XmlFile xml, Element parent) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Element variable : children(parent, "environment")) {
            String name = variable.getAttribute("name").strip();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw xml.error(variable, "<environment> needs a name attribute that is a variable name, got '"
                        + name + "'");
            }
            environment.put(name, variable.getTextContent().strip());
        }
        return environment;
    }

    /** Permanent-generation flags were removed in Java 8; a Java 17 JVM refuses to start with some of them. */
    static boolean isObsoleteJvmFlag(String argument) {
        return argument.startsWith("-XX:MaxPermSize") || argument.startsWith("-XX:PermSize");
    }
}
