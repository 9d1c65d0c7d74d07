package io.camelchat.openim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.InvalidProtocolBufferException;
import io.camelchat.common.consumer.ChatEvent;
import io.camelchat.common.consumer.ChatStreamConsumer;
import io.camelchat.common.health.ChatConsumerHealthCheck;
import io.camelchat.common.ws.WebSocketConnection;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.common.ws.WebSocketSessionConfig;
import io.camelchat.openim.api.OpenImClient;
import io.camelchat.openim.gob.OpenImCodecException;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.gob.WsResponse;
import io.camelchat.openim.proto.Sdkws;
import io.camelchat.openim.stream.OpenImGateway;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The websocket gateway consumer ({@code openim:stream}): a connection as the Go SDK makes it (gob or JSON frames,
 * gzip or not, websocket pings every {@code heartbeatInterval}), then on every (re)connect a sync by seq (1001 newest
 * seqs, then 1002 pulls of at most {@code pullBatchSize} messages for every conversation whose newest seq is past the
 * stored one), then live pushes (2001). A push whose seq skips past the next expected one first pulls the missing
 * seqs. Messages are routed as {@link OpenImMessage} with the same headers as {@code openim:datafeed}; each
 * conversation's seq is stored in the {@code offsetRepository} once its exchange (and those before it) completed
 * ({@link OpenImOffsets}), so a failed or unfinished message is pulled again after a reconnect or a restart (with the
 * same CamelChatMessageId: the route may de-duplicate).
 * <p>
 * Where it starts: as the datafeed (stored seqs, else after the newest message at the first sync unless
 * {@code startFromBeginning}; conversations that appear later from their first message), except that a message pushed
 * on the connection before the first sync completed is always routed (its conversation starts before the lowest such
 * seq). The user's own messages and deleted placeholders are not routed. At most {@code maxInFlight} messages are
 * being routed at once (the sync waits; reading from the socket pauses). Pushes waiting for the sync thread never pause
 * reading (the sync thread may be waiting for a reply on the same socket): at most twice {@code maxInFlight} (16 at
 * least) wait, and a push beyond that is dropped and its messages pulled instead. Ready (health UP) once the
 * connection's first sync completed. Messages are routed in {@code concurrentConsumers} lanes by conversation: those of
 * one conversation one after the other, in seq order.
 * <p>
 * Stops for good, and reports it through the health check, when the gateway refuses the token (1501 to 1507) and no
 * admin credentials can fetch a new one, or when the user is kicked offline (2002). Other refusals (1601 gateway full,
 * bad arguments) and dropped connections are retried with back-off.
 */
