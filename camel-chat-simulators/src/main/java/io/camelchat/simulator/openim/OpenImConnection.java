package io.camelchat.simulator.openim;

/**
 * An open gateway connection as a test sees it.
 *
 * @param userId      the {@code sendID} that logged in
 * @param platformId  the platform id
 * @param sdkType     {@code go} (gob frames) or {@code js} (JSON frames)
 * @param gzip        whether frames are gzip-compressed ({@code compression=gzip})
 * @param token       the token presented
 * @param sdkVersion  the {@code sdkVersion} query parameter ({@code ""} when absent)
 * @param background  the state last set with 2004 (false after login, whatever {@code isBackground} said)
 * @param operationId the {@code operationID} query parameter ({@code ""} when absent)
 */
public record OpenImConnection(String userId, int platformId, String sdkType, boolean gzip, String token,
        String sdkVersion, boolean background, String operationId) {
}
