package dev.ghp.agents.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.rules.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineChartTest {
    static final Instant T0 = Instant.parse("2025-01-25T08:00:00Z");

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static Timeline.Segment seg(String status, int from, int to) {
        return new Timeline.Segment(status, 7, at(from), at(to));
    }

    static final List<Timeline.Row> ROWS = List.of(
            new Timeline.Row("worker-1", 147, "testing", List.of(
                    seg("planning", 0, 20), seg("implementing", 20, 100), seg(Timeline.SILENT, 100, 160),
                    seg("blocked", 160, 200), seg("testing", 200, 240))),
            new Timeline.Row("worker-2", 150, null, List.of(seg("implementing", 60, 180), seg("waiting", 180, 200))),
            new Timeline.Row("worker-3", 12, "done", List.of(seg("implementing", 0, 120), seg("done", 120, 240))));

    @Test
    void plainOutputDrawsOneRowPerAgentWithTimeAcrossAndALegend() {
        // 4 hours over 48 columns (79, less names, issues, statuses and gaps): 5 minutes a column.
        String chart = new TimelineChart(new Style(false), ZoneOffset.UTC, 79)
                .render(ROWS, at(0), at(240), Duration.ofMinutes(10));

        assertThat(chart).isEqualTo(
                  "                 08:00       09:00       10:00       11:00\n"
                + "worker-1  #147   ████████████████████░░░░░░░░░░░░▓▓▓▓▓▓▓▓████████  testing\n"
                + "worker-2  #150   ············████████████████████████▒▒▒▒········  signed off\n"
                + "worker-3  #12    ████████████████████████▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁  done\n"
                + "                 2025-01-25 08:00 → 12:00 UTC · one column ≈ 5m\n"
                + "                 █ working  ▓ blocked  ▒ waiting  ░ silent (no heartbeat for over 10m)  ▁ done  · no entry\n");
    }

    @Test
    void withColourTheGlyphsStayAndEachRunIsColouredOnce() {
        String chart = new TimelineChart(new Style(true), ZoneOffset.UTC, 79).render(ROWS, at(0), at(240), Duration.ofMinutes(10));

        String row = chart.lines().filter(l -> l.startsWith("worker-1")).findFirst().orElseThrow();
        assertThat(row).contains("\u001b[32m" + "█".repeat(20) + "\u001b[0m\u001b[31m" + "░".repeat(12) + "\u001b[0m"
                + "\u001b[33m" + "▓".repeat(8) + "\u001b[0m");
        assertThat(row.replaceAll("\u001b\\[[0-9;]*m", "")).contains("█".repeat(20) + "░".repeat(12) + "▓".repeat(8));
    }

    @Test
    void theLastColumnIsNowEvenWhenTheAgentCameBackLateInIt() {
        // Silent until a minute before the end: the last 5-minute column is mostly silence, but now it works.
        List<Timeline.Row> rows = List.of(new Timeline.Row("w1", 7, "testing", List.of(
                seg("implementing", 0, 10), seg(Timeline.SILENT, 10, 239), seg("testing", 239, 240))));

        String chart = new TimelineChart(new Style(false), ZoneOffset.UTC, 76).render(rows, at(0), at(240), Duration.ofMinutes(10));

        assertThat(chart.lines().filter(l -> l.startsWith("w1")).findFirst().orElseThrow())
                .contains("██" + "░".repeat(45) + "█  testing");
    }

    @Test
    void agentTextIsNeutralisedAndLongNamesAreCut() {
        List<Timeline.Row> rows = List.of(new Timeline.Row("evil\u001b[2Jname-that-is-far-too-long-for-the-column", null,
                "implementing", List.of(seg("implementing", 0, 10))));

        String chart = new TimelineChart(new Style(false), ZoneOffset.UTC, 80).render(rows, at(0), at(10), Duration.ofMinutes(10));

        assertThat(chart).doesNotContain("\u001b").contains("evil␛[2Jname-that-is-fa…  -      ███");
    }

    @Test
    void anEmptyWindowSaysSo() {
        assertThat(new TimelineChart(new Style(false), ZoneOffset.UTC, 80).render(List.of(), at(0), at(480), Duration.ofMinutes(10)))
                .isEqualTo("No agent had an entry in 2025-01-25 08:00 → 16:00 UTC.\n");
    }
}
