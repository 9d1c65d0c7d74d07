package io.camelchat.simulator.openim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.zip.GZIPOutputStream;

import io.camelchat.simulator.common.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;

/** One gateway connection: who logged in, how frames are encoded, and its reply writer. */
final class GatewayConn {

    final Channel channel;
    final String userId;
    final int platformId;
    final boolean js;
    final boolean gzip;
    final String token;
    final String sdkVersion;
    final String operationId;
    /** The handshake failed after the upgrade ({@code isMsgResp=true}): this envelope is sent, then the close. */
    final Map<String, Object> refusal;
    final boolean sendResp;
    volatile boolean decodedRequest;
    volatile boolean background;
    volatile ScheduledFuture<?> pinger;

    GatewayConn(Channel channel, String userId, int platformId, boolean js, boolean gzip, String token,
                String sdkVersion, String operationId, boolean sendResp, Map<String, Object> refusal) {
        this.channel = channel;
        this.userId = userId;
        this.platformId = platformId;
        this.js = js;
        this.gzip = gzip;
        this.token = token;
        this.sdkVersion = sdkVersion;
        this.operationId = operationId;
        this.sendResp = sendResp;
        this.refusal = refusal;
    }

    OpenImConnection view() {
        return new OpenImConnection(userId, platformId, js ? "js" : "go", gzip, token, sdkVersion, background,
                operationId);
    }

    /** Writes one envelope (gob Resp or JSON), gzip-compressed when the connection asked for it. */
    ChannelFuture write(int reqIdentifier, String msgIncr, String operationId, int errCode, String errMsg,
                        byte[] data) {
        return writeRaw(encode(reqIdentifier, msgIncr, operationId, errCode, errMsg, data));
    }

    byte[] encode(int reqIdentifier, String msgIncr, String operationId, int errCode, String errMsg, byte[] data) {
        byte[] frame;
        if (js) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reqIdentifier", reqIdentifier);
            m.put("msgIncr", msgIncr);
            m.put("operationID", operationId);
            m.put("errCode", errCode);
            m.put("errMsg", errMsg);
            m.put("data", data == null ? null : Base64.getEncoder().encodeToString(data));
            frame = Json.write(m).getBytes(StandardCharsets.UTF_8);
        } else {
            frame = GobCodec.encodeResp(decodedRequest ? 66 : 65, reqIdentifier, msgIncr, operationId, errCode, errMsg,
                    data);
        }
        return gzip ? gzip(frame) : frame;
    }

    ChannelFuture writeRaw(byte[] frame) {
        return channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }

    /** Writes, then closes the TCP connection (no close frame, as the Go server's {@code conn.Close()}). */
    void writeAndClose(int reqIdentifier, String msgIncr, String operationId, int errCode, String errMsg,
                       byte[] data) {
        write(reqIdentifier, msgIncr, operationId, errCode, errMsg, data).addListener(ChannelFutureListener.CLOSE);
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
