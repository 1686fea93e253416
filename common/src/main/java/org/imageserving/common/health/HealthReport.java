package org.imageserving.common.health;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a component says about itself when probed: enough for {@code ImageServing status} (pid, uptime, heap) and for
 * the supervisor to know the answer came from the process it started.
 */
public record HealthReport(String component, long pid, String version, long uptimeMillis, long heapUsedBytes,
                           long heapMaxBytes) {

    public static HealthReport current(String component) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new HealthReport(component, ProcessHandle.current().pid(), Version.current(),
                ManagementFactory.getRuntimeMXBean().getUptime(), heap.getUsed(), heap.getMax());
    }

    public Map<String, String> toHeaders() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("component", component);
        map.put("pid", Long.toString(pid));
        map.put("version", version);
        map.put("uptimeMillis", Long.toString(uptimeMillis));
        map.put("heapUsed", Long.toString(heapUsedBytes));
        map.put("heapMax", Long.toString(heapMaxBytes));
        return map;
    }

    public static HealthReport fromHeaders(Map<String, String> map) {
        return new HealthReport(map.getOrDefault("component", "?"), number(map, "pid"), map.getOrDefault("version", "?"),
                number(map, "uptimeMillis"), number(map, "heapUsed"), number(map, "heapMax"));
    }

    private static long number(Map<String, String> map, String key) {
        try {
            return Long.parseLong(map.getOrDefault(key, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
