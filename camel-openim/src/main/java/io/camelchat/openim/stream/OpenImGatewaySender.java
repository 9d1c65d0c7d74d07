package io.camelchat.openim.stream;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAsync;
import io.camelchat.common.Json;
import io.camelchat.common.ws.WebSocketConnection;
import io.camelchat.common.ws.WebSocketListener;
import io.camelchat.common.ws.WebSocketSession;
import io.camelchat.common.ws.WebSocketSessionConfig;
import io.camelchat.openim.OpenImContent;
import io.camelchat.openim.OpenImSender;
import io.camelchat.openim.api.OpenImClient;
import io.camelchat.openim.api.OpenImErrors;
import io.camelchat.openim.gob.OpenImCodecException;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.gob.WsResponse;
import io.camelchat.openim.proto.Msg;
import io.camelchat.openim.proto.Sdkws;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends over the websocket gateway with the user token (request 1003 with a MsgData; the reply is a SendMsgResp), as
 * the official SDKs send: the way to send when no admin credentials are set ({@code /msg/send_msg} takes an admin
 * token only). Opens its own gateway connection at the first send and keeps it (reconnecting with back-off; pings);
 * pushes on it are ignored (the stream consumer reads them). A send is never retried: the clientMsgID is made here, but
 * OpenIM does not promise to drop a second message with the same one.
 */
