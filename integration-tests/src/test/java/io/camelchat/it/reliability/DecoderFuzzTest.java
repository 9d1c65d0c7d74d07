package io.camelchat.it.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.management.ThreadMXBean;
import io.camelchat.common.Json;
import io.camelchat.common.http.ChatHttpResponse;
import io.camelchat.difft.DifftConverters;
import io.camelchat.difft.DifftInboundMessage;
import io.camelchat.difft.stream.DifftFrames;
import io.camelchat.dingtalk.DingTalkConverters;
import io.camelchat.dingtalk.api.DingTalkCardCallback;
import io.camelchat.dingtalk.api.DingTalkClient;
import io.camelchat.dingtalk.api.DingTalkRobotMessage;
import io.camelchat.dingtalk.stream.StreamFrame;
import io.camelchat.dingtalk.webhook.DingTalkCallbackCrypto;
import io.camelchat.lark.LarkConverters;
import io.camelchat.lark.api.LarkEvent;
import io.camelchat.lark.stream.LarkClientConfig;
import io.camelchat.lark.stream.LarkFragmentCache;
import io.camelchat.lark.stream.LarkFrames;
import io.camelchat.lark.stream.proto.Pbbp2;
import io.camelchat.lark.webhook.LarkCallbackCrypto;
import io.camelchat.openim.OpenImConverters;
import io.camelchat.openim.OpenImMessage;
import io.camelchat.openim.gob.OpenImCodecException;
import io.camelchat.openim.gob.OpenImFrames;
import io.camelchat.openim.gob.OpenImFrames.Encoding;
import io.camelchat.openim.gob.WsResponse;
import io.camelchat.openim.proto.Sdkws;
import io.camelchat.simulator.common.FrameMutator;
import io.camelchat.symphony.SymphonyConverters;
import io.camelchat.symphony.api.SymphonyEvent;
import io.camelchat.symphony.api.SymphonyMessageMl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mutation fuzzing of every decoder that reads bytes from the network, called as the consumers call them: Lark's
 * long-connection frames (pbbp2 protobuf, fragment reassembly, the event JSON inside), DingTalk's and Difft's stream
 * frames (JSON, and the robot message, card callback or inbound message inside), Symphony's datafeed answers
 * (JSON, the V4 events, their PresentationML and entity JSON), the encrypted webhooks (Lark AES-256-CBC, DingTalk's
 * AES with its length-prefixed plaintext) and OpenIM's gateway frames (gob or JSON, gzip, the protobuf pushes inside).
 * Inputs are 1 - 4 mutations of valid frames ({@link FrameMutator}: bit flips, boundary bytes, truncation, splices,
 * length fields rewritten up to 2^64 - 1) and random bytes; the encrypted webhooks also get valid encryptions of
 * mutated plaintexts, which reach the decoders behind the cipher. Each decoder must decode or refuse with its
 * documented exception types, never hang, and never allocate more than {@code 512 KiB + 512 x input length} for one
 * input ({@link FuzzHarness}). Short form 20,000 inputs per decoder, reliability profile 1,000,000.
 */
class DecoderFuzzTest {

    private static final long INPUTS = Reliability.scaled(20_000L, 1_000_000L);
    private static final long SEED = 20261207L;
    private static final List<Class<? extends Throwable>> JSON_ERRORS = List.of(IllegalArgumentException.class,
            JsonProcessingException.class);

