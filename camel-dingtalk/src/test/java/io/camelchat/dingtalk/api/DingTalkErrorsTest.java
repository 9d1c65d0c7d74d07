package io.camelchat.dingtalk.api;

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
 * Every DingTalk error shape to its exception: a 403 is a rate limit when its code is a QPS or quota code, a
 * permission error otherwise; only 401 and the token errcodes are auth errors.
 */
class DingTalkErrorsTest {

    private static final DingTalkErrors INSPECTOR = new DingTalkErrors();

    static Stream<Arguments> newApi() {
        return Stream.of(
                Arguments.of(401, "InvalidAuthentication", ChatAuthException.class),
                Arguments.of(400, "InvalidAuthentication", ChatAuthException.class),
                Arguments.of(401, null, ChatAuthException.class),
                Arguments.of(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", ChatRateLimitException.class),
                Arguments.of(403, "Forbidden.AccessDenied.QpsLimitForApi", ChatRateLimitException.class),
                Arguments.of(403, "Forbidden.AccessDenied.ApiCountLimitForOrg", ChatRateLimitException.class),
                Arguments.of(429, "Throttling", ChatRateLimitException.class),
                Arguments.of(403, "Forbidden.AccessDenied.AccessTokenPermissionDenied", ChatPermissionException.class),
                Arguments.of(403, "Forbidden.AccessDenied.IpNotInWhiteList", ChatPermissionException.class),
                Arguments.of(403, null, ChatPermissionException.class),
                Arguments.of(400, "Forbidden.AccessDenied.AccessTokenPermissionDenied", ChatPermissionException.class),
                Arguments.of(404, "InvalidAction.NotFound", ChatNotFoundException.class),
                Arguments.of(400, "MissingParameter", ChatApiException.class),
                Arguments.of(500, "ServiceUnavailable", ChatApiException.class));
    }

    @ParameterizedTest(name = "HTTP {0} code {1} -> {2}")
    @MethodSource("newApi")
    void newApiErrors(int status, String code, Class<? extends ChatApiException> expected) {
        String body = code == null ? "{\"message\":\"m\",\"requestid\":\"r1\"}"
                : "{\"code\":\"" + code + "\",\"message\":\"m\",\"requestid\":\"r1\"}";
        ChatApiException e = inspect(status, body);
        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.getHttpStatus()).isEqualTo(status);
        assertThat(e.getPlatformCode()).isEqualTo(code);
        assertThat(e.getRequestId()).isEqualTo("r1");
    }

    static Stream<Arguments> oldApi() {
        return Stream.of(
                Arguments.of(40014, ChatAuthException.class),
                Arguments.of(42001, ChatAuthException.class),
                Arguments.of(40001, ChatAuthException.class),
                Arguments.of(40089, ChatAuthException.class),
                Arguments.of(41001, ChatAuthException.class),
                Arguments.of(60011, ChatPermissionException.class),
                Arguments.of(60020, ChatPermissionException.class),
                Arguments.of(50002, ChatPermissionException.class),
                Arguments.of(50004, ChatPermissionException.class),
                Arguments.of(90018, ChatRateLimitException.class),
                Arguments.of(90002, ChatRateLimitException.class),
                Arguments.of(90020, ChatRateLimitException.class),
                Arguments.of(130101, ChatRateLimitException.class),
                Arguments.of(60121, ChatNotFoundException.class),
                Arguments.of(33012, ChatNotFoundException.class),
                Arguments.of(40035, ChatApiException.class),
                Arguments.of(-1, ChatApiException.class));
    }

    @ParameterizedTest(name = "errcode {0} -> {1}")
    @MethodSource("oldApi")
    void oldApiErrcodes(int errcode, Class<? extends ChatApiException> expected) {
        ChatApiException e = inspect(200, "{\"errcode\":" + errcode + ",\"errmsg\":\"m\",\"request_id\":\"r2\"}");
        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.getPlatformCode()).isEqualTo(Integer.toString(errcode));
    }

    static Stream<Arguments> subCodes() {
        return Stream.of(
                Arguments.of(60011, ChatPermissionException.class),
                Arguments.of(40014, ChatAuthException.class),
                Arguments.of(90018, ChatRateLimitException.class));
    }

    @ParameterizedTest(name = "errcode 88 sub_code {0} -> {1}")
    @MethodSource("subCodes")
    void errcode88IsReadThroughItsSubCode(int subCode, Class<? extends ChatApiException> expected) {
        ChatApiException e = inspect(200, "{\"errcode\":88,\"sub_code\":\"" + subCode + "\",\"sub_msg\":\"s\","
                                          + "\"errmsg\":\"ding talk error[subcode=" + subCode + ",submsg=s]\"}");
        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.getPlatformCode()).isEqualTo(Integer.toString(subCode));
        assertThat(e.getPlatformMessage()).contains("subcode=" + subCode);
    }

    @Test
    void errcode88WithoutASubCodeIsAPlainError() {
        assertThat(inspect(200, "{\"errcode\":88,\"errmsg\":\"auth exception\"}"))
                .isExactlyInstanceOf(ChatApiException.class);
    }

    @Test
    void successIsNoError() {
        assertThat(inspect(200, "{\"errcode\":0,\"errmsg\":\"ok\"}")).isNull();
        assertThat(inspect(200, "{\"processQueryKey\":\"k\"}")).isNull();
    }

    private static ChatApiException inspect(int status, String body) {
        return INSPECTOR.inspect(ChatHttpRequest.post("https://api.dingtalk.com/v1.0/robot/groupMessages/send"),
                new ChatHttpResponse(status, Map.of("content-type", "application/json"),
                        body.getBytes(StandardCharsets.UTF_8)));
    }
}
