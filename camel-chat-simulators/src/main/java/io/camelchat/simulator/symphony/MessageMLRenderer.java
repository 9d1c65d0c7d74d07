package io.camelchat.simulator.symphony;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import io.camelchat.simulator.common.Json;

/**
 * Turns MessageML into what the agent stores and shows: checks that it is well-formed XML with a {@code messageML}
 * root (or PresentationML), turns {@code <mention/>}, {@code <hash/>} and {@code <cash/>} into {@code span.entity}
 * elements with their EntityJSON merged into {@code data}, and wraps the result in a PresentationML {@code div}.
 */
final class MessageMLRenderer {

    private static final Pattern MENTION = Pattern.compile("<mention\\s+(uid|email)\\s*=\\s*\"([^\"]*)\"\\s*/>");
    private static final Pattern HASH = Pattern.compile("<(hash|cash)\\s+tag\\s*=\\s*\"([^\"]*)\"\\s*/>");
    private static final Pattern ROOT_OPEN = Pattern.compile("^<messageML(\\s[^>]*)?>");

    /** The stored form of a message: PresentationML and the EntityJSON text. */
    record Rendered(String presentationML, String data) {
    }

    private MessageMLRenderer() {
    }

    /**
     * Renders MessageML with optional EntityJSON {@code data}; mentions are resolved among {@code users}.
     *
     * @throws IllegalArgumentException with the agent's 400 message when the message or data is invalid
     */
    static Rendered render(String messageML, String data, Collection<SymUser> users) {
        String text = messageML.trim();
        Map<String, Object> entities = new LinkedHashMap<>();
        if (data != null && !data.isBlank()) {
            Map<String, Object> d = Json.tryParseObject(data);
            if (d == null) {
                throw new IllegalArgumentException("Error parsing data: not a JSON object");
            }
            entities.putAll(d);
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            var doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            String root = doc.getDocumentElement().getTagName();
            boolean pml = "div".equals(root) && "PresentationML".equals(doc.getDocumentElement()
                    .getAttribute("data-format"));
            if (!"messageML".equals(root) && !pml) {
                throw new IllegalArgumentException("Error parsing message: root element must be <messageML>");
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("Error parsing message: " + e.getMessage());
        }
        int[] n = { entities.size() + 1 };
        StringBuilder sb = new StringBuilder();
        Matcher mm = MENTION.matcher(text);
        while (mm.find()) {
            SymUser u = null;
            for (SymUser x : users) {
                if ("uid".equals(mm.group(1)) ? String.valueOf(x.id()).equals(mm.group(2))
                        : mm.group(2).equalsIgnoreCase(x.email())) {
                    u = x;
                }
            }
            if (u == null) {
                throw new IllegalArgumentException("Error parsing message: unknown user in mention " + mm.group(2));
            }
            String key = "mention" + n[0]++;
            entities.put(key, Map.of("id", List.of(Map.of("type", "com.symphony.user.userId",
                    "value", String.valueOf(u.id()))), "type", "com.symphony.user.mention"));
            mm.appendReplacement(sb, Matcher.quoteReplacement("<span class=\"entity\" data-entity-id=\"" + key + "\">@"
                                                              + escape(u.displayName()) + "</span>"));
        }
        mm.appendTail(sb);
        Matcher hm = HASH.matcher(sb.toString());
        StringBuilder sb2 = new StringBuilder();
        while (hm.find()) {
            boolean hash = "hash".equals(hm.group(1));
            String key = (hash ? "keyword" : "cash") + n[0]++;
            entities.put(key, hash
                    ? Map.of("id", List.of(Map.of("type", "org.symphonyoss.taxonomy.hashtag", "value", hm.group(2))),
                            "type", "org.symphonyoss.taxonomy", "version", "1.0")
                    : Map.of("id", List.of(Map.of("type", "org.symphonyoss.fin.security.id.ticker",
                            "value", hm.group(2))), "type", "org.symphonyoss.fin.security", "version", "1.0"));
            hm.appendReplacement(sb2, Matcher.quoteReplacement("<span class=\"entity\" data-entity-id=\"" + key + "\">"
                                                               + (hash ? "#" : "$") + hm.group(2) + "</span>"));
        }
        hm.appendTail(sb2);
        String out = sb2.toString();
        Matcher root = ROOT_OPEN.matcher(out);
        if (root.find()) {
            out = "<div data-format=\"PresentationML\" data-version=\"2.0\">" + out.substring(root.end());
            if (out.endsWith("</messageML>")) {
                out = out.substring(0, out.length() - "</messageML>".length()) + "</div>";
            }
        } else if (out.startsWith("<messageML/>") || out.startsWith("<messageML />")) {
            out = "<div data-format=\"PresentationML\" data-version=\"2.0\"></div>";
        }
        return new Rendered(out, Json.write(entities));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

}
