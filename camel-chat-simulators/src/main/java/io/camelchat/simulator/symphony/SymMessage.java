package io.camelchat.simulator.symphony;

import java.util.List;

/**
 * A message stored by the simulator (sent by the bot through the agent, or posted by a played user).
 *
 * @param messageId        URL-safe id
 * @param streamId         URL-safe stream id
 * @param senderId         author user id
 * @param messageML        the markup as posted (MessageML)
 * @param presentationML   the PresentationML handed out to readers
 * @param data             EntityJSON as a string ({@code "{}"} when none)
 * @param attachments      stored attachments
 * @param timestamp        epoch ms
 * @param replacing        id of the message this one updates, or {@code null}
 * @param initialMessageId first version's id (= messageId for an original)
 * @param silent           the {@code silent} flag of an update
 * @param userAgent        the {@code User-Agent} request header (bot messages), may be {@code null}
 */
public record SymMessage(String messageId, String streamId, long senderId, String messageML, String presentationML,
        String data, List<SymAttachment> attachments, long timestamp, String replacing, String initialMessageId,
        boolean silent, String userAgent) {
}