    private static List<byte[]> utf8(String... texts) {
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void check(String platform, String decoder, FuzzHarness.Result r) {
        check(platform, decoder, r, "< 512 KiB + 512 x length");
    }

    private static void check(String platform, String decoder, FuzzHarness.Result r, String allocationGoal) {
        assertThat(r.crashes()).as(decoder + ": inputs that threw an undocumented exception").isEmpty();
        assertThat(r.hangs()).as(decoder + ": inputs that did not finish").isEmpty();
        assertThat(r.overAllocation()).as(decoder + ": inputs that allocated more than 512 KiB + 512 x their length")
                .isEmpty();
        assertThat(r.decoded() + r.refused()).isEqualTo(r.inputs());
        ReliabilityReport.record("fuzz", platform, decoder, "inputs (decoded / refused)",
                r.inputs() + " (" + r.decoded() + " / " + r.refused() + ")", INPUTS + " all handled");
        ReliabilityReport.record("fuzz", platform, decoder, "crashes, hangs", r.crashes().size() + ", "
                                                                              + r.hangs().size(),
                "0, 0");
        ReliabilityReport.record("fuzz", platform, decoder, "max bytes allocated by one input (its length)",
                r.maxAllocated() + " (" + r.maxAllocatedInputLength() + " bytes)", allocationGoal);
    }

    // ------------------------------------------------------------------ Lark long connection

    static byte[] larkFrame(int method, String type, String messageId, int sum, int seq, String payload) {
        Pbbp2.Frame.Builder b = Pbbp2.Frame.newBuilder().setSeqID(7).setLogID(1_700_000_000_123L).setService(42)
                .setMethod(method).addHeaders(header(LarkFrames.TYPE, type));
        if (messageId != null) {
            b.addHeaders(header(LarkFrames.MESSAGE_ID, messageId)).addHeaders(header(LarkFrames.SUM, "" + sum))
                    .addHeaders(header(LarkFrames.SEQ, "" + seq)).addHeaders(header(LarkFrames.TRACE_ID, "tr-1"));
        }
        if (payload != null) {
            b.setPayload(ByteString.copyFromUtf8(payload));
        }
        return b.build().toByteArray();
    }

    private static Pbbp2.Header header(String k, String v) {
        return Pbbp2.Header.newBuilder().setKey(k).setValue(v).build();
    }

    static final String LARK_EVENT = "{\"schema\":\"2.0\",\"header\":{\"event_id\":\"5e3702a84e847582be8db7fb73283c02\","
                                     + "\"token\":\"tok\",\"create_time\":\"1700000000000\",\"event_type\":\"im.message.receive_v1\","
                                     + "\"tenant_key\":\"tk\",\"app_id\":\"cli_0123456789abcdef\"},\"event\":{\"sender\":{\"sender_id\":"
                                     + "{\"open_id\":\"ou_a\",\"user_id\":\"u_a\",\"union_id\":\"on_a\"},\"sender_type\":\"user\"},"
                                     + "\"message\":{\"message_id\":\"om_1\",\"chat_id\":\"oc_1\",\"chat_type\":\"group\","
                                     + "\"message_type\":\"text\",\"content\":\"{\\\"text\\\":\\\"hi @_user_1\\\"}\","
                                     + "\"mentions\":[{\"key\":\"@_user_1\",\"id\":{\"open_id\":\"ou_b\"},\"name\":\"Bob\"}]}}}";
    static final String LARK_CARD = "{\"schema\":\"2.0\",\"header\":{\"event_id\":\"c1\",\"event_type\":\"card.action.trigger\","
                                    + "\"create_time\":\"1700000000001\"},\"event\":{\"operator\":{\"open_id\":\"ou_a\"},"
                                    + "\"action\":{\"value\":{\"action\":\"approve\"},\"tag\":\"button\"},"
                                    + "\"context\":{\"open_message_id\":\"om_2\",\"open_chat_id\":\"oc_1\"}}}";
    static final String LARK_POST = "{\"schema\":\"2.0\",\"header\":{\"event_id\":\"p1\",\"event_type\":\"im.message.receive_v1\"},"
                                    + "\"event\":{\"sender\":{\"sender_id\":{\"open_id\":\"ou_a\"}},\"message\":{\"message_id\":\"om_3\","
                                    + "\"chat_id\":\"oc_1\",\"chat_type\":\"p2p\",\"message_type\":\"post\",\"content\":"
                                    + "\"{\\\"title\\\":\\\"T\\\",\\\"content\\\":[[{\\\"tag\\\":\\\"text\\\",\\\"text\\\":\\\"a\\\"},"
                                    + "{\\\"tag\\\":\\\"at\\\",\\\"user_id\\\":\\\"@_user_1\\\"}]]}\"}}}";

    static List<byte[]> larkSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(larkFrame(LarkFrames.METHOD_DATA, LarkFrames.TYPE_EVENT, "m1", 1, 0, LARK_EVENT));
        seeds.add(larkFrame(LarkFrames.METHOD_DATA, LarkFrames.TYPE_EVENT, "m2", 1, 0, LARK_CARD));
        seeds.add(larkFrame(LarkFrames.METHOD_DATA, LarkFrames.TYPE_EVENT, "m3", 1, 0, LARK_POST));
        int third = LARK_EVENT.length() / 3;
        seeds.add(larkFrame(LarkFrames.METHOD_DATA, LarkFrames.TYPE_EVENT, "m4", 3, 0, LARK_EVENT.substring(0, third)));
        seeds.add(larkFrame(LarkFrames.METHOD_DATA, LarkFrames.TYPE_EVENT, "m4", 3, 1,
                LARK_EVENT.substring(third, 2 * third)));
        seeds.add(
                larkFrame(LarkFrames.METHOD_DATA, LarkFrames.TYPE_EVENT, "m4", 3, 2, LARK_EVENT.substring(2 * third)));
        seeds.add(larkFrame(LarkFrames.METHOD_CONTROL, LarkFrames.TYPE_PONG, null, 0, 0,
                "{\"PingInterval\":120,\"ReconnectCount\":-1,\"ReconnectInterval\":120,\"ReconnectNonce\":30}"));
        seeds.add(larkFrame(LarkFrames.METHOD_CONTROL, LarkFrames.TYPE_PING, null, 0, 0, null));
        return seeds;
    }

