package io.camelchat.common.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.common.http.ScriptedHttpServer.Answer;
import io.camelchat.common.token.AccessToken;
import io.camelchat.common.token.AccessTokenCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * "You may not" is not "who are you": a 403 is a {@link ChatPermissionException}, never an auth error, never retried,
 * and a token cache neither drops its token nor fetches another for it.
 */
class PermissionErrorTest {

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(401, ChatAuthException.class),
                Arguments.of(403, ChatPermissionException.class),
                Arguments.of(404, ChatNotFoundException.class),
                Arguments.of(429, ChatRateLimitException.class),
                Arguments.of(400, ChatApiException.class),
                Arguments.of(500, ChatApiException.class));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @MethodSource("statuses")
    void errorForStatusTypesEachStatus(int status, Class<? extends ChatApiException> expected) {
        ChatApiException e = ChatHttpClient.errorForStatus("test", ChatHttpRequest.post("http://localhost/v1/send"),
                new ChatHttpResponse(status, Map.of(), new byte[0]), "c", "m", "r");
        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.getHttpStatus()).isEqualTo(status);
    }

    @Test
    void aPermissionErrorIsNeitherAnAuthErrorNorRetryable() {
        ChatApiException e = ChatHttpClient.errorForStatus("test", ChatHttpRequest.get("http://localhost/v1/room"),
                new ChatHttpResponse(403, Map.of(), new byte[0]), null, "not a member", null);
        assertThat(e).isInstanceOf(ChatPermissionException.class).isNotInstanceOf(ChatAuthException.class);
        assertThat(e.isRejectedBeforeProcessing()).isTrue();
        assertThat(e.getMessage()).isEqualTo("test GET /v1/room failed: HTTP 403: not a member");
    }

    @Test
    void a403OnAnIdempotentCallIsSentOnce() throws IOException {
        try (ScriptedHttpServer server = new ScriptedHttpServer();
                ChatHttpClient client = new ChatHttpClient("test", config(), ChatHttpClientTest.INSPECTOR)) {
            server.answer(Answer.of(403, "{\"code\":\"403\",\"msg\":\"not a member\"}"), Answer.of(200, "{}"));
            ChatPermissionException e = catchThrowableOfType(ChatPermissionException.class,
                    () -> client.execute(ChatHttpRequest.get(server.url("/v1/room")).idempotent(true)));
            assertThat(e.getPlatformMessage()).isEqualTo("not a member");
            assertThat(server.seen()).hasSize(1);
            assertThat(client.getRetryCount()).isZero();
        }
    }

    @Test
    void aPermissionCodeIsNotRetriedWhateverItsStatus() throws IOException {
        // a platform whose permission code comes with a 5xx: the code decides, and nobody retries a refusal
        ResponseInspector inspector = (request, response) -> response.status() >= 400
                ? new ChatPermissionException("test", request.operation(), response.status(), "no-scope", "denied",
                        null)
                : null;
        try (ScriptedHttpServer server = new ScriptedHttpServer();
                ChatHttpClient client = new ChatHttpClient("test", config(), inspector)) {
            server.answer(Answer.of(500, "{}"), Answer.of(200, "{}"));
            catchThrowableOfType(ChatPermissionException.class,
                    () -> client.execute(ChatHttpRequest.get(server.url("/v1/x")).idempotent(true)));
            assertThat(server.seen()).hasSize(1);
        }
    }

    @Test
    void aTokenCacheKeepsItsTokenOnAPermissionError() {
        AtomicInteger fetched = new AtomicInteger();
        AccessTokenCache cache = new AccessTokenCache("test app",
                () -> new AccessToken("t" + fetched.incrementAndGet(), Instant.now().plus(Duration.ofHours(2))),
                Duration.ofMinutes(3));
        AtomicInteger attempts = new AtomicInteger();
        ChatPermissionException e = catchThrowableOfType(ChatPermissionException.class, () -> cache.call(token -> {
            attempts.incrementAndGet();
            throw new ChatPermissionException("test", "POST /send", 403, "99991672", "scope missing", null);
        }));
        assertThat(e.getPlatformCode()).isEqualTo("99991672");
        assertThat(attempts).as("not tried again with a new token").hasValue(1);
        assertThat(cache.getFetchCount()).isEqualTo(1);
        assertThat(cache.get()).as("the token was not dropped").isEqualTo("t1");
    }

    private static ChatHttpClientConfig config() {
        return new ChatHttpClientConfig().setConnectTimeout(Duration.ofSeconds(5))
                .setResponseTimeout(Duration.ofSeconds(5))
                .setInitialRetryDelay(Duration.ofMillis(20)).setMaxRetries(3).setRetryBudget(Duration.ofSeconds(5));
    }
}
