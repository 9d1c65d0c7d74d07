package io.camelchat.simulator.symphony;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.symphony.SymTestSupport.KEYS;
import static io.camelchat.simulator.symphony.SymTestSupport.delete;
import static io.camelchat.simulator.symphony.SymTestSupport.get;
import static io.camelchat.simulator.symphony.SymTestSupport.login;
import static io.camelchat.simulator.symphony.SymTestSupport.parse;
import static io.camelchat.simulator.symphony.SymTestSupport.parseList;
import static io.camelchat.simulator.symphony.SymTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

class SymphonyDatafeedTest {
    private static final long ALICE = 349026222344902L;
    private SymphonySimulator sim;
    private SymTestSupport.Session s;
    private String im;

    @BeforeEach
    void start() {
        sim = SymphonySimulator.builder().botUsername("camel-bot").botPublicKey(KEYS.getPublic())
                .longPollTimeout(Duration.ofMillis(700)).redeliveryDelay(Duration.ofMillis(600)).start();
        sim.addUser(new SymUser(ALICE, "alice", "alice@acme.example", "Alice", "Smith", "Alice Smith"));
        s = login(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String createFeed(String body) {
        HttpResponse<String> r = post(sim.agentUrl() + "/agent/v5/datafeeds", body, s.agent());
        assertThat(r.statusCode()).isEqualTo(201);
        Map<String, Object> f = parse(r.body());
        assertThat(f).containsEntry("type", "fanout");
        return (String) f.get("id");
    }

    private Map<String, Object> read(String id, String ackId) {
        HttpResponse<String> r = post(sim.agentUrl() + "/agent/v5/datafeeds/" + id + "/read",
                "{\"ackId\":\"" + ackId + "\"}", s.agent());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return parse(r.body());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("events");
    }

    @Test
    void createListReadAcknowledge() {
        String id = createFeed("{}");
        assertThat(id).matches("[0-9a-f]{32}_f");
        assertThat(parseList(get(sim.agentUrl() + "/agent/v5/datafeeds", s.agent()).body())).hasSize(1);
        im = sim.createIm(ALICE);
        // the INSTANTMESSAGECREATED event, then a message
        Map<String, Object> first = read(id, "");
        assertThat(events(first)).extracting(e -> e.get("type")).containsExactly("INSTANTMESSAGECREATED");
        SymEvent posted = sim.userPostsMessage(ALICE, im, "<messageML>hello <b>bot</b></messageML>");
        Map<String, Object> second = read(id, (String) first.get("ackId"));
        assertThat(events(second)).hasSize(1);
        Map<String, Object> ev = events(second).get(0);
        assertThat(ev).containsEntry("type", "MESSAGESENT").containsEntry("id", posted.id());
        @SuppressWarnings("unchecked")
        Map<String, Object> msg = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ev
                .get("payload")).get("messageSent")).get("message");
        assertThat((String) msg.get("message")).startsWith("<div data-format=\"PresentationML\"")
                .contains("hello <b>bot</b>");
        assertThat(sim.acknowledged(posted.id())).isFalse();
        // long poll: nothing, answers after the hold with an empty list
        long t0 = System.nanoTime();
        Map<String, Object> third = read(id, (String) second.get("ackId"));
        assertThat(events(third)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(sim.acknowledged(posted.id())).isTrue();
        assertThat(sim.deliveries(posted.id())).isEqualTo(1);
    }

    @Test
    void longPollReturnsWhenAnEventArrives() throws Exception {
        String id = createFeed(null);
        im = sim.createIm(ALICE);
        Map<String, Object> a = read(id, "");
        CompletableFuture<Map<String, Object>> pending = CompletableFuture.supplyAsync(
                () -> read(id, (String) a.get("ackId")));
        Thread.sleep(150);
        assertThat(pending).isNotDone();
        SymEvent e = sim.userSubmitsForm(ALICE, sim.userPostsMessage(ALICE, im, "<messageML>form</messageML>")
                .messageId(), "approve-form", Map.of("action", "approve", "comment", "ok"));
        Map<String, Object> got = pending.get(5, TimeUnit.SECONDS);
        assertThat(events(got)).isNotEmpty();
        List<Map<String, Object>> all = new ArrayList<>(events(got));
        if (all.size() < 2) {
            all.addAll(events(read(id, (String) got.get("ackId"))));
        }
        assertThat(all).extracting(x -> x.get("type")).containsExactly("MESSAGESENT", "SYMPHONYELEMENTSACTION");
        assertThat(all.get(1)).containsEntry("id", e.id());
    }

    @Test
    void unacknowledgedEventsAreDeliveredAgainWithTheSameIds() {
        String id = createFeed("{}");
        im = sim.createIm(ALICE);
        SymEvent e1 = sim.userPostsMessage(ALICE, im, "<messageML>one</messageML>");
        Map<String, Object> a = read(id, "");
        List<Object> ids = events(a).stream().map(x -> x.get("id")).map(Object.class::cast).toList();
        assertThat(ids).contains(e1.id());
        // read again with the old ackId ("") : nothing acknowledged, redelivered after the delay
        Map<String, Object> b = read(id, "");
        assertThat(events(b).stream().map(x -> x.get("id")).toList()).containsExactlyElementsOf(ids);
        assertThat(sim.deliveries(e1.id())).isEqualTo(2);
        assertThat(sim.acknowledged(e1.id())).isFalse();
        // ack the second batch: gone for good
        Map<String, Object> c = read(id, (String) b.get("ackId"));
        assertThat(events(c)).isEmpty();
        assertThat(sim.acknowledged(e1.id())).isTrue();
    }

    @Test
    void tagsDeleteAndStaleFeeds() {
        String tagged = createFeed("{\"tag\":\"camel-bot-feed\",\"includeInvisible\":false}");
        assertThat(tagged).isEqualTo("camel-bot-feed");
        String other = createFeed("{}");
        assertThat(parseList(get(sim.agentUrl() + "/agent/v5/datafeeds?tag=camel-bot-feed", s.agent()).body()))
                .hasSize(1);
        HttpResponse<String> del = delete(sim.agentUrl() + "/agent/v5/datafeeds/" + other, s.agent());
        assertThat(del.statusCode()).isEqualTo(204);
        HttpResponse<String> stale = post(sim.agentUrl() + "/agent/v5/datafeeds/" + other + "/read",
                "{\"ackId\":\"\"}", s.agent());
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat((String) parse(stale.body()).get("message")).startsWith("Could not find a datafeed with the");
        // feed loss while a read is pending
        CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> post(
                sim.agentUrl() + "/agent/v5/datafeeds/" + tagged + "/read", "{\"ackId\":\"\"}", s.agent()));
        sleep(150);
        sim.faults().loseFeeds();
        assertThat(pending.join().statusCode()).isEqualTo(400);
        assertThat(sim.datafeeds()).noneMatch(DatafeedInfo::active);
    }

