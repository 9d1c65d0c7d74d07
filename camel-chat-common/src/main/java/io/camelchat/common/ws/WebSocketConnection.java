package io.camelchat.common.ws;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** One websocket connection of a {@link WebSocketSession}. */
public final class WebSocketConnection {

    private final String id;
    private final Channel channel;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean draining;

    WebSocketConnection(String id, Channel channel) {
        this.id = id;
        this.channel = channel;
    }

    /** A short id for logs. */
    public String id() {
        return id;
    }

    public boolean isOpen() {
        return channel.isActive() && !closing.get();
    }

    /** Sends a text frame; a frame sent on a closed connection is dropped (the platform redelivers). */
    public ChannelFuture send(String text) {
        return channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    public ChannelFuture send(byte[] data) {
        return channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    public ChannelFuture ping() {
        return channel.writeAndFlush(new PingWebSocketFrame(
                Unpooled.copiedBuffer(UUID.randomUUID().toString(), StandardCharsets.US_ASCII)));
    }

    /** Closes with a close frame (status 1000), then the socket. */
    public void close() {
        close(1000, "bye");
    }

    public void close(int status, String reason) {
        if (closing.compareAndSet(false, true) && channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(status, reason))
                    .addListener(f -> channel.close());
        } else {
            channel.close();
        }
    }

    /** Whether the platform asked this connection to wind down (it still delivers acks until it closes). */
    public boolean isDraining() {
        return draining;
    }

    void markDraining() {
        draining = true;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "ws#" + id;
    }
}