    /** What LarkStreamConsumer does with a binary message, up to the event it routes. */
    static FuzzHarness.Decoder larkDecoder() {
        LarkFragmentCache fragments = new LarkFragmentCache(Duration.ofMinutes(5), 4L * 1024 * 1024);
        return in -> {
            Pbbp2.Frame frame = Pbbp2.Frame.parseFrom(in);
            if (frame.getMethod() == LarkFrames.METHOD_CONTROL) {
                if (LarkFrames.TYPE_PONG.equals(LarkFrames.header(frame, LarkFrames.TYPE))
                        && !frame.getPayload().isEmpty()) {
                    LarkClientConfig.parse(Json.read(frame.getPayload().toByteArray()), LarkClientConfig.DEFAULT,
                            true);
                }
                return;
            }
            String messageId = LarkFrames.header(frame, LarkFrames.MESSAGE_ID);
            String sum = LarkFrames.header(frame, LarkFrames.SUM);
            String seq = LarkFrames.header(frame, LarkFrames.SEQ);
            if (messageId == null || sum == null || seq == null) {
                return;
            }
            int s = Integer.parseInt(sum.trim());
            byte[] payload = s > 1
                    ? fragments.add(messageId, s, Integer.parseInt(seq.trim()), frame.getPayload().toByteArray())
                    : frame.getPayload().toByteArray();
            if (payload != null) {
                LarkEvent event = LarkEvent.parse(Json.MAPPER.readTree(payload));
                LarkConverters.toString(event);
                event.mentions();
                event.actionValue();
            }
        };
    }

    @Test
    void larkLongConnectionFrames() throws Exception {
        List<byte[]> seeds = larkSeeds();
        // lengths are protobuf varints, and the sum and seq headers decimal text
        FuzzHarness.Inputs inputs = (random, mutator, s) -> random.nextInt(32) == 0 ? mutator.randomBytes(512)
                : mutator.mutate(s.get(random.nextInt(s.size())),
                        random.nextBoolean() ? FrameMutator.VARINT : FrameMutator.DECIMAL, FrameMutator.NONE);
        FuzzHarness.Result r = FuzzHarness.run("lark-pbbp2", seeds, inputs, larkDecoder(), INPUTS, SEED,
                List.of(InvalidProtocolBufferException.class, IllegalArgumentException.class,
                        JsonProcessingException.class, IOException.class));
        check("lark", "long-connection frame (pbbp2)", r);
    }

    // ------------------------------------------------------------------ DingTalk stream

