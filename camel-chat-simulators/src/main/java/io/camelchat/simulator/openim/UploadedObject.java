package io.camelchat.simulator.openim;

/**
 * An object completed through the object API ({@code /object/complete_multipart_upload}, or an initiate whose hash was
 * already stored).
 *
 * @param name        the object name the client chose (first segment = its user id for non-admins)
 * @param key         the storage key ({@code openim/data/hash/<md5>})
 * @param hash        the upload hash: md5 of the comma-joined part md5s
 * @param contentType the content type the client declared
 * @param cause       the client's {@code cause} (object group)
 * @param userId      who completed it
 * @param bytes       the content
 * @param url         the URL the completion answered ({@code urlPrefix + name})
 */
public record UploadedObject(String name, String key, String hash, String contentType, String cause, String userId,
        byte[] bytes, String url) {

    public long size() {
        return bytes.length;
    }
}
