package io.camelchat.lark;

/** What a Lark producer does. Which ones apply depends on the endpoint kind; {@code call} applies to every kind. */
public enum LarkOperation {
    /** message: send to a user or chat. */
    send,
    /** message: reply to the incoming message (header CamelChatMessageId), in its thread with replyInThread. */
    reply,
    /** message: recall a message by the id send returned. */
    recall,
    /** message: replace the card of an interactive message. */
    update,
    /** message: edit the text of a sent text or post message. */
    edit,
    /** media: upload an image or file and get its key. */
    upload,
    /** media: download a resource (image or file) of a received message. */
    download,
    /** directory: a user by id (open_id, user_id or union_id). */
    getUser,
    /** directory: a user's id by email. */
    getUserByEmail,
    /** directory: a user's id by mobile number. */
    getUserByMobile,
    /** directory: the chats the bot is in. */
    listChats,
    /** any kind: any other Lark API; method, path, query and JSON body from headers or the body, token added. */
    call
}
