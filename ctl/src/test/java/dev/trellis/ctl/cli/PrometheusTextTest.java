package dev.trellis.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void samplesWithLabelsEscapesAndWithoutLabelsAreRead() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # HELP trellis_tcp_connections_opened_total connections opened
                # TYPE trellis_tcp_connections_opened_total counter
                trellis_tcp_connections_opened_total{reporter="destination",destination_workload="echo",note="a \\"b\\", c"} 12.0
                process_uptime_seconds 3.5

                garbage line without a number
                """);

        assertThat(samples).containsExactly(
                new PrometheusText.Sample("trellis_tcp_connections_opened_total",
                        Map.of("reporter", "destination", "destination_workload", "echo", "note", "a \"b\", c"), 12.0),
                new PrometheusText.Sample("process_uptime_seconds", Map.of(), 3.5));
    }
}
