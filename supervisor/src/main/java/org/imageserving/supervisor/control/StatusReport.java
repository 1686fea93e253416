package org.imageserving.supervisor.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.imageserving.common.health.ProcessMemory;
import org.imageserving.supervisor.Supervisor;
import org.imageserving.supervisor.process.SupervisedComponent.ComponentSnapshot;

/**
 * What {@code ImageServing status} shows: one record for the supervisor and one per component. It travels as JSON on
 * the control port and is printed either as JSON ({@code --json}) or as one stable {@code key=value} line per process.
 */
public record StatusReport(long supervisorPid, long supervisorUptimeSeconds, String installFolder,
                           List<Component> components) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One component. Memory figures are null when unknown (the process is not running or did not answer yet). */
    public record Component(String id, String state, long pid, long uptimeSeconds, Long rssBytes, Long heapUsedBytes,
                            Long heapMaxBytes, int restarts) {
        public boolean running() {
            return state.equals("running");
        }
    }

    public static StatusReport of(Supervisor supervisor) {
        List<Component> components = new ArrayList<>();
        for (ComponentSnapshot s : supervisor.snapshots()) {
            OptionalLong rss = s.pid() > 0 ? ProcessMemory.residentBytes(s.pid()) : OptionalLong.empty();
            components.add(new Component(s.id(), s.state().label(), s.pid(), s.uptime().toSeconds(),
                    rss.isPresent() ? rss.getAsLong() : null,
                    s.report() == null ? null : s.report().heapUsedBytes(),
                    s.report() == null ? null : s.report().heapMaxBytes(),
                    s.restarts()));
        }
        return new StatusReport(ProcessHandle.current().pid(), supervisor.uptime().toSeconds(),
                supervisor.configuration().install().root().toString(), components);
    }

    /** Only the named component, or all of them. */
    public StatusReport only(Optional<String> id) {
        return id.map(i -> new StatusReport(supervisorPid, supervisorUptimeSeconds, installFolder,
                components.stream().filter(c -> c.id().equals(i)).toList())).orElse(this);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static StatusReport fromJson(String json) {
        try {
            return JSON.readValue(json, StatusReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a status report: " + e.getOriginalMessage());
        }
    }

    public List<String> textLines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-10s  %-10s  pid=%d  uptime=%s", "supervisor", "running", supervisorPid,
                uptime(supervisorUptimeSeconds)));
        for (Component c : components) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s  %-10s  pid=%s  uptime=%s",
                    c.id(), c.state(), c.pid() > 0 ? Long.toString(c.pid()) : "-",
                    c.pid() > 0 ? uptime(c.uptimeSeconds()) : "-"));
            line.append("  heap=").append(c.heapUsedBytes() == null ? "-"
                    : megabytes(c.heapUsedBytes()) + "/" + megabytes(c.heapMaxBytes()) + " MB");
            line.append("  rss=").append(c.rssBytes() == null ? "-" : megabytes(c.rssBytes()) + " MB");
            line.append("  restarts=").append(c.restarts());
            lines.add(line.toString());
        }
        return lines;
    }

    static String uptime(long seconds) {
        return String.format(Locale.ROOT, "%dd %02d:%02d:%02d", seconds / 86400, seconds % 86400 / 3600,
                seconds % 3600 / 60, seconds % 60);
    }

    private static String megabytes(Long bytes) {
        return bytes == null || bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
