package io.camelchat.simulator.dingtalk;

/**
 * A file uploaded through {@code /media/upload}.
 *
 * @param mediaId     the returned {@code media_id}
 * @param type        {@code image}, {@code voice}, {@code video} or {@code file}
 * @param fileName    file name of the multipart part
 * @param contentType content type of the multipart part
 * @param bytes       the content
 * @param createdAt   epoch ms
 */
public record UploadedMedia(String mediaId, String type, String fileName, String contentType, byte[] bytes,
        long createdAt) {
}
