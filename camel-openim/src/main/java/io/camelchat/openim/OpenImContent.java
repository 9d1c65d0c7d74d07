package io.camelchat.openim;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelchat.common.Json;

/**
 * The typed content of an OpenIM message, read from its content JSON by content type (the element names and keys of
 * the official SDKs). Content types not listed here, and content that is not JSON, are kept as {@link Unknown}.
 * Every element keeps the JSON it was read from ({@link #json()}).
 */
public sealed interface OpenImContent {

    int TEXT = 101;
    int PICTURE = 102;
    int SOUND = 103;
    int VIDEO = 104;
    int FILE = 105;
    int AT_TEXT = 106;
    int MERGER = 107;
    int CARD = 108;
    int LOCATION = 109;
    int CUSTOM = 110;
    int TYPING = 113;
    int QUOTE = 114;
    int FACE = 115;
    int ADVANCED_TEXT = 117;
    int MARKDOWN = 118;
    int CUSTOM_NOT_TRIGGER_CONVERSATION = 119;
    int CUSTOM_ONLINE_ONLY = 120;
    /** Notifications are 1000 to 5000 (e.g. 1501 group created, 2101 message revoked). */
    int NOTIFICATION_BEGIN = 1000;
    int NOTIFICATION_END = 5000;
    int OA_NOTIFICATION = 1400;
    int REVOKE_NOTIFICATION = 2101;

    /** The content type (101 text, 102 picture, ...). */
    int contentType();

    /** The content JSON as received (a JSON string when the content was not JSON). */
    JsonNode json();

    /** A plain text rendering: the text, a file's name, a location's description, a notification's detail, ... */
    String text();

    /** The size, dimensions and URL of one picture. */
    record PictureInfo(String uuid, String type, long size, int width, int height, String url) {
        static PictureInfo of(JsonNode n) {
            if (n == null || !n.isObject()) {
                return null;
            }
            return new PictureInfo(Json.text(n, "uuid"), Json.text(n, "type"), n.path("size").asLong(),
                    n.path("width").asInt(), n.path("height").asInt(), Json.text(n, "url"));
        }
    }

    /** 101: plain text. */
    record Text(String content, JsonNode json) implements OpenImContent {
        public int contentType() {
            return TEXT;
        }

        public String text() {
            return content;
        }
    }

    /** 102: a picture: the original, a big and a snapshot (thumbnail) version. */
    record Picture(String sourcePath, PictureInfo sourcePicture, PictureInfo bigPicture, PictureInfo snapshotPicture,
            JsonNode json)
            implements
                OpenImContent {
        public int contentType() {
            return PICTURE;
        }

        public String text() {
            return "[picture]";
        }

        /** The URL of the best version there is. */
        public String url() {
            for (PictureInfo p : new PictureInfo[]{ sourcePicture, bigPicture, snapshotPicture }) {
                if (p != null && p.url() != null && !p.url().isBlank()) {
                    return p.url();
                }
            }
            return null;
        }
    }

    /** 103: a voice message; duration in seconds. */
    record Sound(String uuid, String sourceUrl, long dataSize, long duration, String soundType, JsonNode json)
            implements
                OpenImContent {
        public int contentType() {
            return SOUND;
        }

        public String text() {
            return "[voice]";
        }
    }

    /** 104: a video and its snapshot. */
    record Video(String videoUuid, String videoUrl, String videoType, long videoSize, long duration, String snapshotUrl,
            JsonNode json)
            implements
                OpenImContent {
        public int contentType() {
            return VIDEO;
        }

        public String text() {
            return "[video]";
        }
    }

    /** 105: a file. */
    record File(String uuid, String sourceUrl, String fileName, long fileSize, String fileType, JsonNode json)
            implements
                OpenImContent {
        public int contentType() {
            return FILE;
        }

        public String text() {
            return fileName == null ? "[file]" : fileName;
        }
    }

    /** 106: text with mentions (atUserList; AtAllTag for everyone), maybe quoting a message. */
    record AtText(String text, List<String> atUserList, JsonNode atUsersInfo, JsonNode quoteMessage, boolean isAtSelf,
            JsonNode json)
            implements
                OpenImContent {
        public int contentType() {
            return AT_TEXT;
        }

        /** The mention of everyone in atUserList. */
        public static final String AT_ALL = "AtAllTag";

        public boolean mentionsAll() {
            return atUserList.contains(AT_ALL);
        }
    }

    /** 107: several messages forwarded as one. */
    record Merger(String title, List<String> abstractList, JsonNode multiMessage, JsonNode json)
            implements
                OpenImContent {
        public int contentType() {
            return MERGER;
        }

        public String text() {
            return title == null ? "[chat history]" : title;
        }
    }

    /** 108: a user's card. */
    record Card(String userId, String nickname, String faceUrl, String ex, JsonNode json) implements OpenImContent {
        public int contentType() {
            return CARD;
        }

        public String text() {
            return "[card] " + (nickname == null ? userId : nickname);
        }
    }

    /** 109: a location. */
    record Location(String description, double longitude, double latitude, JsonNode json) implements OpenImContent {
        public int contentType() {
            return LOCATION;
        }

