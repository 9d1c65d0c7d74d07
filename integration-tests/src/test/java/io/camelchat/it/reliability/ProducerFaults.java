package io.camelchat.it.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import io.camelchat.common.ChatApiException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault plan {@link ProducerFaultsTest} runs against one platform's send operation: sends between the faults
 * (baseline), tokens expired before sends, 429 storms, 5xx bursts, answers delayed beyond {@link #RESPONSE_TIMEOUT}
 * and answers delayed to a third of it. Each logical send carries a unique mark ({@code mark<n>end}, letters and digits only) so that the
 * simulator's record of received sends tells how often the platform accepted it.
 */
final class ProducerFaults {

    /** The producers' responseTimeout in these tests. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(600);

    private static final String SLOW_OPTIONS = "&maxRetries=1";

    /** What the plan needs of one platform. */
    record Platform(String name, String uri, boolean idempotentSends, Supplier<List<String>> received,
            Runnable expireTokens, IntConsumer rateLimitNext, int rateLimitsPerSend, StatusFaults fail,
            Consumer<Duration> delayAnswers) {
    }

    /** Injects {@code count} answers of HTTP {@code status} (5xx) on the send path. */
    @FunctionalInterface
    interface StatusFaults {
        void next(int count, int status);
    }

    /** What is expected of one send. */
    enum Expect {
        /** Accepted: the call succeeds and the platform has it once. */
        OK,
        /** Answered 5xx without being carried out: the call fails with the 5xx, the platform does not have it. */
        FAILS_5XX,
        /** Carried out, answered late: the call fails with a timeout, the platform has it once. */
        FAILS_TIMEOUT
    }

    private record Send(int n, String phase, Expect expect, Exception failure) {
    }

    private final Platform p;
    private final ProducerTemplate template;
    private final List<Send> sends = new ArrayList<>();
    private int next;

    ProducerFaults(Platform p, ProducerTemplate template) {
        this.p = p;
        this.template = template;
    }

    private static String mark(int n) {
        return "mark" + n + "end";
    }

    private void send(String phase, Expect expect, String extraOptions) {
        int n = next++;
        Exchange x = template.request(p.uri() + extraOptions,
                e -> e.getMessage().setBody("producer faults " + phase + " " + mark(n)));
        sends.add(new Send(n, phase, expect, x.getException()));
    }

    /** Runs the plan: {@code rounds} of each fault. */
    void run(int rounds) {
        for (int i = 0; i < rounds; i++) {
            send("baseline", Expect.OK, "");
        }
        // the slow answers first, while every endpoint holds a valid token: a token fetch answered late would fail
        // the send before it is made (a timeout as well, but not the one measured here); the late sends' endpoint
        // retries once at most (Lark's retries with its idempotency key would otherwise wait 7 x responseTimeout)
        send("baseline", Expect.OK, SLOW_OPTIONS);
        for (int i = 0; i < Math.max(1, rounds / 3); i++) {
            p.delayAnswers().accept(RESPONSE_TIMEOUT.multipliedBy(2));
            send("answer later than responseTimeout", Expect.FAILS_TIMEOUT, SLOW_OPTIONS);
            p.delayAnswers().accept(RESPONSE_TIMEOUT.dividedBy(3));
            send("answer within responseTimeout", Expect.OK, "");
            p.delayAnswers().accept(Duration.ZERO);
        }
        if (p.expireTokens() != null) {
            for (int i = 0; i < rounds; i++) {
                p.expireTokens().run();
                send("token expired", Expect.OK, "");
                send("token renewed", Expect.OK, "");
            }
        }
        if (p.rateLimitNext() != null) {
            for (int i = 0; i < rounds; i++) {
                p.rateLimitNext().accept(p.rateLimitsPerSend());
                send("429 storm", Expect.OK, "");
            }
        }
        int[] statuses = { 500, 502, 503 };
        for (int i = 0; i < rounds; i++) {
            // a burst of three: a send that must not be retried fails with the first, and the next two sends with
            // the others; a send with an idempotency key goes through all three and succeeds
            p.fail().next(3, statuses[i % 3]);
            if (p.idempotentSends()) {
                send("5xx burst", Expect.OK, "");
            } else {
                for (int k = 0; k < 3; k++) {
                    send("5xx burst", Expect.FAILS_5XX, "");
                }
            }
        }
        send("after the bursts", Expect.OK, "");
        send("last", Expect.OK, "");
    }

    /** How many of the platform's received sends carry the mark of send {@code n}. */
    private static int copies(List<String> received, int n) {
        String m = mark(n);
        return (int) received.stream().filter(t -> t != null && t.contains(m)).count();
    }

    /** Checks every send and records the figures. */
    void check() {
        List<String> received = p.received().get();
        int accepted = 0;
        int failedAsExpected = 0;
        int timeoutsAtPlatform = 0;
        int duplicates = 0;
        Map<String, Integer> byPhase = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (Send s : sends) {
            byPhase.merge(s.phase(), 1, Integer::sum);
            int copies = copies(received, s.n());
            duplicates += Math.max(0, copies - 1);
            String what = p.name() + " send " + s.n() + " (" + s.phase() + ")";
            switch (s.expect()) {
                case OK -> {
                    if (s.failure() != null) {
                        wrong.add(what + " failed: " + s.failure());
                    } else {
                        accepted++;
                    }
                    if (copies != 1) {
                        wrong.add(what + " is at the platform " + copies + " times");
                    }
                }
                case FAILS_5XX -> {
                    if (s.failure() instanceof ChatApiException e && e.getHttpStatus() >= 500) {
                        failedAsExpected++;
                    } else {
                        wrong.add(what + " should fail with the 5xx, got " + s.failure());
                    }
                    if (copies != 0) {
                        wrong.add(what + " is at the platform " + copies + " times (the fault answered first)");
                    }
                }
                case FAILS_TIMEOUT -> {
                    if (s.failure() instanceof ChatApiException e && e.getHttpStatus() == 0
                            && "timeout".equals(e.getPlatformCode())) {
                        failedAsExpected++;
                    } else {
                        wrong.add(what + " should fail with a timeout, got " + s.failure());
                    }
                    if (copies != 1) {
                        wrong.add(what + " is at the platform " + copies + " times (carried out once, answered late)");
                    }
                    timeoutsAtPlatform += copies == 1 ? 1 : 0;
                }
                default -> throw new IllegalStateException();
            }
        }
        assertThat(wrong).as(p.name() + ": sends by phase " + byPhase).isEmpty();
        assertThat(duplicates).isZero();
        String area = "producer faults";
        ReliabilityReport.record(area, p.name(), "send", "sends (by phase)", sends.size() + " " + byPhase, "-");
        ReliabilityReport.record(area, p.name(), "send", "accepted (the platform would accept)", accepted,
                "all " + sends.stream().filter(s -> s.expect() == Expect.OK).count());
        ReliabilityReport.record(area, p.name(), "send", "failed as expected (5xx, timeout)", failedAsExpected,
                "exactly the " + sends.stream().filter(s -> s.expect() != Expect.OK).count() + " faulted");
        ReliabilityReport.record(area, p.name(), "send", "timed out, carried out once by the platform",
                timeoutsAtPlatform, "each once");
        ReliabilityReport.record(area, p.name(), "send", "duplicates at the platform", duplicates, "0");
        ReliabilityReport.record(area, p.name(), "send", "faults injected",
                (p.expireTokens() != null ? "token expiry, " : "no token (signed calls), ")
                                                                            + (p.rateLimitNext() != null
                                                                                    ? "429 storms, "
                                                                                    : "no rate-limit answer in the protocol, ")
                                                                            + "5xx bursts, slow answers"
                                                                            + (p.idempotentSends()
                                                                                    ? " (sends carry an idempotency key: retried)"
                                                                                    : " (sends never retried after 5xx or timeout)"),
                "-");
    }
}
