package io.camelchat.symphony.api;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Symphony's statuses to exceptions: 401 is "who are you" (log in again), 403 is "you may not" (never log in again). */
class SymphonyErrorsTest {

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(401, "{\"code\":401,\"message\":\"Invalid session\"}", ChatAuthException.class),
                Arguments.of(403, "{\"code\":403,\"message\":\"User is not a member of the stream\"}",
                        ChatPermissionException.class),
                Arguments.of(403, "{\"code\":403,\"message\":\"Missing entitlement: canSuppressMessage\"}",
                        ChatPermissionException.class),
                Arguments.of(404, "{\"code\":404,\"message\":\"Not found\"}", ChatNotFoundException.class),
                Arguments.of(429, "{\"code\":429,\"message\":\"Too many requests\"}", ChatRateLimitException.class),
                Arguments.of(400, "{\"code\":400,\"message\":\"Could not find a datafeed\"}", ChatApiException.class),
                Arguments.of(502, "<html>Bad Gateway</html>", ChatApiException.class));
    }

    @ParameterizedTest(name = "HTTP {0} -> {2}")
    @MethodSource("statuses")
    void statuses(int status, String body, Class<? extends ChatApiException> expected) {
        ChatApiException e = new SymphonyErrors().inspect(
                ChatHttpRequest.post("https://agent.example/agent/v4/stream/s/message/create"),
                new ChatHttpResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.getHttpStatus()).isEqualTo(status);
    }
}