        public String text() {
            return description != null && !description.isBlank() ? description : latitude + "," + longitude;
        }
    }

    /** 110 (also 119 and 120): an application's own data. */
    record Custom(int contentType, String data, String description, String extension, JsonNode json)
            implements
                OpenImContent {
        public String text() {
            return data;
        }
    }

    /** 114: text replying to a quoted message (kept as its JSON). */
    record Quote(String text, JsonNode quoteMessage, JsonNode json) implements OpenImContent {
        public int contentType() {
            return QUOTE;
        }

        /** The quoted message's id (clientMsgID), or null. */
        public String quotedClientMsgId() {
            return quoteMessage == null ? null : Json.text(quoteMessage, "clientMsgID");
        }
    }

    /** 115: a sticker. */
    record Face(int index, String data, JsonNode json) implements OpenImContent {
        public int contentType() {
            return FACE;
        }

        public String text() {
            return "[face]";
        }
    }

    /** 117: text with entities (links, mentions, ...). */
    record AdvancedText(String text, JsonNode messageEntityList, JsonNode json) implements OpenImContent {
        public int contentType() {
            return ADVANCED_TEXT;
        }
    }

    /** 118: markdown. */
    record Markdown(String content, JsonNode json) implements OpenImContent {
        public int contentType() {
            return MARKDOWN;
        }

        public String text() {
            return content;
        }
    }

    /** 1000 to 5000: a notification; detail is the JSON of its tips, as a string. */
    record Notification(int contentType, String detail, JsonNode json) implements OpenImContent {
        public String text() {
            return detail;
        }

        /** The detail parsed as JSON, or null when it is not JSON. */
        public JsonNode detailJson() {
            try {
                return detail == null ? null : Json.read(detail);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Any other content type (typing 113, reactions, ...), or content that is not JSON. */
    record Unknown(int contentType, JsonNode json) implements OpenImContent {
        public String text() {
            return json == null ? null : json.isTextual() ? json.asText() : json.toString();
        }
    }

    /** Reads the content of a message of {@code contentType}. */
    static OpenImContent of(int contentType, String content) {
        JsonNode json;
        try {
            json = content == null || content.isBlank() ? Json.MAPPER.createObjectNode() : Json.read(content);
        } catch (RuntimeException e) {
            json = Json.MAPPER.getNodeFactory().textNode(content);
        }
        if (!json.isObject()) {
            return new Unknown(contentType, json);
        }
        if (contentType >= NOTIFICATION_BEGIN && contentType <= NOTIFICATION_END) {
            return new Notification(contentType, Json.text(json, "detail"), json);
        }
        return switch (contentType) {
            case TEXT -> new Text(Json.text(json, "content"), json);
            case PICTURE -> new Picture(Json.text(json, "sourcePath"), PictureInfo.of(json.get("sourcePicture")),
                    PictureInfo.of(json.get("bigPicture")), PictureInfo.of(json.get("snapshotPicture")), json);
            case SOUND -> new Sound(Json.text(json, "uuid"), Json.text(json, "sourceUrl"),
                    json.path("dataSize").asLong(), json.path("duration").asLong(), Json.text(json, "soundType"), json);
            case VIDEO -> new Video(Json.text(json, "videoUUID"), Json.text(json, "videoUrl"),
                    Json.text(json, "videoType"), json.path("videoSize").asLong(), json.path("duration").asLong(),
                    Json.text(json, "snapshotUrl"), json);
            case FILE -> new File(Json.text(json, "uuid"), Json.text(json, "sourceUrl"), Json.text(json, "fileName"),
                    json.path("fileSize").asLong(), Json.text(json, "fileType"), json);
            case AT_TEXT -> new AtText(Json.text(json, "text"), strings(json.path("atUserList")),
                    json.get("atUsersInfo"), object(json.get("quoteMessage")), json.path("isAtSelf").asBoolean(),
                    json);
            case MERGER -> new Merger(Json.text(json, "title"), strings(json.path("abstractList")),
                    json.get("multiMessage"), json);
            case CARD -> new Card(Json.text(json, "userID"), Json.text(json, "nickname"), Json.text(json, "faceURL"),
                    Json.text(json, "ex"), json);
            case LOCATION -> new Location(Json.text(json, "description"), json.path("longitude").asDouble(),
                    json.path("latitude").asDouble(), json);
            case CUSTOM, CUSTOM_NOT_TRIGGER_CONVERSATION, CUSTOM_ONLINE_ONLY -> new Custom(contentType,
                    Json.text(json, "data"), Json.text(json, "description"), Json.text(json, "extension"), json);
            case QUOTE -> new Quote(Json.text(json, "text"), object(json.get("quoteMessage")), json);
            case FACE -> new Face(json.path("index").asInt(), Json.text(json, "data"), json);
            case ADVANCED_TEXT -> new AdvancedText(Json.text(json, "text"), json.get("messageEntityList"), json);
            case MARKDOWN -> new Markdown(Json.text(json, "content"), json);
            default -> new Unknown(contentType, json);
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return List.copyOf(list);
    }

    private static JsonNode object(JsonNode node) {
        return node instanceof ObjectNode ? node : null;
    }
}
