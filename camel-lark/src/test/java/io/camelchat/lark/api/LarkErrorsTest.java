package io.camelchat.lark.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Lark error code to its exception (the code decides, whatever the HTTP status): token codes are auth errors,
 * scope and membership codes are permission errors.
 */
class LarkErrorsTest {

    private static final LarkErrors INSPECTOR = new LarkErrors();

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of(401, 99991661, ChatAuthException.class),
                Arguments.of(401, 99991663, ChatAuthException.class),
                Arguments.of(400, 99991663, ChatAuthException.class),
                Arguments.of(401, 99991664, ChatAuthException.class),
                Arguments.of(401, 99991668, ChatAuthException.class),
                Arguments.of(400, 99991671, ChatAuthException.class),
                Arguments.of(403, 99991672, ChatPermissionException.class),
                Arguments.of(400, 99991672, ChatPermissionException.class),
                Arguments.of(403, 99991679, ChatPermissionException.class),
                Arguments.of(400, 230002, ChatPermissionException.class),
                Arguments.of(400, 230006, ChatPermissionException.class),
                Arguments.of(400, 230013, ChatPermissionException.class),
                Arguments.of(400, 230027, ChatPermissionException.class),
                Arguments.of(403, 1234567, ChatPermissionException.class),
                Arguments.of(429, 99991400, ChatRateLimitException.class),
                Arguments.of(400, 230020, ChatRateLimitException.class),
                Arguments.of(400, 230011, ChatNotFoundException.class),
                Arguments.of(400, 231003, ChatNotFoundException.class),
                Arguments.of(400, 230001, ChatApiException.class),
                Arguments.of(500, 1000, ChatApiException.class));
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> {2}")
    @MethodSource("codes")
    void codes(int status, int code, Class<? extends ChatApiException> expected) {
        ChatApiException e = inspect(status, Map.of("content-type", "application/json", "x-tt-logid", "log1"),
                "{\"code\":" + code + ",\"msg\":\"m\"}");
        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.getPlatformCode()).isEqualTo(Integer.toString(code));
        assertThat(e.getRequestId()).isEqualTo("log1");
    }

    static Stream<Arguments> statusesWithoutEnvelope() {
        return Stream.of(
                Arguments.of(401, ChatAuthException.class),
                Arguments.of(403, ChatPermissionException.class),
                Arguments.of(404, ChatNotFoundException.class),
                Arguments.of(502, ChatApiException.class));
    }

    @ParameterizedTest(name = "HTTP {0} without a code -> {1}")
    @MethodSource("statusesWithoutEnvelope")
    void statusesWithoutAnEnvelope(int status, Class<? extends ChatApiException> expected) {
        assertThat(inspect(status, Map.of("content-type", "text/html"), "<html>gateway</html>"))
                .isExactlyInstanceOf(expected);
    }

    @Test
    void successIsNoError() {
        assertThat(inspect(200, Map.of("content-type", "application/json"), "{\"code\":0,\"data\":{}}")).isNull();
    }

    private static ChatApiException inspect(int status, Map<String, String> headers, String body) {
        return INSPECTOR.inspect(ChatHttpRequest.post("https://open.larksuite.com/open-apis/im/v1/messages"),
                new ChatHttpResponse(status, headers, body.getBytes(StandardCharsets.UTF_8)));
    }
}
