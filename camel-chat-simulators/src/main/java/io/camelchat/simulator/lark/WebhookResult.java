package io.camelchat.simulator.lark;

/**
 * What a webhook consumer answered to the simulator's HTTP push.
 *
 * @param status         HTTP status (-1 if the request failed at transport level)
 * @param body           response body (or the transport error text)
 * @param answerVerified url verification: the answer is JSON with the same {@code challenge}; everything else: HTTP 200
 * @param first          {@link Tamper#REPLAY} only: the answer to the first of the two identical requests, else
 *                       {@code null}
 */
public record WebhookResult(int status, String body, boolean answerVerified, WebhookResult first) {
}
