package io.camelchat.it.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The figures of the reliability tests, one row per measurement, printed as a table when the test run ends
 * ({@link ReliabilityReportPrinter}) and written to {@code target/reliability-report.md}. A test records a figure
 * after it asserted it: a row is a result, never a substitute for an assertion.
 */
public final class ReliabilityReport {

    /**
     * One measured figure.
     *
     * @param area     what was tested: {@code stream drops}, {@code producer faults}, {@code webhook attacks},
     *                 {@code fuzz}, {@code soak}, {@code secrets}
     * @param platform {@code dingtalk}, {@code lark}, {@code symphony}, {@code openim}, {@code difft} or {@code all}
     * @param subject  the consumer, producer or decoder measured, e.g. {@code stream}, {@code webhook}, {@code send}
     * @param figure   what the value is, e.g. {@code events lost of 100000}
     * @param value    the measured value
     * @param goal     the goal it was checked against, e.g. {@code 0}
     */
    public record Row(String area, String platform, String subject, String figure, String value, String goal) {
    }

    private static final List<Row> ROWS = new ArrayList<>();

    private ReliabilityReport() {
    }

    /** Records one figure. */
    public static synchronized void record(String area, String platform, String subject, String figure, Object value,
                                           String goal) {
        ROWS.add(new Row(area, platform, subject, figure, String.valueOf(value), goal));
    }

    /** The rows recorded so far, ordered by area, platform and subject. */
    public static synchronized List<Row> rows() {
        List<Row> copy = new ArrayList<>(ROWS);
        copy.sort(Comparator.comparing(Row::area).thenComparing(Row::platform).thenComparing(Row::subject));
        return copy;
    }

    /** The rows as a Markdown table, with the run's scale in its heading. */
    public static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("Reliability figures (").append(Reliability.full() ? "reliability profile" : "short form")
                .append(")\n\n");
        sb.append("| area | platform | subject | figure | value | goal |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Row r : rows()) {
            sb.append("| ").append(r.area()).append(" | ").append(r.platform()).append(" | ").append(r.subject())
                    .append(" | ").append(r.figure()).append(" | ").append(r.value()).append(" | ").append(r.goal())
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** Writes {@link #table()} to {@code file}. */
    public static void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, table(), StandardCharsets.UTF_8);
    }
}
