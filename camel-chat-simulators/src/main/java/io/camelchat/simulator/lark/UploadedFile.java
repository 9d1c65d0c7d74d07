package io.camelchat.simulator.lark;

/**
 * Something the bot uploaded through {@code /open-apis/im/v1/images} or {@code /open-apis/im/v1/files}.
 *
 * @param key         {@code image_key} ({@code img_v2_...}) or {@code file_key} ({@code file_v2_...})
 * @param kind        {@code image} or {@code file}
 * @param type        {@code image_type} ({@code message}/{@code avatar}) or {@code file_type}
 *                    ({@code opus}, {@code mp4}, {@code pdf}, {@code doc}, {@code xls}, {@code ppt}, {@code stream})
 * @param name        {@code file_name} for files, the multipart file name for images
 * @param contentType content type of the multipart part (may be {@code null})
 * @param duration    {@code duration} in ms for opus/mp4 files, else {@code null}
 * @param bytes       the content
 * @param createdAt   epoch ms
 */
public record UploadedFile(String key, String kind, String type, String name, String contentType, Integer duration,
        byte[] bytes, long createdAt) {
}
