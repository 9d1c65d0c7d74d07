package io.camelchat.simulator.symphony;

/**
 * An attachment stored with a message.
 *
 * @param id          attachment (file) id, as listed in {@code V4AttachmentInfo.id}
 * @param name        file name
 * @param contentType declared content type of the part, may be {@code null}
 * @param bytes       the content
 */
public record SymAttachment(String id, String name, String contentType, byte[] bytes) {
    public long size() {
        return bytes.length;
    }
}
