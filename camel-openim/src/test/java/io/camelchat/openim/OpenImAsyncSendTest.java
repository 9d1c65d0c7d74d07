package io.camelchat.openim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.Json;
import io.camelchat.simulator.openim.OpenImSimulator;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Building a send does not wait on the calling thread: the sender's profile and the attachments' uploads are chained
 * after one another, and the messages go out in order once they answered.
 */
class OpenImAsyncSendTest extends OpenImTestSupport {

    private static final String ANN_CONV = OpenImSimulator.singleConversationId(BOT, ANN);
    private static final String BOB_CONV = OpenImSimulator.singleConversationId(BOT, BOB);

    /** What the callback of a producer saw. */
    private static final class Done {
        final AtomicReference<Boolean> doneSync = new AtomicReference<>();
        final AtomicReference<Thread> thread = new AtomicReference<>();

        void done(boolean sync) {
            thread.set(Thread.currentThread());
            doneSync.set(sync);
        }
    }

    private static ChatMessage textAndPicture(String text, String pictureName) {
        byte[] png = ("a picture of more than one part of 64 bytes: " + text + " ..........................")
                .getBytes(StandardCharsets.UTF_8);
        return ChatMessage.text(text)
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.image, pictureName, "image/png", png));
    }

    private static long inbound(String path) {
        return sim.inbound().stream().filter(l -> l.endsWith(" " + path)).count();
    }

    private AsyncProducer producer(String uri) throws Exception {
        AsyncProducer producer = context.getEndpoint(uri).createAsyncProducer();
        producer.start();
        return producer;
    }

    @Test
    void aSendNeedingTheProfileAndAnUploadReturnsBeforeTheirAnswers() throws Exception {
        template.requestBody("openim:message?to=user:" + BOB, "warm up (the admin token is fetched)");
        // the profile is read for every send, and the first answers come late: whatever is sent then waits for them
        AsyncProducer producer = producer("openim:message?to=user:" + ANN + "&directoryCacheTtl=0");
        try {
            long lookUps = inbound("/user/get_users_info");
            long initiated = inbound("/object/initiate_multipart_upload");
            long sends = inbound("/msg/send_msg");
            Exchange exchange = producer.getEndpoint().createExchange();
            exchange.getMessage().setBody(textAndPicture("async profile and upload", "async.png"));
            Done done = new Done();
            sim.faults().slowHttp(Duration.ofSeconds(1));
            boolean sync = producer.process(exchange, done::done);

            // returned while the profile's answer is outstanding: nothing uploaded or sent yet, not completed
            assertThat(sync).isFalse();
            assertThat(done.doneSync.get()).isNull();
            assertThat(inbound("/object/initiate_multipart_upload")).isEqualTo(initiated);
            assertThat(inbound("/msg/send_msg")).isEqualTo(sends);
            assertThat(sim.uploadedObjects()).noneMatch(o -> o.name().endsWith("/async.png"));
            // once the look-up reached the server (its answer a second late), the other calls are answered at once
            await().atMost(Duration.ofSeconds(20)).until(() -> inbound("/user/get_users_info") == lookUps + 1);
            sim.faults().slowHttp(Duration.ZERO);

            await().atMost(Duration.ofSeconds(20)).until(() -> done.doneSync.get() != null);
            assertThat(done.doneSync.get()).isFalse();
            assertThat(done.thread.get()).isNotSameAs(Thread.currentThread());
            assertThat(exchange.getException()).isNull();
            assertThat(inbound("/user/get_users_info")).isEqualTo(lookUps + 1);
            List<Stored> conv = stored(ANN_CONV);
            Stored text = conv.get(conv.size() - 2);
            Stored picture = conv.get(conv.size() - 1);
            // in order, each with the nickname of the profile, the picture at the uploaded object's URL
            assertThat(text.text()).isEqualTo("async profile and upload");
            assertThat(text.nickname()).isEqualTo("Bot");
            assertThat(picture.contentType()).isEqualTo(OpenImContent.PICTURE);
            assertThat(picture.nickname()).isEqualTo("Bot");
            String url = Json.read(picture.content()).path("sourcePicture").path("url").asText();
            assertThat(url).startsWith(sim.apiUrl() + "/object/" + BOT + "/").endsWith("/async.png");
            assertThat(sim.uploadedObjects()).anyMatch(o -> o.name().endsWith("/async.png"));
            assertThat(exchange.getMessage().getHeader("CamelChatMessageId"))
                    .isEqualTo(ANN_CONV + "#" + text.clientMsgId());
        } finally {
            sim.faults().slowHttp(Duration.ZERO);
            producer.stop();
        }
    }

    @Test
    void aFailedProfileLookUpSendsWithoutNickname() {
        template.requestBody("openim:message?to=user:" + BOB, "warm up (the admin token is fetched)");
        long lookUps = inbound("/user/get_users_info");
        // not retried: the next call, the profile look-up, fails
        sim.faults().failNextHttp(1, 503);
        Exchange e = template.request("openim:message?to=user:" + ANN + "&directoryCacheTtl=0&maxRetries=0",
                x -> x.getMessage().setBody(ChatMessage.text("no profile").addAttachment(ChatAttachment
                        .of(ChatAttachment.Kind.file, "notes.txt", "text/plain",
                                "notes without a nickname".getBytes(StandardCharsets.UTF_8)))));

        assertThat(e.getException()).isNull();
        assertThat(inbound("/user/get_users_info")).isEqualTo(lookUps + 1);
        List<Stored> conv = stored(ANN_CONV);
        Stored text = conv.get(conv.size() - 2);
        Stored file = conv.get(conv.size() - 1);
        assertThat(text.text()).isEqualTo("no profile");
        assertThat(text.nickname()).isEmpty();
        assertThat(file.contentType()).isEqualTo(OpenImContent.FILE);
        assertThat(file.nickname()).isEmpty();
        assertThat(Json.read(file.content()).path("sourceUrl").asText()).startsWith(sim.apiUrl() + "/object/");
    }

    @Test
    void synchronousBuildsAndSendsOnTheCallingThread() throws Exception {
        AsyncProducer producer = producer("openim:message?to=user:" + BOB + "&directoryCacheTtl=0&synchronous=true");
        try {
            Exchange exchange = producer.getEndpoint().createExchange();
            exchange.getMessage().setBody(textAndPicture("sync profile and upload", "sync.png"));
            Done done = new Done();

            boolean sync = producer.process(exchange, done::done);

            assertThat(sync).isTrue();
            assertThat(done.doneSync.get()).isTrue();
            assertThat(done.thread.get()).isSameAs(Thread.currentThread());
            assertThat(exchange.getException()).isNull();
            Stored picture = last(BOB_CONV);
            assertThat(picture.contentType()).isEqualTo(OpenImContent.PICTURE);
            assertThat(picture.nickname()).isEqualTo("Bot");
            assertThat(Json.read(picture.content()).path("sourcePicture").path("url").asText()).endsWith("/sync.png");
        } finally {
            producer.stop();
        }
    }

    @Test
    void attachmentFailuresAreTheExchangesAndNothingIsSent() {
        int before = stored(ANN_CONV).size();
        long sends = inbound("/msg/send_msg");
        ChatAttachment empty = new ChatAttachment().setKind(ChatAttachment.Kind.file).setName("empty.bin");
        Exchange noBytes = template.request("openim:message?to=user:" + ANN,
                x -> x.getMessage().setBody(ChatMessage.text("never sent").addAttachment(empty)));
        assertThat(noBytes.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The attachment empty.bin has no bytes and no URL to send");

        // not retried: the profile look-up fails (sent without nickname), then the upload's first call fails the send
        sim.faults().failNextHttp(2, 503);
        Exchange refused = template.request("openim:message?to=user:" + ANN + "&directoryCacheTtl=0&maxRetries=0",
                x -> x.getMessage().setBody(ChatMessage.text("never sent either").addAttachment(ChatAttachment
                        .of(ChatAttachment.Kind.file, "refused.bin", null, new byte[]{ 1, 2, 3 }))));
        assertThat(refused.getException()).isInstanceOf(ChatApiException.class)
                .satisfies(e -> assertThat(((ChatApiException) e).getHttpStatus()).isEqualTo(503));
        assertThat(stored(ANN_CONV)).hasSize(before);
        assertThat(inbound("/msg/send_msg")).isEqualTo(sends);
    }

    @Test
    void aNativeRequestWithoutNicknameTakesTheProfiles() {
        JsonNode request = Json.read("{\"contentType\":101,\"content\":{\"content\":\"native, async\"}}");
        Exchange e = template.request("openim:message?to=user:" + BOB + "&directoryCacheTtl=0",
                x -> x.getMessage().setBody(request));
        assertThat(e.getException()).isNull();
        Stored m = last(BOB_CONV);
        assertThat(m.text()).isEqualTo("native, async");
        assertThat(m.nickname()).isEqualTo("Bot");
    }
}
