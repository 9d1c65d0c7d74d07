package io.camelchat.simulator.difft;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The attachment flow of section 7 and the worked example 12.3, over real sockets. */
class DifftAttachmentsTest {

    static final String BOT = "+60000";
    static final String OTHER_BOT = "+60001";
    static final String ALICE = "+76459652574";
    static final String GID = "a9de6b3ae8c8456d888c4532b487e822";

    private final TestSigner client = new TestSigner("demoapp0001", "demo-secret");
    private final TestSigner other = new TestSigner("otherapp", "other-secret");
    private DifftSimulator sim;

    @BeforeEach
    void start() {
        sim = DifftSimulator.builder().app("demoapp0001", "demo-secret", BOT).app("otherapp", "other-secret", OTHER_BOT)
                .account(ALICE, "alice@example.org", "Allen").group(GID, "Ops", BOT, ALICE, OTHER_BOT)
                .messageInterval(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void workedExample123() throws Exception {
        TestCrypto.Encrypted e = TestCrypto.encrypt("hello difft".getBytes(StandardCharsets.US_ASCII), new byte[16]);
        assertThat(e.key()).isEqualTo(
                "XNelogabOca/Y7AdXN7+I5FHzMYEMx/Kd+T0pHv5cJLFc6fl3oOjdMgtU5J8A8SnjutiK5x5KOFiOHpgP8bFxQ==");
        assertThat(e.fileHash()).isEqualTo("mD29v61QVGDyZL570+Zc9lcxnQPMspYIXNaOOBPoyWI=");
        assertThat(HexFormat.of().formatHex(e.blob())).isEqualTo("00000000000000000000000000000000"
                                                                 + "3b8307055bfcd958190bc29f16d772d6"
                                                                 + "b62a00d80e3de3fd16d859874bde1448efc5e90f923ecf22dfe813317326b576");
        assertThat(e.cipherHash()).isEqualTo("fd82550b265ed5e959079e5348e4e199");
        assertThat(e.fileSize()).isEqualTo(11);
        assertThat(new String(TestCrypto.decrypt(e.blob(), e.key(), e.cipherHash()), StandardCharsets.US_ASCII))
                .isEqualTo("hello difft");
    }

    @Test
    void uploadSendDownloadDecrypt() throws Exception {
        TestCrypto.Encrypted e = TestCrypto.encrypt("hello difft".getBytes(StandardCharsets.US_ASCII), new byte[16]);
        String authorizeId = upload(e, List.of(), List.of(ALICE));
        Map<String, Object> attachment = attachment(e, authorizeId, e.cipherHash());
        Map<String, Object> sent = ok(client.post(sim.baseUrl(), "/v1/messages", Map.of("version", 1, "src", BOT,
                "type", "TEXT", "timestamp", System.currentTimeMillis(), "dest",
                Map.of("wuid", List.of(ALICE), "type", "USER"), "msg", Map.of("attachment", attachment))));
        assertThat(sent).containsKey("refID");
        assertThat(sim.sent()).singleElement().satisfies(m -> assertThat(m.part("attachment")).isEqualTo(attachment));

        byte[] blob = fetch(authorizeId, e.fileHash(), client, BOT);
        assertThat(blob).isEqualTo(e.blob());
        assertThat(TestCrypto.decrypt(blob, e.key(), e.cipherHash()))
                .isEqualTo("hello difft".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void secondUploadOfTheSameFileIsDeduplicatedWithTheStoredCipherHash() {
        byte[] plain = "same content".getBytes(StandardCharsets.UTF_8);
        TestCrypto.Encrypted first = TestCrypto.encrypt(plain, random16());
        String firstId = upload(first, List.of(), List.of(ALICE));
        TestCrypto.Encrypted second = TestCrypto.encrypt(plain, random16());
        assertThat(second.cipherHash()).isNotEqualTo(first.cipherHash());
        Map<String, Object> data = data(client.post(sim.baseUrl(), "/v1/file/isExists", isExists(second, List.of(GID),
                List.of())));
        assertThat(data).containsEntry("exists", true).containsEntry("cipherHash", first.cipherHash());
        assertThat(data.get("authorizeId")).isNotNull().isNotEqualTo(firstId);
    }

    @Test
    void aCipherHashThatIsNotTheBlobsIsRefused() {
        TestCrypto.Encrypted e = TestCrypto.encrypt("tamper".getBytes(StandardCharsets.UTF_8), random16());
        Map<String, Object> alloc = data(client.post(sim.baseUrl(), "/v1/file/isExists",
                isExists(e, List.of(), List.of(ALICE))));
        assertThat(put((String) alloc.get("url"), e.blob())).isEqualTo(200);
        Map<String, Object> info = uploadInfo(e, (String) alloc.get("attachmentId"));
        info.put("cipherHash", "0".repeat(32));
        assertThat(TestSigner.parse(client.post(sim.baseUrl(), "/v1/file/uploadInfo", info).body()))
                .containsEntry("status", 1);
        // a blob that is not IV + CBC(fileSize) + MAC is refused too
        byte[] shortBlob = new byte[e.blob().length - 16];
        assertThat(put((String) alloc.get("url"), shortBlob)).isEqualTo(200);
        Map<String, Object> info2 = uploadInfo(e, (String) alloc.get("attachmentId"));
        info2.put("cipherHash", HexFormat.of().formatHex(DifftFiles.digest("MD5", shortBlob)));
        assertThat(TestSigner.parse(client.post(sim.baseUrl(), "/v1/file/uploadInfo", info2).body()))
                .containsEntry("status", 1);
        assertThat(sim.protocolErrors()).anyMatch(s -> s.contains("cipherHash does not match"));
    }

    @Test
    void authorizationAppendAndRemove() {
        TestCrypto.Encrypted e = TestCrypto.encrypt("shared".getBytes(StandardCharsets.UTF_8), random16());
        String own = upload(e, List.of(), List.of(ALICE));
        // the other bot is not authorized yet
        assertThat(TestSigner.parse(other.post(sim.baseUrl(), "/v1/file/download", Map.of("wuid", OTHER_BOT,
                "fileHash", e.fileHash(), "authorizeId", own)).body())).containsEntry("status", 3);
        // append: isExists for the stored file with the group the other bot is in
        Map<String, Object> appended = data(client.post(sim.baseUrl(), "/v1/file/isExists",
                isExists(e, List.of(GID), List.of())));
        String groupId = (String) appended.get("authorizeId");
        assertThat(fetch(groupId, e.fileHash(), other, OTHER_BOT)).isEqualTo(e.blob());
        // remove it: the other bot loses access, the first authorization stays
        ok(client.post(sim.baseUrl(), "/v1/file/delAuthorize", Map.of("wuid", BOT, "delAuthorizeInfos",
                List.of(Map.of("fileHash", e.fileHash(), "authorizeIds", List.of(groupId))))));
        assertThat(TestSigner.parse(other.post(sim.baseUrl(), "/v1/file/download", Map.of("wuid", OTHER_BOT,
                "fileHash", e.fileHash(), "authorizeId", groupId)).body())).containsEntry("status", 3);
        assertThat(fetch(own, e.fileHash(), client, BOT)).isEqualTo(e.blob());
        // a removed authorization can no longer be attached
        Map<String, Object> send = Map.of("version", 1, "src", BOT, "type", "TEXT", "timestamp",
                System.currentTimeMillis(), "dest", Map.of("groupID", GID, "type", "GROUP"), "msg",
                Map.of("attachment", attachment(e, groupId, e.cipherHash())));
        assertThat(TestSigner.parse(client.post(sim.baseUrl(), "/v1/messages", send).body())).containsEntry("status",
                1);
    }

    @Test
    void anAttachmentMustMatchTheAuthorizedFile() {
        TestCrypto.Encrypted e = TestCrypto.encrypt("doc".getBytes(StandardCharsets.UTF_8), random16());
        String id = upload(e, List.of(), List.of(ALICE));
        TestCrypto.Encrypted otherFile = TestCrypto.encrypt("other".getBytes(StandardCharsets.UTF_8), random16());
        for (Map<String, Object> bad : List.of(attachment(otherFile, id, e.cipherHash()),
                attachment(e, id, otherFile.cipherHash()), attachment(e, "999", e.cipherHash()))) {
            Map<String, Object> send = Map.of("version", 1, "src", BOT, "type", "TEXT", "timestamp",
                    System.currentTimeMillis(), "dest", Map.of("wuid", List.of(ALICE), "type", "USER"), "msg",
                    Map.of("attachment", bad));
            assertThat(TestSigner.parse(client.post(sim.baseUrl(), "/v1/messages", send).body()))
                    .containsEntry("status", 1);
        }
        assertThat(sim.sent()).isEmpty();
    }

    @Test
    void storageUrlsAreUnsignedButFileApiCallsAreSigned() {
        TestCrypto.Encrypted e = TestCrypto.encrypt("x".getBytes(StandardCharsets.UTF_8), random16());
        HttpResponse<String> unsigned = TestSigner.send(sim.baseUrl() + "/v1/file/isExists", Map.of(),
                TestSigner.json(isExists(e, List.of(), List.of())).getBytes(StandardCharsets.UTF_8));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(put(sim.baseUrl() + "/oss/nosuchattachment", e.blob())).isEqualTo(404);
    }

    @Test
    void theStorageUrlRefusesAContentTypeItWasNotSignedWith() throws Exception {
        TestCrypto.Encrypted e = TestCrypto.encrypt("typed".getBytes(StandardCharsets.UTF_8), random16());
        Map<String, Object> alloc = data(client.post(sim.baseUrl(), "/v1/file/isExists",
                isExists(e, List.of(), List.of(ALICE))));
        String url = (String) alloc.get("url");
        HttpResponse<String> typed = TestSigner.HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(e.blob())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(typed.statusCode()).isEqualTo(403);
        assertThat(typed.body()).startsWith("SignatureDoesNotMatch");
        assertThat(put(url, e.blob())).as("no Content-Type, as the SDKs send").isEqualTo(200);
    }

    // ---------------------------------------------------------------- the client's side of the flow

    private String upload(TestCrypto.Encrypted e, List<String> gids, List<String> numbers) {
        Map<String, Object> alloc = data(client.post(sim.baseUrl(), "/v1/file/isExists", isExists(e, gids, numbers)));
        assertThat(alloc).containsEntry("exists", false);
        assertThat((String) alloc.get("url")).startsWith(sim.baseUrl());
        assertThat(put((String) alloc.get("url"), e.blob())).isEqualTo(200);
        Map<String, Object> info = uploadInfo(e, (String) alloc.get("attachmentId"));
        info.put("gids", gids);
        info.put("numbers", numbers);
        Map<String, Object> done = data(client.post(sim.baseUrl(), "/v1/file/uploadInfo", info));
        return (String) done.get("authorizeId");
    }

    private byte[] fetch(String authorizeId, String fileHash, TestSigner as, String wuid) {
        Map<String, Object> d = data(as.post(sim.baseUrl(), "/v1/file/download", Map.of("wuid", wuid, "fileHash",
                fileHash, "authorizeId", authorizeId)));
        try {
            HttpResponse<byte[]> r = TestSigner.HTTP.send(HttpRequest.newBuilder(URI.create((String) d.get("url")))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static int put(String url, byte[] blob) {
        try {
            return TestSigner.HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static Map<String, Object> isExists(TestCrypto.Encrypted e, List<String> gids, List<String> numbers) {
        return Map.of("wuid", BOT, "fileHash", e.fileHash(), "fileSize", e.fileSize(), "gids", gids, "numbers",
                numbers);
    }

    private static Map<String, Object> uploadInfo(TestCrypto.Encrypted e, String attachmentId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wuid", BOT);
        m.put("fileHash", e.fileHash());
        m.put("attachmentId", attachmentId);
        m.put("fileSize", e.fileSize());
        m.put("hashAlg", "SHA256");
        m.put("keyAlg", "SHA512");
        m.put("encAlg", "AES-CBC-SHA256");
        m.put("cipherHash", e.cipherHash());
        m.put("cipherHashType", "MD5");
        m.put("gids", List.of());
        m.put("numbers", List.of(ALICE));
        return m;
    }

    private static Map<String, Object> attachment(TestCrypto.Encrypted e, String authorizeId, String digest) {
        return Map.of("contentType", "text/plain", "authorizeId", authorizeId, "key", e.key(), "size", e.fileSize(),
                "fileName", "hello.txt", "digest", digest);
    }

    private static byte[] random16() {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        return iv;
    }

    private static Map<String, Object> ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> m = TestSigner.parse(r.body());
        assertThat(m).as(r.body()).containsEntry("status", 0);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(HttpResponse<String> r) {
        return (Map<String, Object>) ok(r).get("data");
    }
}
