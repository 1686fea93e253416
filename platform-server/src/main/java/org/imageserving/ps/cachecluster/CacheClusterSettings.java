package org.imageserving.ps.cachecluster;

import java.time.Duration;
import org.imageserving.common.config.PropertiesFile;

/**
 * The documented {@code PS::cacheCluster.*} settings: {@code hosts} (see {@link ClusterHosts}; {@code cluster.hosts}
 * is the older name), {@code queryTimeout} (ms, 50), {@code fetchTimeout} (ms, 10000) and {@code updateLocalCache}
 * (true).
 */
public record CacheClusterSettings(ClusterHosts hosts, Duration queryTimeout, Duration fetchTimeout,
                                   boolean updateLocalCache) {
    public static final String HOSTS = "cacheCluster.hosts";

    /** @param psPort {@code TC::PsPort}, the port of a peer that names none */
    public static CacheClusterSettings read(PropertiesFile file, int psPort) {
        String key = file.values().containsKey(HOSTS) || !file.values().containsKey("cluster.hosts")
                ? HOSTS : "cluster.hosts";
        ClusterHosts hosts;
        try {
            hosts = ClusterHosts.parse(file.get(key, ""), psPort);
        } catch (IllegalArgumentException e) {
            throw file.error(key, e.getMessage());
        }
        return new CacheClusterSettings(hosts,
                Duration.ofMillis(file.getLong("cacheCluster.queryTimeout", 50, 1, 600_000)),
                Duration.ofMillis(file.getLong("cacheCluster.fetchTimeout", 10_000, 1, 3_600_000)),
                file.getBoolean("cacheCluster.updateLocalCache", true));
    }

    public boolean enabled() {
        return !hosts.peers().isEmpty();
    }
}
