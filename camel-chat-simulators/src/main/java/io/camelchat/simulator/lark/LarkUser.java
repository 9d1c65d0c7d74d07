package io.camelchat.simulator.lark;

/**
 * A user of the simulated tenant.
 *
 * @param openId  {@code ou_...} id of the user for this app
 * @param userId  tenant-wide user id (free text)
 * @param unionId {@code on_...} id across the developer's apps
 * @param name    display name
 * @param email   e-mail address (may be {@code null})
 * @param mobile  mobile number such as {@code +8613800000000} (may be {@code null})
 */
public record LarkUser(String openId, String userId, String unionId, String name, String email, String mobile) {
}
