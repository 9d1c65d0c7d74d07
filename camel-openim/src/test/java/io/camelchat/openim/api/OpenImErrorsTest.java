package io.camelchat.openim.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.camelchat.common.ChatApiException;
import io.camelchat.common.ChatAuthException;
import io.camelchat.common.ChatPermissionException;
import io.camelchat.common.http.ChatHttpRequest;
import io.camelchat.common.http.ChatHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How OpenIM's answers (HTTP 200 and an errCode) become exceptions. */
class OpenImErrorsTest {

    private final OpenImErrors errors = new OpenImErrors();
    private final ChatHttpRequest request = ChatHttpRequest.post("http://im/msg/newest_seq")
            .header(OpenImErrors.OPERATION_ID, "op-42").header("token", "tok-SECRET");

    private ChatApiException inspect(int status, String body) {
        return errors.inspect(request, new ChatHttpResponse(status, Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void successIsNoError() {
        assertThat(inspect(200, "{\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\",\"data\":{}}")).isNull();
        assertThat(inspect(200, "")).isNull();
    }

    @Test
    void tokenCodesAreAuthenticationFailures() {
        for (int code = 1501; code <= 1507; code++) {
            ChatApiException e = inspect(200, "{\"errCode\":" + code + ",\"errMsg\":\"TokenExpiredError\"}");
            assertThat(e).as("code %d", code).isInstanceOf(ChatAuthException.class);
            assertThat(e.getPlatformCode()).isEqualTo(Integer.toString(code));
        }
    }

    @Test
    void permissionCodesAreNeverRetriedNorReLogins() {
        assertThat(inspect(200, "{\"errCode\":1002,\"errMsg\":\"NoPermissionError\",\"errDlt\":\"only app manager\"}"))
                .isInstanceOf(ChatPermissionException.class).hasMessageContaining("only app manager");
        assertThat(inspect(200, "{\"errCode\":1520,\"errMsg\":\"OrgUserNoPermissionError\"}"))
                .isInstanceOf(ChatPermissionException.class);
    }

    @Test
    void otherCodesCarryCodeMessageAndOperationId() {
        ChatApiException e = inspect(200, "{\"errCode\":1004,\"errMsg\":\"RecordNotFoundError\",\"errDlt\":\"msg\"}");
        assertThat(e).isExactlyInstanceOf(ChatApiException.class);
        assertThat(e.getPlatformCode()).isEqualTo("1004");
        assertThat(e.getRequestId()).isEqualTo("op-42");
        assertThat(e.getMessage()).contains("RecordNotFoundError", "op-42", "POST /msg/newest_seq")
                .doesNotContain("SECRET");
    }

    @Test
    void httpStatusesAreJudgedWhenTheAnswerIsNoEnvelope() {
        assertThat(inspect(503, "busy")).isExactlyInstanceOf(ChatApiException.class)
                .satisfies(e -> assertThat(e.getHttpStatus()).isEqualTo(503));
        assertThat(inspect(200, "<html>ok</html>")).isNull();
    }
}
