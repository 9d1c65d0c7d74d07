package io.camelchat.symphony;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatHeaders;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.ConversationType;
import io.camelchat.common.Json;
import io.camelchat.simulator.symphony.SymEvent;
import io.camelchat.simulator.symphony.SymUser;
import io.camelchat.symphony.api.SymphonyEvent;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every event type of the datafeed, played by users in the simulator and read over HTTP by a {@code symphony:datafeed}
 * route: the normalized and Symphony headers each type is routed with, the body conversions, and the
 * {@code eventTypes} filter. Each test reads its own feed (its tag), so acknowledgements are that route's.
 */
class SymphonyEventTypesTest extends SymphonyTestSupport {

    private static final AtomicLong NEXT_USER = new AtomicLong(349026222350001L);
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Starts a route reading the feed tagged {@code tag} into {@code mock:<tag>}, once its feed exists. */
    private MockEndpoint feed(String tag, String eventTypes) throws Exception {
        String uri = "symphony:datafeed?datafeedTag=" + tag + (eventTypes == null ? "" : "&eventTypes=" + eventTypes);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(tag).to("mock:" + tag);
            }
        });
        await().atMost(WAIT).until(() -> sim.datafeeds().stream().anyMatch(f -> tag.equals(f.id()) && f.active()));
        return getMockEndpoint("mock:" + tag);
    }

    private static Optional<Exchange> find(MockEndpoint mock, String eventId) {
        return mock.getExchanges().stream()
                .filter(x -> eventId.equals(x.getMessage().getHeader(SymphonyConstants.EVENT_ID))).findFirst();
    }

    /** The exchange the route received for this event. */
    private static Exchange routed(MockEndpoint mock, SymEvent e) {
        return await().atMost(WAIT).until(() -> find(mock, e.id()), Optional::isPresent).orElseThrow();
    }

    private static Map<String, Object> headers(MockEndpoint mock, SymEvent e) {
        return routed(mock, e).getMessage().getHeaders();
    }

    /** The newest event of this type the simulator published about this stream. */
    private static SymEvent published(String type, String streamId) {
        List<SymEvent> all = sim.events();
        for (int i = all.size() - 1; i >= 0; i--) {
            SymEvent e = all.get(i);
            if (type.equals(e.type()) && e.toJson().contains(streamId)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " about " + streamId);
    }

    private static long timestamp(SymEvent e) {
        return ((Number) e.json().get("timestamp")).longValue();
    }

    /** The headers every routed event carries: its ids, types, initiator and time. */
    private static Map<String, Object> common(SymEvent e, String messageId, long initiator, String initiatorName) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(ChatHeaders.PLATFORM, "symphony");
        h.put(ChatHeaders.EVENT_TYPE, e.type());
        h.put(ChatHeaders.MESSAGE_ID, messageId);
        h.put(ChatHeaders.SENDER_ID, Long.toString(initiator));
        h.put(ChatHeaders.SENDER_NAME, initiatorName);
        h.put(ChatHeaders.TIMESTAMP, timestamp(e));
        h.put(SymphonyConstants.EVENT_ID, e.id());
        h.put(SymphonyConstants.EVENT_TYPE, e.type());
        return h;
    }

    private static Map<String, Object> inRoom(String roomId) {
        return Map.of(ChatHeaders.CONVERSATION_ID, roomId, ChatHeaders.CONVERSATION_TYPE, "group",
                SymphonyConstants.STREAM_TYPE, "ROOM");
    }

    private static long newUser() {
        long id = NEXT_USER.getAndIncrement();
        sim.addUser(SymUser.of(id, "user" + id));
        return id;
    }

    private String sendForm(String streamId, String formId) {
        return template.requestBodyAndHeader("symphony:message", "<messageML><form id=\"" + formId + "\">"
                                                                 + "<text-field name=\"comment\"/><button name=\"approve\" type=\"action\">Approve</button></form>"
                                                                 + "</messageML>",
                ChatHeaders.TO, "stream:" + streamId, JsonNode.class).path("messageId").asText();
    }

    private static String standardBase64(String urlSafeId) {
        return Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(urlSafeId));
    }

    // ------------------------------------------------------------------ messages

    @Test
    void roomMessageCarriesTheRoomMentionsAndHashtags() throws Exception {
        MockEndpoint out = feed("types-room-message", null);
        String room = sim.createRoom("Releases", ALICE, BOT_ID);
        SymEvent e = sim.userPostsMessage(ALICE, room, "<messageML><mention uid=\"" + BOT_ID + "\"/> deploy "
                                                       + "<hash tag=\"release\"/> now</messageML>");
        Exchange x = routed(out, e);
        Map<String, Object> expected = common(e, e.messageId(), ALICE, "Alice Smith");
        expected.put(ChatHeaders.EVENT_TYPE, ChatHeaders.EVENT_MESSAGE);
        assertThat(x.getMessage().getHeaders()).containsAllEntriesOf(expected).containsAllEntriesOf(inRoom(room))
                .containsEntry(SymphonyConstants.ROOM_NAME, "Releases")
                .containsEntry(SymphonyConstants.MENTIONS, List.of(BOT_ID))
                .containsEntry(SymphonyConstants.HASHTAGS, List.of("release"));
        assertThat(x.getMessage().getBody(String.class)).isEqualTo("@camel-bot deploy #release now");
        ChatMessage chat = x.getMessage().getBody(ChatMessage.class);
        assertThat(chat.getId()).isEqualTo(e.messageId());
        assertThat(chat.getConversationType()).isEqualTo(ConversationType.group);
        assertThat(chat.getConversationName()).isEqualTo("Releases");
        assertThat(chat.getSenderId()).isEqualTo(Long.toString(ALICE));
    }

    @Test
    void suppressionNamesTheSuppressedMessageAndTheBotsOwnIsNotRouted() throws Exception {
        MockEndpoint out = feed("types-suppression", null);
        SymEvent posted = sim.userPostsMessage(ALICE, aliceIm, "<messageML>oops, a secret</messageML>");
        routed(out, posted);
        SymEvent suppressed = sim.userSuppressesMessage(BOB, posted.messageId());
        assertThat(headers(out, suppressed))
                .containsAllEntriesOf(common(suppressed, posted.messageId(), BOB, "Bob Jones"))
                .containsEntry(ChatHeaders.CONVERSATION_ID, aliceIm)
                .containsEntry(ChatHeaders.CONVERSATION_TYPE, "direct")
                .containsEntry(SymphonyConstants.STREAM_TYPE, "IM")
                .doesNotContainKeys(SymphonyConstants.MENTIONS, SymphonyConstants.AFFECTED_USER_ID);
        ChatMessage chat = routed(out, suppressed).getMessage().getBody(ChatMessage.class);
        assertThat(chat.getId()).isEqualTo(posted.messageId());
        assertThat(chat.getSenderId()).isEqualTo(Long.toString(BOB));
        assertThat(chat.getConversationId()).isEqualTo(aliceIm);

        // the bot suppresses a message itself: acknowledged, not routed (its own event)
        SymEvent other = sim.userPostsMessage(ALICE, aliceIm, "<messageML>another secret</messageML>");
        routed(out, other);
        template.sendBodyAndHeader("symphony:message?operation=suppress", null, ChatHeaders.MESSAGE_ID,
                other.messageId());
        SymEvent own = published(SymphonyEvent.MESSAGE_SUPPRESSED, other.messageId());
        assertThat(own.json().get("initiator").toString()).contains(Long.toString(BOT_ID));
        await().atMost(WAIT).until(() -> sim.acknowledged(own.id()));
        assertThat(find(out, own.id())).isEmpty();
    }

    @Test
    void sharedPostIsTheSharersWallMessageQuotingTheOriginal() throws Exception {
        MockEndpoint out = feed("types-shared-post", null);
        SymEvent e = sim.sharePost(ALICE, "<messageML>worth a read</messageML>", BOT_ID,
                "<messageML>release <b>25.8</b> is out</messageML>");
        JsonNode raw = Json.read(e.toJson());
        String wall = raw.path("payload").path("sharedPost").path("message").path("stream").path("streamId").asText();
        String share = raw.path("payload").path("sharedPost").path("message").path("messageId").asText();
        assertThat(wall).isNotEqualTo(raw.path("payload").path("sharedPost").path("sharedMessage").path("stream")
                .path("streamId").asText());
        Exchange x = routed(out, e);
        assertThat(x.getMessage().getHeaders()).containsAllEntriesOf(common(e, share, ALICE, "Alice Smith"))
                .containsEntry(ChatHeaders.CONVERSATION_ID, wall)
                .containsEntry(SymphonyConstants.STREAM_TYPE, "POST")
                .containsEntry(SymphonyConstants.MENTIONS, List.of())
                .doesNotContainKeys(ChatHeaders.CONVERSATION_TYPE, SymphonyConstants.ROOM_NAME);
        assertThat(x.getMessage().getBody(String.class)).isEqualTo("worth a read");
        ChatMessage chat = x.getMessage().getBody(ChatMessage.class);
        assertThat(chat.getId()).isEqualTo(share);
        assertThat(chat.getText()).isEqualTo("worth a read");
        assertThat(chat.getQuotedText()).isEqualTo("release 25.8 is out");
        assertThat(chat.getSenderId()).isEqualTo(Long.toString(ALICE));
        assertThat(chat.getConversationId()).isEqualTo(wall);
    }

    @Test
    void elementsActionNamesTheFormMessageAlsoFromOlderAgents() throws Exception {
        MockEndpoint out = feed("types-elements", null);
        String room = sim.createRoom("Approvals", ALICE, BOT_ID);
        String formMessage = sendForm(room, "approve-form");
        SymEvent e = sim.userSubmitsForm(ALICE, formMessage, "approve-form",
                Map.of("action", "approve", "comment", "ok"));
        Map<String, Object> expected = common(e, formMessage, ALICE, "Alice Smith");
        expected.put(ChatHeaders.EVENT_TYPE, ChatHeaders.EVENT_CARD);
        assertThat(headers(out, e)).containsAllEntriesOf(expected).containsAllEntriesOf(inRoom(room))
                .containsEntry(SymphonyConstants.FORM_ID, "approve-form")
                .containsEntry(SymphonyConstants.FORM_ACTION, "approve");
        assertThat(routed(out, e).getMessage().getBody(ChatMessage.class).getId()).isEqualTo(formMessage);

        // an older agent: formStream (standard Base64) instead of stream, formMessageId in standard Base64
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("formStream", Map.of("streamId", standardBase64(room)));
        payload.put("formMessageId", standardBase64(formMessage));
        payload.put("formId", "approve-form");
        payload.put("formValues", Map.of("action", "reject"));
        SymEvent old = sim.pushEvent(SymphonyEvent.ELEMENTS_ACTION, "symphonyElementsAction", ALICE, payload,
                standardBase64(formMessage));
        assertThat(headers(out, old)).containsEntry(ChatHeaders.CONVERSATION_ID, room)
                .containsEntry(ChatHeaders.MESSAGE_ID, formMessage)
                .containsEntry(SymphonyConstants.FORM_ACTION, "reject")
                .doesNotContainKey(ChatHeaders.CONVERSATION_TYPE);
    }

    // ------------------------------------------------------------------ streams and rooms

    @Test
    void instantMessageCreatedIsADirectConversation() throws Exception {
        MockEndpoint out = feed("types-im-created", null);
        String mim = sim.createIm(ALICE, BOB);
        SymEvent e = published(SymphonyEvent.INSTANT_MESSAGE_CREATED, mim);
        assertThat(headers(out, e)).containsAllEntriesOf(common(e, e.id(), ALICE, "Alice Smith"))
                .containsEntry(ChatHeaders.CONVERSATION_ID, mim)
                .containsEntry(ChatHeaders.CONVERSATION_TYPE, "direct")
                .containsEntry(SymphonyConstants.STREAM_TYPE, "MIM")
                .doesNotContainKeys(SymphonyConstants.ROOM_NAME, SymphonyConstants.MENTIONS);
        assertThat(routed(out, e).getMessage().getBody(String.class)).contains("\"members\"")
                .contains(Long.toString(BOB));
    }

    @Test
    void roomLifecycleEventsNameTheRoom() throws Exception {
        MockEndpoint out = feed("types-room-lifecycle", null);
        String room = sim.createRoom("Ops", ALICE, BOT_ID, BOB);
        SymEvent created = published(SymphonyEvent.ROOM_CREATED, room);
        assertThat(headers(out, created)).containsAllEntriesOf(common(created, created.id(), ALICE, "Alice Smith"))
                .containsAllEntriesOf(inRoom(room)).containsEntry(SymphonyConstants.ROOM_NAME, "Ops");

        SymEvent updated = sim.updateRoom(room, ALICE, "Ops 2", "renamed");
        assertThat(headers(out, updated)).containsAllEntriesOf(common(updated, updated.id(), ALICE, "Alice Smith"))
                .containsAllEntriesOf(inRoom(room)).containsEntry(SymphonyConstants.ROOM_NAME, "Ops 2");
        assertThat(routed(out, updated).getMessage().getBody(String.class)).contains("\"newRoomProperties\"")
                .contains("renamed");

        SymEvent deactivated = sim.deactivateRoom(room, ALICE);
        assertThat(headers(out, deactivated))
                .containsAllEntriesOf(common(deactivated, deactivated.id(), ALICE, "Alice Smith"))
                .containsAllEntriesOf(inRoom(room)).doesNotContainKey(SymphonyConstants.ROOM_NAME);

        SymEvent reactivated = sim.reactivateRoom(room, ALICE);
        assertThat(headers(out, reactivated))
                .containsAllEntriesOf(common(reactivated, reactivated.id(), ALICE, "Alice Smith"))
                .containsAllEntriesOf(inRoom(room)).containsEntry(SymphonyConstants.ROOM_NAME, "Ops 2");
        ChatMessage chat = routed(out, reactivated).getMessage().getBody(ChatMessage.class);
        assertThat(chat.getId()).isEqualTo(reactivated.id());
        assertThat(chat.getConversationId()).isEqualTo(room);
        assertThat(chat.getConversationType()).isEqualTo(ConversationType.group);
        assertThat(chat.getConversationName()).isEqualTo("Ops 2");
        assertThat(chat.getSenderId()).isEqualTo(Long.toString(ALICE));
    }

    @Test
    void membershipEventsNameTheAffectedMember() throws Exception {
        MockEndpoint out = feed("types-membership", null);
        String room = sim.createRoom("Desk", ALICE, BOT_ID);
        SymEvent joined = sim.addMember(room, BOB, ALICE);
        SymEvent promoted = sim.promoteOwner(room, BOB, ALICE);
        SymEvent demoted = sim.demoteOwner(room, BOB, ALICE);
        SymEvent left = sim.removeMember(room, BOB);
        SymEvent rejoined = sim.addMember(room, BOB, BOB);
        SymEvent removed = sim.removeMember(room, BOB, ALICE);
        for (SymEvent e : List.of(joined, promoted, demoted, removed)) {
            assertThat(headers(out, e)).as(e.type()).containsAllEntriesOf(common(e, e.id(), ALICE, "Alice Smith"))
                    .containsAllEntriesOf(inRoom(room)).containsEntry(SymphonyConstants.ROOM_NAME, "Desk")
                    .containsEntry(SymphonyConstants.AFFECTED_USER_ID, Long.toString(BOB))
                    .containsEntry(SymphonyConstants.AFFECTED_USER_NAME, "Bob Jones");
        }
        for (SymEvent e : List.of(left, rejoined)) {
            assertThat(headers(out, e)).as(e.type()).containsAllEntriesOf(common(e, e.id(), BOB, "Bob Jones"))
                    .containsAllEntriesOf(inRoom(room))
                    .containsEntry(SymphonyConstants.AFFECTED_USER_ID, Long.toString(BOB));
        }
        assertThat(List.of(joined, promoted, demoted, left, rejoined, removed)).extracting(SymEvent::type)
                .containsExactly("USERJOINEDROOM", "ROOMMEMBERPROMOTEDTOOWNER", "ROOMMEMBERDEMOTEDFROMOWNER",
                        "USERLEFTROOM", "USERJOINEDROOM", "USERLEFTROOM");
    }

    @Test
    void joinRequestNamesTheRoomOwners() throws Exception {
        MockEndpoint out = feed("types-join-request", null);
        String room = sim.createRoom("Private", ALICE, BOT_ID);
        SymEvent botPromoted = sim.promoteOwner(room, BOT_ID, ALICE);
        assertThat(headers(out, botPromoted)).containsEntry(SymphonyConstants.AFFECTED_USER_ID, Long.toString(BOT_ID));
        SymEvent request = sim.requestToJoinRoom(room, BOB);
        assertThat(headers(out, request)).containsAllEntriesOf(common(request, request.id(), BOB, "Bob Jones"))
                .containsAllEntriesOf(inRoom(room)).containsEntry(SymphonyConstants.ROOM_NAME, "Private")
                .doesNotContainKey(SymphonyConstants.AFFECTED_USER_ID);
        assertThat(routed(out, request).getMessage().getHeader(SymphonyConstants.AFFECTED_USER_IDS, List.class))
                .containsExactlyInAnyOrder(Long.toString(ALICE), Long.toString(BOT_ID));

        // as the public example shows it: a stream without streamType, an envelope messageId
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("stream", Map.of("streamId", room, "members", List.of()));
        payload.put("affectedUsers", List.of(Map.of("userId", ALICE, "displayName", "Alice Smith")));
        SymEvent bare = sim.pushEvent(SymphonyEvent.USER_REQUESTED_TO_JOIN_ROOM, "userRequestedToJoinRoom", BOB,
                payload, "lwu0jF0reb7Sbw");
        assertThat(headers(out, bare)).containsAllEntriesOf(common(bare, "lwu0jF0reb7Sbw", BOB, "Bob Jones"))
                .containsAllEntriesOf(inRoom(room)).containsEntry(SymphonyConstants.AFFECTED_USER_IDS,
                        List.of(Long.toString(ALICE)));
    }

    @Test
    void genericSystemEventIsInItsStream() throws Exception {
        MockEndpoint out = feed("types-generic", null);
        String room = sim.createRoom("Alerts", ALICE, BOT_ID);
        SymEvent e = sim.systemEvent(room, ALICE, "ops-monitor", "alert", Map.of("severity", "high"));
        assertThat(headers(out, e)).containsAllEntriesOf(common(e, e.id(), ALICE, "Alice Smith"))
                .containsAllEntriesOf(inRoom(room));
        SymphonyEvent body = routed(out, e).getMessage().getBody(SymphonyEvent.class);
        assertThat(body.payload().path("eventSubtype").asText()).isEqualTo("alert");
        assertThat(body.payload().path("parameters").path("severity").asText()).isEqualTo("high");
    }

    // ------------------------------------------------------------------ connections

    @Test
    void connectionEventsHaveNoConversation() throws Exception {
        MockEndpoint out = feed("types-connections", null);
        long carol = newUser();
        SymEvent requested = sim.userRequestsConnection(carol);
        SymEvent accepted = sim.userAcceptsConnection(carol);
        for (SymEvent e : List.of(requested, accepted)) {
            assertThat(headers(out, e)).as(e.type())
                    .containsAllEntriesOf(common(e, e.id(), carol, "user" + carol))
                    .containsEntry(SymphonyConstants.AFFECTED_USER_ID, Long.toString(BOT_ID))
                    .doesNotContainKeys(ChatHeaders.CONVERSATION_ID, ChatHeaders.CONVERSATION_TYPE,
                            SymphonyConstants.STREAM_TYPE, SymphonyConstants.ROOM_NAME);
        }
        assertThat(routed(out, requested).getMessage().getBody(String.class)).contains("\"toUser\"");
        ChatMessage chat = routed(out, accepted).getMessage().getBody(ChatMessage.class);
        assertThat(chat.getConversationId()).isNull();
        assertThat(chat.getSenderId()).isEqualTo(Long.toString(carol));
        assertThat(chat.getText()).contains("\"fromUser\"");
    }

    // ------------------------------------------------------------------ all types, and the filter

    /** One event of every type (and a few more), played in a fresh room with a fresh user. */
    private List<SymEvent> playEveryType(String label) {
        long carol = newUser();
        List<SymEvent> events = new ArrayList<>();
        String room = sim.createRoom("All " + label, ALICE, BOT_ID);
        events.add(published(SymphonyEvent.ROOM_CREATED, room));
        SymEvent message = sim.userPostsMessage(ALICE, room, "<messageML>hello " + label + "</messageML>");
        events.add(message);
        events.add(sim.userSuppressesMessage(BOB, message.messageId()));
        events.add(sim.userSubmitsForm(ALICE, sendForm(room, "f-" + label), "f-" + label, Map.of("action", "go")));
        events.add(sim.sharePost(ALICE, "<messageML>see</messageML>", BOT_ID, "<messageML>mine</messageML>"));
        String im = sim.createIm(carol);
        events.add(published(SymphonyEvent.INSTANT_MESSAGE_CREATED, im));
        events.add(sim.updateRoom(room, ALICE, "All 2 " + label, null));
        events.add(sim.deactivateRoom(room, ALICE));
        events.add(sim.reactivateRoom(room, ALICE));
        events.add(sim.addMember(room, carol, ALICE));
        events.add(sim.promoteOwner(room, carol, ALICE));
        events.add(sim.demoteOwner(room, carol, ALICE));
        events.add(sim.removeMember(room, carol));
        events.add(sim.promoteOwner(room, BOT_ID, ALICE));
        events.add(sim.requestToJoinRoom(room, BOB));
        events.add(sim.userRequestsConnection(carol));
        events.add(sim.userAcceptsConnection(carol));
        events.add(sim.systemEvent(room, ALICE, "ops", "check", Map.of()));
        assertThat(events.stream().map(SymEvent::type).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(SymphonyEvent.TYPES);
        return events;
    }

    @Test
    void everyEventTypeIsRoutedWithItsIdsAndAcknowledged() throws Exception {
        MockEndpoint out = feed("types-all", null);
        List<SymEvent> events = playEveryType("every");
        await().atMost(WAIT).until(() -> events.stream().allMatch(e -> find(out, e.id()).isPresent()));
        await().atMost(WAIT).until(() -> events.stream().allMatch(e -> sim.acknowledged(e.id())));
        for (SymEvent e : events) {
            Map<String, Object> h = routed(out, e).getMessage().getHeaders();
            assertThat(h).as(e.type()).containsEntry(SymphonyConstants.EVENT_TYPE, e.type())
                    .containsKeys(ChatHeaders.MESSAGE_ID, ChatHeaders.SENDER_ID, ChatHeaders.TIMESTAMP);
            if (e.type().startsWith("CONNECTION")) {
                assertThat(h).as(e.type()).doesNotContainKey(ChatHeaders.CONVERSATION_ID);
            } else {
                assertThat(h).as(e.type()).containsKeys(ChatHeaders.CONVERSATION_ID, SymphonyConstants.STREAM_TYPE);
            }
            assertThat(routed(out, e).getMessage().getBody(String.class)).as(e.type()).isNotNull();
        }
        assertThat(out.getExchanges().stream()
                .map(x -> x.getMessage().getHeader(SymphonyConstants.EVENT_TYPE, String.class))
                .collect(Collectors.toSet())).containsAll(SymphonyEvent.TYPES);
    }

    @Test
    void eventTypesRoutesOnlyThoseAndAcknowledgesTheOthers() throws Exception {
        Set<String> wanted = Set.of("ROOMCREATED", "USERJOINEDROOM", "SHAREDPOST");
        MockEndpoint out = feed("types-filtered", String.join(",", wanted));
        List<SymEvent> events = playEveryType("filtered");
        // every event of the batches is acknowledged, routed or not
        await().atMost(WAIT).until(() -> events.stream().allMatch(e -> sim.acknowledged(e.id())));
        List<SymEvent> kept = events.stream().filter(e -> wanted.contains(e.type())).toList();
        List<SymEvent> dropped = events.stream().filter(e -> !wanted.contains(e.type())).toList();
        assertThat(kept).hasSize(3);
        assertThat(dropped).hasSize(events.size() - 3);
        // acknowledged only after the whole batch was routed: the filtered ones were never handed to the route
        for (SymEvent e : kept) {
            assertThat(find(out, e.id())).as(e.type()).isPresent();
        }
        for (SymEvent e : dropped) {
            assertThat(find(out, e.id())).as(e.type()).isEmpty();
            assertThat(sim.deliveries(e.id())).as(e.type()).isGreaterThanOrEqualTo(1);
        }
        assertThat(out.getExchanges())
                .extracting(x -> x.getMessage().getHeader(SymphonyConstants.EVENT_TYPE, String.class))
                .allMatch(wanted::contains);
        SymEvent share = kept.stream().filter(e -> e.type().equals("SHAREDPOST")).findFirst().orElseThrow();
        assertThat(routed(out, share).getMessage().getBody(String.class)).isEqualTo("see");
    }
}
