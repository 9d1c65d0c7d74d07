package io.camelchat.simulator.common;

import io.netty.channel.Channel;

/** Server-side websocket callbacks of a {@link SimHttpServer}. All methods run on Netty event loop threads. */
public interface WebSocketHandler {

    /**
     * Decides on an upgrade request for one of the websocket paths.
     *
     * @return {@code null} to accept (switch protocols), otherwise the HTTP answer sent instead of 101
     */
    SimResponse checkUpgrade(SimRequest request, Channel channel);

    /** The handshake completed; frames may be written now. */
    void onOpen(Channel channel);

    /** A complete (aggregated) text frame arrived. */
    void onText(Channel channel, String text);

    /**
     * A complete (aggregated) binary frame arrived. The default treats it as a protocol error (text-only protocols);
     * binary protocols override it.
     */
    default void onBinary(Channel channel, byte[] data) {
        onProtocolError(channel, "binary frame of " + data.length + " bytes");
    }

    /** Something the client sent that the server cannot use (binary frame, oversize frame, bad framing). */
    void onProtocolError(Channel channel, String description);

    /** The connection is gone (either side closed). Called once, only for opened connections. */
    void onClose(Channel channel);

    /** Whether websocket PING control frames are answered with a PONG carrying the same payload. */
    default boolean answerPings() {
        return true;
    }
}