    static final String DING_ROBOT = "{\"conversationId\":\"cidG==\",\"chatbotCorpId\":\"ding1\",\"chatbotUserId\":\"$:bot\","
                                     + "\"msgId\":\"msgX\",\"senderNick\":\"Alice\",\"isAdmin\":false,\"senderStaffId\":\"alice\","
                                     + "\"sessionWebhookExpiredTime\":1700000000000,\"createAt\":1700000000000,\"senderCorpId\":\"ding1\","
                                     + "\"conversationType\":\"2\",\"senderId\":\"$:alice\",\"conversationTitle\":\"G\","
                                     + "\"isInAtList\":true,\"sessionWebhook\":\"https://oapi.example/robot/sendBySession?session=s\","
                                     + "\"text\":{\"content\":\" hi\"},\"robotCode\":\"dingbot\",\"msgtype\":\"text\","
                                     + "\"atUsers\":[{\"dingtalkId\":\"$:bot\",\"staffId\":\"bot\"}]}";
    static final String DING_RICH = "{\"conversationId\":\"cidG==\",\"msgId\":\"msgY\",\"senderStaffId\":\"bob\","
                                    + "\"conversationType\":\"1\",\"msgtype\":\"richText\",\"content\":{\"richText\":[{\"text\":\"a\"},"
                                    + "{\"downloadCode\":\"dc1\",\"type\":\"picture\"}]}}";

    static String dingFrame(String type, String topic, String extraHeaders, String data) {
        return "{\"specVersion\":\"1.0\",\"type\":\"" + type
               + "\",\"headers\":{\"appId\":\"app1\",\"connectionId\":\"c1\","
               + "\"contentType\":\"application/json\",\"messageId\":\"mid-1\",\"time\":\"1700000000000\",\"topic\":\""
               + topic + "\"" + extraHeaders + "},\"data\":" + Json.write(data) + "}";
    }

    /** What DingTalkStreamConsumer does with a text frame, up to the event it routes. */
    static void dingtalkDecode(byte[] in) throws Exception {
        StreamFrame frame = StreamFrame.parse(new String(in, StandardCharsets.UTF_8));
        if (StreamFrame.SYSTEM.equals(frame.type())) {
            if ("disconnect".equals(frame.topic())) {
                Json.text(frame.dataJson(), "reason");
            }
            return;
        }
        JsonNode data = frame.dataJson();
        if (!data.isObject()) {
            throw new IllegalArgumentException("data is not a JSON object");
        }
        if (StreamFrame.EVENT.equals(frame.type())) {
            Json.MAPPER.convertValue(data, Map.class);
        } else if (DingTalkClient.TOPIC_CARD.equals(frame.topic())) {
            DingTalkConverters.toString(Json.MAPPER.treeToValue(data, DingTalkCardCallback.class));
        } else {
            DingTalkRobotMessage m = Json.MAPPER.treeToValue(data, DingTalkRobotMessage.class);
            DingTalkConverters.toString(m);
            m.plainText();
        }
    }

    @Test
    void dingtalkStreamFrames() throws Exception {
        List<byte[]> seeds = utf8(dingFrame("CALLBACK", DingTalkClient.TOPIC_ROBOT, "", DING_ROBOT),
                dingFrame("CALLBACK", DingTalkClient.TOPIC_ROBOT, "", DING_RICH),
                dingFrame("CALLBACK", DingTalkClient.TOPIC_CARD, "",
                        "{\"outTrackId\":\"t1\",\"corpId\":\"ding1\",\"userId\":\"alice\",\"content\":"
                                                                     + "\"{\\\"cardPrivateData\\\":{\\\"params\\\":{\\\"a\\\":1}}}\"}"),
                dingFrame("EVENT", "*",
                        ",\"eventId\":\"e1\",\"eventType\":\"chat_update_title\",\"eventBornTime\":\"1700000000000\","
                                        + "\"eventCorpId\":\"ding1\"",
                        "{\"title\":\"new\",\"chatId\":\"c\"}"),
                dingFrame("SYSTEM", "ping", "", "{\"opaque\":\"o-1\"}"),
                dingFrame("SYSTEM", "disconnect", "", "{\"reason\":\"upgrade\"}"));
        FuzzHarness.Result r = FuzzHarness.run("dingtalk-stream", seeds,
                FuzzHarness.mutations(FrameMutator.DECIMAL, FrameMutator.NONE), DecoderFuzzTest::dingtalkDecode, INPUTS,
                SEED, JSON_ERRORS);
        check("dingtalk", "stream frame (JSON)", r);
    }

    // ------------------------------------------------------------------ Difft stream

