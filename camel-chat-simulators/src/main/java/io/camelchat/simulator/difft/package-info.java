/**
 * The Difft (wea) bot open API simulator ({@link io.camelchat.simulator.difft.DifftSimulator}) and its parts.
 *
 * <h2>Not yet</h2>
 * <ul>
 * <li>{@code REFRESH} card updates (seen only in S2), {@code mentions}, {@code context} (threads) and {@code msg.refID}
 * in inbound data; {@code POST /v1/groups}, adding members, {@code /difftoss/v1/uploadPic}, the OAuth user info API.</li>
 * <li>Webhook calls to an https consumer use the JDK's default trust (no trust store option).</li>
 * </ul>
 *
 * <h2>UNVERIFIED choices</h2>
 * <ul>
 * <li>All error codes and reasons beyond {@code 0} (section 3 conventions); failures also carry {@code error} (the
 * send API's SDK reads it); invalid parameters are status 1 with HTTP 200; unknown paths are HTTP 404.</li>
 * <li>The nonce is checked, and remembered, only after the HMAC matched (2.3 lists it before the HMAC; this way a
 * forged request cannot burn a client's nonce).</li>
 * <li>The timestamp window (5 min), nonce replay per app within the window, and requiring signed
 * {@code Content-Length}/{@code Content-Type} on a request with a body.</li>
 * <li>The query canonicalisation follows the Python SDK ({@code parse_qs}: {@code +} decodes to a space, empty values
 * dropped); the JS SDK's {@code a=1&b=2} form is refused.</li>
 * <li>{@code src} must be the wuid of the bot of the signing app; {@code operator}, when given, too.</li>
 * <li>The rate limit's scope (per app, on {@code /v1/messages} only, or one window shared with the two file calls)
 * and its rejection (status 4, not HTTP 429).</li>
 * <li>Recall has no time limit; a recall is answered {@code {"status":0,"errors":[]}} without {@code refID}.</li>
 * <li>{@code authorizeId} is a JSON string of digits (the reference leaves string vs number open); storage and
 * download URLs never expire; a storage {@code PUT} before confirmation replaces the blob; files are never deleted; a
 * storage {@code PUT} with a {@code Content-Type} is refused with 403 {@code SignatureDoesNotMatch}, as a URL presigned
 * with an empty content type answers (the SDKs send none).
 * </li>
 * <li>The checks of a message's attachment against the stored file, the blob length check and the download rights
 * (uploader, numbers, group members) are the simulator's; the reference does not say the server makes them.</li>
 * <li>Websocket: the batch size (10), a held fetch, commit as a pure acknowledgement, redelivery on a drop and
 * after {@code ackTimeout} (60 s), 1008 after an accepted upgrade for an app without permission (the reference's
 * 8.3 contract); inbound data carry {@code srcDevice} 1 and {@code fromName}, no {@code msg.refID}, distinct
 * millisecond timestamps so refIDs never collide; a user's direct file is authorized for the bot alone, a group
 * file for the group.</li>
 * <li>Members answer {@code data.gid}, {@code data.name} and {@code data.members}.</li>
 * <li>The whole webhook path (section 9 is a convention, not observed): request shape, signing, the accepted answers,
 * redelivery on anything else, one call at a time per app (in order), the 10 s default timeout.</li>
 * <li>Inbound shapes the reference leaves open: a user's card ({@code card {id, content, creator, timestamp}}, no
 * {@code msg}), {@code forwarded} ({@code id}, {@code type} 0, {@code isFromGroup}, {@code author}, {@code text},
 * {@code attachments}), a user's recall ({@code refID} empty as 4.7), the {@code RECEIPT} payload
 * ({@code receipt {type:"READ", timestamps}}); a forwarded file is authorized for the bot or the group.</li>
 * <li>Fault conventions: an injected failure's envelope (status 5), malformed frames taking the place of a batch (one
 * per fetch).</li>
 * </ul>
 */
package io.camelchat.simulator.difft;
