package org.snaptarget.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.snaptarget.metrics.PrometheusText.Type;

/** The text exposition format, version 0.0.4, byte for byte. */
class PrometheusTextTest {

    @Test
    void familiesHaveHelpAndTypeThenTheirSamplesWithEscapedLabels() {
        String text = new PrometheusText()
                .family("snaptarget_x_total", Type.COUNTER, "Things \\ counted.\nTwo lines.")
                .sample(3, "target", "iqn.2026-11.a:b", "note", "say \"hi\"\\\n")
                .sample(4.5)
                .family("snaptarget_y", Type.GAUGE, "A gauge.")
                .sample(Double.POSITIVE_INFINITY, "pool", "p")
                .toString();
        assertEquals("""
                # HELP snaptarget_x_total Things \\\\ counted.\\nTwo lines.
                # TYPE snaptarget_x_total counter
                snaptarget_x_total{target="iqn.2026-11.a:b",note="say \\"hi\\"\\\\\\n"} 3
                snaptarget_x_total 4.5
                # HELP snaptarget_y A gauge.
                # TYPE snaptarget_y gauge
                snaptarget_y{pool="p"} +Inf
                """, text);
    }

    @Test
    void histogramBucketsAreCumulativeEndInInfAndCarrySumAndCount() {
        LatencyHistogram h = new LatencyHistogram();
        h.observe(40_000);        // 40 us: first bucket
        h.observe(700_000);       // 0.7 ms: le=0.001
        h.observe(700_000);
        h.observe(20_000_000_000L); // 20 s: only +Inf
        String text = new PrometheusText().family("snaptarget_lat_seconds", Type.HISTOGRAM, "Latency.")
                .histogram(h.snapshot(), "op", "read").toString();
        String[] lines = text.split("\n");
        assertEquals("# TYPE snaptarget_lat_seconds histogram", lines[1]);
        assertEquals("snaptarget_lat_seconds_bucket{op=\"read\",le=\"0.00005\"} 1", lines[2]);
        assertEquals("snaptarget_lat_seconds_bucket{op=\"read\",le=\"0.0005\"} 1", lines[5]);
        assertEquals("snaptarget_lat_seconds_bucket{op=\"read\",le=\"0.001\"} 3", lines[6]);
        assertEquals("snaptarget_lat_seconds_bucket{op=\"read\",le=\"10\"} 3", lines[2 + LatencyHistogram.BOUNDS.length - 1]);
        assertEquals("snaptarget_lat_seconds_bucket{op=\"read\",le=\"+Inf\"} 4", lines[2 + LatencyHistogram.BOUNDS.length]);
        assertEquals("snaptarget_lat_seconds_sum{op=\"read\"} 20.00144", lines[3 + LatencyHistogram.BOUNDS.length]);
        assertEquals("snaptarget_lat_seconds_count{op=\"read\"} 4", lines[4 + LatencyHistogram.BOUNDS.length]);
        assertEquals(5 + LatencyHistogram.BOUNDS.length, lines.length);
    }

    @Test
    void aFamilyStartedTwiceOrABadNameIsAnError() {
        PrometheusText p = new PrometheusText().family("a", Type.GAUGE, "x");
        assertThrows(IllegalStateException.class, () -> p.family("a", Type.GAUGE, "x"));
        assertThrows(IllegalArgumentException.class, () -> p.family("1bad", Type.GAUGE, "x"));
        assertThrows(IllegalArgumentException.class, () -> p.sample(1, "bad-label", "v"));
        assertThrows(IllegalStateException.class, () -> new PrometheusText().sample(1));
    }
}
