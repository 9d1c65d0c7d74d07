package io.camelchat.simulator.symphony;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.symphony.SymTestSupport.KEYS;
import static io.camelchat.simulator.symphony.SymTestSupport.get;
import static io.camelchat.simulator.symphony.SymTestSupport.login;
import static io.camelchat.simulator.symphony.SymTestSupport.parse;
import static io.camelchat.simulator.symphony.SymTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON of every real-time event the played users cause, as a bot reads it from its datafeed over HTTP. */
class SymphonyEventShapesTest {
    private static final long ALICE = 349026222344902L;
    private static final long BOB = 349026222344903L;
    private static final long CAROL = 349026222344904L;
    private SymphonySimulator sim;
    private SymTestSupport.Session s;
    private String feed;
    private String ackId = "";
    private long bot;

    @BeforeEach
    void start() {
        sim = SymphonySimulator.builder().botUsername("camel-bot").botDisplayName("Camel Bot")
                .botPublicKey(KEYS.getPublic()).longPollTimeout(Duration.ofMillis(300)).start();
        sim.addUser(new SymUser(ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        sim.addUser(SymUser.of(BOB, "bob"));
        sim.addUser(SymUser.of(CAROL, "carol"));
        bot = sim.bot().id();
        s = login(sim);
        HttpResponse<String> r = post(sim.agentUrl() + "/agent/v5/datafeeds", "{}", s.agent());
        assertThat(r.statusCode()).isEqualTo(201);
        feed = (String) parse(r.body()).get("id");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Reads the feed (acknowledging the previous batch) until it is empty. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> readAll() {
        List<Map<String, Object>> all = new ArrayList<>();
        while (true) {
            HttpResponse<String> r = post(sim.agentUrl() + "/agent/v5/datafeeds/" + feed + "/read",
                    "{\"ackId\":\"" + ackId + "\"}", s.agent());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Map<String, Object> answer = parse(r.body());
            ackId = (String) answer.get("ackId");
            List<Map<String, Object>> events = (List<Map<String, Object>>) answer.get("events");
            if (events.isEmpty()) {
                return all;
            }
            all.addAll(events);
        }
    }

    private Map<String, Object> only(String type) {
        List<Map<String, Object>> events = readAll();
        assertThat(events).extracting(e -> e.get("type")).containsExactly(type);
        return events.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** The payload member of an event, checking it is the only one and named after the type. */
    private static Map<String, Object> payload(Map<String, Object> event, String member) {
        Map<String, Object> payload = map(event.get("payload"));
        assertThat(payload).containsOnlyKeys(member);
        return map(payload.get(member));
    }

    private static long userId(Object user) {
        return ((Number) map(user).get("userId")).longValue();
    }

    private static long initiator(Map<String, Object> event) {
        return userId(map(event.get("initiator")).get("user"));
    }

    @Test
    void roomLifecycle() {
        String room = sim.createRoom("Ops", ALICE, bot);
        Map<String, Object> created = payload(only("ROOMCREATED"), "roomCreated");
        assertThat(created).containsOnlyKeys("stream", "roomProperties");

        SymEvent updated = sim.updateRoom(room, ALICE, "Ops 2", "renamed");
        Map<String, Object> e = only("ROOMUPDATED");
        assertThat(e).containsEntry("id", updated.id());
        assertThat(initiator(e)).isEqualTo(ALICE);
        Map<String, Object> p = payload(e, "roomUpdated");
        assertThat(p).containsOnlyKeys("stream", "newRoomProperties");
        assertThat(map(p.get("stream"))).containsEntry("streamId", room).containsEntry("streamType", "ROOM")
                .containsEntry("roomName", "Ops 2");
        assertThat(map(p.get("newRoomProperties"))).containsEntry("name", "Ops 2").containsEntry("description",
                "renamed");
        assertThat(
                map(parse(get(sim.podUrl() + "/pod/v3/room/" + room + "/info", s.pod()).body()).get("roomAttributes")))
                .containsEntry("name", "Ops 2").containsEntry("description", "renamed");

        sim.deactivateRoom(room, ALICE);
        p = payload(only("ROOMDEACTIVATED"), "roomDeactivated");
        assertThat(p).containsOnlyKeys("stream");
        assertThat(map(p.get("stream"))).containsOnlyKeys("streamId", "streamType").containsEntry("streamId", room);
        assertThat(
                map(parse(get(sim.podUrl() + "/pod/v3/room/" + room + "/info", s.pod()).body()).get("roomSystemInfo")))
                .containsEntry("active", false);

        sim.reactivateRoom(room, ALICE);
        p = payload(only("ROOMREACTIVATED"), "roomReactivated");
        assertThat(map(p.get("stream"))).containsEntry("roomName", "Ops 2").containsEntry("external", false);
        assertThat(
                map(parse(get(sim.podUrl() + "/pod/v3/room/" + room + "/info", s.pod()).body()).get("roomSystemInfo")))
                .containsEntry("active", true);

        assertThatThrownBy(() -> sim.updateRoom(room, bot, "x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.deactivateRoom(sim.createIm(ALICE), ALICE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void membershipAndOwnership() {
        String room = sim.createRoom("Desk", ALICE, bot);
        readAll();
        sim.addMember(room, BOB, ALICE);
        Map<String, Object> e = only("USERJOINEDROOM");
        assertThat(initiator(e)).isEqualTo(ALICE);
        Map<String, Object> p = payload(e, "userJoinedRoom");
        assertThat(p).containsOnlyKeys("stream", "affectedUser");
        assertThat(userId(p.get("affectedUser"))).isEqualTo(BOB);
        assertThat(map(p.get("stream"))).containsEntry("roomName", "Desk");

        sim.promoteOwner(room, BOB, ALICE);
        e = only("ROOMMEMBERPROMOTEDTOOWNER");
        assertThat(initiator(e)).isEqualTo(ALICE);
        assertThat(userId(payload(e, "roomMemberPromotedToOwner").get("affectedUser"))).isEqualTo(BOB);

        sim.demoteOwner(room, BOB, ALICE);
        e = only("ROOMMEMBERDEMOTEDFROMOWNER");
        assertThat(userId(payload(e, "roomMemberDemotedFromOwner").get("affectedUser"))).isEqualTo(BOB);
        assertThatThrownBy(() -> sim.demoteOwner(room, BOB, ALICE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.promoteOwner(room, BOB, BOB)).isInstanceOf(IllegalArgumentException.class);

        sim.removeMember(room, BOB, ALICE);
        e = only("USERLEFTROOM");
        assertThat(initiator(e)).isEqualTo(ALICE);
        assertThat(userId(payload(e, "userLeftRoom").get("affectedUser"))).isEqualTo(BOB);

        // the pod's membership calls: the bot is the initiator; promote / demote need the bot to be an owner
        String url = sim.podUrl() + "/pod/v1/room/" + room + "/membership/";
        assertThat(post(url + "add", "{\"id\":" + CAROL + "}", s.pod()).statusCode()).isEqualTo(200);
        assertThat(initiator(only("USERJOINEDROOM"))).isEqualTo(bot);
        assertThat(post(url + "promoteOwner", "{\"id\":" + CAROL + "}", s.pod()).statusCode()).isEqualTo(403);
        sim.promoteOwner(room, bot, ALICE);
        readAll();
        assertThat(post(url + "promoteOwner", "{\"id\":" + CAROL + "}", s.pod()).statusCode()).isEqualTo(200);
        e = only("ROOMMEMBERPROMOTEDTOOWNER");
        assertThat(initiator(e)).isEqualTo(bot);
        assertThat(post(url + "demoteOwner", "{\"id\":" + CAROL + "}", s.pod()).statusCode()).isEqualTo(200);
        assertThat(userId(payload(only("ROOMMEMBERDEMOTEDFROMOWNER"), "roomMemberDemotedFromOwner")
                .get("affectedUser"))).isEqualTo(CAROL);
        assertThat(post(url + "demoteOwner", "{\"id\":" + CAROL + "}", s.pod()).statusCode()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> members = (List<Map<String, Object>>) (List<?>) SymTestSupport.parseList(
                get(sim.podUrl() + "/pod/v2/room/" + room + "/membership/list", s.pod()).body());
        assertThat(members).filteredOn(m -> ((Number) m.get("id")).longValue() == bot)
                .extracting(m -> m.get("owner")).containsExactly(true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void joinRequestsReachOnlyOwners() {
        String room = sim.createRoom("Private", ALICE, bot);
        readAll();
        SymEvent unseen = sim.requestToJoinRoom(room, BOB);
        assertThat(readAll()).isEmpty();
        assertThat(sim.events()).extracting(SymEvent::id).doesNotContain(unseen.id());
        sim.promoteOwner(room, bot, ALICE);
        readAll();
        sim.requestToJoinRoom(room, CAROL);
        Map<String, Object> e = only("USERREQUESTEDTOJOINROOM");
        assertThat(initiator(e)).isEqualTo(CAROL);
        Map<String, Object> p = payload(e, "userRequestedToJoinRoom");
        assertThat(p).containsOnlyKeys("stream", "affectedUsers");
        assertThat(map(p.get("stream"))).containsEntry("streamId", room);
        assertThat((List<Object>) p.get("affectedUsers")).extracting(SymphonyEventShapesTest::userId)
                .containsExactlyInAnyOrder(ALICE, bot);
        assertThatThrownBy(() -> sim.requestToJoinRoom(room, ALICE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sharedPosts() {
        SymEvent shared = sim.sharePost(ALICE, "<messageML>worth a read</messageML>", bot,
                "<messageML>release <b>25.8</b></messageML>");
        Map<String, Object> e = only("SHAREDPOST");
        assertThat(e).containsEntry("messageId", shared.messageId());
        assertThat(initiator(e)).isEqualTo(ALICE);
        Map<String, Object> p = payload(e, "sharedPost");
        assertThat(p).containsOnlyKeys("message", "sharedMessage");
        Map<String, Object> share = map(p.get("message"));
        Map<String, Object> original = map(p.get("sharedMessage"));
        assertThat(share).containsEntry("messageId", shared.messageId());
        assertThat((String) share.get("message")).contains("worth a read");
        assertThat((String) original.get("message")).contains("release <b>25.8</b>");
        assertThat(userId(share.get("user"))).isEqualTo(ALICE);
        assertThat(userId(original.get("user"))).isEqualTo(bot);
        assertThat(map(share.get("stream"))).containsEntry("streamType", "POST");
        assertThat(map(original.get("stream"))).containsEntry("streamType", "POST");
        assertThat(map(share.get("stream")).get("streamId")).isNotEqualTo(map(original.get("stream")).get("streamId"));
        assertThat(sim.message(shared.messageId())).isNotNull();
        // a share between two other users is not the bot's business
        SymEvent unseen = sim.sharePost(BOB, "<messageML>fyi</messageML>", ALICE, "<messageML>x</messageML>");
        assertThat(readAll()).isEmpty();
        assertThat(sim.events()).extracting(SymEvent::id).doesNotContain(unseen.id());
    }

    @Test
    void suppressionByAUserConnectionsAndSystemEvents() {
        String im = sim.createIm(ALICE);
        SymEvent posted = sim.userPostsMessage(ALICE, im, "<messageML>secret</messageML>");
        readAll();
        sim.userSuppressesMessage(BOB, posted.messageId());
        Map<String, Object> e = only("MESSAGESUPPRESSED");
        assertThat(initiator(e)).isEqualTo(BOB);
        Map<String, Object> p = payload(e, "messageSuppressed");
        assertThat(p).containsOnlyKeys("messageId", "stream").containsEntry("messageId", posted.messageId());
        assertThat(map(p.get("stream"))).containsEntry("streamId", im).containsEntry("streamType", "IM");
        assertThat(sim.isSuppressed(posted.messageId())).isTrue();
        assertThatThrownBy(() -> sim.userSuppressesMessage(BOB, posted.messageId()))
                .isInstanceOf(IllegalArgumentException.class);

        sim.userRequestsConnection(CAROL);
        e = only("CONNECTIONREQUESTED");
        assertThat(initiator(e)).isEqualTo(CAROL);
        assertThat(userId(payload(e, "connectionRequested").get("toUser"))).isEqualTo(bot);
        sim.userAcceptsConnection(BOB);
        e = only("CONNECTIONACCEPTED");
        assertThat(initiator(e)).isEqualTo(BOB);
        assertThat(userId(payload(e, "connectionAccepted").get("fromUser"))).isEqualTo(bot);

        String room = sim.createRoom("Alerts", ALICE, bot);
        readAll();
        sim.systemEvent(room, ALICE, "ops-monitor", "alert", Map.of("severity", "high"));
        p = payload(only("GENERICSYSTEMEVENT"), "genericSystemEvent");
        assertThat(p).containsOnlyKeys("stream", "eventTimestamp", "sourceSystem", "eventSubtype", "parameters")
                .containsEntry("sourceSystem", "ops-monitor").containsEntry("eventSubtype", "alert")
                .containsEntry("parameters", Map.of("severity", "high"));
        assertThat(map(p.get("stream"))).containsEntry("streamId", room);

        SymEvent pushed = sim.pushEvent("USERREQUESTEDTOJOINROOM", "userRequestedToJoinRoom", BOB,
                Map.of("stream", Map.of("streamId", room)), "lwu0jF0reb7Sbw");
        assertThat(only("USERREQUESTEDTOJOINROOM")).containsEntry("messageId", "lwu0jF0reb7Sbw")
                .containsEntry("id", pushed.id());
    }
}
