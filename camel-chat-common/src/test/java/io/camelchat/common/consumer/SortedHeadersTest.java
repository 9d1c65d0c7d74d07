package io.camelchat.common.consumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.CaseInsensitiveMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SortedHeadersTest {

    @Test
    void theMapBuiltFromTheViewIsTheOneSetByName() {
        String[] names = { "CamelChatPlatform", "CamelChatEventType", "camelchatMessageId", "CamelSymphonyEventId",
                "CamelChatConversationId", "Zeta", "alpha", "CamelSymphonyMentions" };
        Object[] values = { "symphony", "message", "m1", "e1", "s1", 7L, true, List.of(1L, 2L) };
        for (int round = 0; round < 3; round++) { // the first sorts, the next ones take the remembered order
            Map<String, Object> byName = new CaseInsensitiveMap();
            for (int i = 0; i < names.length; i++) {
                byName.put(names[i], values[i]);
            }
            CaseInsensitiveMap built = new CaseInsensitiveMap(SortedHeaders.of(names, values, names.length));
            assertEquals(byName, built);
            assertEquals(List.copyOf(byName.keySet()), List.copyOf(built.keySet()));
            assertEquals("m1", built.get("CAMELCHATMESSAGEID"));
            assertEquals(7L, built.get("zeta"));
            // the tree is a working tree: look-ups, removals and additions by any case
            built.remove("camelchatplatform");
            built.put("Beta", "b");
            assertEquals(List.of("alpha", "Beta", "CamelChatConversationId", "CamelChatEventType",
                    "camelchatMessageId", "CamelSymphonyEventId", "CamelSymphonyMentions", "Zeta"),
                    List.copyOf(built.keySet()));
        }
    }

    @Test
    void onlyThePartGivenCounts() {
        String[] names = { "b", "a", "c" };
        Object[] values = { 2, 1, 3 };
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1);
        expected.put("b", 2);
        assertEquals(expected, new CaseInsensitiveMap(SortedHeaders.of(names, values, 2)));
    }

    @Test
    void namesThatDifferOnlyByCaseHaveNoView() {
        String[] names = { "CamelChatPlatform", "camelchatplatform" };
        assertNull(SortedHeaders.of(names, new Object[]{ "a", "b" }, 2));
        assertNull(SortedHeaders.of(names, new Object[]{ "a", "b" }, 2));
    }
}