    @Test
    void datafeedV1() {
        HttpResponse<String> c = post(sim.agentUrl() + "/agent/v4/datafeed/create", null, s.agent());
        assertThat(c.statusCode()).isEqualTo(200);
        String id = (String) parse(c.body()).get("id");
        HttpResponse<String> empty = get(sim.agentUrl() + "/agent/v4/datafeed/" + id + "/read", s.agent());
        assertThat(empty.statusCode()).isEqualTo(204);
        im = sim.createIm(ALICE);
        sim.userRequestsConnection(ALICE);
        HttpResponse<String> r = get(sim.agentUrl() + "/agent/v4/datafeed/" + id + "/read", s.agent());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(parseList(r.body())).hasSize(2);
        sim.loseFeeds();
        HttpResponse<String> stale = get(sim.agentUrl() + "/agent/v4/datafeed/" + id + "/read", s.agent());
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(stale.body()).contains("Could not find a datafeed with the id: " + id);
    }

    @Test
    void faultsOnTheDatafeed() {
        String id = createFeed("{}");
        sim.faults().failNext("/agent/v5/datafeeds/", 1, 503).rateLimitNext("/agent/v5/datafeeds/", 1)
                .unauthorizedNext("/agent/v5/datafeeds/", 1);
        String url = sim.agentUrl() + "/agent/v5/datafeeds/" + id + "/read";
        assertThat(post(url, "{\"ackId\":\"\"}", s.agent()).statusCode()).isEqualTo(503);
        HttpResponse<String> limited = post(url, "{\"ackId\":\"\"}", s.agent());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("1");
        assertThat(post(url, "{\"ackId\":\"\"}", s.agent()).statusCode()).isEqualTo(401);
        sim.faults().delayReads(Duration.ofMillis(300));
        im = sim.createIm(ALICE);
        long t0 = System.nanoTime();
        assertThat(post(url, "{\"ackId\":\"\"}", s.agent()).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        sim.faults().reset();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
