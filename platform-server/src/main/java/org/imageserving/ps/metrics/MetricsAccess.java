package org.imageserving.ps.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.imageserving.ps.rules.AddressFilter;

/**
 * Who may scrape {@code /is/metrics}: loopback always, other clients only when {@code PS::metrics.allow} lists their
 * network ({@code ip[/bits],...}, as {@code ClientAddressFilter}). The figures say how busy the server is and what
 * its cache holds; that is for operators, not for the public.
 */
public final class MetricsAccess {
    public static final String SETTING = "metrics.allow";
    private final AddressFilter allowed;

    private MetricsAccess(AddressFilter allowed) {
        this.allowed = allowed;
    }

    /** @throws IllegalArgumentException for an entry that is not a numeric address or network */
    public static MetricsAccess parse(String allow) {
        return new MetricsAccess(AddressFilter.parse(allow));
    }

    public boolean allows(String clientAddress) {
        return isLoopback(clientAddress) || (!allowed.isEmpty() && allowed.allows(clientAddress));
    }

    private static boolean isLoopback(String address) {
        // Tomcat gives the numeric address, so this never looks a name up
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
