package io.camelchat.simulator.openim;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.camelchat.simulator.openim.ImHttp.error;
import static io.camelchat.simulator.openim.ImHttp.list;
import static io.camelchat.simulator.openim.ImHttp.map;
import static io.camelchat.simulator.openim.ImHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

class OpenImObjectApiTest {

    private OpenImSimulator sim;
    private String bot;
    private String prefix;

    @BeforeEach
    void start() {
        sim = OpenImSimulator.builder().user("bot", "Bot").user("ann", "Ann").minPartSize(16).start();
        bot = sim.userToken("bot", 1);
        prefix = sim.apiUrl() + "/object/";
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, Object> initiate(String name, byte[] content, List<String> partHashes, int maxParts) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("hash", md5(String.join(",", partHashes).getBytes(StandardCharsets.UTF_8)));
        req.put("size", content.length);
        req.put("partSize", 0);
        req.put("maxParts", maxParts);
        req.put("cause", "msg-file");
        req.put("name", name);
        req.put("contentType", "text/plain");
        req.put("urlPrefix", prefix);
        return ok(sim, "/object/initiate_multipart_upload", bot, req);
    }

    private static HttpResponse<String> put(String url, byte[] body) {
        return ImHttp.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private static byte[] get(String url) {
        HttpResponse<byte[]> r = ImHttp.sendBytes(HttpRequest.newBuilder(URI.create(url)).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private Map<String, Object> complete(String uploadId, List<String> parts, String name) {
        return ok(sim, "/object/complete_multipart_upload", bot, Map.of("uploadID", uploadId, "parts", parts, "name",
                name, "contentType", "text/plain", "cause", "msg-file", "urlPrefix", prefix));
    }

    @Test
    void singlePartUploadThroughThePresignedPut() {
        byte[] content = "hello file".getBytes(StandardCharsets.UTF_8);
        String partHash = md5(content);
        Map<String, Object> init = initiate("bot/hello.txt", content, List.of(partHash), -1);
        assertThat(init).containsEntry("url", "");
        Map<String, Object> upload = map(init.get("upload"));
        assertThat(upload).containsEntry("partSize", 16).containsKeys("uploadID", "expireTime");
        Map<String, Object> sign = map(upload.get("sign"));
        List<Map<String, Object>> parts = list(sign.get("parts"));
        assertThat(parts).singleElement().satisfies(p -> assertThat(p).containsEntry("partNumber", 1));
        String putUrl = (String) parts.get(0).get("url");
        assertThat(putUrl).startsWith(sim.apiUrl());

        // the store checks the signature
        assertThat(put(putUrl.replaceAll("X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=00"), content).statusCode())
                .isEqualTo(403);
        HttpResponse<String> putAnswer = put(putUrl, content);
        assertThat(putAnswer.statusCode()).isEqualTo(200);
        assertThat(putAnswer.headers().firstValue("ETag")).hasValue("\"" + partHash + "\"");

        // auth_sign is for multipart ids only
        error(sim, "/object/auth_sign", bot, Map.of("uploadID", upload.get("uploadID"), "partNumbers", List.of(1)),
                500, "ServerInternalError");
        error(sim, "/object/complete_multipart_upload", bot, Map.of("uploadID", upload.get("uploadID"), "parts",
                List.of(md5(new byte[1])), "name", "bot/hello.txt", "urlPrefix", prefix), 500, "ServerInternalError");

        Map<String, Object> done = complete((String) upload.get("uploadID"), List.of(partHash), "bot/hello.txt");
        assertThat(done).containsEntry("url", prefix + "bot/hello.txt");
        assertThat(sim.uploadedObjects()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("bot/hello.txt");
            assertThat(o.userId()).isEqualTo("bot");
            assertThat(o.contentType()).isEqualTo("text/plain");
            assertThat(o.bytes()).isEqualTo(content);
            assertThat(o.key()).startsWith("openim/data/hash/");
        });

        Map<String, Object> access = ok(sim, "/object/access_url", bot, Map.of("name", "bot/hello.txt"));
        assertThat(get((String) access.get("url"))).isEqualTo(content);
        error(sim, "/object/access_url", bot, Map.of("name", "bot/none.txt"), 1004, "RecordNotFoundError");
        error(sim, "/object/access_url", bot, Map.of("name", "bot/hello.txt", "query", Map.of("type", "x")), 1001,
                "ArgsError");

        // GET of the URL the completion returned: 302 to a presigned GET
        HttpResponse<String> redirect = ImHttp.send(HttpRequest.newBuilder(URI.create(prefix + "bot/hello.txt"))
                .GET().build());
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(get(redirect.headers().firstValue("Location").orElseThrow())).isEqualTo(content);
        assertThat(ImHttp.send(HttpRequest.newBuilder(URI.create(prefix + "bot/nothing")).GET().build()).statusCode())
                .isEqualTo(404);

        // the same content again: already stored, the answer is the URL only
        Map<String, Object> again = initiate("bot/copy.txt", content, List.of(partHash), -1);
        assertThat(again).containsEntry("url", prefix + "bot/copy.txt").containsEntry("upload", null);
        assertThat(sim.uploadedObjects()).extracting(UploadedObject::name).contains("bot/copy.txt");
    }

    @Test
    void multipartUpload() {
        byte[] content = new byte[40];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        List<byte[]> chunks = List.of(Arrays.copyOfRange(content, 0, 16), Arrays.copyOfRange(content, 16, 32),
                Arrays.copyOfRange(content, 32, 40));
        List<String> hashes = new ArrayList<>();
        chunks.forEach(c -> hashes.add(md5(c)));

        Map<String, Object> upload = map(initiate("bot/big.bin", content, hashes, 0).get("upload"));
        assertThat(upload).containsEntry("sign", null);
        Map<String, Object> signed = ok(sim, "/object/auth_sign", bot, Map.of("uploadID", upload.get("uploadID"),
                "partNumbers", List.of(1, 2, 3)));
        List<Map<String, Object>> parts = list(signed.get("parts"));
        assertThat(parts).extracting(p -> p.get("partNumber")).containsExactly(1, 2, 3);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = put((String) parts.get(i).get("url"), chunks.get(i));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("ETag")).hasValue("\"" + hashes.get(i) + "\"");
        }
        assertThat(complete((String) upload.get("uploadID"), hashes, "bot/big.bin"))
                .containsEntry("url", prefix + "bot/big.bin");
        assertThat(sim.uploadedObjects()).singleElement().satisfies(o -> assertThat(o.bytes()).isEqualTo(content));

        Map<String, Object> limit = ok(sim, "/object/part_limit", bot, Map.of());
        assertThat(limit).containsEntry("minPartSize", 16).containsEntry("maxNumSize", 10000);
        assertThat(ok(sim, "/object/part_size", bot, Map.of("size", 40))).containsEntry("size", 16);
    }

    @Test
    void namesMustBelongToTheUploader() {
        byte[] content = "x".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("hash", md5(md5(content).getBytes(StandardCharsets.UTF_8)));
        req.put("size", 1);
        req.put("maxParts", -1);
        req.put("name", "ann/x.txt");
        error(sim, "/object/initiate_multipart_upload", bot, req, 1002, "NoPermissionError");
        req.put("name", "/bot/x.txt");
        error(sim, "/object/initiate_multipart_upload", bot, req, 1001, "ArgsError");
        req.put("name", "");
        error(sim, "/object/initiate_multipart_upload", bot, req, 1001, "ArgsError");
        req.put("name", "ann/x.txt");
        req.put("hash", "nothex");
        // an admin may use any name, but the hash must be an md5
        error(sim, "/object/initiate_multipart_upload", sim.adminToken(), req, 500, "ServerInternalError");
    }
}
