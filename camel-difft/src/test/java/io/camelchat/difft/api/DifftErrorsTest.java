package io.camelchat.difft.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatNotFoundException;
import io.camelchat.common.ChatRateLimitException;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The envelope of reference section 3 and the error types. */
class DifftErrorsTest {

    private static final DifftErrors ERRORS = new DifftErrors();

    private static ChatHttpRequest signed() {
        return ChatHttpRequest.post("http://x/v1/messages").signer(r -> Map.of());
    }

    private static ChatHttpResponse answer(int status, String body) {
        return new ChatHttpResponse(status, Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void successIsStatusZero() {
        assertThat(ERRORS.inspect(signed(), answer(200, "{\"ver\":1,\"status\":0,\"reason\":\"ok\",\"data\":{}}")))
                .isNull();
        assertThat(ERRORS.inspect(signed(), answer(200, "{\"status\":0,\"errors\":[],\"refID\":\"v1:1:+1\"}")))
                .isNull();
    }

    @Test
    void codesMapToTheCommonTypes() {
        assertThat(ERRORS.inspect(signed(), answer(401, "{\"ver\":1,\"status\":2,\"reason\":\"invalid signature\"}")))
                .isInstanceOf(ChatAuthException.class).hasMessageContaining("invalid signature")
                .hasMessageContaining("appSecret");
        assertThat(ERRORS.inspect(signed(), answer(200, "{\"status\":4,\"reason\":\"too many requests\"}")))
                .isInstanceOf(ChatRateLimitException.class)
                .satisfies(e -> assertThat(((ChatRateLimitException) e).getRetryAfter())
                        .isEqualTo(DifftErrors.RATE_LIMIT_WAIT));
        assertThat(ERRORS.inspect(signed(), answer(200, "{\"status\":3,\"reason\":\"group not found\"}")))
                .isInstanceOf(ChatNotFoundException.class);
        ChatApiException send = ERRORS.inspect(signed(), answer(200, "{\"status\":7,\"error\":\"no way\"}"));
        assertThat(send).isExactlyInstanceOf(ChatApiException.class).hasMessageContaining("no way");
        assertThat(send.getPlatformCode()).isEqualTo("7");
        assertThat(ERRORS.inspect(signed(), answer(200, "not json"))).hasMessageContaining("not a JSON object");
        assertThat(ERRORS.inspect(signed(), answer(200, "{\"ver\":1,\"reason\":\"ok\"}")))
                .as("no status is no success").hasMessageContaining("no numeric status");
        assertThat(ERRORS.inspect(signed(), answer(200, "{\"status\":\"ok\"}")))
                .hasMessageContaining("no numeric status");
        assertThat(ERRORS.inspect(signed(), answer(200, "{\"status\":\"0\"}"))).isNull();
        assertThat(ERRORS.inspect(signed(), answer(503, "oops")).getHttpStatus()).isEqualTo(503);
    }

    @Test
    void storageTransfersAreJudgedByTheirHttpStatusOnly() {
        ChatHttpRequest storage = ChatHttpRequest.get("http://x/oss/download/t");
        assertThat(ERRORS.inspect(storage, answer(200, "{\"status\":5}"))).isNull();
        assertThat(ERRORS.inspect(storage, answer(204, ""))).as("any 2xx").isNull();
        assertThat(ERRORS.inspect(storage, answer(404, "NoSuchKey"))).isInstanceOf(ChatNotFoundException.class);
    }
}