public class OpenImStreamConsumer extends ChatStreamConsumer<OpenImMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(OpenImStreamConsumer.class);

    private final OpenImEndpoint endpoint;
    private final OpenImConfiguration config;
    private final String userId;
    private final Map<WebSocketConnection, Future<?>> pingers = new ConcurrentHashMap<>();
    private final AtomicLong gapFills = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong droppedPushes = new AtomicLong();
    /** Pushes waiting for the sync thread; at most {@link #maxQueuedPushes}, the others dropped for a pull. */
    private final AtomicInteger queuedPushes = new AtomicInteger();
    /** Per conversation, the highest seq of a dropped push (pulled by the catch-up task). */
    private final Map<String, Long> dropped = new ConcurrentHashMap<>();
    private final AtomicBoolean catchUpQueued = new AtomicBoolean();
    /** Per conversation, the lowest seq pushed before the first sync completed (written by the I/O thread). */
    private final Map<String, Long> earlyPushes = new ConcurrentHashMap<>();
    /**
     * Per conversation the first sync started after its newest seq: pushes of this connection at or below that seq are
     * messages sent after the connection registered (counted in the 1001 reply, pushed after it) and are routed.
     * Only the sync thread uses it.
     */
    private final Map<String, Long> startedAt = new HashMap<>();
    private volatile int maxQueuedPushes;
    private volatile WebSocketConnection synced;
    private volatile OpenImGateway gateway;
    private volatile OpenImOffsets offsets;
    private volatile ExecutorService sequencer;
    private volatile ScheduledExecutorService pinger;
    private volatile Semaphore permits;
    private volatile boolean firstSync;
    private volatile String lastToken;
    private volatile String stopReason;
    private volatile String stopState;
    /** The offsetRepository when this consumer started it (and so stops it). */
    private StateRepository<String, String> startedRepository;

    public OpenImStreamConsumer(OpenImEndpoint endpoint, Processor processor) {
        super(endpoint, processor, OpenImConstants.PLATFORM, "OpenIM stream", endpoint.getConfiguration(),
                new StreamSettings(endpoint.getConfiguration().getReconnectDelay(),
                        endpoint.getConfiguration().getMaxReconnectDelay(),
                        endpoint.getConfiguration().getMaxInFlight(),
                        endpoint.getConfiguration().getMaxFrameSize(),
                        endpoint.getConfiguration().getConcurrentConsumers(),
                        endpoint.getConfiguration().isUsingExecutorService()));
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.userId = config.getUserId();
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    protected void validate() {
        config.validateCredentials(true);
        if (config.getHeartbeatInterval() < 0) {
            throw new IllegalArgumentException("OpenIM: heartbeatInterval must not be negative");
        }
    }

    @Override
    protected void configure(WebSocketSessionConfig sessionConfig) {
        // the pings are sent by this consumer (also while frames keep arriving); the session replaces a connection
        // that received nothing, not even a pong, for 2.5 intervals
        sessionConfig.setHeartbeatInterval(Duration.ofMillis(config.getHeartbeatInterval()));
    }

    @Override
    protected void doStart() throws Exception {
        StateRepository<String, String> repository = config.getOffsetRepository();
        if (repository == null) {
            repository = new MemoryStateRepository();
        }
        // started with the consumer (a JDBC repository creates its table here), stopped with it; a repository
        // started by someone else (shared, or a service of the context) is left to them
        if (!ServiceHelper.isStarted(repository)) {
            ServiceHelper.startService(repository);
            startedRepository = repository;
        }
        offsets = new OpenImOffsets(repository, userId);
        gateway = new OpenImGateway(userId,
                "json".equalsIgnoreCase(config.getEncoding()) ? Encoding.JSON : Encoding.GOB,
                !"none".equalsIgnoreCase(config.getCompression()), config.getMaxFrameSize(),
                Duration.ofMillis(config.getResponseTimeout()));
        permits = new Semaphore(Math.max(1, config.getMaxInFlight()));
        maxQueuedPushes = Math.max(16, 2 * Math.max(1, config.getMaxInFlight()));
        queuedPushes.set(0);
        dropped.clear();
        earlyPushes.clear();
        catchUpQueued.set(false);
        synced = null;
        firstSync = true;
        stopReason = null;
        stopState = null;
        // never CallerRuns: the I/O thread must not run a sync task (it would wait for a reply only it can read); the
        // queue holds at most maxQueuedPushes pushes, one catch-up and one sync per connection
        sequencer = getEndpoint().getCamelContext().getExecutorServiceManager().newThreadPool(this, "OpenImStreamSync",
                new ThreadPoolProfileBuilder("OpenImStreamSync").poolSize(1).maxPoolSize(1)
                        .maxQueueSize(Integer.MAX_VALUE)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        pinger = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "OpenImStreamPing");
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (sequencer != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(sequencer);
            sequencer = null;
        }
        if (pinger != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(pinger);
            pinger = null;
        }
        pingers.clear();
        if (startedRepository != null) {
            ServiceHelper.stopService(startedRepository);
            startedRepository = null;
        }
    }

    @Override
    protected WebSocketSession.Endpoint resolve() {
        OpenImClient client = endpoint.requireClient("connect to the gateway");
        String token = client.userToken();
        lastToken = token;
        return WebSocketSession.Endpoint.of(gateway.url(config.getWsUrl(), token, config.getPlatformId()));
    }

    // ------------------------------------------------------------------ connection events (I/O thread)

    @Override
    protected void onOpen(WebSocketConnection connection) {
        long every = config.getHeartbeatInterval();
        ScheduledExecutorService p = pinger;
        if (every > 0 && p != null) {
            pingers.put(connection, p.scheduleAtFixedRate(() -> {
                if (connection.isOpen()) {
                    connection.ping();
                }
            }, every, every, TimeUnit.MILLISECONDS));
        }
        submit(() -> sync(connection));
    }

    @Override
    protected void onClose(WebSocketConnection connection, int statusCode, String reason) {
        Future<?> f = pingers.remove(connection);
        if (f != null) {
            f.cancel(false);
        }
        OpenImGateway g = gateway;
        if (g != null) {
            g.connectionClosed(connection);
        }
    }

    @Override
    protected void onHeartbeat(WebSocketConnection connection) {
        // the pinger above pings on schedule
    }

    @Override
    protected void onText(WebSocketConnection connection, String text) {
        LOG.debug("OpenIM stream: text frame of {} chars ignored", text.length());
    }

    @Override
    protected void onHandshakeRefused(int status, String body) {
        OpenImGateway.Refusal refusal = OpenImGateway.Refusal.parse(body);
        if (!refusal.isTokenError()) {
            LOG.warn("OpenIM stream: the gateway refused the connection (HTTP {}, errCode {}); retrying", status,
                    refusal);
            return;
        }
        OpenImClient client = endpoint.getClient();
        if (client != null && client.hasAdmin() && refusal.errCode() != 1506) {
            // the admin credentials fetch a new user token at the next attempt
            String token = lastToken;
            if (token != null) {
                client.invalidateUserToken(token);
            }
            LOG.info("OpenIM stream: the gateway refused the user token ({}); fetching a new one", refusal);
            return;
        }
        halt(refusal.errCode() == 1506 ? "kicked" : "token refused",
                "the gateway refused the token: " + refusal + "; not reconnecting (give a new token or admin credentials)");
    }

    @Override
    protected void onBinary(WebSocketConnection connection, byte[] data) {
        OpenImGateway g = gateway;
        if (g == null) {
            return;
        }
        WsResponse r;
        try {
            r = g.accept(data);
        } catch (OpenImCodecException e) {
            // a push may be lost in it: reconnect, and the sync pulls whatever it held
            badFrame("undecodable frame of " + data.length + " bytes (" + e.getMessage() + "); reconnecting");
            connection.close(1002, "bad frame");
            return;
        }
        if (r == null) {
            return; // a reply, handed to its request
        }
        switch (r.reqIdentifier()) {
            case OpenImGateway.PUSH_MSG -> {
                Sdkws.PushMessages push;
                try {
                    push = Sdkws.PushMessages.parseFrom(r.data());
                } catch (InvalidProtocolBufferException e) {
                    badFrame("push with an unreadable PushMessages (" + e.getMessage() + "); reconnecting");
                    connection.close(1002, "bad push");
                    return;
                }
                if (firstSync) {
                    // before the first sync: these messages are new whatever the 1001 reply's maxSeq says
                    forEachSeq(push, (conversation, seq) -> earlyPushes.merge(conversation, seq, Math::min));
                }
                // queued pushes do not pause reading (the sync thread may be waiting for a reply on this socket):
                // they are bounded on their own, and a push over the bound is dropped and pulled instead
                if (queuedPushes.incrementAndGet() > maxQueuedPushes) {
                    queuedPushes.decrementAndGet();
                    droppedPushes.incrementAndGet();
                    forEachSeq(push, (conversation, seq) -> dropped.merge(conversation, seq, Math::max));
                    if (catchUpQueued.compareAndSet(false, true) && !submit(() -> catchUp(connection))) {
                        catchUpQueued.set(false);
                    }
                    return;
                }
                if (!submit(() -> {
                    queuedPushes.decrementAndGet();
                    live(connection, push);
                })) {
                    queuedPushes.decrementAndGet();
                }
            }
            case OpenImGateway.KICK_ONLINE_MSG -> halt("kicked",
                    "kicked offline by the gateway (2002: another login of the user, or a forced logout); not reconnecting");
            default -> LOG.debug("OpenIM stream: frame with ReqIdentifier {} ignored", r.reqIdentifier());
        }
    }

    private interface SeqVisitor {
        void seq(String conversation, long seq);
    }

    private static void forEachSeq(Sdkws.PushMessages push, SeqVisitor visitor) {
        for (Map.Entry<String, Sdkws.PullMsgs> e : push.getMsgsMap().entrySet()) {
            for (Sdkws.MsgData d : e.getValue().getMsgsList()) {
                visitor.seq(e.getKey(), d.getSeq());
            }
        }
        for (Map.Entry<String, Sdkws.PullMsgs> e : push.getNotificationMsgsMap().entrySet()) {
            for (Sdkws.MsgData d : e.getValue().getMsgsList()) {
                visitor.seq(e.getKey(), d.getSeq());
            }
        }
    }

    private void halt(String state, String reason) {
        stopState = state;
        stopReason = reason;
        WebSocketSession s = getSession();
        if (s != null) {
            s.halt(reason);
        }
    }

    private boolean submit(Runnable task) {
        ExecutorService s = sequencer;
        if (s == null) {
            return false;
        }
        try {
            s.execute(task);
            return true;
        } catch (RuntimeException e) {
            return false; // stopping
        }
    }

    // ------------------------------------------------------------------ sync and pushes (sync thread)

    /** After a (re)connect: every conversation whose newest seq is past the position is pulled up to it. */
    private void sync(WebSocketConnection c) {
        try {
            Sdkws.GetMaxSeqResp newest = Sdkws.GetMaxSeqResp.parseFrom(gateway.call(c, OpenImGateway.GET_NEWEST_SEQ,
                    Sdkws.GetMaxSeqReq.newBuilder().setUserID(userId).build().toByteArray()));
            boolean first = firstSync;
            startedAt.clear();
            for (Map.Entry<String, Long> e : newest.getMaxSeqsMap().entrySet()) {
                String conversation = e.getKey();
                long max = e.getValue();
                if (offsets.hasFailed(conversation)) {
                    offsets.reset(conversation); // pulled again from the stored seq
                }
                long position = offsets.position(conversation);
                if (position < 0) {
                    if (first && !config.isStartFromBeginning()) {
                        // after the newest message, except those pushed on this connection before this sync
                        Long pushed = earlyPushes.get(conversation);
                        long start = pushed == null ? max : Math.max(0, Math.min(max, pushed - 1));
                        offsets.initialize(conversation, start);
                        if (start >= max) {
                            startedAt.put(conversation, start);
                            continue;
                        }
                    }
                    position = Math.max(0, offsets.position(conversation));
                }
                long min = newest.getMinSeqsMap().getOrDefault(conversation, 0L);
                pull(c, conversation, Math.max(position + 1, Math.max(min, 1)), max);
            }
            firstSync = false;
            earlyPushes.clear();
            syncs.incrementAndGet();
            synced = c; // ready from here on
        } catch (Exception e) {
            resync(c, "the sync failed", e);
        }
    }

    /** A push: its messages in seq order, after pulling any seqs it skipped. */
    private void live(WebSocketConnection c, Sdkws.PushMessages push) {
        try {
            List<Map.Entry<String, Sdkws.PullMsgs>> entries = new ArrayList<>(push.getMsgsMap().entrySet());
            entries.addAll(push.getNotificationMsgsMap().entrySet());
            for (Map.Entry<String, Sdkws.PullMsgs> e : entries) {
                String conversation = e.getKey();
                List<Sdkws.MsgData> msgs = new ArrayList<>(e.getValue().getMsgsList());
                msgs.sort(Comparator.comparingLong(Sdkws.MsgData::getSeq));
                for (Sdkws.MsgData d : msgs) {
                    long position = Math.max(0, offsets.position(conversation));
                    long seq = d.getSeq();
                    Long start = startedAt.get(conversation);
                    if (start != null) {
                        if (seq <= start) {
                            // sent after the connection registered, counted in the first sync's newest seq
                            deliver(c, conversation, d);
                            continue;
                        }
                        startedAt.remove(conversation);
                    }
                    if (seq <= position) {
                        duplicates.incrementAndGet();
                        continue;
                    }
                    if (seq > position + 1) {
                        gapFills.incrementAndGet();
                        pull(c, conversation, position + 1, seq - 1);
                    }
                    deliver(c, conversation, d);
                }
            }
        } catch (Exception e) {
            resync(c, "filling a gap before a push failed", e);
        }
    }

    /** Pulls what dropped pushes held (pushes queued after them found no gap for the last ones). */
    private void catchUp(WebSocketConnection c) {
        catchUpQueued.set(false);
        try {
            for (String conversation : List.copyOf(dropped.keySet())) {
                Long end = dropped.remove(conversation);
                long position = Math.max(0, offsets.position(conversation));
                if (end != null && end > position) {
                    gapFills.incrementAndGet();
                    pull(c, conversation, position + 1, end);
                }
            }
        } catch (Exception e) {
            resync(c, "pulling the messages of dropped pushes failed", e);
        }
    }

    /** Pulls {@code [begin, end]} of a conversation in pages and routes what comes back, in seq order. */
    private void pull(WebSocketConnection c, String conversation, long begin, long end) throws Exception {
        int page = Math.max(1, Math.min(config.getPullBatchSize(), Math.max(1, config.getMaxInFlight())));
        for (long from = begin; from <= end && isRunAllowed();) {
            long to = Math.min(end, from + page - 1);
            Sdkws.PullMessageBySeqsReq req = Sdkws.PullMessageBySeqsReq.newBuilder().setUserID(userId)
                    .addSeqRanges(Sdkws.SeqRange.newBuilder().setConversationID(conversation).setBegin(from).setEnd(to)
                            .setNum(to - from + 1))
                    .setOrder(Sdkws.PullOrder.PullOrderAsc).build();
            Sdkws.PullMessageBySeqsResp resp = Sdkws.PullMessageBySeqsResp
                    .parseFrom(gateway.call(c, OpenImGateway.PULL_MSG_BY_SEQ_LIST, req.toByteArray()));
            Sdkws.PullMsgs pulled = resp.getMsgsMap().getOrDefault(conversation,
                    resp.getNotificationMsgsMap().get(conversation));
            List<Sdkws.MsgData> msgs = new ArrayList<>(pulled == null ? List.of() : pulled.getMsgsList());
            msgs.sort(Comparator.comparingLong(Sdkws.MsgData::getSeq));
            long expected = from;
            for (Sdkws.MsgData d : msgs) {
                long seq = d.getSeq();
                if (seq < expected || seq > to) {
                    continue;
                }
                for (; expected < seq; expected++) {
                    offsets.skip(conversation, expected); // not on the server any more
                }
                deliver(c, conversation, d);
                expected = seq + 1;
            }
            for (; expected <= to; expected++) {
                offsets.skip(conversation, expected);
            }
            from = to + 1;
        }
    }

    /** Routes one message (or counts its seq as done when it is not routed), waiting for room under maxInFlight. */
    private void deliver(WebSocketConnection c, String conversation, Sdkws.MsgData d) throws InterruptedException {
        OpenImMessage m = OpenImMessage.of(d, conversation);
        if (userId.equals(m.getSendId()) || m.getStatus() == 4 || m.getClientMsgId().isEmpty()) {
            offsets.skip(conversation, m.getSeq());
            return;
        }
        Semaphore p = permits;
        while (!p.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (!isRunAllowed()) {
                throw new InterruptedException("stopping");
            }
        }
        offsets.begin(conversation, m.getSeq());
        dispatch(c, m, conversation + "#" + m.getSeq());
    }

    private void resync(WebSocketConnection c, String what, Exception e) {
        if (!isRunAllowed()) {
            return;
        }
        LOG.warn("OpenIM stream: {} ({}); reconnecting to sync again", what, e.getMessage());
        c.close(1000, "resync");
    }

    // ------------------------------------------------------------------ routing (workers)

    /** The messages of a conversation are routed one after the other, in seq order ({@code concurrentConsumers} lanes). */
    @Override
    protected boolean routesInLanes() {
        return true;
    }

    @Override
    protected Object lane(OpenImMessage m) {
        return m.getConversationId();
    }

    @Override
    protected ChatEvent read(WebSocketConnection connection, OpenImMessage m) {
        return OpenImEventHeaders.event(m);
    }

    /** Not routed (suspending or stopping): its seq is not stored, as for a failed exchange, and it is pulled again. */
    @Override
    protected void notRouted(OpenImMessage m) {
        offsets.done(m.getConversationId(), m.getSeq(), false);
        permits.release();
    }

    @Override
    protected Object acknowledgement(OpenImMessage m, ChatEvent event, Exchange exchange, boolean completed) {
        offsets.done(m.getConversationId(), m.getSeq(), completed);
        permits.release();
        return null; // OpenIM has no acknowledgement: the stored seq is the position
    }

    /**
     * Sends a request over the current connection and waits for the reply's Data (at most responseTimeout); a reply
     * with an ErrCode other than 0 is OpenIM's error as an exception with the code.
     */
    public byte[] call(int reqIdentifier, byte[] data) {
        WebSocketSession s = getSession();
        return gateway.call(s == null ? null : s.getCurrentConnection(), reqIdentifier, data);
    }

    // ------------------------------------------------------------------ health and tests

    @Override
    protected ChatConsumerHealthCheck.Status healthStatus() {
        ChatConsumerHealthCheck.Status s = super.healthStatus();
        String reason = stopReason;
        if (reason != null) {
            return ChatConsumerHealthCheck.Status.down(stopState, reason, s.details());
        }
        WebSocketSession session = getSession();
        if (s.up() && (session == null || synced == null || session.getCurrentConnection() != synced)) {
            // connected, but the sync by seq of this connection is not done yet
            return ChatConsumerHealthCheck.Status.down("syncing", null, s.details());
        }
        return s;
    }

    @Override
    protected void healthDetails(Map<String, Object> details) {
        OpenImOffsets o = offsets;
        details.put("conversations", o == null ? 0 : o.snapshot().size());
        details.put("syncs", syncs.get());
        details.put("gapFills", gapFills.get());
        details.put("duplicatePushes", duplicates.get());
        details.put("droppedPushes", droppedPushes.get());
    }

    /** The stored seq of each conversation seen (for tests and the console). */
    public Map<String, Long> getStoredSeqs() {
        OpenImOffsets o = offsets;
        return o == null ? Map.of() : o.snapshot();
    }

    /** Syncs completed (one per connection), gaps filled before a push, pushes already routed. */
    public long getSyncCount() {
        return syncs.get();
    }

    public long getGapFillCount() {
        return gapFills.get();
    }

    public long getDuplicatePushCount() {
        return duplicates.get();
    }

    /** Pushes dropped because more than the bound waited for the sync thread (their messages are pulled instead). */
    public long getDroppedPushCount() {
        return droppedPushes.get();
    }

    /** Why the consumer stopped reconnecting (kicked, token refused), or null. */
    public String getStopReason() {
        return stopReason;
    }
}
