package io.camelchat.simulator.lark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.camelchat.simulator.common.FormPart;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;
import io.camelchat.simulator.lark.LarkState.Blob;

import static io.camelchat.simulator.lark.LarkErrors.CODE_EMPTY_FILE;
import static io.camelchat.simulator.lark.LarkErrors.CODE_FILE_NOT_IN_MSG;
import static io.camelchat.simulator.lark.LarkErrors.CODE_INVALID_PARAM;
import static io.camelchat.simulator.lark.LarkErrors.CODE_NOT_IN_CHAT;
import static io.camelchat.simulator.lark.LarkErrors.CODE_TOO_LARGE;
import static io.camelchat.simulator.lark.LarkErrors.CODE_UPLOAD_PARAM;
import static io.camelchat.simulator.lark.LarkErrors.error;
import static io.camelchat.simulator.lark.LarkErrors.fieldError;
import static io.camelchat.simulator.lark.LarkErrors.ok;

/**
 * The file and chat calls of Lark's IM API: image and file uploads and their downloads, message resource downloads,
 * and the bot's group chats (list and get).
 */
final class ImResourceApi {

    static final Set<String> FILE_TYPES = Set.of("opus", "mp4", "pdf", "doc", "xls", "ppt", "stream");
    static final int MAX_IMAGE = 10 * 1024 * 1024;
    static final int MAX_FILE = 30 * 1024 * 1024;

    private final LarkState state;
    private final String tenantKey;

    ImResourceApi(LarkState state, String tenantKey) {
        this.state = state;
        this.tenantKey = tenantKey;
    }

    // ---------------------------------------------------------------- uploads and downloads