    static final String DIFFT_TEXT = "{\"version\":1,\"src\":\"+71234567890\",\"srcDevice\":1,\"dest\":{\"type\":\"GROUP\","
                                     + "\"groupID\":\"0d1e2a3b4c5d6e7f8091a2b3c4d5e6f7\"},\"type\":\"TEXT\",\"timestamp\":1700000000000,"
                                     + "\"fromName\":\"Dan\",\"msg\":{\"body\":\"hi @bot\",\"atPersons\":[\"+60001\"],"
                                     + "\"quote\":{\"refID\":\"v1:1:+7\",\"text\":\"q\"}}}";
    static final String DIFFT_CARD = "{\"version\":1,\"src\":\"+71234567890\",\"dest\":{\"type\":\"USER\",\"wuid\":[\"+60001\"]},"
                                     + "\"type\":\"CARD\",\"timestamp\":1700000000001,\"card\":{\"id\":\"c1\",\"content\":\"**x**\","
                                     + "\"creator\":\"+71234567890\",\"timestamp\":1700000000001}}";
    static final String DIFFT_FORWARD = "{\"version\":1,\"src\":\"+71234567890\",\"dest\":{\"type\":\"USER\",\"wuid\":[\"+60001\"]},"
                                        + "\"type\":\"FORWARD\",\"timestamp\":1700000000002,\"forwarded\":{\"id\":1,\"type\":0,"
                                        + "\"isFromGroup\":false,\"author\":\"+7\",\"text\":\"fw\",\"attachments\":[{\"contentType\":"
                                        + "\"image/png\",\"key\":\"k\",\"size\":3}]}}";

    /** What DifftStreamConsumer does with a text frame, up to the messages it routes. */
    static void difftDecode(byte[] in) {
        DifftFrames.Batch batch = DifftFrames.parse(new String(in, StandardCharsets.UTF_8));
        for (JsonNode data : batch.messages()) {
            DifftInboundMessage m = DifftInboundMessage.parse(data, "+60001");
            DifftConverters.toString(m);
            m.getConversationId();
            m.isMentioned();
            m.getForwarded();
            m.getQuoteText();
        }
    }

    @Test
    void difftStreamFrames() throws Exception {
        List<byte[]> seeds = utf8("{\"messages\":[{\"data\":" + DIFFT_TEXT + "}]}",
                "{\"messages\":[{\"data\":" + DIFFT_CARD + "},{\"data\":" + DIFFT_FORWARD + "}]}", "{\"messages\":[]}");
        FuzzHarness.Result r = FuzzHarness.run("difft-stream", seeds,
                FuzzHarness.mutations(FrameMutator.DECIMAL, FrameMutator.NONE), DecoderFuzzTest::difftDecode, INPUTS,
                SEED, List.of(IllegalArgumentException.class));
        check("difft", "stream frame (JSON)", r);
    }

    // ------------------------------------------------------------------ Symphony datafeed

    static final String SYM_EVENT = "{\"id\":\"ev1\",\"messageId\":\"m1\",\"timestamp\":1700000000000,\"type\":\"MESSAGESENT\","
                                    + "\"initiator\":{\"user\":{\"userId\":349026222344888,\"displayName\":\"Alice Smith\","
                                    + "\"email\":\"alice@acme.example\",\"username\":\"alice\"}},\"payload\":{\"messageSent\":"
                                    + "{\"message\":{\"messageId\":\"m1\",\"timestamp\":1700000000000,\"message\":"
                                    + "\"<div data-format=\\\"PresentationML\\\" data-version=\\\"2.0\\\">hi <span class=\\\"entity\\\" "
                                    + "data-entity-id=\\\"0\\\">@bot</span> <b>x</b></div>\",\"data\":\"{\\\"0\\\":{\\\"id\\\":"
                                    + "[{\\\"type\\\":\\\"com.symphony.user.userId\\\",\\\"value\\\":\\\"349026222340888\\\"}],"
                                    + "\\\"type\\\":\\\"com.symphony.user.mention\\\"}}\",\"user\":{\"userId\":349026222344888},"
                                    + "\"stream\":{\"streamId\":\"x4Fz_s1\",\"streamType\":\"IM\"},\"attachments\":[{\"id\":\"a1\","
                                    + "\"name\":\"f.pdf\",\"size\":12}]}}}}";
    static final String SYM_ACTION = "{\"id\":\"ev2\",\"timestamp\":1700000000001,\"type\":\"SYMPHONYELEMENTSACTION\","
                                     + "\"initiator\":{\"user\":{\"userId\":1}},\"payload\":{\"symphonyElementsAction\":{\"stream\":"
                                     + "{\"streamId\":\"s2\"},\"formMessageId\":\"fm\",\"formId\":\"f\",\"formValues\":{\"action\":\"ok\"}}}}";

