package io.camelchat.common;

import java.util.List;
import java.util.Map;

import io.camelchat.common.testutil.TestHookComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatTargetTest {

    @Test
    void parsesKindAndIds() {
        ChatTarget t = ChatTarget.parse("group:cid42");
        assertThat(t.kind()).isEqualTo("group");
        assertThat(t.ids()).containsExactly("cid42");
        assertThat(t.singleId()).isEqualTo("cid42");
        assertThat(t).isEqualTo(ChatTarget.of("group", "cid42")).hasSameHashCodeAs(ChatTarget.of("group", "cid42"));
        assertThat(t.toString()).isEqualTo("group:cid42");
    }

    @Test
    void plusSurvivesUriDecoding() {
        ChatTarget written = ChatTarget.parse("user:+7645,+7646");
        ChatTarget decoded = ChatTarget.parse("user: 7645, 7646"); // what a decoded URI query hands over
        assertThat(written.ids()).containsExactly("+7645", "+7646");
        assertThat(decoded).isEqualTo(written);
        assertThat(decoded.toString()).isEqualTo("user:+7645,+7646");
    }

    @Test
    void blanksAroundNonNumericIdsAreTrimmedNotTurnedIntoPlus() {
        ChatTarget t = ChatTarget.parse(" user : alice , bob ,");
        assertThat(t.kind()).isEqualTo("user");
        assertThat(t.ids()).containsExactly("alice", "bob");
        assertThat(ChatTarget.restorePlus("  12")).isEqualTo("+12");
        assertThat(ChatTarget.restorePlus("12")).isEqualTo("12");
        assertThat(ChatTarget.restorePlus(" ")).isEmpty();
        assertThat(ChatTarget.restorePlus(null)).isNull();
    }

    @Test
    void rejectsMalformedTargetsWithClearMessages() {
        assertThatThrownBy(() -> ChatTarget.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No target given").hasMessageContaining(ChatHeaders.TO);
        assertThatThrownBy(() -> ChatTarget.parse("  ")).hasMessageContaining("No target given");
        for (String bad : List.of("cid42", ":cid42", "user:", " :cid42", "user: , ,")) {
            assertThatThrownBy(() -> ChatTarget.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("<kind>:<id>[,<id>...]");
        }
    }

    @Test
    void singleIdFailsForSeveralIds() {
        ChatTarget t = ChatTarget.parse("user:a,b");
        assertThatThrownBy(t::singleId).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user:a,b").hasMessageContaining("exactly one id");
    }

    @Test
    void camelDecodesPlusInQueryAsSpaceAndParseRestoresIt() throws Exception {
        Map<String, Object> query = URISupport.parseQuery("to=user:+7645,+7646");
        assertThat(query.get("to")).isEqualTo("user: 7645, 7646");
        assertThat(ChatTarget.parse((String) query.get("to")).ids()).containsExactly("+7645", "+7646");

        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("testhook", new TestHookComponent());
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            Exchange out = template.request("testhook:target?to=user:+7645", e -> e.getMessage().setBody("x"));
            assertThat(out.getException()).isNull();
            // what the component's option received, and what ChatTarget made of it
            assertThat(out.getMessage().getHeader("rawTo", String.class)).isEqualTo("user: 7645");
            assertThat(out.getMessage().getBody(String.class)).isEqualTo("user:+7645");

            // even a percent-encoded plus reaches the component as a space (Camel normalizes %2B to + first)
            Exchange encoded = template.request("testhook:target?to=user:%2B7646", e -> e.getMessage().setBody("x"));
            assertThat(encoded.getMessage().getHeader("rawTo", String.class)).isEqualTo("user: 7646");
            assertThat(encoded.getMessage().getBody(String.class)).isEqualTo("user:+7646");

            // only RAW(...) hands the plus over as written
            Exchange raw = template.request("testhook:target?to=RAW(user:+7647)", e -> e.getMessage().setBody("x"));
            assertThat(raw.getMessage().getHeader("rawTo", String.class)).isEqualTo("user:+7647");
            assertThat(raw.getMessage().getBody(String.class)).isEqualTo("user:+7647");
        }
    }
}
