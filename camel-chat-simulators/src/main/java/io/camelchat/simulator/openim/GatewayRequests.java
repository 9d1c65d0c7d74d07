package io.camelchat.simulator.openim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.camelchat.simulator.openim.proto.SimMsg.GetConversationsHasReadAndMaxSeqReq;
import io.camelchat.simulator.openim.proto.SimMsg.GetConversationsHasReadAndMaxSeqResp;
import io.camelchat.simulator.openim.proto.SimMsg.SendMsgResp;
import io.camelchat.simulator.openim.proto.SimMsg.Seqs;
import io.camelchat.simulator.openim.proto.SimPush.DelUserPushTokenReq;
import io.camelchat.simulator.openim.proto.SimSdkws.GetMaxSeqReq;
import io.camelchat.simulator.openim.proto.SimSdkws.GetMaxSeqResp;
import io.camelchat.simulator.openim.proto.SimSdkws.MsgData;
import io.camelchat.simulator.openim.proto.SimSdkws.PullMessageBySeqsReq;
import io.camelchat.simulator.openim.proto.SimSdkws.PullMessageBySeqsResp;
import io.camelchat.simulator.openim.proto.SimSdkws.PullMsgs;
import io.camelchat.simulator.openim.proto.SimSdkws.SeqRange;
import io.camelchat.simulator.openim.proto.SimSdkws.SetAppBackgroundStatusReq;

/**
 * The gateway's request handlers (ReqIdentifier 1001, 1002, 1003, 1004, 1006, 2003, 2004, 2005). A reply copies
 * ReqIdentifier, MsgIncr and OperationID; an error reply carries the code and its fixed errMsg and no Data. 1005 and
 * 1007 are not simulated: they get ServerInternalError and a protocol-log entry. Unknown identifiers close the
 * connection without a reply.
 */
final class GatewayRequests {

    private interface Handler {
        byte[] handle(GatewayConn c, byte[] data) throws InvalidProtocolBufferException;
    }

    private final OpenImSimulator sim;
    private final MsgGateway gateway;

    GatewayRequests(OpenImSimulator sim, MsgGateway gateway) {
        this.sim = sim;
        this.gateway = gateway;
    }

    void handle(GatewayConn c, int id, String msgIncr, String opId, byte[] data) {
        Handler h = switch (id) {
            case 1001 -> this::newestSeq;
            case 1002 -> this::pull;
            case 1004 -> (conn, d) -> {
                throw ImError.args("msgData is nil");
            };
            case 1006 -> this::hasReadAndMaxSeq;
            case 2004 -> this::background;
            case 2005 -> (conn, d) -> new byte[0];
            case 1005, 1007 -> (conn, d) -> {
                sim.protocolLog().add("gateway: ReqIdentifier " + id + " is not simulated");
                throw new ImError(ImError.SERVER_INTERNAL, "not simulated");
            };
            default -> null;
        };
        if (id == 1003) {
            send(c, msgIncr, opId, data);
            return;
        }
        if (id == 2003) {
            try {
                DelUserPushTokenReq.parseFrom(data);
                c.writeAndClose(id, msgIncr, opId, 0, "", null);
            } catch (InvalidProtocolBufferException e) {
                reply(c, id, msgIncr, opId, new ImError(ImError.SERVER_INTERNAL, e.getMessage()));
            }
            return;
        }
        if (h == null) {
            gateway.closeBad(c, "unknown ReqIdentifier " + id);
            return;
        }
        try {
            byte[] out = h.handle(c, data);
            later(c, () -> c.write(id, msgIncr, opId, 0, "", out));
        } catch (InvalidProtocolBufferException e) {
            reply(c, id, msgIncr, opId, new ImError(ImError.SERVER_INTERNAL, "unmarshal: " + e.getMessage()));
        } catch (ImError e) {
            reply(c, id, msgIncr, opId, e);
        }
    }

    private void reply(GatewayConn c, int id, String msgIncr, String opId, ImError e) {
        later(c, () -> c.write(id, msgIncr, opId, e.code(), e.errMsg(), null));
    }

