package io.camelchat.symphony;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatAttachment;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.simulator.symphony.SymMessage;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymphonyProducerTest extends SymphonyTestSupport {

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        Exchange x = template.request(uri, e -> {
            e.getMessage().setBody(body);
            headers.forEach(e.getMessage()::setHeader);
        });
        if (x.getException() != null) {
            throw new CamelExecutionException("send failed", x, x.getException());
        }
        return x;
    }

    private SymMessage last() {
        List<SymMessage> all = sim.sentMessages();
        return all.get(all.size() - 1);
    }

    @Test
    void textIsEscapedIntoMessageMlAndSentToAStream() {
        Exchange x = send("symphony:message?to=stream:" + aliceIm, "1 < 2 & costs $5", Map.of());
        SymMessage m = last();
        assertThat(m.streamId()).isEqualTo(aliceIm);
        assertThat(m.messageML()).isEqualTo("<messageML>1 &lt; 2 &amp; costs &#36;5</messageML>");
        assertThat(x.getMessage().getHeader(ChatHeaders.MESSAGE_ID)).isEqualTo(m.messageId());
        assertThat(sim.authentications()).anyMatch(a -> a.success());
    }

    @Test
    void messageMlIsSentAsIsToAUserAndAnEmailAddress() {
        send("symphony:message?to=user:" + BOB, "<messageML>hi <b>Bob</b></messageML>", Map.of());
        assertThat(last().messageML()).isEqualTo("<messageML>hi <b>Bob</b></messageML>");
        String bobIm = last().streamId();
        send("symphony:message", "by email", Map.of(ChatHeaders.TO, "email:bob@acme.example"));
        assertThat(last().streamId()).isEqualTo(bobIm);
    }

    @Test
    void chatMessageWithAttachmentAndUpdateGetSuppress() {
        byte[] pdf = "%PDF-1.4 report".getBytes();
        ChatMessage m = ChatMessage.text("report attached")
                .addAttachment(ChatAttachment.of(ChatAttachment.Kind.file, "报告 Q4.pdf", "application/pdf", pdf));
        String id = send("symphony:message?to=stream:" + aliceIm, m, Map.of()).getMessage()
                .getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(last().attachments()).singleElement().satisfies(a -> {
            assertThat(a.bytes()).isEqualTo(pdf);
            // the file name arrives as it was, in UTF-8
            assertThat(a.name()).isEqualTo("报告 Q4.pdf");
        });

        JsonNode got = send("symphony:message?operation=get", id, Map.of()).getMessage().getBody(JsonNode.class);
        String fileId = got.path("attachments").get(0).path("id").asText();
        byte[] downloaded = send("symphony:media", fileId, Map.of(ChatHeaders.MESSAGE_ID, id,
                ChatHeaders.CONVERSATION_ID, aliceIm)).getMessage().getBody(byte[].class);
        assertThat(downloaded).isEqualTo(pdf);

        String newId = send("symphony:message?operation=update", "report attached (v2)",
                Map.of(ChatHeaders.MESSAGE_ID, id,
                        ChatHeaders.CONVERSATION_ID, aliceIm))
                .getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class);
        assertThat(sim.message(newId).replacing()).isEqualTo(id);

        send("symphony:message?operation=suppress", null, Map.of(ChatHeaders.MESSAGE_ID, newId));
        assertThat(sim.isSuppressed(newId)).isTrue();
    }

    @Test
    void expiredSessionsAndTransientErrorsAreHandled() {
        send("symphony:message?to=stream:" + aliceIm, "first", Map.of());
        sim.expireSessions();
        send("symphony:message?to=stream:" + aliceIm, "after expiry", Map.of());
        assertThat(last().messageML()).contains("after expiry");
        sim.faults().rateLimitNext("/pod/v3/users", 1);
        JsonNode alice = send("symphony:directory?operation=getUserByEmail", "alice@acme.example", Map.of())
                .getMessage()
                .getBody(JsonNode.class);
        assertThat(alice.path("id").asLong()).isEqualTo(ALICE);
    }

    @Test
    void directory() {
        assertThat(send("symphony:directory?to=user:" + BOB, null, Map.of()).getMessage().getBody(JsonNode.class)
                .path("username").asText()).isEqualTo("bob");
        assertThat(send("symphony:directory?operation=getUserByUsername", "alice", Map.of()).getMessage()
                .getBody(JsonNode.class).path("id").asLong()).isEqualTo(ALICE);
        assertThatThrownBy(() -> send("symphony:directory?operation=getUserByEmail", "nobody@acme.example", Map.of()))
                .hasCauseInstanceOf(ChatNotFoundException.class);
        assertThatThrownBy(() -> send("symphony:message?to=chat:x", "x", Map.of()))
                .rootCause().hasMessageContaining("stream:<id>");
    }
}
