package org.imageserving.ps.rules;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client address filter, {@code ip[/bits][,ip[/bits]…]} (CIDR, as {@code attribute::ClientAddressFilter} and
 * {@code <addressfilter>} write it). An empty filter lets everybody in. Entries are numeric addresses only (no
 * name lookups while parsing a catalog).
 */
public final class AddressFilter {
    private record Range(byte[] network, int bits) {}

    private final List<Range> ranges;

    private AddressFilter(List<Range> ranges) {
        this.ranges = ranges;
    }

    public static AddressFilter parse(String text) {
        List<Range> ranges = new ArrayList<>();
        if (text != null) {
            for (String entry : text.split(",")) {
                String value = entry.strip();
                if (value.isEmpty()) {
                    continue;
                }
                int slash = value.indexOf('/');
                String address = slash < 0 ? value : value.substring(0, slash);
                if (!address.matches("[0-9A-Fa-f:.]+")) {
                    throw new IllegalArgumentException("not a numeric IP address: " + value);
                }
                try {
                    byte[] bytes = InetAddress.getByName(address).getAddress();
                    int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(value.substring(slash + 1).strip());
                    if (bits < 0 || bits > bytes.length * 8) {
                        throw new IllegalArgumentException("prefix length out of range: " + value);
                    }
                    ranges.add(new Range(bytes, bits));
                } catch (UnknownHostException | NumberFormatException e) {
                    throw new IllegalArgumentException("not an address filter entry: " + value, e);
                }
            }
        }
        return new AddressFilter(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean allows(String clientAddress) {
        if (ranges.isEmpty()) {
            return true;
        }
        byte[] client;
        try {
            client = InetAddress.getByName(clientAddress).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        for (Range range : ranges) {
            if (matches(range, client)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Range range, byte[] client) {
        if (client.length != range.network().length) {
            return false;
        }
        int bits = range.bits();
        for (int i = 0; i < client.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((client[i] & mask) != (range.network()[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
