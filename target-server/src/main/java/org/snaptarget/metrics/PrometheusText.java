package org.snaptarget.metrics;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: for each metric family one
 * {@code # HELP} and one {@code # TYPE} line, then its samples, all contiguous; label values
 * escaped (backslash, double quote, line feed); histograms as cumulative {@code _bucket} samples
 * with an {@code le} label ending in {@code +Inf}, then {@code _sum} and {@code _count}.
 *
 * <p>Usage: {@link #family} once per family, then its samples; starting a family twice is an
 * error, since scrapers reject a family split in two. Not thread-safe (one per rendering).
 */
public final class PrometheusText {

    /** The Content-Type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The kinds of family used here. */
    public enum Type { COUNTER, GAUGE, HISTOGRAM }

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> families = new HashSet<>();
    private String current;

    /** Starts a family: its HELP and TYPE lines. */
    public PrometheusText family(String name, Type type, String help) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        if (!families.add(name)) {
            throw new IllegalStateException("metric family " + name + " started twice");
        }
        current = name;
        out.append("# HELP ").append(name).append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        return this;
    }

    /**
     * A sample of the current family.
     *
     * @param labels alternating label names and values
     */
    public PrometheusText sample(double value, String... labels) {
        line(requireFamily(), labels, null, value);
        return this;
    }

    /** The samples of one histogram of the current (histogram) family. */
    public PrometheusText histogram(LatencyHistogram.Snapshot h, String... labels) {
        String name = requireFamily();
        long[] cumulative = h.cumulative();
        for (int i = 0; i < cumulative.length; i++) {
            String le = i < LatencyHistogram.BOUNDS.length
                    ? BigDecimal.valueOf(LatencyHistogram.BOUNDS[i]).stripTrailingZeros().toPlainString() : "+Inf";
            line(name + "_bucket", labels, le, cumulative[i]);
        }
        line(name + "_sum", labels, null, h.sumSeconds());
        line(name + "_count", labels, null, h.count());
        return this;
    }

    private String requireFamily() {
        if (current == null) {
            throw new IllegalStateException("no metric family started");
        }
        return current;
    }

    private void line(String name, String[] labels, String le, double value) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        out.append(name);
        if (labels.length > 0 || le != null) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (!LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                    throw new IllegalArgumentException("not a label name: " + labels[i]);
                }
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            if (le != null) {
                out.append(labels.length > 0 ? "," : "").append("le=\"").append(le).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
