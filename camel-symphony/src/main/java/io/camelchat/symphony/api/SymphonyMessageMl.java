package io.camelchat.symphony.api;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelchat.common.ChatMention;
import io.camelchat.common.ChatMessage;
import io.camelchat.common.Json;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * MessageML (what a bot sends) and PresentationML (what it receives): turning text into valid MessageML, and
 * PresentationML back into text, mentions and hashtags.
 */
public final class SymphonyMessageMl {

    private SymphonyMessageMl() {
    }

    /**
     * Escapes text for MessageML: XML's special characters, and the characters the agent's template engine would
     * otherwise interpret ({@code $}, {@code #}).
     */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '$' -> sb.append("&#36;");
                case '#' -> sb.append("&#35;");
                case '\n' -> sb.append("<br/>");
                case '\r' -> {
                }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Text as a MessageML message. */
    public static String fromText(String text) {
        return "<messageML>" + escape(text) + "</messageML>";
    }

    /** Whether a body is already MessageML (sent as is). */
    public static boolean isMessageMl(String body) {
        String s = body.stripLeading();
        return s.startsWith("<messageML") || s.startsWith("<div data-format=\"PresentationML\"");
    }

    /**
     * A {@link ChatMessage} as MessageML: mentions of Symphony users as {@code <mention uid>}, then the text (or the
     * markdown as plain text: MessageML has no markdown), escaped.
     */
    public static String fromChatMessage(ChatMessage message, boolean mentionsAreSymphonyIds) {
        StringBuilder sb = new StringBuilder("<messageML>");
        if (mentionsAreSymphonyIds) {
            for (ChatMention m : message.getMentions()) {
                if (m.id().matches("\\d+")) {
                    sb.append("<mention uid=\"").append(m.id()).append("\"/> ");
                }
            }
        }
        if (message.getTitle() != null && !message.getTitle().isBlank()) {
            sb.append("<b>").append(escape(message.getTitle())).append("</b><br/>");
        }
        sb.append(escape(message.getPlainText()));
        return sb.append("</messageML>").toString();
    }

    /**
     * The text content of PresentationML: every text node in document order, trimmed (mentions appear as rendered,
     * e.g. {@code @Alice}). Text that is not well-formed XML is returned without its tags.
     */
    public static String text(String presentationMl) {
        if (presentationMl == null || presentationMl.isBlank()) {
            return "";
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document doc = b.parse(new InputSource(new StringReader(presentationMl)));
            StringBuilder sb = new StringBuilder();
            collect(doc.getDocumentElement(), sb);
            return sb.toString().strip();
        } catch (Exception e) {
            return presentationMl.replaceAll("<[^>]*>", "").strip();
        }
    }

    private static void collect(Node node, StringBuilder sb) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                sb.append(child.getNodeValue());
            } else if (child.getNodeType() == Node.ELEMENT_NODE) {
                collect(child, sb);
            }
        }
    }

    /** User ids mentioned, from a message's EntityJSON ({@code data}). */
    public static List<Long> mentions(String entityJson) {
        return entityValues(entityJson, "com.symphony.user.mention", true);
    }

    /** Hashtags, from a message's EntityJSON ({@code data}). */
    public static List<String> hashtags(String entityJson) {
        List<String> out = new ArrayList<>();
        for (Object v : entityValues(entityJson, "org.symphonyoss.taxonomy", false)) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> entityValues(String entityJson, String type, boolean asLong) {
        List<T> out = new ArrayList<>();
        if (entityJson == null || entityJson.isBlank() || !entityJson.contains(type)) {
            return out; // most messages have no entities of this type: no need to parse
        }
        JsonNode root;
        try {
            root = Json.read(entityJson);
        } catch (IllegalArgumentException e) {
            return out;
        }
        root.fields().forEachRemaining(entry -> {
            JsonNode entity = entry.getValue();
            if (type.equals(Json.text(entity, "type"))) {
                for (JsonNode id : entity.path("id")) {
                    String value = Json.text(id, "value");
                    if (value != null) {
                        if (asLong) {
                            try {
                                out.add((T) Long.valueOf(value.trim()));
                            } catch (NumberFormatException ignored) {
                                // not a user id
                            }
                        } else {
                            out.add((T) value);
                        }
                    }
                }
            }
        });
        return out;
    }
}
