package io.camelchat.difft;

/** What a Difft producer does. Which ones apply depends on the endpoint kind. */
public enum DifftOperation {
    /** message: send text, mentions, a quote, a card (markdown), a forward or an attachment to users or a group. */
    send,
    /** message: recall a sent message (header CamelChatMessageId, the id send returned). */
    recall,
    /** media: encrypt and upload bytes or a file, authorized for the target; the body becomes the attachment. */
    upload,
    /** media: download an attachment, check its MAC and digest and decrypt it. */
    download,
    /** media: authorize more users or a group to fetch an uploaded attachment. */
    authorize,
    /** media: remove authorizations of an attachment. */
    unauthorize,
    /** directory: accounts by wuid or email. */
    getAccounts,
    /** directory: the groups the bot is a member of. */
    getGroups,
    /** directory: a group's members. */
    getGroupMembers
}
