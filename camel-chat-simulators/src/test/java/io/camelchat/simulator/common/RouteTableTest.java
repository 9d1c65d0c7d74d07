package io.camelchat.simulator.common;

import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

    private static SimRequest request(String method, String path) {
        return new SimRequest(method, path, path, Map.of(), new DefaultHttpHeaders(), new byte[0], Map.of(), false);
    }

    private static String dispatch(RouteTable<String> t, String method, String path) {
        return t.dispatch(request(method, path), path, r -> "404");
    }

    @Test
    void matchesMethodLiteralsParametersAndTails() {
        RouteTable<String> t = new RouteTable<String>()
                .add("POST", "/im/v1/messages", r -> "send")
                .add("GET", "/im/v1/messages/:id", (r, p) -> "get " + p.get("id"))
                .add("POST", "/im/v1/messages/:id/reply", (r, p) -> "reply " + p.get("id"))
                .add("GET", "/files/**", r -> "file " + r.path().substring("/files/".length()))
                .add("*", "/any", r -> "any " + r.method());
        assertThat(dispatch(t, "POST", "/im/v1/messages")).isEqualTo("send");
        assertThat(dispatch(t, "GET", "/im/v1/messages")).isEqualTo("404");
        assertThat(dispatch(t, "GET", "/im/v1/messages/om_1")).isEqualTo("get om_1");
        assertThat(dispatch(t, "GET", "/im/v1/messages/")).isEqualTo("get ");
        assertThat(dispatch(t, "POST", "/im/v1/messages/om_1/reply")).isEqualTo("reply om_1");
        assertThat(dispatch(t, "GET", "/im/v1/messages/om_1/reply")).isEqualTo("404");
        assertThat(dispatch(t, "GET", "/files/a/b")).isEqualTo("file a/b");
        assertThat(dispatch(t, "GET", "/files/")).isEqualTo("file ");
        assertThat(dispatch(t, "GET", "/files")).isEqualTo("404");
        assertThat(dispatch(t, "DELETE", "/any")).isEqualTo("any DELETE");
        assertThat(dispatch(t, "GET", "/any/")).isEqualTo("404");
    }

    @Test
    void theFirstMatchingRouteAnswers() {
        RouteTable<String> t = new RouteTable<String>()
                .add("GET", "/users/batch", r -> "404 by rule")
                .add("GET", "/users/:id", (r, p) -> "user " + p.get("id"));
        assertThat(List.of(dispatch(t, "GET", "/users/batch"), dispatch(t, "GET", "/users/u1")))
                .containsExactly("404 by rule", "user u1");
    }
}