    /** What SymphonyDatafeedConsumer does with a read's answer, up to the events it routes. */
    static void symphonyDecode(byte[] in) {
        JsonNode batch = new ChatHttpResponse(200, Map.of(), in).json();
        for (JsonNode raw : batch.path("events")) {
            SymphonyEvent e = new SymphonyEvent(raw);
            e.type();
            e.id();
            e.initiatorId();
            e.streamId();
            SymphonyConverters.toString(e);
            JsonNode message = e.message();
            if (message != null && !message.isMissingNode()) {
                SymphonyMessageMl.text(message.path("message").asText());
                SymphonyMessageMl.mentions(message.path("data").asText());
                SymphonyMessageMl.hashtags(message.path("data").asText());
            }
        }
    }

    @Test
    void symphonyDatafeedAnswers() throws Exception {
        List<byte[]> seeds = utf8("{\"events\":[" + SYM_EVENT + "," + SYM_ACTION + "],\"ackId\":\"ack-1\"}",
                "{\"events\":[],\"ackId\":\"ack-2\"}", "{\"events\":[" + SYM_EVENT + "],\"ackId\":\"ack-3\"}");
        FuzzHarness.Result r = FuzzHarness.run("symphony-datafeed", seeds,
                FuzzHarness.mutations(FrameMutator.DECIMAL, FrameMutator.NONE), DecoderFuzzTest::symphonyDecode,
                INPUTS, SEED, JSON_ERRORS);
        check("symphony", "datafeed answer (JSON)", r);
    }

    // ------------------------------------------------------------------ encrypted webhooks

