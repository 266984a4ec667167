package org.snaptarget.e2e.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Name:value} lines iscsi-inq (and iscsi-readcapacity16) print, in order, so tests can
 * ask for a field by name. Repeated names (one per VPD 83 designator, say) keep every value.
 * Values are kept exactly as printed (ISO-8859-1 decoded, so binary designator bytes survive).
 * A line made only of {@code UPPER_NAME:value} pairs ({@code LBPME:0 LBPRZ:0}) gives one field
 * per pair.
 */
public record InquiryReport(List<Field> fields) {

    /** One printed line split at its first colon. */
    public record Field(String name, String value) {
    }

    private static final Pattern PAIRS = Pattern.compile("[A-Z_]+:\\S+(\\s+[A-Z_]+:\\S+)+");

    public InquiryReport {
        fields = List.copyOf(fields);
    }

    public static InquiryReport parse(String output) {
        List<Field> fields = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (PAIRS.matcher(line.strip()).matches()) {  // e.g. "LBPME:0 LBPRZ:0" from iscsi-readcapacity16
                for (String pair : line.strip().split("\\s+")) {
                    int c = pair.indexOf(':');
                    fields.add(new Field(pair.substring(0, c), pair.substring(c + 1)));
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.add(new Field(line.substring(0, colon).strip(), line.substring(colon + 1)));
            }
        }
        return new InquiryReport(fields);
    }

    /** The first value printed under {@code name}, stripped. */
    public Optional<String> first(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(f -> f.value().strip()).findFirst();
    }

    /** Every value printed under {@code name}, unstripped. */
    public List<String> all(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(Field::value).toList();
    }

    /** The value under {@code name} as a number; fails with the whole report when absent or not a number. */
    public long number(String name) {
        String value = first(name).orElseThrow(() -> new AssertionError("iscsi-inq printed no '" + name
                                                                        + "' field:\n" + this));
        String digits = value.replaceAll("[^0-9].*$", "");
        if (digits.isEmpty()) {
            throw new AssertionError("field '" + name + "' is not a number: '" + value + "'");
        }
        return Long.parseLong(digits);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        fields.forEach(f -> out.append(f.name()).append(':').append(f.value()).append('\n'));
        return out.toString();
    }
}
