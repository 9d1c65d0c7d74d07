package io.camelchat.simulator.dingtalk;

/**
 * What a webhook consumer answered to the simulator's HTTP push.
 *
 * @param status         HTTP status (-1 if the request failed at transport level)
 * @param body           response body (or the transport error text)
 * @param answerVerified encrypted style: the answer decrypted to {@code success} with a valid signature and owner
 *                       key; robot style: status 200
 */
public record WebhookResult(int status, String body, boolean answerVerified) {
}
