package io.camelchat.it.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.camelchat.common.ChatMessage;
import org.apache.camel.Exchange;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/** Measurements the reliability tests share: heap after GC, live threads, open sockets, and the test events' text. */
final class ReliabilitySupport {

    /** The text of test event {@code i} is {@code "reliability event <i>"}. */
    static final String EVENT_TEXT = "reliability event ";
    private static final Pattern EVENT = Pattern.compile("reliability event (\\d+)");
    private static final double MIB = 1024.0 * 1024.0;

    private ReliabilitySupport() {
    }

    /** The text of test event {@code i}. */
    static String eventText(int i) {
        return EVENT_TEXT + i;
    }

    /** The number of a test event's text, or -1 when the text is none. */
    static int eventNumber(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = EVENT.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The text of the exchange's message (a received chat message), or {@code null} when it has none. */
    static String messageText(Exchange e) {
        ChatMessage m = e.getMessage().getBody(ChatMessage.class);
        return m == null || m.getText() == null ? null : m.getText().trim();
    }

    /**
     * Heap in use after garbage collection, in bytes: collects until two consecutive readings differ by less than
     * 256 KiB (at most 10 rounds), so that garbage in flight does not count.
     */
    static long heapAfterGc() {
        long previous = Long.MAX_VALUE;
        long used = usedHeap();
        for (int round = 0; round < 10; round++) {
            System.gc();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            used = usedHeap();
            if (Math.abs(previous - used) < 256 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes as MiB with one decimal, e.g. {@code 12.3}. */
    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / MIB);
    }

    /** Bytes as MiB. */
    static double toMib(long bytes) {
        return bytes / MIB;
    }

    /** Live threads of this JVM. */
    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Open sockets of this process: the {@code socket:} links in {@code /proc/self/fd} (-1 where there is none). */
    static int openSockets() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(fds)) {
            return (int) s.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // closed while listing
                }
            }).count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Waits until the thread count is at most {@code limit} (threads of stopped pools end a little after their pool
     * stopped) and answers the count then, or the count after {@code atMost}.
     */
    static int threadsSettledTo(int limit, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> threads() <= limit);
        } catch (ConditionTimeoutException e) {
            // the caller asserts on the count answered
        }
        return threads();
    }

    /** Waits until the open sockets are at most {@code limit}, as {@link #threadsSettledTo}. */
    static int socketsSettledTo(int limit, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> openSockets() <= limit);
        } catch (ConditionTimeoutException e) {
            // the caller asserts on the count answered
        }
        return openSockets();
    }
}
