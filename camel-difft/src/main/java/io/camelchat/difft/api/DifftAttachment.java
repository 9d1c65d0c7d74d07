package io.camelchat.difft.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.Json;

/**
 * An attachment descriptor as messages carry it in {@code msg.attachment} (reference section 4.6): what a recipient
 * needs to download and decrypt the file. {@code authorizeId} is kept as the raw JSON value the server gave (string
 * or number) and sent back unchanged.
 *
 * @param contentType the MIME type
 * @param authorizeId the authorization the file is fetched with
 * @param key         the 64-byte key, base64
 * @param size        the plaintext size
 * @param fileName    the display name, or null
 * @param digest      the cipherHash: hex MD5 of the encrypted blob
 * @param url         a download URL when the message carries one, else null
 */
public record DifftAttachment(String contentType, JsonNode authorizeId, String key, long size, String fileName,
        String digest, String url) {

    /** The descriptor of a {@code msg.attachment} object. */
    public static DifftAttachment fromJson(JsonNode a) {
        if (a == null || !a.isObject()) {
            throw new IllegalArgumentException("An attachment descriptor must be a JSON object");
        }
        JsonNode id = a.get("authorizeId");
        return new DifftAttachment(Json.text(a, "contentType"), id == null || id.isNull() ? null : id.deepCopy(),
                Json.text(a, "key"), a.path("size").asLong(0), Json.text(a, "fileName"), Json.text(a, "digest"),
                Json.text(a, "url"));
    }

    /** The {@code msg.attachment} object; absent fields are left out. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("contentType", contentType == null ? "application/octet-stream" : contentType);
        if (authorizeId != null) {
            o.set("authorizeId", authorizeId);
        }
        if (key != null) {
            o.put("key", key);
        }
        o.put("size", size);
        if (fileName != null) {
            o.put("fileName", fileName);
        }
        if (digest != null) {
            o.put("digest", digest);
        }
        if (url != null) {
            o.put("url", url);
        }
        return o;
    }

    /**
     * The descriptor as one string (its JSON), for {@link io.camelchat.common.ChatAttachment#getReference()}: a
     * received attachment's reference downloads it again with {@code difft:media?operation=download}.
     */
    public String reference() {
        return Json.write(toJson());
    }

    /** The descriptor of a {@link #reference()}. */
    public static DifftAttachment parse(String reference) {
        JsonNode json;
        try {
            json = Json.read(reference);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a Difft attachment reference (the JSON of msg.attachment)", e);
        }
        return fromJson(json);
    }

    /** The authorizeId as text. */
    public String authorizeIdText() {
        return authorizeId == null ? null : authorizeId.asText();
    }

    @Override
    public String toString() {
        // the key decrypts the file: never in logs
        return "DifftAttachment[" + fileName + ", " + contentType + ", " + size + " bytes, authorizeId "
               + authorizeIdText() + "]";
    }
}
