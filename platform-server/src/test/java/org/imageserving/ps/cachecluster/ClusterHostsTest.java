package org.imageserving.ps.cachecluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.imageserving.ps.cachecluster.ClusterHosts.Peer;
import org.imageserving.ps.rules.AddressFilter;
import org.junit.jupiter.api.Test;

class ClusterHostsTest {
    @Test
    void anAddressWithoutPortIsAPeerOnThisNodesPort() {
        ClusterHosts hosts = ClusterHosts.parse("192.0.2.7;192.0.2.8", 8080);
        assertThat(hosts.peers()).containsExactly(new Peer("192.0.2.7", 8080), new Peer("192.0.2.8", 8080));
        assertThat(hosts.addressFilter()).isEqualTo("192.0.2.7,192.0.2.8");
    }

    @Test
    void aPortMayBeGivenForIpv4AndBracketedIpv6() {
        ClusterHosts hosts = ClusterHosts.parse(" 192.0.2.7:8081 , [2001:db8::7]:8082;2001:db8::9", 8080);
        assertThat(hosts.peers()).containsExactly(new Peer("192.0.2.7", 8081), new Peer("2001:db8::7", 8082),
                new Peer("2001:db8::9", 8080));
        assertThat(hosts.peers().get(1).authority()).isEqualTo("[2001:db8::7]:8082");
        AddressFilter filter = AddressFilter.parse(hosts.addressFilter());
        assertThat(filter.allows("192.0.2.7")).isTrue();
        assertThat(filter.allows("2001:db8::7")).isTrue();
        assertThat(filter.allows("192.0.2.8")).isFalse();
    }

    @Test
    void thisNodeMayBeListedAndIsNeverAsked() {
        // the documented convenience: one setting for every node of the cluster
        ClusterHosts hosts = ClusterHosts.parse("127.0.0.1:8080;127.0.0.1:8081;127.0.0.1:8082", 8081);
        assertThat(hosts.peers()).containsExactly(new Peer("127.0.0.1", 8080), new Peer("127.0.0.1", 8082));
        assertThat(ClusterHosts.parse("127.0.0.1", 8080).peers()).isEmpty();
        assertThat(ClusterHosts.parse("::1", 8080).peers()).isEmpty();
    }

    @Test
    void aNetworkIsAnsweredButNeverAsked() {
        ClusterHosts hosts = ClusterHosts.parse("10.1.0.0/16;192.0.2.7", 8080);
        assertThat(hosts.peers()).containsExactly(new Peer("192.0.2.7", 8080));
        assertThat(AddressFilter.parse(hosts.addressFilter()).allows("10.1.44.3")).isTrue();
    }

    @Test
    void emptyIsNoCluster() {
        assertThat(ClusterHosts.parse("", 8080).peers()).isEmpty();
        assertThat(ClusterHosts.parse(" ; ", 8080).addressFilter()).isEmpty();
    }

    @Test
    void namesAndBadPortsAreRefusedWithTheEntry() {
        for (String bad : List.of("peer.example.com", "192.0.2.7:0", "192.0.2.7:http", "192.0.2.7:70000",
                "[2001:db8::7", "[2001:db8::7]x")) {
            assertThatThrownBy(() -> ClusterHosts.parse("192.0.2.1;" + bad, 8080))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }
}
