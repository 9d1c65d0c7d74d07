package io.camelchat.simulator.common;

import java.nio.charset.StandardCharsets;

/**
 * One part of a {@code multipart/form-data} request body.
 *
 * @param name        form field name
 * @param fileName    file name for file parts, else {@code null}
 * @param contentType declared content type for file parts, else {@code null}
 * @param bytes       the content (form field values UTF-8 encoded)
 * @param file        whether the part was a file upload
 */
public record FormPart(String name, String fileName, String contentType, byte[] bytes, boolean file) {

    /** The content as UTF-8 text. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
