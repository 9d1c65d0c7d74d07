package io.camelchat.simulator.symphony;

/**
 * One call to an authentication endpoint.
 *
 * @param endpoint request path, e.g. {@code /login/pubkey/authenticate}
 * @param username the bot name claimed ({@code sub}, or the client certificate's CN), may be {@code null}
 * @param success  whether a token was issued
 * @param reason   why it failed ({@code null} on success)
 * @param at       epoch ms
 */
public record AuthRecord(String endpoint, String username, boolean success, String reason, long at) {
}
