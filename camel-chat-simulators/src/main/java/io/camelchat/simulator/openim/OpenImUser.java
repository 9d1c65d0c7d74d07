package io.camelchat.simulator.openim;

/**
 * A registered user.
 *
 * @param userId         the user id
 * @param nickname       the nickname
 * @param faceUrl        the avatar URL
 * @param createTime     registration time in ms
 * @param appMangerLevel the app manager level (the server's spelling)
 */
public record OpenImUser(String userId, String nickname, String faceUrl, long createTime, int appMangerLevel) {
}
