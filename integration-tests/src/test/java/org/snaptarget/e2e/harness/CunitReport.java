package org.snaptarget.e2e.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of one {@code iscsi-test-cu} run, parsed from its verbose CUnit console output.
 *
 * <p>The output interleaves CUnit's own markers with what each test prints:
 * <pre>
 * Suite: iSCSIResiduals
 *   Test: Read10Invalid ...passed
 *   Test: Write10Residuals ...    [SKIPPED] --dataloss flag is not set. Skipping test.
 * passed
 *   Test: iSCSIDataSnInvalid ...FAILED
 *     1. test_iscsi_datasn_invalid.c:98  - CU_ASSERT_NOT_EQUAL(ret,0)
 * Run Summary:    Type  Total    Ran Passed Failed Inactive
 *                tests     15     15     14      1        0
 * </pre>
 * A test's status is CUnit's {@code passed} or {@code FAILED} marker (at a line start or right
 * after the {@code ...} of its header); libiscsi reports a skip by printing {@code [SKIPPED] reason}
 * and returning, which CUnit then counts as passed, so a test is <em>skipped</em> here when a
 * {@code [SKIPPED]} line came before its {@code passed}. (A test that skips one command it cannot
 * use, e.g. ORWRITE in ReadOnly.ReadOnlySBC, and checks the rest is counted skipped too, with that
 * reason: the table then shows what is missing.) The parse is checked against CUnit's own
 * "Run Summary" counts: a mismatch is a parse error, never a silently wrong table.
 */
public record CunitReport(List<TestOutcome> tests, int summaryRan, int summaryPassed, int summaryFailed) {

    /** How one test ended. */
    public enum Status { PASSED, FAILED, SKIPPED }

    /** One test: "Suite.Test", its status, and the reason (skip) or messages (failure). */
    public record TestOutcome(String suite, String test, Status status, String detail) {
        public String fullName() {
            return suite + "." + test;
        }
    }

    private static final Pattern SUITE = Pattern.compile("^Suite: (\\S+)");
    private static final Pattern TEST = Pattern.compile("^  Test: (\\S+) \\.\\.\\.(.*)$");
    private static final Pattern STATUS = Pattern.compile("^(passed|FAILED)(?=\\s|$)");
    private static final Pattern SKIPPED = Pattern.compile("\\[SKIPPED\\]\\s*(.*)$");
    private static final Pattern ASSERTION = Pattern.compile("^\\s+\\d+\\. (\\S+:\\d+)\\s+- (.*)$");
    private static final Pattern SUMMARY_TESTS = Pattern.compile(
            "^\\s*tests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    public CunitReport {
        tests = List.copyOf(tests);
    }

    /** Parses the console output; throws {@link IllegalArgumentException} when it cannot. */
    public static CunitReport parse(String output) {
        List<TestOutcome> outcomes = new ArrayList<>();
        String suite = null;
        String test = null;
        StringBuilder detail = new StringBuilder();
        Optional<String> skipReason = Optional.empty();
        int[] summary = null;
        boolean inSummary = false;
        for (String line : output.lines().toList()) {
            if (line.startsWith("Run Summary:")) {
                inSummary = true;
                continue;
            }
            if (inSummary) {
                Matcher m = SUMMARY_TESTS.matcher(line);
                if (m.matches()) {
                    summary = new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                                         Integer.parseInt(m.group(4))};
                }
                continue;
            }
            Matcher suiteMatch = SUITE.matcher(line);
            if (suiteMatch.find()) {
                suite = suiteMatch.group(1);
                test = null;
                continue;
            }
            Matcher testMatch = TEST.matcher(line);
            String rest;
            if (testMatch.matches()) {
                if (test != null) {
                    throw new IllegalArgumentException("test " + suite + "." + test + " has no passed/FAILED marker");
                }
                if (suite == null) {
                    throw new IllegalArgumentException("test before any suite: " + line);
                }
                test = testMatch.group(1);
                detail.setLength(0);
                skipReason = Optional.empty();
                rest = testMatch.group(2);
            } else {
                rest = line;
            }
            if (test == null) {
                // CUnit lists a failure's assertions after its FAILED marker; other output after a
                // status (a teardown's messages) belongs to no test.
                Matcher a = ASSERTION.matcher(line);
                int last = outcomes.size() - 1;
                if (a.matches() && last >= 0 && outcomes.get(last).status() == Status.FAILED) {
                    TestOutcome o = outcomes.get(last);
                    outcomes.set(last, new TestOutcome(o.suite(), o.test(), o.status(),
                            (o.detail() + "\n" + a.group(1) + " " + a.group(2)).strip()));
                }
                continue;
            }
            String trimmed = rest.strip();
            Matcher status = STATUS.matcher(trimmed);
            Matcher skip = SKIPPED.matcher(trimmed);
            if (status.find()) {
                Status s = status.group(1).equals("FAILED") ? Status.FAILED
                         : skipReason.isPresent() ? Status.SKIPPED : Status.PASSED;
                String text = s == Status.SKIPPED ? skipReason.get() : detail.toString().strip();
                outcomes.add(new TestOutcome(suite, test, s, text));
                test = null;
            } else if (skip.find()) {
                skipReason = Optional.of(skip.group(1).strip());
            } else if (!trimmed.isEmpty()) {
                detail.append(trimmed).append('\n');
            }
        }
        if (summary == null) {
            throw new IllegalArgumentException("no CUnit 'Run Summary' with a tests line in the output");
        }
        CunitReport report = new CunitReport(outcomes, summary[0], summary[1], summary[2]);
        report.checkAgainstSummary();
        return report;
    }

    private void checkAgainstSummary() {
        long failed = count(Status.FAILED);
        long passedOrSkipped = count(Status.PASSED) + count(Status.SKIPPED);
        if (tests.size() != summaryRan || failed != summaryFailed || passedOrSkipped != summaryPassed) {
            throw new IllegalArgumentException(String.format(
                    "parsed %d tests (%d passed or skipped, %d failed) but CUnit's summary says ran %d,"
                    + " passed %d, failed %d", tests.size(), passedOrSkipped, failed,
                    summaryRan, summaryPassed, summaryFailed));
        }
    }

    public long count(Status status) {
        return tests.stream().filter(t -> t.status() == status).count();
    }

    public List<TestOutcome> withStatus(Status status) {
        return tests.stream().filter(t -> t.status() == status).toList();
    }

    /** One line: run, passed (really), failed, skipped. */
    public String headline() {
        return String.format("%d run, %d passed, %d failed, %d skipped", tests.size(),
                count(Status.PASSED), count(Status.FAILED), count(Status.SKIPPED));
    }

    /** A fixed-width table of the tests with one status, with their reason or message. */
    public String table(Status status) {
        List<TestOutcome> rows = withStatus(status);
        int width = rows.stream().mapToInt(r -> r.fullName().length()).max().orElse(4);
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-" + width + "s  %s%n", "test", status == Status.SKIPPED ? "reason" : "detail"));
        for (TestOutcome r : rows) {
            String firstLine = r.detail().lines().findFirst().orElse("");
            out.append(String.format("%-" + width + "s  %s%n", r.fullName(), firstLine));
        }
        return out.toString();
    }
}
