package io.camelchat.common.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.camelchat.common.ChatHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The work a test route hands its consumer's exchanges to (typically behind {@code seda:}): it fails the first attempt
 * at the events {@code failFirst} picks, and holds the events {@code hold} picks until the test releases them, so that
 * a test can see when the consumer acknowledges.
 */
public final class HandOffWork implements Processor {

    private final Predicate<Exchange> failFirst;
    private final Predicate<Exchange> hold;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<String> failFirstIds = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    public HandOffWork(Predicate<Exchange> failFirst, Predicate<Exchange> hold) {
        this.failFirst = failFirst;
        this.hold = hold;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String id = exchange.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        int attempt = attempts.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
        if (failFirst.test(exchange)) {
            failFirstIds.add(id);
            if (attempt == 1) {
                throw new IllegalStateException("the work failed on purpose");
            }
        }
        if (hold.test(exchange)) {
            started.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the work");
            }
        }
    }

    /** The {@code CamelChatMessageId} of every attempt at an event {@code failFirst} picked, in order. */
    public List<String> failFirstIds() {
        synchronized (failFirstIds) {
            return List.copyOf(failFirstIds);
        }
    }

    /** Waits until the work holds an event. */
    public boolean awaitHolding() throws InterruptedException {
        return started.await(20, TimeUnit.SECONDS);
    }

    /** Lets the held event finish. */
    public void release() {
        release.countDown();
    }
}