    /** {@code POST /open-apis/im/v1/images} (multipart {@code image_type}, {@code image}). */
    SimResponse uploadImage(SimRequest r) {
        FormPart type = r.part("image_type");
        FormPart image = r.part("image");
        if (type == null || !Set.of("message", "avatar").contains(type.text())) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: image_type must be message or avatar.");
        }
        if (image == null || !image.file()) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: image is required (a file part).");
        }
        if (image.bytes().length == 0) {
            return error(400, CODE_EMPTY_FILE, "File's size can't be 0.");
        }
        if (image.bytes().length > MAX_IMAGE) {
            return error(400, CODE_TOO_LARGE, "The file size exceeds the limit (10 MB).");
        }
        String key = "img_v2_" + UUID.randomUUID();
        String ct = image.contentType() == null ? "image/png" : image.contentType();
        state.addUpload(new Blob(key, "image", image.bytes(), image.fileName(), ct),
                new UploadedFile(key, "image", type.text(), image.fileName(), image.contentType(), null, image.bytes(),
                        System.currentTimeMillis()));
        return ok(Map.of("image_key", key));
    }

    /** {@code POST /open-apis/im/v1/files} (multipart {@code file_type}, {@code file_name}, {@code file}, ...). */
    SimResponse uploadFile(SimRequest r) {
        FormPart type = r.part("file_type");
        FormPart name = r.part("file_name");
        FormPart file = r.part("file");
        FormPart duration = r.part("duration");
        if (type == null || !FILE_TYPES.contains(type.text())) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: file_type must be one of " + FILE_TYPES);
        }
        if (name == null || name.text().isBlank()) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: file_name is required.");
        }
        Integer dur = null;
        if (duration != null && !duration.text().isBlank()) {
            try {
                dur = Integer.valueOf(duration.text().trim());
            } catch (NumberFormatException e) {
                return error(400, CODE_UPLOAD_PARAM, "Invalid request param: duration must be an integer.");
            }
        }
        if (file == null || !file.file()) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: file is required (a file part).");
        }
        if (file.bytes().length == 0) {
            return error(400, CODE_EMPTY_FILE, "File's size can't be 0.");
        }
        if (file.bytes().length > MAX_FILE) {
            return error(400, CODE_TOO_LARGE, "The file size exceeds the limit (30 MB).");
        }
        String key = "file_v2_" + UUID.randomUUID();
        String ct = file.contentType() == null ? "application/octet-stream" : file.contentType();
        state.addUpload(new Blob(key, "file", file.bytes(), name.text(), ct),
                new UploadedFile(key, "file", type.text(), name.text(), file.contentType(), dur, file.bytes(),
                        System.currentTimeMillis()));
        return ok(Map.of("file_key", key));
    }

    private static SimResponse binary(Blob b) {
        String name = b.name() == null ? b.key() : b.name();
        return SimResponse.bytes(200, b.contentType(), b.bytes())
                .withHeader("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"")
                .withHeader("X-Tt-Logid", LarkErrors.logId());
    }

    /** {@code GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image|file}. */
    SimResponse download(SimRequest r, String messageId, String key) {
        String type = r.query("type");
        if (type == null || !Set.of("image", "file").contains(type)) {
            return fieldError("type", "type must be image or file");
        }
        return state.locked(() -> {
            LarkState.StoredMessage m = state.message(messageId);
            if (m == null) {
                return error(400, CODE_INVALID_PARAM, "The message is not found, message_id: " + messageId);
            }
            Blob b = state.resource(key);
            String field = "image".equals(type) ? "image_key" : "file_key";
            if (b == null || !b.kind().equals(type) || !references(m.content, field, key)) {
                return error(400, CODE_FILE_NOT_IN_MSG, "File not in msg.");
            }
            return binary(b);
        });
    }

    /** Whether a key appears as the value of {@code field} anywhere in the content (post elements included). */
    private static boolean references(Object node, String field, String key) {
        if (node instanceof Map<?, ?> m) {
            if (key.equals(m.get(field))) {
                return true;
            }
            for (Object v : m.values()) {
                if (references(v, field, key)) {
                    return true;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                if (references(v, field, key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code GET /open-apis/im/v1/images/:key} and {@code /files/:key}: a file the bot uploaded. */
    SimResponse downloadUpload(String key, String kind) {
        Blob b = state.resource(key);
        if (b == null || !b.kind().equals(kind) || !state.isUpload(key)) {
            return error(400, CODE_UPLOAD_PARAM, "Invalid request param: unknown " + kind + " key.");
        }
        return binary(b);
    }

    // ---------------------------------------------------------------- chats

    private Map<String, Object> chatJson(LarkChat c, boolean full) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (!full) {
            o.put("chat_id", c.chatId());
        }
        o.put("avatar", "https://s1-imfile.feishucdn.com/static-resource/v1/default-avatar_" + c.chatId());
        o.put("name", c.name());
        o.put("description", "");
        o.put("owner_id", c.members().isEmpty() ? "" : c.members().get(0));
        o.put("owner_id_type", "open_id");
        o.put("external", false);
        o.put("tenant_key", tenantKey);
        o.put("chat_status", "normal");
        if (full) {
            o.put("chat_mode", "group");
            o.put("chat_type", "private");
            o.put("user_count", String.valueOf(c.members().size()));
            o.put("bot_count", "1");
        }
        return o;
    }

    /** {@code GET /open-apis/im/v1/chats} ({@code page_size}, {@code page_token}, {@code sort_type}). */
    SimResponse listChats(SimRequest r) {
        int size = 20;
        String ps = r.query("page_size");
        if (ps != null) {
            try {
                size = Integer.parseInt(ps);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > 100) {
                return fieldError("page_size", "page_size must be between 1 and 100");
            }
        }
        int from = 0;
        String pt = r.query("page_token");
        if (pt != null && !pt.isEmpty()) {
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(pt), StandardCharsets.UTF_8)
                        .replace("chats:", ""));
            } catch (IllegalArgumentException e) {
                return fieldError("page_token", "invalid page_token");
            }
        }
        List<LarkChat> all = new ArrayList<>(state.chats());
        if ("ByActiveTimeDesc".equals(r.query("sort_type"))) {
            Collections.reverse(all);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = from; i < Math.min(all.size(), from + size); i++) {
            items.add(chatJson(all.get(i), false));
        }
        boolean more = from + size < all.size();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("items", items);
        data.put("page_token", more ? Base64.getEncoder().encodeToString(("chats:" + (from + size))
                .getBytes(StandardCharsets.UTF_8)) : "");
        data.put("has_more", more);
        return ok(data);
    }

    /** {@code GET /open-apis/im/v1/chats/:chat_id}. */
    SimResponse getChat(String chatId) {
        LarkChat c = state.chat(chatId);
        if (c == null) {
            return error(400, CODE_NOT_IN_CHAT, "Bot/User can NOT be out of the chat.");
        }
        return ok(chatJson(c, true));
    }
}
