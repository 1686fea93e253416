package org.imageserving.supervisor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imageserving.common.config.Configuration;
import org.imageserving.common.config.ServerXmlElement;

/**
 * Before anything is launched: every port a component will listen on must be free, so that a busy port is reported
 * by name at {@code start} instead of as a component that dies and is restarted for ever.
 */
final class PortCheck {
    private static final Map<String, String> SETTING = Map.of("is", "IS::TcpPort", "svg", "SVG::SVGRender.port",
            "ps", "TC::PsPort", "sv", "the supervisor <tcpport>");

    private PortCheck() {}

    static List<String> busyPorts(Configuration configuration) {
        List<String> busy = new ArrayList<>();
        configuration.listeningPorts().forEach((id, port) -> {
            InetAddress address = id.equals("ps") ? psAddress(configuration) : InetAddress.getLoopbackAddress();
            if (!free(address, port)) {
                busy.add(SETTING.get(id) + " " + port + " is already in use by another program");
            }
        });
        for (ServerXmlElement connector : configuration.tomcat().otherConnectors()) {
            if (!free(address(connector.attribute("address")), connector.port())) {
                busy.add("the port " + connector.port() + " of the <Connector> at " + configuration.tomcat().file() + ":"
                        + connector.line() + " is already in use by another program");
            }
        }
        return busy;
    }

    private static InetAddress psAddress(Configuration configuration) {
        return address(configuration.tomcat().psAddress());
    }

    private static InetAddress address(String address) {
        try {
            return address.isEmpty() ? new InetSocketAddress(0).getAddress() : InetAddress.getByName(address);
        } catch (IOException e) {
            return new InetSocketAddress(0).getAddress();
        }
    }

    private static boolean free(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // connections of a previous run in TIME_WAIT do not make a port busy
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
