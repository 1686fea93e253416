package org.imageserving.ps.cachecluster;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PS::cacheCluster.hosts} (or the older {@code PS::cluster.hosts}): the cache cluster's nodes, separated by
 * {@code ;} (or {@code ,}). Each entry is a numeric address, optionally with the peer's HTTP port:
 * <ul>
 *   <li>{@code 10.0.0.7} or {@code ::1}: a peer on {@code TC::PsPort}, this node's own port;</li>
 *   <li>{@code 10.0.0.7:8081} or {@code [fd00::7]:8081}: a peer on port 8081 (our extension: the original names
 *       addresses only, since its nodes share one port);</li>
 *   <li>{@code 10.0.0.0/24}: a network whose members {@code /is/cache} answers, but that is never asked.</li>
 * </ul>
 * As documented, the list may name this node too, so every node can have the same settings: an entry for a local
 * address on this node's own port is not asked.
 */
public final class ClusterHosts {
    /** A node to ask: its address as written, and its port. */
    public record Peer(String address, int port) {
        /** {@code address:port}, with brackets around an IPv6 address, as a URL authority. */
        public String authority() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    private final List<Peer> peers;
    private final String addressFilter;

    private ClusterHosts(List<Peer> peers, String addressFilter) {
        this.peers = List.copyOf(peers);
        this.addressFilter = addressFilter;
    }

    /**
     * @param ownPort this node's {@code TC::PsPort}: the port of entries that name none, and how this node tells
     *                itself apart from the others on the same machine
     * @throws IllegalArgumentException for an entry that is not a numeric address, port or network
     */
    public static ClusterHosts parse(String setting, int ownPort) {
        List<Peer> peers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (String raw : setting.split("[;,]")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/")) {
                addresses.add(entry); // a network: answered, never asked
                continue;
            }
            String address = entry;
            int port = ownPort;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0 || !(close == entry.length() - 1 || entry.charAt(close + 1) == ':')) {
                    throw new IllegalArgumentException("not an address or [address]:port: " + entry);
                }
                address = entry.substring(1, close);
                port = close == entry.length() - 1 ? ownPort : port(entry.substring(close + 2), entry);
            } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
                address = entry.substring(0, entry.indexOf(':'));
                port = port(entry.substring(entry.indexOf(':') + 1), entry);
            }
            InetAddress resolved = numeric(address, entry);
            addresses.add(address);
            if (!(port == ownPort && local(resolved))) {
                peers.add(new Peer(address, port));
            }
        }
        return new ClusterHosts(peers, String.join(",", addresses));
    }

    /** The other nodes, in the order written. */
    public List<Peer> peers() {
        return peers;
    }

    /** The addresses and networks whose requests {@code /is/cache} answers, in {@code AddressFilter} syntax. */
    public String addressFilter() {
        return addressFilter;
    }

    private static int port(String text, String entry) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a port (1-65535) in " + entry);
    }

    /** Numeric addresses only, as the original documents: no name lookups at start-up or on the request path. */
    private static InetAddress numeric(String address, String entry) {
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not a numeric IP address: " + entry);
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a numeric IP address: " + entry, e);
        }
    }

    private static boolean local(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
