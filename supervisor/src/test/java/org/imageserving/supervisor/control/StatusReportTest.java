package org.imageserving.supervisor.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusReportTest {
    private final StatusReport report = new StatusReport(4711, 2 * 86400 + 3 * 3600 + 14 * 60 + 7, "/srv/is", List.of(
            new StatusReport.Component("is", "running", 4720, 65, 1_181_116_006L, 851_967_590L, 2_147_483_648L, 0),
            new StatusReport.Component("svg", "backoff", -1, 0, null, null, null, 3),
            new StatusReport.Component("ps", "running", 4733, 311, 734_003_200L, 220_932_915L, 536_870_912L, 1)));

    @Test
    void oneParseableLinePerProcess() {
        assertThat(report.textLines()).containsExactly(
                "supervisor  running     pid=4711  uptime=2d 03:14:07",
                "is          running     pid=4720  uptime=0d 00:01:05  heap=812.5/2048.0 MB  rss=1126.4 MB  restarts=0",
                "svg         backoff     pid=-  uptime=-  heap=-  rss=-  restarts=3",
                "ps          running     pid=4733  uptime=0d 00:05:11  heap=210.7/512.0 MB  rss=700.0 MB  restarts=1");
    }

    @Test
    void survivesTheControlPortAsJson() {
        assertThat(StatusReport.fromJson(report.toJson())).isEqualTo(report);
    }

    @Test
    void canBeNarrowedToOneComponent() {
        StatusReport ps = report.only(Optional.of("ps"));
        assertThat(ps.components()).extracting(StatusReport.Component::id).containsExactly("ps");
        assertThat(ps.supervisorPid()).isEqualTo(4711);
        assertThat(report.only(Optional.empty())).isSameAs(report);
    }
}
