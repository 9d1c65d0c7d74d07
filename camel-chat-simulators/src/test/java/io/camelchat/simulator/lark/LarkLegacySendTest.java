package io.camelchat.simulator.lark;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.lark.LarkTestSupport.call;
import static io.camelchat.simulator.lark.LarkTestSupport.data;
import static io.camelchat.simulator.lark.LarkTestSupport.parse;
import static io.camelchat.simulator.lark.LarkTestSupport.tenantToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The legacy {@code POST /open-apis/message/v4/send} (the first example of the Lark SDK's README), over real HTTP: the
 * same token and receiver checks as {@code im/v1/messages}, {@code content} as a JSON object, and the message recorded
 * like an im/v1 send.
 */
class LarkLegacySendTest {

    private static final LarkUser ALICE = new LarkUser("ou_alice", "u_alice", "on_alice", "Alice", "alice@example.com",
            null);

    private static LarkSimulator start() {
        LarkSimulator sim = LarkTestSupport.builder().start();
        sim.addUser(ALICE);
        sim.addChat(new LarkChat("oc_ops", "Ops", List.of("ou_alice")));
        return sim;
    }

    private static HttpResponse<String> v4(LarkSimulator sim, String token, Object body) {
        return call("POST", sim.apiUrl() + "/open-apis/message/v4/send", token, body);
    }

    private static HttpResponse<String> v1(LarkSimulator sim, String token, String idType, String receiveId) {
        return call("POST", sim.apiUrl() + "/open-apis/im/v1/messages?receive_id_type=" + idType, token,
                Map.of("receive_id", receiveId, "msg_type", "text", "content", "{\"text\":\"hi\"}"));
    }

    @Test
    void sendsToAChatAndRecordsTheMessageLikeAnImV1Send() {
        try (LarkSimulator sim = start()) {
            String token = tenantToken(sim);
            HttpResponse<String> r = v4(sim, token, Map.of("chat_id", "oc_ops", "msg_type", "text",
                    "content", Map.of("text", "hi")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Tt-Logid")).isPresent();
            Map<String, Object> answer = parse(r.body());
            assertThat(answer).containsOnlyKeys("code", "msg", "data").containsEntry("code", 0)
                    .containsEntry("msg", "success");
            Map<String, Object> data = data(r);
            assertThat(data).containsOnlyKeys("message_id");
            String id = (String) data.get("message_id");
            assertThat(id).startsWith("om_");

            assertThat(sim.sentMessages()).hasSize(1);
            SentMessage m = sim.sentMessages().get(0);
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.chatId()).isEqualTo("oc_ops");
            assertThat(m.receiveIdType()).isEqualTo("chat_id");
            assertThat(m.receiveId()).isEqualTo("oc_ops");
            assertThat(m.msgType()).isEqualTo("text");
            assertThat(m.text()).isEqualTo("hi");
            assertThat(m.isReply()).isFalse();

            // the im/v1 API sees it too
            HttpResponse<String> get = call("GET", sim.apiUrl() + "/open-apis/im/v1/messages/" + id, token, null);
            assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
            assertThat(get.body()).contains(id).contains("oc_ops");
        }
    }

    @Test
    void sendsToAUserByOpenIdUserIdOrEmailInTheirP2pChat() {
        try (LarkSimulator sim = start()) {
            String token = tenantToken(sim);
            for (Map.Entry<String, String> receiver : Map.of("open_id", "ou_alice", "user_id", "u_alice",
                    "email", "alice@example.com").entrySet()) {
                HttpResponse<String> r = v4(sim, token, Map.of(receiver.getKey(), receiver.getValue(),
                        "msg_type", "text", "content", Map.of("text", "to " + receiver.getKey())));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat((String) data(r).get("message_id")).startsWith("om_");
            }
            assertThat(sim.sentMessages()).hasSize(3)
                    .allSatisfy(m -> assertThat(m.chatId()).isEqualTo(sim.p2pChatId("ou_alice")));
            assertThat(sim.sentMessages()).extracting(SentMessage::receiveIdType)
                    .containsExactlyInAnyOrder("open_id", "user_id", "email");
        }
    }

    @Test
    void tokenAndReceiverErrorsAreThoseOfImV1() {
        try (LarkSimulator sim = start()) {
            String token = tenantToken(sim);
            Map<String, Object> text = Map.of("text", "hi");
            // no token, an unknown token
            assertSameError(v4(sim, null, Map.of("chat_id", "oc_ops", "msg_type", "text", "content", text)),
                    v1(sim, null, "chat_id", "oc_ops"), 99991661);
            assertSameError(v4(sim, "t-unknown", Map.of("chat_id", "oc_ops", "msg_type", "text", "content", text)),
                    v1(sim, "t-unknown", "chat_id", "oc_ops"), 99991663);
            // unknown chat, unknown user
            assertSameError(v4(sim, token, Map.of("chat_id", "oc_nope", "msg_type", "text", "content", text)),
                    v1(sim, token, "chat_id", "oc_nope"), 230002);
            assertSameError(v4(sim, token, Map.of("open_id", "ou_nobody", "msg_type", "text", "content", text)),
                    v1(sim, token, "open_id", "ou_nobody"), 230013);
            assertThat(sim.sentMessages()).isEmpty();
        }
    }

    @Test
    void refusesContentThatIsNotAnObjectAndBadReceivers() {
        try (LarkSimulator sim = start()) {
            String token = tenantToken(sim);
            // content as im/v1 wants it (a string) is wrong here
            assertLarkError(v4(sim, token, Map.of("chat_id", "oc_ops", "msg_type", "text",
                    "content", "{\"text\":\"hi\"}")));
            assertLarkError(v4(sim, token, Map.of("chat_id", "oc_ops", "msg_type", "text")));
            // no receiver, two receivers
            assertLarkError(v4(sim, token, Map.of("msg_type", "text", "content", Map.of("text", "hi"))));
            assertLarkError(v4(sim, token, Map.of("chat_id", "oc_ops", "open_id", "ou_alice", "msg_type", "text",
                    "content", Map.of("text", "hi"))));
            // content that does not fit the type, an unknown type
            assertLarkError(v4(sim, token, Map.of("chat_id", "oc_ops", "msg_type", "text",
                    "content", Map.of("txt", "hi"))));
            assertLarkError(v4(sim, token, Map.of("chat_id", "oc_ops", "msg_type", "fax",
                    "content", Map.of("text", "hi"))));
            assertThat(sim.sentMessages()).isEmpty();
        }
    }

    private static void assertSameError(HttpResponse<String> legacy, HttpResponse<String> imV1, int code) {
        assertThat(legacy.statusCode()).as(legacy.body()).isEqualTo(imV1.statusCode());
        assertThat(parse(legacy.body())).containsEntry("code", code);
        assertThat(parse(imV1.body())).containsEntry("code", code);
    }

    private static void assertLarkError(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        Map<String, Object> m = parse(r.body());
        assertThat(m).containsKeys("code", "msg");
        assertThat((Integer) m.get("code")).as(r.body()).isNotZero();
    }
}
