package io.camelchat.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints the {@link ReliabilityReport} when the test run of this module ends, and writes it to
 * {@code target/reliability-report.md} (registered in {@code META-INF/services}).
 */
public final class ReliabilityReportPrinter implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (ReliabilityReport.rows().isEmpty()) {
            return;
        }
        String table = ReliabilityReport.table();
        System.out.println();
        System.out.println(table);
        try {
            ReliabilityReport.write(Path.of("target", "reliability-report.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
