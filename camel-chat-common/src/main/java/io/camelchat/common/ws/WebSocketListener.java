package io.camelchat.common.ws;

/**
 * What a platform protocol does with a {@link WebSocketSession}'s connections. Called on the connection's I/O
 * thread: hand real work to another thread.
 */
public interface WebSocketListener {

    /** The handshake completed; the connection is the session's current one from now on. */
    default void onOpen(WebSocketConnection connection) {
    }

    void onText(WebSocketConnection connection, String text);

    default void onBinary(WebSocketConnection connection, byte[] data) {
    }

    /** The connection is gone (closed by either side, or broken). The session reconnects by itself. */
    default void onClose(WebSocketConnection connection, int statusCode, String reason) {
    }

    /** Time for a heartbeat on this connection. The default sends a websocket ping. */
    default void onHeartbeat(WebSocketConnection connection) {
        connection.ping();
    }
}
