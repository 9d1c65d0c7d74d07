package io.camelchat.simulator.symphony;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.camelchat.simulator.symphony.SymTestSupport.Part;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.symphony.SymTestSupport.KEYS;
import static io.camelchat.simulator.symphony.SymTestSupport.get;
import static io.camelchat.simulator.symphony.SymTestSupport.login;
import static io.camelchat.simulator.symphony.SymTestSupport.multipart;
import static io.camelchat.simulator.symphony.SymTestSupport.parse;
import static io.camelchat.simulator.symphony.SymTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

class SymphonyMessageTest {
    private static final long ALICE = 349026222344902L;
    private static final long BOB = 349026222344903L;
    private SymphonySimulator sim;
    private SymTestSupport.Session s;

    @BeforeEach
    void start() {
        sim = SymphonySimulator.builder().botUsername("camel-bot").botDisplayName("Camel Bot")
                .botPublicKey(KEYS.getPublic()).start();
        sim.addUser(new SymUser(ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        sim.addUser(SymUser.of(BOB, "bob"));
        s = login(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void createGetUpdateSuppressAndDownload() {
        String im = sim.createIm(ALICE);
        byte[] file = "report body".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> c = multipart(sim.agentUrl() + "/agent/v4/stream/" + im + "/message/create", s.agent(),
                Part.text("message",
                        "<messageML>Hi <mention uid=\"" + ALICE + "\"/> <hash tag=\"release\"/></messageML>"),
                Part.text("data", "{\"x\":{\"a\":1}}"), Part.text("version", "2.0"), Part.text("silent", ""),
                new Part("attachment", "report.txt", file), new Part("attachment", "b.bin", new byte[]{ 1, 2, 3 }));
        assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
        Map<String, Object> msg = parse(c.body());
        String mid = (String) msg.get("messageId");
        assertThat(mid).matches("[A-Za-z0-9_-]{34}");
        assertThat((String) msg.get("message")).contains("@Alice Smith").contains("#release")
                .startsWith("<div data-format=\"PresentationML\" data-version=\"2.0\">");
        Map<String, Object> data = parse((String) msg.get("data"));
        assertThat(data).containsKey("x").hasSize(3);
        List<Map<String, Object>> atts = (List<Map<String, Object>>) msg.get("attachments");
        assertThat(atts).hasSize(2);
        assertThat(atts.get(0)).containsEntry("name", "report.txt").containsEntry("size", 11);
        assertThat(sim.sentMessages()).hasSize(1);

        HttpResponse<String> g = get(sim.agentUrl() + "/agent/v1/message/" + mid, s.agent());
        assertThat(g.statusCode()).isEqualTo(200);
        assertThat(parse(g.body())).containsEntry("messageId", mid);

        HttpResponse<String> dl = get(sim.agentUrl() + "/agent/v1/stream/" + im + "/attachment?fileId="
                                      + atts.get(0).get("id") + "&messageId=" + mid,
                s.agent());
        assertThat(dl.statusCode()).isEqualTo(200);
        assertThat(Base64.getDecoder().decode(dl.body())).isEqualTo(file);
        assertThat(get(sim.agentUrl() + "/agent/v1/stream/" + im + "/attachment?fileId=nope&messageId=" + mid,
                s.agent()).statusCode()).isEqualTo(400);

        HttpResponse<String> u = multipart(sim.agentUrl() + "/agent/v4/stream/" + im + "/message/" + mid + "/update",
                s.agent(), Part.text("message", "<messageML>edited</messageML>"), Part.text("data", ""));
        assertThat(u.statusCode()).as(u.body()).isEqualTo(200);
        Map<String, Object> upd = parse(u.body());
        assertThat(upd).containsEntry("replacing", mid).containsEntry("initialMessageId", mid);
        assertThat(upd.get("messageId")).isNotEqualTo(mid);

        HttpResponse<String> sup = post(sim.podUrl() + "/pod/v1/admin/messagesuppression/" + mid + "/suppress", null,
                s.pod());
        assertThat(sup.statusCode()).isEqualTo(200);
        assertThat(parse(sup.body())).containsEntry("suppressed", true);
        assertThat(sim.isSuppressed(mid)).isTrue();
        assertThat(sim.events()).extracting(SymEvent::type).contains("MESSAGESENT", "MESSAGESUPPRESSED");
    }

    @Test
    void messageErrors() {
        String im = sim.createIm(ALICE);
        String url = sim.agentUrl() + "/agent/v4/stream/" + im + "/message/create";
        HttpResponse<String> bad = multipart(url, s.agent(), Part.text("message", "<messageML>unclosed"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat((String) parse(bad.body()).get("message")).startsWith("Error parsing message");
        assertThat(multipart(url, s.agent(), Part.text("data", "{}")).statusCode()).isEqualTo(400);
        assertThat(multipart(sim.agentUrl() + "/agent/v4/stream/unknownStream/message/create", s.agent(),
                Part.text("message", "<messageML>x</messageML>")).statusCode()).isEqualTo(400);
        String room = sim.createRoom("Ops", ALICE, BOB);
        assertThat(multipart(sim.agentUrl() + "/agent/v4/stream/" + room + "/message/create", s.agent(),
                Part.text("message", "<messageML>x</messageML>")).statusCode()).isEqualTo(403);
        sim.addMember(room, sim.bot().id());
        assertThat(multipart(sim.agentUrl() + "/agent/v4/stream/" + room + "/message/create", s.agent(),
                Part.text("message", "<messageML>x</messageML>")).statusCode()).isEqualTo(200);
        sim.faults().failNext("/agent/v4/stream/", 1, 500);
        assertThat(multipart(url, s.agent(), Part.text("message", "<messageML>x</messageML>")).statusCode())
                .isEqualTo(500);
        sim.faults().gatewayErrorNext("/agent/", 1);
        HttpResponse<String> gw = multipart(url, s.agent(), Part.text("message", "<messageML>x</messageML>"));
        assertThat(gw.statusCode()).isEqualTo(502);
        assertThat(gw.body()).startsWith("<html>");
    }

    @Test
    @SuppressWarnings("unchecked")
    void usersImsRoomsAndSessionInfo() {
        HttpResponse<String> byEmail = get(sim.podUrl() + "/pod/v3/users?email=alice@acme.example,none@x", s.pod());
        assertThat(byEmail.statusCode()).isEqualTo(200);
        List<Map<String, Object>> users = (List<Map<String, Object>>) parse(byEmail.body()).get("users");
        assertThat(users).hasSize(1);
        assertThat(((Number) users.get(0).get("id")).longValue()).isEqualTo(ALICE);
        assertThat((List<?>) parse(get(sim.podUrl() + "/pod/v3/users?uid=" + ALICE + "," + BOB, s.pod()).body())
                .get("users")).hasSize(2);
        assertThat((List<?>) parse(get(sim.podUrl() + "/pod/v3/users?username=bob&local=true", s.pod()).body())
                .get("users")).hasSize(1);
        assertThat(get(sim.podUrl() + "/pod/v3/users", s.pod()).statusCode()).isEqualTo(400);
        assertThat(get(sim.podUrl() + "/pod/v2/user?username=nobody", s.pod()).statusCode()).isEqualTo(204);

        HttpResponse<String> im1 = post(sim.podUrl() + "/pod/v1/im/create", "[" + ALICE + "]", s.pod());
        assertThat(im1.statusCode()).isEqualTo(200);
        String imId = (String) parse(im1.body()).get("id");
        assertThat(parse(post(sim.podUrl() + "/pod/v1/im/create", "[" + ALICE + "]", s.pod()).body()))
                .containsEntry("id", imId);
        assertThat(sim.createIm(ALICE)).isEqualTo(imId);
        assertThat(post(sim.podUrl() + "/pod/v1/im/create", "[42]", s.pod()).statusCode()).isEqualTo(400);

        String room = sim.createRoom("Ops", ALICE, sim.bot().id());
        HttpResponse<String> info = get(sim.podUrl() + "/pod/v3/room/" + room + "/info", s.pod());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat((Map<String, Object>) parse(info.body()).get("roomAttributes")).containsEntry("name", "Ops");
        HttpResponse<String> streamInfo = get(sim.podUrl() + "/pod/v2/streams/" + imId + "/info", s.pod());
        assertThat((Map<String, Object>) parse(streamInfo.body()).get("streamType")).containsEntry("type", "IM");
        assertThat(sim.events()).extracting(SymEvent::type).contains("INSTANTMESSAGECREATED", "ROOMCREATED");
        sim.faults().unauthorizedNext("/pod/", 2);
        assertThat(get(sim.podUrl() + "/pod/v2/sessioninfo", s.pod()).statusCode()).isEqualTo(401);
        assertThat(get(sim.podUrl() + "/pod/v2/sessioninfo", s.pod()).statusCode()).isEqualTo(401);
        assertThat(get(sim.podUrl() + "/pod/v2/sessioninfo", s.pod()).statusCode()).isEqualTo(200);
    }
}
