package io.camelchat.simulator.symphony;

/**
 * A pod user (also the bot's own service account).
 *
 * @param id          int64 user id
 * @param username    login name (internal users), may be {@code null}
 * @param email       e-mail address, may be {@code null}
 * @param firstName   first name, may be {@code null}
 * @param lastName    last name, may be {@code null}
 * @param displayName display name
 */
public record SymUser(long id, String username, String email, String firstName, String lastName, String displayName) {

    /** A user whose e-mail is {@code <username>@acme.example} and whose display name is the username. */
    public static SymUser of(long id, String username) {
        return new SymUser(id, username, username + "@acme.example", username, "", username);
    }
}
