package io.camelchat.difft;

import io.camelchat.common.ChatAttachment;
import io.camelchat.difft.api.DifftAttachment;

/** Shared pieces of the Difft message model: attachments as {@link ChatAttachment}s. */
public final class DifftMessages {

    private DifftMessages() {
    }

    /**
     * A received or uploaded attachment as a {@link ChatAttachment}: its reference is the descriptor's JSON
     * ({@link DifftAttachment#reference()}), no bytes and no loader.
     */
    public static ChatAttachment chatAttachment(DifftAttachment a) {
        ChatAttachment c = ChatAttachment.reference(ChatAttachment.Kind.fromContentType(a.contentType()),
                a.reference(), a.fileName());
        c.setContentType(a.contentType());
        c.setSize(a.size());
        return c;
    }

    /**
     * {@link #chatAttachment(DifftAttachment)} with a loader that downloads, checks and decrypts it through
     * {@code endpoint} when a producer needs the bytes.
     */
    public static ChatAttachment chatAttachment(DifftAttachment a, DifftEndpoint endpoint) {
        ChatAttachment c = chatAttachment(a);
        c.setLoader(() -> endpoint.download(a));
        return c;
    }
}
