package io.camelchat.it.reliability;

import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No configured secret appears in anything the test run of this module printed: every log event (message and stack
 * trace) and every endpoint as Camel prints it. Runs after every other test class of the module ({@link RunLast});
 * the {@link SecretScan} started with the run.
 */
@RunLast
class NoSecretInLogsTest {

    private static final Logger LOG = LoggerFactory.getLogger(NoSecretInLogsTest.class);

    @Test
    void noConfiguredSecretWasPrinted() {
        assertThat(SecretScan.started()).as("SecretScanListener registered in META-INF/services").isTrue();
        // the scan sees what is logged at DEBUG (not shown on the console): a value logged here is found
        String marker = "scan-marker-" + UUID.randomUUID();
        LOG.debug("secret scan marker {}", marker, new IllegalStateException("marker in a stack trace " + marker));
        assertThat(SecretScan.eventsContaining(marker)).isEqualTo(2);

        SecretScan.Result result = SecretScan.check();
        ReliabilityReport.record("secrets", "all", "logs", "log events scanned", result.logEvents(), "all");
        ReliabilityReport.record("secrets", "all", "logs", "Camel contexts / endpoints followed",
                result.contexts() + " / " + result.endpoints(), "all");
        ReliabilityReport.record("secrets", "all", "logs", "distinct secrets looked for (6+ chars)",
                result.secrets().size(), "every configured");
        ReliabilityReport.record("secrets", "all", "logs", "leaks found", result.leaks().size(), "0");
        assertThat(result.leaks())
                .as("secrets printed:%n%s", result.leaks().stream().map(l -> l.secret() + ": " + l.excerpt())
                        .collect(Collectors.joining("\n")))
                .isEmpty();
    }
}
