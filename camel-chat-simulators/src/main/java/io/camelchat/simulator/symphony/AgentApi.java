package io.camelchat.simulator.symphony;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.camelchat.simulator.common.FormPart;
import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.ProtocolLog;
import io.camelchat.simulator.common.RouteTable;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

import static io.camelchat.simulator.symphony.SymphonyErrors.error;
import static io.camelchat.simulator.symphony.SymphonyErrors.now;

/**
 * The agent API a bot uses ({@code /agent/...}, after the session and key-manager checks): datafeeds v2 and v1
 * (answered by {@link Datafeeds}), message create and update (multipart MessageML, data, attachments), message get
 * and attachment download. Message calls run with the {@link SymWorld}'s lock held.
 */
final class AgentApi {

    private final SymphonySettings settings;
    private final SymWorld world;
    private final ProtocolLog protocolLog;
    private final Supplier<String> agentUrl;
    private final RouteTable<CompletionStage<SimResponse>> routes = new RouteTable<>();

    AgentApi(SymphonySettings settings, SymWorld world, Datafeeds datafeeds, ProtocolLog protocolLog,
             Supplier<String> agentUrl) {
        this.settings = settings;
        this.world = world;
        this.protocolLog = protocolLog;
        this.agentUrl = agentUrl;
        String v5 = "/agent/v5/datafeeds";
        String v4 = "/agent/v4/datafeed";
        routes.add("POST", v5, r -> now(datafeeds.create(r)))
                .add("GET", v5, r -> now(datafeeds.list(r)))
                .add("DELETE", v5 + "/:id", (r, p) -> now(datafeeds.delete(p.get("id"))))
                .add("POST", v5 + "/:id/read", (r, p) -> datafeeds.read(p.get("id"), r))
                .add("*", v5, r -> now(error(405, "Method not allowed")))
                .add("*", v5 + "/**", r -> now(error(405, "Method not allowed")))
                .add("POST", v4 + "/create", r -> now(datafeeds.createV1()))
                .add("GET", v4 + "/:id/read", (r, p) -> datafeeds.readV1(p.get("id"), r))
                .add("*", v4, r -> now(error(405, "Method not allowed")))
                .add("*", v4 + "/**", r -> now(error(405, "Method not allowed")))
                .add("POST", "/agent/v4/stream/:sid/message/create",
                        (r, p) -> now(locked(() -> createMessage(p.get("sid"), r, null))))
                .add("POST", "/agent/v4/stream/:sid/message/:mid/update",
                        (r, p) -> now(locked(() -> createMessage(p.get("sid"), r, p.get("mid")))))
                .add("GET", "/agent/v1/message/:id", (r, p) -> now(locked(() -> getMessage(p.get("id")))))
                .add("GET", "/agent/v1/stream/:sid/attachment",
                        (r, p) -> now(locked(() -> attachment(p.get("sid"), r))));
    }

    /** Answers an agent call (unknown ones: 404); {@link SymphonyErrors.BadRequest}s thrown by handlers propagate. */
    CompletionStage<SimResponse> handle(SimRequest r) {
        return routes.dispatch(r, r.path(), req -> now(error(404, "Not found")));
    }

    private SimResponse locked(Supplier<SimResponse> call) {
        return world.locked(call);
    }

    /** {@code GET /agent/v1/info} (no tokens needed). */
    Map<String, Object> agentInfo() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ipAddress", "127.0.0.1");
        o.put("hostname", "localhost");
        o.put("serverFqdn", agentUrl.get());
        o.put("version", "25.8.1");
        o.put("url", agentUrl.get());
        o.put("onPrem", false);
        o.put("mt", false);
        o.put("commitId", "simulator");
        return o;
    }

    private SimResponse getMessage(String id) {
        SymMessage msg = world.message(id);
        if (msg == null) {
            return SymphonyErrors.noContent();
        }
        world.visibleStream(msg.streamId());
        return SimResponse.json(200, Json.write(world.views().v4Message(msg)));
    }

    /** Message create ({@code replacingId} null) or update. */
    private SimResponse createMessage(String sid, SimRequest r, String replacingId) {
        long botId = settings.bot().id();
        SymStream s = world.stream(sid);
        if (s == null) {
            return error(400, "Stream " + sid + " not found");
        }
        if (!s.members.contains(botId)) {
            return error(403, "User is not a member of the stream " + sid);
        }
        SymMessage original = null;
        if (replacingId != null) {
            original = world.message(replacingId);
            if (original == null || !original.streamId().equals(sid)) {
                return error(400, "Message " + replacingId + " not found in stream " + sid);
            }
            if (original.senderId() != botId) {
                return error(403, "Only the author can update a message");
            }
            if (world.isSuppressed(replacingId)) {
                return error(400, "Message " + replacingId + " has been suppressed");
            }
        }
        String ct = r.header("Content-Type");
        if (ct == null || !ct.toLowerCase().startsWith("multipart/form-data")) {
            protocolLog.add("message " + (replacingId == null ? "create" : "update") + " with Content-Type " + ct);
            return error(400, "Content-Type must be multipart/form-data");
        }
        FormPart msgPart = r.part("message");
        if (msgPart == null || msgPart.text().isBlank()) {
            return error(400, "Message is required");
        }
        FormPart dataPart = r.part("data");
        String data = dataPart == null ? null : dataPart.text();
        FormPart silentPart = r.part("silent");
        boolean silent = silentPart != null && "true".equalsIgnoreCase(silentPart.text().trim());
        MessageMLRenderer.Rendered rendered;
        try {
            rendered = MessageMLRenderer.render(msgPart.text(), data, world.users());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        List<SymAttachment> atts = new ArrayList<>();
        long total = 0;
        for (FormPart p : r.parts("attachment")) {
            total += p.bytes().length;
            atts.add(new SymAttachment("internal_" + world.nextSerial() + "_" + SymphonyErrors.hex(8),
                    p.fileName() != null ? p.fileName() : "attachment", p.contentType(), p.bytes()));
        }
        if (total > settings.maxAttachmentBytes()) {
            return error(400, "Attachments exceed the maximum size of " + settings.maxAttachmentBytes() + " bytes");
        }
        if (original != null && atts.isEmpty()) {
            atts.addAll(original.attachments());
        }
        long ts = System.currentTimeMillis();
        String id = SymphonyErrors.newId();
        SymMessage msg = new SymMessage(id, sid, botId, msgPart.text(), rendered.presentationML(), rendered.data(),
                List.copyOf(atts), ts, replacingId, original != null ? original.initialMessageId() : id, silent,
                r.header("User-Agent"));
        world.addSent(msg);
        world.publish(world.views().messageSentEvent(msg));
        return SimResponse.json(200, Json.write(world.views().v4Message(msg)));
    }

    private SimResponse attachment(String sid, SimRequest r) {
        SymStream s = world.stream(sid);
        if (s == null) {
            return error(400, "Stream " + sid + " not found");
        }
        if (!s.members.contains(settings.bot().id())) {
            return error(403, "User is not a member of the stream " + sid);
        }
        String fileId = r.query("fileId");
        String messageId = r.query("messageId");
        SymMessage msg = messageId == null ? null : world.message(messageId);
        if (fileId == null || msg == null || !msg.streamId().equals(sid)) {
            return error(400, "Attachment not found");
        }
        for (SymAttachment a : msg.attachments()) {
            if (a.id().equals(fileId)) {
                return SimResponse.bytes(200, "application/octet-stream", Base64.getEncoder().encode(a.bytes()));
            }
        }
        return error(400, "Attachment not found");
    }
}