    @Test
    void larkEncryptedWebhookBodies() throws Exception {
        LarkCallbackCrypto crypto = new LarkCallbackCrypto("lark-encrypt-key-1");
        List<byte[]> plain = utf8(LARK_EVENT, LARK_CARD, LARK_POST);
        List<byte[]> seeds = new ArrayList<>();
        plain.forEach(p -> seeds.add(crypto.encrypt(new String(p, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII)));
        // half: mutations of the Base64 text; half: a valid encryption of a mutated event, which reaches the JSON
        FuzzHarness.Inputs inputs = (random, mutator, s) -> random.nextBoolean()
                ? mutator.mutate(s.get(random.nextInt(s.size())), FrameMutator.DECIMAL, FrameMutator.NONE)
                : crypto.encrypt(
                        new String(mutator.mutate(plain.get(random.nextInt(plain.size())), FrameMutator.DECIMAL,
                                FrameMutator.NONE), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.US_ASCII);
        FuzzHarness.Decoder decoder = in -> {
            JsonNode root = Json.read(crypto.decrypt(new String(in, StandardCharsets.ISO_8859_1)));
            LarkEvent e = LarkEvent.parse(root);
            LarkConverters.toString(e);
        };
        FuzzHarness.Result r = FuzzHarness.run("lark-webhook-aes", seeds, inputs, decoder, INPUTS, SEED, JSON_ERRORS);
        check("lark", "webhook body (AES-256-CBC)", r);
    }

    static final String DING_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String DING_OWNER = "dingowner01";

    /** DingTalk's plaintext layout random(16) || length(4) || message || ownerKey, padded to 32-byte blocks. */
    static byte[] dingPlain(String message) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] owner = DING_OWNER.getBytes(StandardCharsets.UTF_8);
        int unpadded = 20 + msg.length + owner.length;
        int pad = 32 - unpadded % 32;
        ByteBuffer b = ByteBuffer.allocate(unpadded + pad);
        b.put("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).putInt(msg.length).put(msg).put(owner);
        for (int i = 0; i < pad; i++) {
            b.put((byte) pad);
        }
        return b.array();
    }

    /** AES-256-CBC without padding, key and IV as DingTalk's (the plaintext is padded to 16 bytes with zeros). */
    static String dingEncryptRaw(byte[] plain) {
        try {
            byte[] key = Base64.getDecoder().decode(DING_AES_KEY + "=");
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            byte[] p = plain.length % 16 == 0 && plain.length > 0 ? plain
                    : Arrays.copyOf(plain, (plain.length / 16 + 1) * 16);
            return Base64.getEncoder().encodeToString(c.doFinal(p));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dingtalkEncryptedWebhookBodies() throws Exception {
        DingTalkCallbackCrypto crypto = new DingTalkCallbackCrypto("tok", DING_AES_KEY, DING_OWNER);
        List<byte[]> plain = List.of(
                dingPlain("{\"EventType\":\"user_add_org\",\"TimeStamp\":\"1700000000000\",\"UserId\":[\"u1\"],"
                          + "\"CorpId\":\"ding1\"}"),
                dingPlain("{\"EventType\":\"check_url\"}"));
        List<byte[]> seeds = new ArrayList<>();
        plain.forEach(p -> seeds.add(dingEncryptRaw(p).getBytes(StandardCharsets.US_ASCII)));
        // a third each: mutated Base64, mutated ciphertext, and a valid encryption of a mutated plaintext layout
        // (its big-endian length field included), which reaches the layout checks behind the cipher
        FuzzHarness.Inputs inputs = (random, mutator, s) -> switch (random.nextInt(3)) {
            case 0 -> mutator.mutate(s.get(random.nextInt(s.size())), FrameMutator.DECIMAL, FrameMutator.NONE);
            case 1 -> dingEncryptRaw(mutator.mutate(Base64.getDecoder().decode(s.get(random.nextInt(s.size()))),
                    FrameMutator.VARINT, FrameMutator.NONE)).getBytes(StandardCharsets.US_ASCII);
            default -> {
                byte[] p = plain.get(random.nextInt(plain.size()));
                byte[] m = random.nextInt(4) == 0 ? bigEndianLength(p, random.nextInt())
                        : mutator.mutate(p, FrameMutator.DECIMAL, FrameMutator.NONE);
                yield dingEncryptRaw(m).getBytes(StandardCharsets.US_ASCII);
            }
        };
        FuzzHarness.Decoder decoder = in -> Json.text(Json.read(crypto.decrypt(new String(in,
                StandardCharsets.ISO_8859_1))), "EventType");
        FuzzHarness.Result r = FuzzHarness.run("dingtalk-webhook-aes", seeds, inputs, decoder, INPUTS, SEED,
                List.of(IllegalArgumentException.class));
        check("dingtalk", "webhook body (AES, length-prefixed)", r);
    }

    /** The plaintext with its length field (bytes 16 - 19) set to {@code v} or to a value near Integer.MAX_VALUE. */
    private static byte[] bigEndianLength(byte[] p, int v) {
        byte[] c = p.clone();
        int value = (v & 1) == 0 ? v : Integer.MAX_VALUE - (v >>> 27);
        ByteBuffer.wrap(c, 16, 4).putInt(value);
        return c;
    }

    // ------------------------------------------------------------------ OpenIM gateway frames

    static List<byte[]> openImSeeds(OpenImFrames frames) {
        Sdkws.MsgData msg = Sdkws.MsgData.newBuilder().setSendID("ann").setRecvID("bot").setGroupID("g1")
                .setClientMsgID("5a0e3d").setServerMsgID("c0ffee").setSessionType(3).setContentType(101)
                .setContent(ByteString.copyFromUtf8("{\"content\":\"hello\"}")).setSeq(42).setSendTime(1_700_000_000L)
                .addAtUserIDList("bot").putOptions("history", true).build();
        byte[] push = Sdkws.PushMessages.newBuilder()
                .putMsgs("sg_g1", Sdkws.PullMsgs.newBuilder().addMsgs(msg).setEndSeq(42).build()).build()
                .toByteArray();
        List<WsResponse> responses = List.of(new WsResponse(2001, "", "op-1", 0, "", push),
                new WsResponse(1003, "bot_1_42", "camel-1-42", 0, "", msg.toByteArray()),
                new WsResponse(1003, "bot_1_43", "camel-1-43", 1004, "RecordNotFoundError", null),
                new WsResponse(2002, "", "", 0, "", null));
        List<byte[]> seeds = new ArrayList<>();
        for (Encoding e : Encoding.values()) {
            for (boolean gzip : new boolean[]{ false, true }) {
                for (WsResponse r : responses) {
                    byte[] frame = frames.encodeResponse(r, e, gzip);
                    byte[] withMode = new byte[frame.length + 1];
                    withMode[0] = (byte) (e.ordinal() * 2 + (gzip ? 1 : 0));
                    System.arraycopy(frame, 0, withMode, 1, frame.length);
                    seeds.add(withMode);
                }
            }
        }
        return seeds;
    }

    @Test
    void openImGatewayFrames() throws Exception {
        OpenImFrames frames = new OpenImFrames(OpenImFrames.DEFAULT_MAX_FRAME_SIZE);
        List<byte[]> seeds = openImSeeds(frames);
        // the first byte is the connection's mode (encoding, gzip), kept; the frame after it is mutated
        FuzzHarness.Inputs inputs = (random, mutator, s) -> {
            byte[] seed = s.get(random.nextInt(s.size()));
            byte[] frame = Arrays.copyOfRange(seed, 1, seed.length);
            byte[] mutated = random.nextInt(32) == 0 ? mutator.randomBytes(512)
                    : mutator.mutate(frame, FrameMutator.GOB_UINT, FrameMutator.GZIP);
            byte[] out = new byte[mutated.length + 1];
            out[0] = random.nextInt(16) == 0 ? (byte) random.nextInt(4) : seed[0];
            System.arraycopy(mutated, 0, out, 1, mutated.length);
            return out;
        };
        FuzzHarness.Decoder decoder = in -> {
            int mode = in[0] & 3;
            WsResponse r = frames.decodeResponse(Arrays.copyOfRange(in, 1, in.length),
                    Encoding.values()[mode / 2], (mode & 1) == 1);
            if (r.reqIdentifier() == 2001 && r.data() != null) {
                Sdkws.PushMessages push = Sdkws.PushMessages.parseFrom(r.data());
                push.getMsgsMap().forEach((conversation, pull) -> pull.getMsgsList()
                        .forEach(m -> OpenImConverters.toString(OpenImMessage.of(m, conversation))));
            }
        };
        // a gzip frame inflates up to the frame size limit (1 MiB), in an array grown by doubling: allowed on top
        long inflation = 4L * frames.maxFrameSize();
        FuzzHarness.Result r = FuzzHarness.run("openim-gateway", seeds, inputs, decoder, INPUTS, SEED,
                List.of(OpenImCodecException.class, InvalidProtocolBufferException.class), inflation);
        check("openim", "gateway frame (gob / JSON, gzip)", r, "< 4 x maxFrameSize + 512 KiB + 512 x length");

        // the limit itself: a gzip bomb (64 MiB of zeros in about 64 KB) is refused having inflated at most the
        // limit, and a trailer claiming 4 GiB does not size the output array
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] bomb = gzipZeros(64 * 1024 * 1024);
        byte[] lying = gzipZeros(16);
        ByteBuffer.wrap(lying, lying.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1);
        for (byte[] frame : List.of(bomb, lying)) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            assertThatThrownBy(() -> frames.decodeResponse(frame, Encoding.GOB, true))
                    .isInstanceOf(OpenImCodecException.class);
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertThat(allocated).as("bytes allocated refusing a gzip frame of " + frame.length + " bytes")
                    .isLessThan(inflation + FuzzHarness.allocationBound(frame.length));
            ReliabilityReport.record("fuzz", "openim", "gateway frame (gob / JSON, gzip)",
                    (frame == bomb ? "gzip bomb of 64 MiB of zeros" : "gzip trailer claiming 4 GiB")
                                                                                           + ": bytes allocated (its length)",
                    allocated + " (" + frame.length + " bytes, refused)", "< 4 x maxFrameSize + bound");
        }
    }

    /** gzip of {@code size} zero bytes, written in chunks. */
    static byte[] gzipZeros(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (int left = size; left > 0; left -= chunk.length) {
                gz.write(chunk, 0, Math.min(left, chunk.length));
            }
        }
        return out.toByteArray();
    }
}
