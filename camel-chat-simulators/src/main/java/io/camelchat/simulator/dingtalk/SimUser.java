package io.camelchat.simulator.dingtalk;

/**
 * A member of the simulated organisation.
 *
 * @param userId  org user id ({@code staffId}, {@code senderStaffId})
 * @param unionId union id
 * @param name    display name ({@code senderNick})
 * @param mobile  mobile number (look-up key of {@code /topapi/v2/user/getbymobile})
 * @param email   e-mail address
 */
public record SimUser(String userId, String unionId, String name, String mobile, String email) {
}