public final class OpenImGatewaySender implements OpenImSender, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenImGatewaySender.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the gateway is and how to talk to it. */
    public record Settings(String wsUrl, int platformId, Encoding encoding, boolean gzip, int maxFrameSize,
            Duration connectTimeout, Duration responseTimeout, Duration heartbeatInterval, Duration reconnectDelay,
            Duration maxReconnectDelay) {
    }

    private final OpenImClient client;
    private final Settings settings;
    private final OpenImGateway gateway;
    private volatile WebSocketSession session;
    private volatile CompletableFuture<WebSocketConnection> connected = new CompletableFuture<>();
    private volatile String lastToken;
    private volatile ChatApiException refused;

    public OpenImGatewaySender(OpenImClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.gateway = new OpenImGateway(client.credentials().userId(), settings.encoding(), settings.gzip(),
                settings.maxFrameSize(), settings.responseTimeout());
    }

    @Override
    public Result send(Outgoing m) {
        try {
            return sendAsync(m).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatApiException("openim", "gateway " + OpenImGateway.SEND_MSG, 0, null,
                    "interrupted while waiting for the answer", null);
        } catch (ExecutionException e) {
            Throwable cause = ChatAsync.unwrap(e);
            throw cause instanceof RuntimeException re ? re
                    : new ChatApiException("openim", "gateway " + OpenImGateway.SEND_MSG, 0, null,
                            String.valueOf(cause), null, cause);
        }
    }

    /**
     * Sends without blocking: the wait for the connection (opened at the first send) and for the reply hold no
     * thread; the future completes on {@link ChatAsync}'s pool, never on the connection's I/O thread.
     */
    @Override
    public CompletableFuture<Result> sendAsync(Outgoing m) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        String clientMsgId = HexFormat.of().formatHex(random16());
        byte[] data;
        CompletableFuture<WebSocketConnection> connection;
        try {
            data = msgData(m, clientMsgId);
            connection = connectionAsync();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        connection.thenCompose(c -> gateway.request(c, OpenImGateway.SEND_MSG, data)).whenComplete(
                (reply, error) -> ChatAsync.execute(() -> {
                    if (error != null) {
                        result.completeExceptionally(requestError(ChatAsync.unwrap(error)));
                        return;
                    }
                    try {
                        result.complete(result(m, clientMsgId, reply.data()));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                }));
        return result;
    }

    /** What a failed request becomes: OpenIM's error as it is, a timeout or anything else as an API error. */
    private ChatApiException requestError(Throwable cause) {
        if (cause instanceof ChatApiException api) {
            return api;
        }
        String operation = "gateway " + OpenImGateway.SEND_MSG;
        if (cause instanceof TimeoutException) {
            return new ChatApiException("openim", operation, 0, null,
                    "no answer within " + settings.responseTimeout().toMillis() + " ms", null);
        }
        return new ChatApiException("openim", operation, 0, null, String.valueOf(cause), null, cause);
    }

    /** The MsgData of a send (request 1003). */
    private static byte[] msgData(Outgoing m, String clientMsgId) {
        ObjectNode content = m.content().deepCopy();
        if (m.contentType() == OpenImContent.AT_TEXT && !content.has("atUserList")) {
            ArrayNode at = content.putArray("atUserList");
            m.atUserIds().forEach(at::add);
        }
        Sdkws.MsgData.Builder d = Sdkws.MsgData.newBuilder().setSendID(m.sendId())
                .setRecvID(m.recvId() == null ? "" : m.recvId()).setGroupID(m.groupId() == null ? "" : m.groupId())
                .setClientMsgID(clientMsgId).setSenderPlatformID(m.senderPlatformId())
                .setSenderNickname(m.senderNickname() == null ? "" : m.senderNickname())
                .setSenderFaceURL(m.senderFaceUrl() == null ? "" : m.senderFaceUrl()).setSessionType(m.sessionType())
                .setMsgFrom(100).setContentType(m.contentType())
                .setContent(ByteString.copyFrom(Json.write(content), StandardCharsets.UTF_8))
                .setCreateTime(System.currentTimeMillis()).setStatus(1).addAllAtUserIDList(m.atUserIds());
        if (m.ex() != null) {
            d.setEx(m.ex());
        }
        if (m.onlineOnly()) {
            // the SDK's online-only switches: neither stored nor counted nor pushed offline
            for (String option : new String[]{ "history", "persistent", "offlinePush", "unreadCount",
                    "conversationUpdate", "senderSync" }) {
                d.putOptions(option, false);
            }
        }
        return d.build().toByteArray();
    }

    /** The result of a send from the gateway's SendMsgResp. */
    private static Result result(Outgoing m, String clientMsgId, byte[] reply) {
        Msg.SendMsgResp r;
        try {
            r = Msg.SendMsgResp.parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
            throw new ChatApiException("openim", "gateway 1003", 0, null, "unreadable SendMsgResp", null, e);
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("serverMsgID", r.getServerMsgID())
                .put("clientMsgID", r.getClientMsgID()).put("sendTime", r.getSendTime());
        String id = r.getClientMsgID().isEmpty() ? clientMsgId : r.getClientMsgID();
        return new Result(m.conversationId(), r.getServerMsgID(), id, r.getSendTime(), answer);
    }

    private static byte[] random16() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * The open connection, opened at the first call, without blocking: the future fails after connectTimeout, or with
     * the gateway's refusal.
     */
    private CompletableFuture<WebSocketConnection> connectionAsync() {
        ChatApiException r = refused;
        if (r != null) {
            throw r;
        }
        synchronized (this) {
            if (session == null) {
                WebSocketSessionConfig config = new WebSocketSessionConfig().setName("openim-sender")
                        .setReconnectDelay(settings.reconnectDelay()).setMaxReconnectDelay(settings.maxReconnectDelay())
                        .setConnectTimeout(settings.connectTimeout()).setMaxFrameSize(settings.maxFrameSize())
                        .setHeartbeatInterval(settings.heartbeatInterval());
                session = new WebSocketSession(config, this::resolve, new Listener());
                session.start();
            }
        }
        // a copy: the timeout must not complete the shared future that later sends wait on
        return connected.copy().orTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(connectError(ChatAsync.unwrap(error))));
    }

    private ChatApiException connectError(Throwable cause) {
        if (cause instanceof TimeoutException) {
            ChatApiException r = refused;
            if (r != null) {
                return r;
            }
            WebSocketSession s = session;
            return new ChatApiException("openim", "gateway connect", 0, null, "not connected within "
                                                                              + settings.connectTimeout().toMillis()
                                                                              + " ms"
                                                                              + (s == null || s.getLastError() == null
                                                                                      ? ""
                                                                                      : " (" + s.getLastError() + ")"),
                    null);
        }
        return cause instanceof ChatApiException api ? api
                : new ChatApiException("openim", "gateway connect", 0, null, String.valueOf(cause), null);
    }

    private WebSocketSession.Endpoint resolve() {
        String token = client.userToken();
        lastToken = token;
        return WebSocketSession.Endpoint.of(gateway.url(settings.wsUrl(), token, settings.platformId()));
    }

    private final class Listener implements WebSocketListener {
        @Override
        public void onOpen(WebSocketConnection connection) {
            refused = null;
            if (!connected.complete(connection)) {
                connected = CompletableFuture.completedFuture(connection);
            }
        }

        @Override
        public void onClose(WebSocketConnection connection, int statusCode, String reason) {
            if (connected.getNow(null) == connection) {
                connected = new CompletableFuture<>();
            }
            gateway.connectionClosed(connection);
        }

        @Override
        public void onText(WebSocketConnection connection, String text) {
        }

        @Override
        public void onBinary(WebSocketConnection connection, byte[] data) {
            try {
                WsResponse r = gateway.accept(data);
                if (r != null && r.reqIdentifier() == OpenImGateway.KICK_ONLINE_MSG) {
                    fail(new OpenImGateway.Refusal(1506, "TokenKickedError", "kicked offline (2002)"));
                }
            } catch (OpenImCodecException e) {
                LOG.warn("OpenIM gateway sender: undecodable frame ({}); reconnecting", e.getMessage());
                connection.close(1002, "bad frame");
            }
        }

        @Override
        public void onHandshakeRefused(int status, String body) {
            OpenImGateway.Refusal refusal = OpenImGateway.Refusal.parse(body);
            if (!refusal.isTokenError()) {
                return;
            }
            if (client.hasAdmin() && refusal.errCode() != 1506 && lastToken != null) {
                client.invalidateUserToken(lastToken);
                return;
            }
            fail(refusal);
        }
    }

    private void fail(OpenImGateway.Refusal refusal) {
        ChatApiException e = OpenImErrors.error("gateway connect", 0, refusal.errCode(), refusal.errMsg(),
                refusal.errDlt(), null);
        refused = e;
        connected.completeExceptionally(e);
        WebSocketSession s = session;
        if (s != null) {
            s.halt("the gateway refused the token: " + refusal);
        }
    }

    @Override
    public synchronized void close() {
        WebSocketSession s = session;
        session = null;
        if (s != null) {
            s.stop();
        }
    }
}
