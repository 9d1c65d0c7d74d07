package io.camelchat.simulator.openim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A bare JDK HTTP client for the OpenIM API: POST JSON with operationID and token headers. */
final class ImHttp {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private ImHttp() {
    }

    static Map<String, Object> parse(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static String json(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** POST with a fresh operationID; {@code token} null: no token header. Returns the raw answer. */
    static HttpResponse<String> raw(OpenImSimulator sim, String path, String token, boolean operationId, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.apiUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json(body)));
        if (operationId) {
            b.header("operationID", UUID.randomUUID().toString());
        }
        if (token != null) {
            b.header("token", token);
        }
        return send(b.build());
    }

    /** The envelope of a POST (asserting HTTP 200). */
    static Map<String, Object> post(OpenImSimulator sim, String path, String token, Object body) {
        HttpResponse<String> r = raw(sim, path, token, true, body);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return parse(r.body());
    }

    /** The data of a successful POST (asserting errCode 0). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> ok(OpenImSimulator sim, String path, String token, Object body) {
        Map<String, Object> env = post(sim, path, token, body);
        assertThat(env.get("errCode")).as(path + " -> " + env).isEqualTo(0);
        assertThat(env).containsEntry("errMsg", "").containsEntry("errDlt", "");
        return (Map<String, Object>) env.get("data");
    }

    /** Asserts an error envelope with the code and the code's errMsg; returns errDlt. */
    static String error(OpenImSimulator sim, String path, String token, Object body, int code, String errMsg) {
        Map<String, Object> env = post(sim, path, token, body);
        assertThat(env.get("errCode")).as(path + " -> " + env).isEqualTo(code);
        assertThat(env.get("errMsg")).isEqualTo(errMsg);
        assertThat(env).doesNotContainKey("data");
        return (String) env.get("errDlt");
    }

    static String adminToken(OpenImSimulator sim) {
        return (String) ok(sim, "/auth/get_admin_token", null,
                Map.of("secret", sim.secret(), "userID", sim.adminUserId())).get("token");
    }

    static String userToken(OpenImSimulator sim, String admin, String userId, int platformId) {
        return (String) ok(sim, "/auth/get_user_token", admin, Map.of("userID", userId, "platformID", platformId))
                .get("token");
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static HttpResponse<byte[]> sendBytes(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
