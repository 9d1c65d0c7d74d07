package io.camelchat.simulator.lark;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.lark.LarkTestSupport.call;
import static io.camelchat.simulator.lark.LarkTestSupport.data;
import static io.camelchat.simulator.lark.LarkTestSupport.multipart;
import static io.camelchat.simulator.lark.LarkTestSupport.parse;
import static io.camelchat.simulator.lark.LarkTestSupport.tenantToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LarkOpenApiTest {

    private static final LarkUser ALICE = new LarkUser("ou_alice", "u_alice", "on_alice", "Alice", "alice@example.com",
            "+8613800000001");
    private static final LarkUser BOB = new LarkUser("ou_bob", "u_bob", "on_bob", "Bob", "bob@example.com", null);

    private static LarkSimulator start() {
        LarkSimulator sim = LarkTestSupport.builder().start();
        sim.addUser(ALICE).addUser(BOB);
        sim.addChat(new LarkChat("oc_ops", "Ops", List.of("ou_alice", "ou_bob")));
        sim.addChat(new LarkChat("oc_dev", "Dev", List.of("ou_bob")));
        return sim;
    }

    private static String send(LarkSimulator sim, String token, String idType, Object body) {
        HttpResponse<String> r = call("POST", sim.apiUrl() + "/open-apis/im/v1/messages?receive_id_type=" + idType,
                token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Tt-Logid")).isPresent();
        return (String) data(r).get("message_id");
    }

    @Test
    void tokensSendDedupReplyRecallUpdateEdit() {
        try (LarkSimulator sim = start()) {
            String url = sim.apiUrl();
            HttpResponse<String> t1 = call("POST", url + "/open-apis/auth/v3/tenant_access_token/internal", null,
                    Map.of("app_id", LarkTestSupport.APP_ID, "app_secret", LarkTestSupport.SECRET));
            Map<String, Object> tok = parse(t1.body());
            assertThat(tok).containsEntry("code", 0).containsEntry("msg", "ok").doesNotContainKey("data");
            assertThat((String) tok.get("tenant_access_token")).startsWith("t-");
            assertThat((Integer) tok.get("expire")).isBetween(7190, 7200);
            String token = (String) tok.get("tenant_access_token");
            Map<String, Object> app = parse(call("POST", url + "/open-apis/auth/v3/app_access_token/internal/", null,
                    Map.of("app_id", LarkTestSupport.APP_ID, "app_secret", LarkTestSupport.SECRET)).body());
            assertThat((String) app.get("app_access_token")).startsWith("a-");
            assertThat(app).containsEntry("tenant_access_token", token); // > 30 min left: the same token
            assertThat(sim.tokenIssuances()).isEqualTo(2);
            HttpResponse<String> badSecret = call("POST", url + "/open-apis/auth/v3/tenant_access_token/internal",
                    null, Map.of("app_id", LarkTestSupport.APP_ID, "app_secret", "x"));
            assertThat(parse(badSecret.body())).containsEntry("code", 10014);

            // send with a mention; uuid de-duplication returns the same message
            Map<String, Object> body = Map.of("receive_id", "oc_ops", "msg_type", "text", "uuid", "u-1",
                    "content", "{\"text\":\"hi <at user_id=\\\"ou_bob\\\">Bob</at>\"}");
            HttpResponse<String> r = call("POST", url + "/open-apis/im/v1/messages?receive_id_type=chat_id", token,
                    body);
            Map<String, Object> m = data(r);
            assertThat(m).containsEntry("chat_id", "oc_ops").containsEntry("msg_type", "text")
                    .containsEntry("deleted", false).containsEntry("root_id", "");
            assertThat(m.get("body")).isEqualTo(Map.of("content", "{\"text\":\"hi @_user_1\"}"));
            assertThat(m.get("mentions").toString()).contains("ou_bob").contains("@_user_1");
            assertThat((Map<String, Object>) m.get("sender")).containsEntry("id", LarkTestSupport.APP_ID)
                    .containsEntry("sender_type", "app");
            String id = (String) m.get("message_id");
            assertThat(id).startsWith("om_");
            assertThat(send(sim, token, "chat_id", body)).isEqualTo(id);
            assertThat(sim.sentMessages()).hasSize(1);
            assertThat(sim.sentMessages().get(0).uuid()).isEqualTo("u-1");

            // to users by several id types: all land in the user's p2p chat
            String toAlice = send(sim, token, "email", Map.of("receive_id", "alice@example.com", "msg_type", "post",
                    "content", "{\"zh_cn\":{\"title\":\"T\",\"content\":[[{\"tag\":\"text\",\"text\":\"x\"}]]}}"));
            assertThat(sim.sentMessages().get(1).chatId()).isEqualTo(sim.p2pChatId("ou_alice"));
            assertThat(sim.sentMessages().get(1).messageId()).isEqualTo(toAlice);

            // reply
            InboundEvent e = sim.newTextEvent("ou_alice", "oc_ops", "question");
            HttpResponse<String> rep = call("POST", url + "/open-apis/im/v1/messages/" + e.messageId() + "/reply",
                    token, Map.of("msg_type", "text", "content", "{\"text\":\"answer\"}"));
            Map<String, Object> rm = data(rep);
            assertThat(rm).containsEntry("parent_id", e.messageId()).containsEntry("root_id", e.messageId())
                    .containsEntry("chat_id", "oc_ops");
            SentMessage reply = sim.sentMessages().get(2);
            assertThat(reply.isReply()).isTrue();
            assertThat(reply.text()).isEqualTo("answer");

            // recall, twice
            HttpResponse<String> del = call("DELETE", url + "/open-apis/im/v1/messages/" + id, token, null);
            assertThat(data(del)).isEmpty();
            assertThat(sim.sentMessages().get(0).recalled()).isTrue();
            HttpResponse<String> del2 = call("DELETE", url + "/open-apis/im/v1/messages/" + id, token, null);
            assertThat(del2.statusCode()).isEqualTo(400);
            assertThat(parse(del2.body())).containsEntry("code", 230011);
            assertThat(parse(call("DELETE", url + "/open-apis/im/v1/messages/" + e.messageId(), token, null).body()))
                    .containsEntry("code", 230026);

            // update card
            String card = send(sim, token, "open_id", Map.of("receive_id", "ou_bob", "msg_type", "interactive",
                    "content", "{\"elements\":[{\"tag\":\"div\",\"text\":{\"tag\":\"lark_md\",\"content\":\"v1\"}}]}"));
            HttpResponse<String> patch = call("PATCH", url + "/open-apis/im/v1/messages/" + card, token,
                    Map.of("content", "{\"elements\":[{\"tag\":\"hr\"}]}"));
            assertThat(data(patch)).isEmpty();
            SentMessage cm = sim.sentMessages().get(3);
            assertThat(cm.content()).isEqualTo(Map.of("elements", List.of(Map.of("tag", "hr"))));
            assertThat(cm.history()).hasSize(1);
            assertThat(parse(call("PATCH", url + "/open-apis/im/v1/messages/" + toAlice, token,
                    Map.of("content", "{\"elements\":[]}")).body())).containsEntry("code", 230001);

            // edit text
            String text = send(sim, token, "user_id", Map.of("receive_id", "u_bob", "msg_type", "text",
                    "content", "{\"text\":\"tpyo\"}"));
            HttpResponse<String> put = call("PUT", url + "/open-apis/im/v1/messages/" + text, token,
                    Map.of("msg_type", "text", "content", "{\"text\":\"typo\"}"));
            assertThat(data(put)).containsEntry("updated", true);
            SentMessage edited = sim.sentMessages().get(4);
            assertThat(edited.text()).isEqualTo("typo");
            assertThat(edited.history()).containsExactly(Map.of("text", "tpyo"));

            // validation
            HttpResponse<String> noType = call("POST", url + "/open-apis/im/v1/messages", token, body);
            assertThat(noType.statusCode()).isEqualTo(400);
            assertThat(parse(noType.body())).containsEntry("code", 99992402);
            assertThat(parse(call("POST", url + "/open-apis/im/v1/messages?receive_id_type=open_id", token,
                    Map.of("receive_id", "ou_bob", "msg_type", "text", "content", "not json")).body()))
                    .containsEntry("code", 230001);
            assertThat(parse(call("POST", url + "/open-apis/im/v1/messages?receive_id_type=open_id", token,
                    Map.of("receive_id", "ou_bob", "msg_type", "text", "content", Map.of("text", "x"))).body()))
                    .containsEntry("code", 99992402);
            assertThat(parse(call("POST", url + "/open-apis/im/v1/messages?receive_id_type=open_id", token,
                    Map.of("receive_id", "ou_bob", "msg_type", "image", "content", "{\"image_key\":\"img_x\"}"))
                    .body())).containsEntry("code", 230001);
            assertThat(parse(call("POST", url + "/open-apis/im/v1/messages?receive_id_type=open_id", token,
                    Map.of("receive_id", "ou_nobody", "msg_type", "text", "content", "{\"text\":\"x\"}")).body()))
                    .containsEntry("code", 230013);
            assertThat(parse(call("POST", url + "/open-apis/im/v1/messages?receive_id_type=chat_id", token,
                    Map.of("receive_id", "oc_nope", "msg_type", "text", "content", "{\"text\":\"x\"}")).body()))
                    .containsEntry("code", 230002);
            assertThat(sim.sentMessages()).hasSize(5);
        }
    }

    @Test
    void uploadsAndResourceDownloads() {
        try (LarkSimulator sim = start()) {
            String token = tenantToken(sim);
            byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3 };
            HttpResponse<String> img = multipart(sim.apiUrl() + "/open-apis/im/v1/images", token,
                    Map.of("image_type", "message"), "image", "a.png", "image/png", png);
            String imageKey = (String) data(img).get("image_key");
            assertThat(imageKey).startsWith("img_v2_");
            HttpResponse<String> file = multipart(sim.apiUrl() + "/open-apis/im/v1/files", token,
                    Map.of("file_type", "pdf", "file_name", "report.pdf"), "file", "report.pdf",
                    "application/pdf", "PDF".getBytes());
            String fileKey = (String) data(file).get("file_key");
            assertThat(sim.uploads()).extracting(UploadedFile::key).containsExactly(imageKey, fileKey);
            assertThat(sim.uploads().get(1).name()).isEqualTo("report.pdf");
            assertThat(parse(multipart(sim.apiUrl() + "/open-apis/im/v1/files", token,
                    Map.of("file_type", "exe", "file_name", "x"), "file", "x", "application/octet-stream",
                    new byte[]{ 1 }).body())).containsEntry("code", 234001);
            assertThat(parse(multipart(sim.apiUrl() + "/open-apis/im/v1/images", token,
                    Map.of("image_type", "message"), "image", "e.png", "image/png", new byte[0]).body()))
                    .containsEntry("code", 234010);

            String fileMsg = send(sim, token, "open_id", Map.of("receive_id", "ou_bob", "msg_type", "file",
                    "content", "{\"file_key\":\"" + fileKey + "\"}"));
            HttpResponse<byte[]> dl = LarkTestSupport.sendBytes(HttpRequest.newBuilder(URI.create(sim.apiUrl()
                                                                                                  + "/open-apis/im/v1/messages/"
                                                                                                  + fileMsg
                                                                                                  + "/resources/"
                                                                                                  + fileKey
                                                                                                  + "?type=file"))
                    .header("Authorization", "Bearer " + token).build());
            assertThat(dl.statusCode()).isEqualTo(200);
            assertThat(dl.body()).isEqualTo("PDF".getBytes());
            assertThat(dl.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"report.pdf\"");

            InboundEvent e = sim.userSendsImage("ou_alice", null, png);
            assertThat(e.resourceKey()).startsWith("img_v2_");
            HttpResponse<byte[]> udl = LarkTestSupport.sendBytes(HttpRequest.newBuilder(URI.create(sim.apiUrl()
                                                                                                   + "/open-apis/im/v1/messages/"
                                                                                                   + e.messageId()
                                                                                                   + "/resources/"
                                                                                                   + e.resourceKey()
                                                                                                   + "?type=image"))
                    .header("Authorization", "Bearer " + token).build());
            assertThat(udl.statusCode()).isEqualTo(200);
            assertThat(udl.body()).isEqualTo(png);
            assertThat(udl.headers().firstValue("Content-Type")).hasValue("image/png");
            HttpResponse<String> wrong = call("GET", sim.apiUrl() + "/open-apis/im/v1/messages/" + e.messageId()
                                                     + "/resources/" + fileKey + "?type=file",
                    token, null);
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(parse(wrong.body())).containsEntry("code", 234003);

            InboundEvent fe = sim.userSendsFile("ou_alice", "oc_ops", "notes.txt", "hello".getBytes());
            assertThat(fe.event().toString()).contains("notes.txt");
            HttpResponse<byte[]> fdl = LarkTestSupport.sendBytes(HttpRequest.newBuilder(URI.create(sim.apiUrl()
                                                                                                   + "/open-apis/im/v1/messages/"
                                                                                                   + fe.messageId()
                                                                                                   + "/resources/"
                                                                                                   + fe.resourceKey()
                                                                                                   + "?type=file"))
                    .header("Authorization", "Bearer " + token).build());
            assertThat(new String(fdl.body())).isEqualTo("hello");
            assertThat(sim.queuedEvents()).isEqualTo(2);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void userLookupAndChatListing() {
        try (LarkSimulator sim = start()) {
            String token = tenantToken(sim);
            HttpResponse<String> ids = call("POST", sim.apiUrl()
                                                    + "/open-apis/contact/v3/users/batch_get_id?user_id_type=open_id",
                    token,
                    Map.of("emails", List.of("alice@example.com", "nobody@example.com"),
                            "mobiles", List.of("13800000001")));
            List<Map<String, Object>> list = (List<Map<String, Object>>) data(ids).get("user_list");
            assertThat(list).hasSize(3);
            assertThat(list.get(0)).containsEntry("user_id", "ou_alice").containsEntry("email", "alice@example.com");
            assertThat(list.get(1)).doesNotContainKey("user_id");
            assertThat(list.get(2)).containsEntry("user_id", "ou_alice");
            Map<String, Object> user = (Map<String, Object>) data(call("GET", sim.apiUrl()
                                                                              + "/open-apis/contact/v3/users/u_bob?user_id_type=user_id",
                    token, null)).get("user");
            assertThat(user).containsEntry("open_id", "ou_bob").containsEntry("name", "Bob");
            assertThat(parse(call("GET", sim.apiUrl() + "/open-apis/contact/v3/users/ou_x", token, null).body()))
                    .containsEntry("code", 41050);

            Map<String, Object> p1 = data(call("GET", sim.apiUrl() + "/open-apis/im/v1/chats?page_size=1", token,
                    null));
            assertThat(p1).containsEntry("has_more", true);
            assertThat(((List<Map<String, Object>>) p1.get("items")).get(0)).containsEntry("chat_id", "oc_ops")
                    .containsEntry("owner_id", "ou_alice");
            Map<String, Object> p2 = data(call("GET", sim.apiUrl() + "/open-apis/im/v1/chats?page_size=1&page_token="
                                                      + p1.get("page_token"),
                    token, null));
            assertThat(p2).containsEntry("has_more", false).containsEntry("page_token", "");
            assertThat(((List<Map<String, Object>>) p2.get("items")).get(0)).containsEntry("chat_id", "oc_dev");
            assertThat(data(call("GET", sim.apiUrl() + "/open-apis/im/v1/chats/oc_dev", token, null)))
                    .containsEntry("name", "Dev");
            assertThat(parse(call("GET", sim.apiUrl() + "/open-apis/im/v1/chats?page_size=500", token, null).body()))
                    .containsEntry("code", 99992402);
        }
    }

    @Test
    void tokenErrorsRateLimitsAndFaults() {
        try (LarkSimulator sim = LarkTestSupport.builder().tokenTtl(Duration.ofMillis(600)).start()) {
            String chats = sim.apiUrl() + "/open-apis/im/v1/chats";
            HttpResponse<String> none = call("GET", chats, null, null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(parse(none.body())).containsEntry("code", 99991661);
            assertThat(parse(call("GET", chats, "garbage", null).body())).containsEntry("code", 99991671);
            assertThat(parse(call("GET", chats, "t-unknown", null).body())).containsEntry("code", 99991663);

            String token = tenantToken(sim);
            assertThat(call("GET", chats, token, null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(3)).until(() -> call("GET", chats, token, null).statusCode() == 401);
            String fresh = tenantToken(sim);
            assertThat(fresh).isNotEqualTo(token); // short TTL: below the re-issue threshold -> new token
            sim.faults().expireAllTokens();
            assertThat(parse(call("GET", chats, fresh, null).body())).containsEntry("code", 99991663);
            String t3 = tenantToken(sim);

            sim.faults().rateLimitNext("/open-apis/im/", 1);
            HttpResponse<String> limited = call("GET", chats, t3, null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(parse(limited.body())).containsEntry("code", 99991400);
            assertThat(limited.headers().firstValue("x-ogw-ratelimit-reset")).isPresent();
            assertThat(limited.headers().firstValue("x-ogw-ratelimit-limit")).isPresent();

            sim.faults().failNext("/open-apis/im/v1/chats", 2, 503);
            HttpResponse<String> f1 = call("GET", chats, t3, null);
            assertThat(f1.statusCode()).isEqualTo(503);
            assertThat(parse(f1.body())).containsEntry("code", 55001);
            assertThat(call("GET", chats, t3, null).statusCode()).isEqualTo(503);
            assertThat(call("GET", chats, t3, null).statusCode()).isEqualTo(200);
            assertThat(call("GET", sim.apiUrl() + "/open-apis/im/v1/nothing", t3, null).statusCode()).isEqualTo(404);
        }
        try (LarkSimulator sim = LarkTestSupport.builder().rateLimitPerSecond(2).start()) {
            String token = tenantToken(sim);
            String chats = sim.apiUrl() + "/open-apis/im/v1/chats";
            int limited = 0;
            for (int i = 0; i < 5; i++) {
                if (call("GET", chats, token, null).statusCode() == 429) {
                    limited++;
                }
            }
            assertThat(limited).isGreaterThanOrEqualTo(1);
        }
    }
}
