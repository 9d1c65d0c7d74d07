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

    /**
     * The server answered the handshake with an HTTP response instead of the upgrade (some platforms put an error code
     * in its body, e.g. OpenIM's {"errCode": 1501, ...} with status 200). Called before the session schedules the
     * next attempt; {@link WebSocketSession#halt} from here stops it. {@code body} is at most 4 KiB of the response's
     * body as text; never log it as it is when it may hold credentials.
     */
    default void onHandshakeRefused(int status, String body) {
    }

    /** Time for a heartbeat on this connection. The default sends a websocket ping. */
    default void onHeartbeat(WebSocketConnection connection) {
        connection.ping();
    }
}
