package io.camelchat.dingtalk.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A robot message in DingTalk's own terms: a {@code msgKey} (message template) and its {@code msgParam} fields.
 * A producer sends it as is. The factories cover the common templates; any other {@code msgKey} works too.
 */
public record DingTalkSendRequest(String msgKey, Map<String, Object> msgParam) {

    public DingTalkSendRequest {
        Objects.requireNonNull(msgKey, "msgKey");
        msgParam = msgParam == null ? Map.of() : Map.copyOf(msgParam);
    }

    public static DingTalkSendRequest text(String content) {
        return new DingTalkSendRequest("sampleText", Map.of("content", content));
    }

    public static DingTalkSendRequest markdown(String title, String text) {
        return new DingTalkSendRequest("sampleMarkdown", Map.of("title", title, "text", text));
    }

    /** An image by URL or uploaded media id. */
    public static DingTalkSendRequest image(String photoUrlOrMediaId) {
        return new DingTalkSendRequest("sampleImageMsg", Map.of("photoURL", photoUrlOrMediaId));
    }

    public static DingTalkSendRequest file(String mediaId, String fileName, String fileType) {
        return new DingTalkSendRequest("sampleFile",
                Map.of("mediaId", mediaId, "fileName", fileName, "fileType", fileType));
    }

    public static DingTalkSendRequest link(String title, String text, String messageUrl, String picUrl) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("title", title);
        p.put("text", text);
        p.put("messageUrl", messageUrl);
        p.put("picUrl", picUrl == null ? "" : picUrl);
        return new DingTalkSendRequest("sampleLink", p);
    }

    /** An action card with one button. */
    public static DingTalkSendRequest actionCard(String title, String markdownText, String buttonTitle,
                                                 String buttonUrl) {
        return new DingTalkSendRequest("sampleActionCard",
                Map.of("title", title, "text", markdownText, "singleTitle", buttonTitle, "singleURL", buttonUrl));
    }

    /** An action card with two to five buttons: pairs of title and URL. */
    public static DingTalkSendRequest actionCard(String title, String markdownText, String... buttonTitlesAndUrls) {
        if (buttonTitlesAndUrls.length % 2 != 0 || buttonTitlesAndUrls.length < 4 || buttonTitlesAndUrls.length > 10) {
            throw new IllegalArgumentException("an action card takes 2 to 5 buttons, each a title and a URL");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("title", title);
        p.put("text", markdownText);
        for (int i = 0; i < buttonTitlesAndUrls.length / 2; i++) {
            p.put("actionTitle" + (i + 1), buttonTitlesAndUrls[2 * i]);
            p.put("actionURL" + (i + 1), buttonTitlesAndUrls[2 * i + 1]);
        }
        return new DingTalkSendRequest("sampleActionCard" + (buttonTitlesAndUrls.length / 2), p);
    }
}