    /** Runs a reply write now, or after the injected reply delay. */
    private void later(GatewayConn c, Runnable write) {
        Duration d = sim.faults().slowReplies();
        if (d.isZero()) {
            write.run();
        } else {
            c.channel.eventLoop().schedule(write, d.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void checkSelf(GatewayConn c, String userId) {
        if (!c.userId.equals(userId) && !sim.tokens().isAdmin(c.userId)) {
            throw new ImError(ImError.NO_PERMISSION, "opUserID " + c.userId + " is not " + userId);
        }
    }

    private byte[] newestSeq(GatewayConn c, byte[] data) throws InvalidProtocolBufferException {
        GetMaxSeqReq req = GetMaxSeqReq.parseFrom(data);
        checkSelf(c, req.getUserID());
        return GetMaxSeqResp.newBuilder().putAllMaxSeqs(sim.state().maxSeqs(req.getUserID())).build().toByteArray();
    }

    private byte[] pull(GatewayConn c, byte[] data) throws InvalidProtocolBufferException {
        PullMessageBySeqsReq req = PullMessageBySeqsReq.parseFrom(data);
        boolean desc = req.getOrderValue() == 1;
        PullMessageBySeqsResp.Builder resp = PullMessageBySeqsResp.newBuilder();
        for (SeqRange r : req.getSeqRangesList()) {
            PullMsgs p = sim.state().pull(req.getUserID(), r.getConversationID(), r.getBegin(), r.getEnd(), r.getNum(),
                    desc);
            if (p == null) {
                continue;
            }
            if (OpenImState.isNotificationConversation(r.getConversationID())) {
                resp.putNotificationMsgs(r.getConversationID(), p);
            } else {
                resp.putMsgs(r.getConversationID(), p);
            }
        }
        return resp.build().toByteArray();
    }

    private void send(GatewayConn c, String msgIncr, String opId, byte[] data) {
        OpenImMessage m;
        try {
            MsgData d = MsgData.parseFrom(data);
            if (!d.getSendID().equals(c.userId)) {
                sim.protocolLog()
                        .add("gateway 1003: MsgData.sendID " + d.getSendID() + " != connection user " + c.userId);
            }
            if (sim.faults().failSend()) {
                throw new ImError(ImError.SERVER_INTERNAL, "injected send failure");
            }
            m = sim.state().accept(d, sim.adminIds());
        } catch (InvalidProtocolBufferException e) {
            reply(c, 1003, msgIncr, opId, new ImError(ImError.SERVER_INTERNAL, "unmarshal MsgData: " + e.getMessage()));
            return;
        } catch (ImError e) {
            reply(c, 1003, msgIncr, opId, e);
            return;
        }
        byte[] resp = SendMsgResp.newBuilder().setServerMsgID(m.serverMsgId()).setClientMsgID(m.clientMsgId())
                .setSendTime(m.sendTime()).build().toByteArray();
        later(c, () -> c.write(1003, msgIncr, opId, 0, "", resp));
        gateway.push(m, c.channel, opId);
    }

    private byte[] hasReadAndMaxSeq(GatewayConn c, byte[] data) throws InvalidProtocolBufferException {
        GetConversationsHasReadAndMaxSeqReq req = GetConversationsHasReadAndMaxSeqReq.parseFrom(data);
        checkSelf(c, req.getUserID());
        Map<String, Long> max = sim.state().maxSeqs(req.getUserID());
        List<String> ids = req.getConversationIDsCount() == 0 ? List.copyOf(max.keySet())
                : req.getConversationIDsList();
        GetConversationsHasReadAndMaxSeqResp.Builder resp = GetConversationsHasReadAndMaxSeqResp.newBuilder();
        for (String id : ids) {
            long maxSeq = max.getOrDefault(id, 0L);
            OpenImMessage last = maxSeq == 0 ? null : sim.state().message(id, maxSeq);
            resp.putSeqs(id, Seqs.newBuilder().setMaxSeq(maxSeq).setHasReadSeq(0)
                    .setMaxSeqTime(last == null ? 0 : last.sendTime()).build());
        }
        return resp.build().toByteArray();
    }

    private byte[] background(GatewayConn c, byte[] data) throws InvalidProtocolBufferException {
        SetAppBackgroundStatusReq req = SetAppBackgroundStatusReq.parseFrom(data);
        c.background = req.getIsBackground();
        return null;
    }
}
