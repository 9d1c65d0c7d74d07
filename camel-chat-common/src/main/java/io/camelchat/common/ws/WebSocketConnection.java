package io.camelchat.common.ws;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One websocket connection of a {@link WebSocketSession}. Frames sent from other threads (the answers of the workers)
 * go through an outbox that the I/O thread drains: the frames that came in until it gets to them are written with one
 * flush (one socket write, one wake-up of the I/O thread), not one each.
 */
public final class WebSocketConnection {

    private final String id;
    private final Channel channel;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean draining;
    private final Queue<Pending> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    /** A frame waiting in the outbox, and the future its sender holds. */
    private record Pending(Object frame, ChannelPromise promise) {
    }

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
        return write(new TextWebSocketFrame(text));
    }

    public ChannelFuture send(byte[] data) {
        return write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    /**
     * On the I/O thread: written and flushed at once. From another thread: into the outbox, and a drain of the outbox
     * scheduled on the I/O thread unless one is pending already.
     */
    private ChannelFuture write(Object frame) {
        if (channel.eventLoop().inEventLoop()) {
            return channel.writeAndFlush(frame);
        }
        ChannelPromise promise = channel.newPromise();
        outbox.add(new Pending(frame, promise));
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the I/O thread is gone: so is the connection
                drainScheduled.set(false);
                fail(e);
            }
        }
        return promise;
    }

    /** On the I/O thread: writes every frame of the outbox, then flushes once. */
    private void drain() {
        drainScheduled.set(false); // before polling: a frame added after this schedules a drain of its own
        Pending p;
        boolean wrote = false;
        while ((p = outbox.poll()) != null) {
            channel.write(p.frame(), p.promise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void fail(Throwable cause) {
        Pending p;
        while ((p = outbox.poll()) != null) {
            ReferenceCountUtil.release(p.frame());
            p.promise().tryFailure(cause);
        }
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
