package io.camelchat.dingtalk;

/** What a DingTalk producer does. Which ones apply depends on the endpoint kind. */
public enum DingTalkOperation {
    /** message: send to users (1:1) or a group. */
    send,
    /** message: answer the incoming message through its session webhook, else send to its conversation. */
    reply,
    /** message: recall a message by the id {@code send} returned. */
    recall,
    /** media: upload a file and get its media id. */
    upload,
    /** media: download a file received in a message (by its download code). */
    download,
    /** directory: a user by user id. */
    getUser,
    /** directory: a user by mobile number. */
    getUserByMobile,
    /** directory: a group (scene group) by open conversation id. */
    getGroup,
    /** directory: the user ids of a group's members. */
    listGroupMembers
}
