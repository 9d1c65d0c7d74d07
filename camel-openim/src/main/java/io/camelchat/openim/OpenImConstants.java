package io.camelchat.openim;

/** Header names of the OpenIM component: the normalized {@code CamelChat...} ones and OpenIM's own. */
public final class OpenImConstants {

    public static final String PLATFORM = "openim";

    private OpenImConstants() {
    }
}
