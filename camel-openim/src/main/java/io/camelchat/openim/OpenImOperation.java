package io.camelchat.openim;

/** What an OpenIM producer does. Which ones apply depends on the endpoint kind. */
public enum OpenImOperation {
    /** message: send text, markdown, a picture, a file, mentions, a quote or custom data to a user or a group. */
    send,
    /** message: revoke a sent message (header CamelChatMessageId, the id send returned). */
    recall,
    /** media: upload bytes or a file to the server's object storage; the body becomes its URL. */
    upload,
    /** media: download an object by URL or name. */
    download,
    /** directory: users' public profiles by id. */
    getUsers,
    /** directory: a group's details by id. */
    getGroup,
    /** directory: a group's members. */
    getGroupMembers
}
