package io.camelchat.simulator.dingtalk;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.dingtalk.TestSupport.get;
import static io.camelchat.simulator.dingtalk.TestSupport.json;
import static io.camelchat.simulator.dingtalk.TestSupport.multipart;
import static io.camelchat.simulator.dingtalk.TestSupport.parse;
import static io.camelchat.simulator.dingtalk.TestSupport.post;
import static io.camelchat.simulator.dingtalk.TestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DingTalkOpenApiTest {

    private static final String H = "x-acs-dingtalk-access-token";

    private static DingTalkSimulator newSim(DingTalkSimulator.Builder b) {
        DingTalkSimulator sim = b.clientId("dingclient1").clientSecret("secret1").start();
        sim.addUser(new SimUser("u1", "union1", "Alice", "13800000001", "alice@example.com"));
        sim.addUser(new SimUser("u2", "union2", "Bob", "13800000002", "bob@example.com"));
        sim.addGroup(new SimGroup("cidGroup1==", "Ops room", List.of("u1", "u2")));
        return sim;
    }

    @Test
    void tokensNewAndOldStyleIncludingExpiry() {
        try (DingTalkSimulator sim = newSim(DingTalkSimulator.builder())) {
            var bad = post(sim.apiUrl() + "/v1.0/oauth2/accessToken",
                    Map.of("appKey", "dingclient1", "appSecret", "x"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(parse(bad.body())).containsEntry("code", "invalidClientIdOrSecret");
            var tr = post(sim.apiUrl() + "/v1.0/oauth2/accessToken",
                    Map.of("appKey", "dingclient1", "appSecret", "secret1"));
            assertThat(parse(tr.body())).containsEntry("expireIn", 7200).containsKey("accessToken");
            String token = (String) parse(tr.body()).get("accessToken");
            var old = parse(get(sim.oapiUrl() + "/gettoken?appkey=dingclient1&appsecret=secret1").body());
            assertThat(old).containsEntry("errcode", 0).containsEntry("expires_in", 7200);
            assertThat(sim.tokenIssuances()).isEqualTo(2);

            Map<String, Object> send = Map.of("robotCode", "dingclient1", "userIds", List.of("u1"),
                    "msgKey", "sampleText", "msgParam", "{\"content\":\"hi\"}");
            String batch = sim.apiUrl() + "/v1.0/robot/oToMessages/batchSend";
            assertThat(post(batch, send).statusCode()).isEqualTo(401);
            assertThat(post(batch, send, H, "bogus").statusCode()).isEqualTo(401);
            assertThat(post(batch, send, H, token).statusCode()).isEqualTo(200);
            String userGet = sim.oapiUrl() + "/topapi/v2/user/get?access_token=" + old.get("access_token");
            assertThat(parse(post(userGet, Map.of("userid", "u1")).body())).containsEntry("errcode", 0)
                    .extracting(m -> ((Map<?, ?>) m.get("result")).get("unionid")).isEqualTo("union1");

            sim.faults().expireAllTokens();
            var expired = post(batch, send, H, token);
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(parse(expired.body())).containsEntry("code", "InvalidAuthentication");
            var oldExpired = post(userGet, Map.of("userid", "u1"));
            assertThat(oldExpired.statusCode()).isEqualTo(200);
            assertThat(parse(oldExpired.body())).containsEntry("errcode", 40014);
        }
        try (DingTalkSimulator sim = newSim(DingTalkSimulator.builder().tokenTtl(Duration.ofMillis(200)))) {
            String t = (String) parse(get(sim.oapiUrl() + "/gettoken?appkey=dingclient1&appsecret=secret1").body())
                    .get("access_token");
            String url = sim.oapiUrl() + "/topapi/v2/user/getbymobile?access_token=" + t;
            assertThat(parse(post(url, Map.of("mobile", "13800000002")).body())).containsEntry("errcode", 0);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Integer.valueOf(42001)
                            .equals(parse(post(url, Map.of("mobile", "1")).body()).get("errcode")));
        }
    }

    @Test
    void batchSendGroupSendAndRecallAreRecorded() {
        try (DingTalkSimulator sim = newSim(DingTalkSimulator.builder())) {
            String token = token(sim);
            String base = sim.apiUrl() + "/v1.0/robot/";
            var r1 = post(base + "oToMessages/batchSend", Map.of("robotCode", "dingclient1",
                    "userIds", List.of("u1", "ghost"), "msgKey", "sampleText", "msgParam", "{\"content\":\"hi @u1\"}"),
                    H, token);
            assertThat(r1.statusCode()).isEqualTo(200);
            Map<String, Object> b1 = parse(r1.body());
            assertThat(b1.get("invalidStaffIdList")).isEqualTo(List.of("ghost"));
            String pqk1 = (String) b1.get("processQueryKey");

            var r2 = post(base + "groupMessages/send", Map.of("robotCode", "dingclient1",
                    "openConversationId", "cidGroup1==", "msgKey", "sampleMarkdown",
                    "msgParam", json(Map.of("title", "Report", "text", "## Done"))), H, token);
            assertThat(r2.statusCode()).isEqualTo(200);
            String pqk2 = (String) parse(r2.body()).get("processQueryKey");

            // errors
            var noGroup = post(base + "groupMessages/send", Map.of("robotCode", "dingclient1",
                    "openConversationId", "cidNope", "msgKey", "sampleText", "msgParam", "{\"content\":\"x\"}"), H,
                    token);
            assertThat(noGroup.statusCode()).isEqualTo(400);
            assertThat(parse(noGroup.body())).containsEntry("code", "resource.not.found");
            var badParam = post(base + "oToMessages/batchSend", Map.of("robotCode", "dingclient1",
                    "userIds", List.of("u1"), "msgKey", "sampleMarkdown", "msgParam", "{\"title\":\"t\"}"), H, token);
            assertThat(badParam.statusCode()).isEqualTo(400);
            assertThat(parse(badParam.body())).containsEntry("code", "invalidParameter.msgParam");
            var notJson = post(base + "oToMessages/batchSend", Map.of("robotCode", "dingclient1",
                    "userIds", List.of("u1"), "msgKey", "sampleText", "msgParam", "hello"), H, token);
            assertThat(parse(notJson.body())).containsEntry("code", "invalidParameter.msgParam");
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                many.add("u1");
            }
            assertThat(post(base + "oToMessages/batchSend", Map.of("robotCode", "dingclient1", "userIds", many,
                    "msgKey", "sampleText", "msgParam", "{\"content\":\"x\"}"), H, token).statusCode()).isEqualTo(400);
            assertThat(parse(post(base + "oToMessages/batchSend", Map.of("robotCode", "dingclient1",
                    "userIds", List.of("u1"), "msgKey", "sampleNope", "msgParam", "{}"), H, token).body()))
                    .containsEntry("code", "invalidParameter.msgKey");

            var rs = get(sim.apiUrl() + "/v1.0/robot/oToMessages/readStatus?robotCode=dingclient1&processQueryKey="
                         + URLEncoder.encode(pqk1, StandardCharsets.UTF_8));
            assertThat(rs.statusCode()).isEqualTo(401); // needs the token
            var rec1 = post(base + "otoMessages/batchRecall", Map.of("robotCode", "dingclient1",
                    "processQueryKeys", List.of(pqk1, "unknownKey")), H, token);
            assertThat(parse(rec1.body())).containsEntry("successResult", List.of(pqk1));
            assertThat(parse(rec1.body()).get("failedResult").toString()).contains("unknownKey");
            var rec2 = post(base + "groupMessages/recall", Map.of("robotCode", "dingclient1",
                    "openConversationId", "cidGroup1==", "processQueryKeys", List.of(pqk2)), H, token);
            assertThat(parse(rec2.body())).containsEntry("successResult", List.of(pqk2));

            List<SentMessage> sent = sim.sentMessages();
            assertThat(sent).hasSize(2);
            assertThat(sent.get(0).channel()).isEqualTo(SentMessage.Channel.OTO);
            assertThat(sent.get(0).targets()).containsExactly("u1");
            assertThat(sent.get(0).text()).isEqualTo("hi @u1");
            assertThat(sent.get(0).atUserIds()).containsExactly("u1");
            assertThat(sent.get(0).recalled()).isTrue();
            assertThat(sent.get(1).channel()).isEqualTo(SentMessage.Channel.GROUP);
            assertThat(sent.get(1).conversationId()).isEqualTo("cidGroup1==");
            assertThat(sent.get(1).msgKey()).isEqualTo("sampleMarkdown");
            assertThat(sent.get(1).content()).containsEntry("title", "Report");
            assertThat(sent.get(1).processQueryKey()).isEqualTo(pqk2);
            assertThat(sent.get(1).recalled()).isTrue();

            // directory: group look-up and members
            String old = sim.oapiUrl() + "/topapi/im/chat/scenegroup/";
            String at = "?access_token=" + token;
            assertThat(
                    parse(post(old + "get" + at, Map.of("open_conversation_id", "cidGroup1==")).body()).get("result"))
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("title", "Ops room").containsEntry("owner_user_id", "u1");
            assertThat(parse(post(old + "member/get" + at, Map.of("open_conversation_id", "cidGroup1==", "size", 1))
                    .body()).get("result")).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("member_user_ids", List.of("u1")).containsEntry("has_more", true);
            assertThat(parse(post(sim.oapiUrl() + "/topapi/v2/user/get" + at, Map.of("userid", "nobody")).body()))
                    .containsEntry("errcode", 60121);
        }
    }

    @Test
    void uploadedMediaCanBeSentAndDownloadCodesResolveToBytes() {
        try (DingTalkSimulator sim = newSim(DingTalkSimulator.builder())) {
            String token = token(sim);
            byte[] png = { (byte) 0x89, 'P', 'N', 'G', 1, 2, 3 };
            var up = multipart(sim.oapiUrl() + "/media/upload?access_token=" + token + "&type=image", Map.of(),
                    "a.png", "image/png", png);
            Map<String, Object> ub = parse(up.body());
            assertThat(ub).containsEntry("errcode", 0).containsEntry("type", "image").containsKey("created_at");
            String mediaId = (String) ub.get("media_id");
            var up2 = multipart(sim.oapiUrl() + "/media/upload?access_token=" + token, Map.of("type", "file"),
                    "r.pdf", "application/pdf", "pdf".getBytes());
            assertThat(parse(up2.body())).containsEntry("type", "file");
            var badType = multipart(sim.oapiUrl() + "/media/upload?access_token=" + token + "&type=gif", Map.of(),
                    "a.gif", "image/gif", png);
            assertThat(parse(badType.body())).containsEntry("errcode", 40004);
            assertThat(sim.uploadedMedia()).hasSize(2);
            assertThat(sim.uploadedMedia().get(0).bytes()).isEqualTo(png);
            assertThat(sim.uploadedMedia().get(0).fileName()).isEqualTo("a.png");

            String batch = sim.apiUrl() + "/v1.0/robot/oToMessages/batchSend";
            assertThat(post(batch, Map.of("robotCode", "dingclient1", "userIds", List.of("u1"),
                    "msgKey", "sampleImageMsg", "msgParam", json(Map.of("photoURL", mediaId))), H, token).statusCode())
                    .isEqualTo(200);
            assertThat(post(batch, Map.of("robotCode", "dingclient1", "userIds", List.of("u1"),
                    "msgKey", "sampleImageMsg", "msgParam", json(Map.of("photoURL", "@lAnever"))), H, token)
                    .statusCode()).isEqualTo(400);
            assertThat(post(batch, Map.of("robotCode", "dingclient1", "userIds", List.of("u1"),
                    "msgKey", "sampleImageMsg", "msgParam", json(Map.of("photoURL", "https://x.example/a.png"))),
                    H, token).statusCode()).isEqualTo(200);

            // inbound picture -> downloadCode -> URL -> bytes
            byte[] pic = { 9, 8, 7, 6 };
            InboundMessage m = sim.userSendsPicture("u2", null, pic);
            assertThat(((Map<?, ?>) m.payload().get("content")).get("downloadCode")).isEqualTo(m.downloadCode());
            var dl = post(sim.apiUrl() + "/v1.0/robot/messageFiles/download",
                    Map.of("downloadCode", m.downloadCode(), "robotCode", "dingclient1"), H, token);
            String url = (String) parse(dl.body()).get("downloadUrl");
            assertThat(url).startsWith(sim.apiUrl() + "/files/");
            HttpResponse<byte[]> bytes = TestSupport.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).join();
            assertThat(bytes.statusCode()).isEqualTo(200);
            assertThat(bytes.body()).isEqualTo(pic);
            var unknown = post(sim.apiUrl() + "/v1.0/robot/messageFiles/download",
                    Map.of("downloadCode", "nope", "robotCode", "dingclient1"), H, token);
            assertThat(unknown.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void sessionWebhookRepliesAndExpiry() {
        try (DingTalkSimulator sim = newSim(DingTalkSimulator.builder().sessionWebhookTtl(Duration.ofMillis(500)))) {
            InboundMessage m = sim.newTextMessage("u1", "cidGroup1==", "hello");
            assertThat(sim.queuedPushes()).isZero();
            var r = post(m.sessionWebhook(), Map.of("msgtype", "markdown",
                    "markdown", Map.of("title", "T", "text", "**hi** @u2"), "at", Map.of("atUserIds", List.of("u2"))));
            assertThat(parse(r.body())).containsEntry("errcode", 0).containsEntry("errmsg", "ok");
            assertThat(parse(post(m.sessionWebhook(), Map.of("msgtype", "weird", "weird", Map.of())).body()))
                    .containsEntry("errcode", 40035);
            assertThat(parse(post(m.sessionWebhook(), "{oops").body())).containsEntry("errcode", 40035);
            SentMessage s = sim.sentMessages().get(0);
            assertThat(s.channel()).isEqualTo(SentMessage.Channel.SESSION_WEBHOOK);
            assertThat(s.conversationId()).isEqualTo("cidGroup1==");
            assertThat(s.msgKey()).isEqualTo("markdown");
            assertThat(s.text()).isEqualTo("**hi** @u2");
            assertThat(s.atUserIds()).containsExactly("u2");
            assertThat(s.processQueryKey()).isNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> Integer.valueOf(300001).equals(parse(post(
                    m.sessionWebhook(), Map.of("msgtype", "text", "text", Map.of("content", "late"))).body())
                    .get("errcode")));
            int n = sim.sentMessages().size();
            assertThat(parse(post(m.sessionWebhook(), Map.of("msgtype", "text", "text", Map.of("content", "x")))
                    .body())).containsEntry("errcode", 300001);
            assertThat(sim.sentMessages()).hasSize(n);
            assertThat(parse(post(sim.oapiUrl() + "/robot/sendBySession?session=unknown",
                    Map.of("msgtype", "text", "text", Map.of("content", "x"))).body()))
                    .containsEntry("errcode", 300001);
        }
    }

    @Test
    void httpFaults() {
        try (DingTalkSimulator sim = newSim(DingTalkSimulator.builder())) {
            String tokenUrl = sim.apiUrl() + "/v1.0/oauth2/accessToken";
            Map<String, String> creds = Map.of("appKey", "dingclient1", "appSecret", "secret1");
            sim.faults().failNext("/v1.0/oauth2", 2, 503);
            for (int i = 0; i < 2; i++) {
                var r = post(tokenUrl, creds);
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(parse(r.body())).containsEntry("code", "ServiceUnavailable").containsKeys("message",
                        "requestid");
            }
            String token = token(sim);
            sim.faults().rateLimitNext("/v1.0/robot", 1).http429Next("/v1.0/robot", 1, 2).rateLimitNext("/topapi", 1);
            Map<String, Object> send = Map.of("robotCode", "dingclient1", "userIds", List.of("u1"),
                    "msgKey", "sampleText", "msgParam", "{\"content\":\"hi\"}");
            String batch = sim.apiUrl() + "/v1.0/robot/oToMessages/batchSend";
            var qps = post(batch, send, H, token);
            assertThat(qps.statusCode()).isEqualTo(403);
            assertThat(parse(qps.body())).containsEntry("code", "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
            var t429 = post(batch, send, H, token);
            assertThat(t429.statusCode()).isEqualTo(429);
            assertThat(t429.headers().firstValue("Retry-After")).contains("2");
            assertThat(post(batch, send, H, token).statusCode()).isEqualTo(200);
            var oldQps = post(sim.oapiUrl() + "/topapi/v2/user/get?access_token=" + token, Map.of("userid", "u1"));
            assertThat(parse(oldQps.body())).containsEntry("errcode", 90018);

            sim.faults().delayResponses(Duration.ofMillis(300));
            long t0 = System.nanoTime();
            assertThat(post(batch, send, H, token).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            sim.faults().reset();
        }
        try (DingTalkSimulator sim = newSim(DingTalkSimulator.builder().rateLimitPerSecond(2))) {
            String url = sim.oapiUrl() + "/gettoken?appkey=dingclient1&appsecret=secret1";
            List<Object> codes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                codes.add(parse(get(url).body()).get("errcode"));
            }
            assertThat(codes).contains(90018);
        }
    }
}
