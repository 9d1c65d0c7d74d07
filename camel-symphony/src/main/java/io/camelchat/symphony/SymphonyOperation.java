package io.camelchat.symphony;

/** What a Symphony producer does. Which ones apply depends on the endpoint kind. */
public enum SymphonyOperation {
    /** message: send MessageML (with data and attachments) to a stream, a user or an email address. */
    send,
    /** message: replace a sent message (header CamelChatMessageId). */
    update,
    /** message: suppress a message (needs the content-management entitlement). */
    suppress,
    /** message: a message by id. */
    get,
    /** media: download an attachment of a message. */
    download,
    /** directory: a user by id. */
    getUser,
    /** directory: a user by email. */
    getUserByEmail,
    /** directory: a user by username. */
    getUserByUsername,
    /** directory: a room's details by stream id. */
    getRoom
}
