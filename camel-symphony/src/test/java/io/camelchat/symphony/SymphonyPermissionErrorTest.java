package io.camelchat.symphony;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.simulator.symphony.SymEvent;
import io.camelchat.symphony.auth.SymphonyAuth;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "You may not" is not "who are you": a 403 from the agent is a permission error. A send answered 403 is posted once,
 * with no new login and nothing counted against the bot's credentials; a datafeed read answered 403 (a feed the agent
 * no longer grants the bot) makes the consumer drop the feed and create a new one, and events flow again.
 */
class SymphonyPermissionErrorTest extends SymphonyTestSupport {

    private long successfulLogins() {
        return sim.authentications().stream().filter(a -> a.success()).count();
    }

    private Exchange send(String uri, Object body) {
        return template.request(uri, e -> e.getMessage().setBody(body));
    }

    @Test
    void aSendAnswered403IsPostedOnceWithoutANewLogin() {
        String room = sim.createRoom("permissions " + System.nanoTime(), ALICE, BOT_ID);
        String uri = "symphony:message?to=stream:" + room;
        send(uri, "warm-up"); // logged in, one message in the room
        SymphonyAuth auth = context.getEndpoint(uri, SymphonyEndpoint.class).getClient().auth();
        long logins = successfulLogins();
        long authentications = auth.getAuthentications();
        int sentBefore = sim.sentMessages().size();

        // the next post to the room is refused; a second post would be accepted and show up in the room
        sim.faults().failNext("/agent/v4/stream/" + room + "/message/create", 1, 403);
        Exchange x = send(uri, "refused");

        assertThat(x.getException()).isInstanceOf(ChatPermissionException.class)
                .isNotInstanceOf(ChatAuthException.class);
        assertThat(((ChatPermissionException) x.getException()).getHttpStatus()).isEqualTo(403);
        assertThat(sim.sentMessages()).as("posted exactly once: the refused post, no second one").hasSize(sentBefore);
        assertThat(successfulLogins()).as("no new login").isEqualTo(logins);
        assertThat(auth.getAuthentications()).isEqualTo(authentications);
        assertThat(auth.getFailuresInARow()).as("nothing counted against the credentials").isZero();
        assertThat(auth.isFailing()).isFalse();
    }

    @Test
    void aRoomTheBotIsNotInRefusesWithAPermissionError() {
        String notMine = sim.createRoom("not the bot's " + System.nanoTime(), ALICE, BOB);
        String uri = "symphony:message?to=stream:" + notMine;
        // the endpoint logs in on its first call
        assertThat(send(uri, "attempt 0").getException()).isInstanceOf(ChatPermissionException.class);
        long logins = successfulLogins();

        for (int i = 1; i < 5; i++) {
            Exchange x = send(uri, "attempt " + i);
            assertThat(x.getException()).isInstanceOf(ChatPermissionException.class)
                    .hasMessageContaining("not a member");
        }
        SymphonyAuth auth = context.getEndpoint(uri, SymphonyEndpoint.class).getClient().auth();
        assertThat(successfulLogins()).isEqualTo(logins);
        assertThat(auth.getFailuresInARow()).isZero();
        assertThat(auth.isFailing()).as("maxAuthAttempts refusals do not take the credentials down").isFalse();
        assertThat(sim.sentMessages()).noneMatch(m -> m.streamId().equals(notMine));
    }

    @Test
    void aLoginRefusedWith403IsStillAnAuthenticationFailure() {
        // a fresh endpoint logs in on its first call; the pod refuses the bot itself
        String uri = "symphony:message?operation=send&to=stream:" + aliceIm;
        sim.faults().failNext("/login/pubkey/authenticate", 1, 403);
        Exchange x = send(uri, "never sent");
        assertThat(x.getException()).isInstanceOf(ChatAuthException.class).hasMessageContaining("403");
        assertThat(context.getEndpoint(uri, SymphonyEndpoint.class).getClient().auth().getFailuresInARow())
                .isEqualTo(1);
        // the next call logs in and is sent
        assertThat(send(uri, "sent").getException()).isNull();
    }

    @Test
    void aDatafeedReadAnswered403RecreatesTheFeed() throws Exception {
        Map<String, String> routed = new ConcurrentHashMap<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // no tag: a recreated feed gets a new id, so the fault below hits the old feed only
                from("symphony:datafeed").routeId("feed")
                        .process(e -> routed.put(e.getMessage().getHeader(SymphonyConstants.EVENT_ID, String.class),
                                e.getMessage().getBody(String.class)));
            }
        });
        SymphonyDatafeedConsumer consumer = (SymphonyDatafeedConsumer) context.getRoute("feed").getConsumer();
        SymEvent before = sim.userPostsMessage(ALICE, aliceIm, "<messageML>before</messageML>");
        await().atMost(Duration.ofSeconds(10)).until(() -> routed.containsKey(before.id()));
        String oldFeed = consumer.getFeedId();
        long logins = successfulLogins();

        // from now on the agent refuses every read of that feed (as for a feed it no longer grants the bot)
        sim.faults().failNext("/agent/v5/datafeeds/" + oldFeed + "/read", 1_000, 403);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> consumer.getFeedId() != null && !consumer.getFeedId().equals(oldFeed)
                        && sim.datafeeds().stream()
                                .anyMatch(f -> f.id().equals(consumer.getFeedId()) && f.reads() > 0));
        SymEvent after = sim.userPostsMessage(ALICE, aliceIm, "<messageML>after</messageML>");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> routed.containsKey(after.id()) && sim.acknowledged(after.id()));

        assertThat(routed.get(after.id())).isEqualTo("after");
        assertThat(sim.datafeeds()).as("the refused feed was deleted")
                .noneMatch(f -> f.id().equals(oldFeed) && f.active());
        assertThat(successfulLogins()).as("a refused read is not an authentication failure").isEqualTo(logins);
        assertThat(
                context.getEndpoint("symphony:datafeed", SymphonyEndpoint.class).getClient().auth().getFailuresInARow())
                .isZero();
        sim.faults().reset();
    }
}
