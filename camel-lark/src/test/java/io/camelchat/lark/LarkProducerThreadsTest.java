package io.camelchat.lark;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.lark.SentMessage;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which thread the route goes on from after an asynchronous send: camel-chat's pool by default, the HTTP client's I/O
 * thread that read the answer with {@code usingExecutorService=false}; and a producer of the default kind that runs
 * after one on the I/O thread hands the route back to the pool.
 */
class LarkProducerThreadsTest extends LarkTestSupport {

    private final Map<String, String> threads = new ConcurrentHashMap<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        String to = "lark:message?to=chat_id:" + CHAT;
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:pool")
                        .to(to)
                        .process(e -> threads.put("pool", Thread.currentThread().getName()));
                from("direct:io")
                        .to(to + "&usingExecutorService=false")
                        .process(e -> threads.put("io", Thread.currentThread().getName()))
                        .setBody(constant("io-2"))
                        // another endpoint: Lark's idempotency key of a send covers the exchange and the endpoint
                        .to(to + "&usingExecutorService=false&maxRetries=2")
                        .process(e -> threads.put("io-again", Thread.currentThread().getName()))
                        .setBody(constant("io-3"))
                        .to(to)
                        .process(e -> threads.put("pool-after-io", Thread.currentThread().getName()));
                from("direct:io-failure")
                        .doTry()
                        .to("lark:message?operation=recall&maxRetries=0&usingExecutorService=false")
                        .process(e -> threads.put("not-reached", Thread.currentThread().getName()))
                        .doCatch(ChatApiException.class)
                        .process(e -> threads.put("caught", Thread.currentThread().getName()))
                        .end();
            }
        };
    }

    @Test
    void byDefaultTheRouteGoesOnFromThePool() {
        Exchange x = template.request("direct:pool", e -> e.getMessage().setBody("threads-pool"));

        assertThat(x.getException()).isNull();
        assertThat(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)).isNotBlank();
        assertThat(threads.get("pool")).startsWith("camel-chat-async-");
    }

    @Test
    void withoutTheExecutorServiceTheRouteGoesOnFromTheIoThread() {
        // a send that must fetch the access token first goes on from the pool, where the token was fetched
        template.request("direct:io", e -> e.getMessage().setBody("threads-token"));
        assertThat(threads.get("io")).startsWith("camel-chat-async-");
        threads.clear();
        int before = sim.sentMessages().size();
        // answers that come after the producer returned (an answer that is there at once goes on from the caller)
        sim.faults().delayResponses(Duration.ofMillis(100));
        Exchange x = template.request("direct:io", e -> e.getMessage().setBody("threads-io"));

        assertThat(x.getException()).isNull();
        assertThat(threads.get("io")).startsWith("camel-chat-lark-io-");
        assertThat(threads.get("io-again")).startsWith("camel-chat-lark-io-");
        // the last producer keeps the default: the route leaves the I/O thread
        assertThat(threads.get("pool-after-io")).startsWith("camel-chat-async-");
        assertThat(sim.sentMessages().subList(before, sim.sentMessages().size())).map(SentMessage::text)
                .containsExactly("threads-io", "io-2", "io-3");
    }

    @Test
    void aFailureAnsweredOnTheIoThreadFailsTheExchange() {
        // the endpoint's token first (its fetch hands that call to the pool)
        template.request("direct:io-failure", e -> e.getMessage().setBody("om_unknown"));
        threads.clear();
        sim.faults().delayResponses(Duration.ofMillis(100));
        Exchange x = template.request("direct:io-failure", e -> e.getMessage().setBody("om_unknown"));

        assertThat(x.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)).isInstanceOf(ChatApiException.class);
        assertThat(threads).doesNotContainKey("not-reached");
        assertThat(threads.get("caught")).startsWith("camel-chat-lark-io-");
    }
}
