package io.camelchat.simulator.openim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

/**
 * The object API of open-im-server v3.8.3 ({@code /object/*}, {@code internal/rpc/third/s3.go}) over openimsdk/tools'
 * {@code s3/cont} controller and a MinIO-like store that the simulator serves itself under {@value #STORE}: part size
 * = max(min part size, ceil(size / 10000)); an upload that fits one part gets an upload id of type 2 (presigned PUT,
 * completed with the one part md5), a larger one type 1 (multipart: parts signed for {@code maxParts} part numbers,
 * all when -1, none when 0; {@code /object/auth_sign} signs more); upload ids are standard Base64 of the JSON
 * {@code {"a":type,"b":s3UploadId,"c":key,"d":size,"e":hash}}; {@code hash} = md5 hex of the comma-joined part md5
 * hex strings; a hash already stored answers the initiate with {@code url} only. Presigned URLs carry
 * {@code X-Amz-Expires-At} and {@code X-Amz-Signature} (an HMAC of the simulator, not AWS SigV4). The PUT answers
 * {@code ETag: "<md5 hex>"}; {@code GET /object/<name>} redirects (302) to a presigned GET.
 */
final class ObjectApi {

    static final String STORE = "/s3/openim";
    static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    static final int MAX_NUM_SIZE = 10000;
    private static final String HASH_PATH = "openim/data/hash/";

    private final OpenImSimulator sim;
    private final Map<String, byte[]> store = new LinkedHashMap<>();
    private final Map<String, TreeMap<Integer, byte[]>> multiparts = new LinkedHashMap<>();
    private final Map<String, UploadedObject> objects = new LinkedHashMap<>();

    ObjectApi(OpenImSimulator sim) {
        this.sim = sim;
    }

    void register(OpenImHttp http) {
        http.post("/object/part_limit", false, c -> Map.of("minPartSize", minPartSize(), "maxPartSize", MAX_PART_SIZE,
                "maxNumSize", MAX_NUM_SIZE));
        http.post("/object/part_size", false, c -> Map.of("size", partSize(c.number("size"))));
        http.post("/object/initiate_multipart_upload", false, this::initiate);
        http.post("/object/auth_sign", false, this::authSign);
        http.post("/object/complete_multipart_upload", false, this::complete);
        http.post("/object/access_url", false, this::accessUrl);
        http.raw("PUT", STORE + "/**", (r, p) -> put(r));
        http.raw("GET", STORE + "/**", (r, p) -> get(r));
        http.raw("GET", "/object/**", (r, p) -> redirect(r));
    }

    synchronized List<UploadedObject> objects() {
        return List.copyOf(objects.values());
    }

    private long minPartSize() {
        return sim.settings().minPartSize();
    }

    private long partSize(long size) {
        if (size <= 0) {
            throw new ImError(ImError.SERVER_INTERNAL, "size must be greater than 0");
        }
        if (size > MAX_PART_SIZE * MAX_NUM_SIZE) {
            throw new ImError(ImError.SERVER_INTERNAL, "MINIO size must be less than the maximum allowed limit");
        }
        if (size <= minPartSize() * MAX_NUM_SIZE) {
            return minPartSize();
        }
        return (size + MAX_NUM_SIZE - 1) / MAX_NUM_SIZE;
    }

    private void checkName(OpenImHttp.Call c, String name) {
        if (name.isEmpty()) {
            throw ImError.args("name is empty");
        }
        if (name.charAt(0) == '/') {
            throw ImError.args("name cannot start with `/`");
        }
        if (name.length() > 1024 || name.contains("//") || name.contains("..")) {
            throw ImError.args("invalid object name " + name);
        }
        if (!c.admin() && !name.startsWith(c.callerId() + "/")) {
            throw new ImError(ImError.NO_PERMISSION, "name must start with `" + c.callerId() + "/`");
        }
    }

    private synchronized Object initiate(OpenImHttp.Call c) {
        String name = c.string("name");
        checkName(c, name);
        String hash = c.string("hash");
        long size = c.number("size");
        int maxParts = (int) c.number("maxParts");
        if (size <= 0) {
            throw new ImError(ImError.SERVER_INTERNAL, "invalid size");
        }
        if (!hash.matches("[0-9a-fA-F]{32}")) {
            throw new ImError(ImError.SERVER_INTERNAL, "invalid md5");
        }
        long partSize = partSize(size);
        long parts = (size + partSize - 1) / partSize;
        if (store.containsKey(HASH_PATH + hash)) {
            String url = c.string("urlPrefix") + name;
            record(c, name, HASH_PATH + hash, hash, c.string("contentType"), c.string("cause"), url);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("url", url);
            d.put("upload", null);
            return d;
        }
        Map<String, Object> id = new LinkedHashMap<>();
        Map<String, Object> sign;
        if (size <= partSize) {
            String key = "openim/temp/" + System.currentTimeMillis() + "/" + hash + "_" + size + "_" + uuid()
                         + ".presigned";
            id.put("a", 2);
            id.put("c", key);
            id.put("d", size);
            id.put("e", hash);
            sign = signJson("", List.of(partJson(1, presign("PUT", key, ""))));
        } else {
            String uploadId = uuid();
            multiparts.put(uploadId, new TreeMap<>());
            id.put("a", 1);
            id.put("b", uploadId);
            id.put("c", HASH_PATH + hash);
            id.put("d", size);
            id.put("e", hash);
            int n = maxParts < 0 ? (int) parts : maxParts;
            sign = n > 0 ? signParts(uploadId, HASH_PATH + hash, range(n)) : null;
        }
        Map<String, Object> upload = new LinkedHashMap<>();
        upload.put("uploadID", Base64.getEncoder().encodeToString(Json.write(id).getBytes(StandardCharsets.UTF_8)));
        upload.put("partSize", partSize);
        upload.put("sign", sign);
        upload.put("expireTime", System.currentTimeMillis() + sim.settings().objectUrlTtl().toMillis());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", "");
        d.put("upload", upload);
        return d;
    }

    private synchronized Object authSign(OpenImHttp.Call c) {
        Map<String, Object> id = parseUploadId(c.string("uploadID"));
        if (!Integer.valueOf(1).equals(num(id.get("a")))) {
            throw new ImError(ImError.SERVER_INTERNAL, "presigned id not support auth sign");
        }
        Object numbers = c.body().get("partNumbers");
        List<Integer> parts = new ArrayList<>();
        if (numbers instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof Number n) || n.intValue() < 1 || n.intValue() > MAX_NUM_SIZE) {
                    throw ImError.args("invalid part number " + o);
                }
                parts.add(n.intValue());
            }
        }
        return signParts((String) id.get("b"), (String) id.get("c"), parts);
    }

    private synchronized Object complete(OpenImHttp.Call c) {
        String name = c.string("name");
        checkName(c, name);
        Map<String, Object> id = parseUploadId(c.string("uploadID"));
        List<String> partHashes = c.strings("parts");
        String hash = String.valueOf(id.get("e"));
        if (!OpenImState.md5(String.join(",", partHashes)).equals(hash)) {
            throw new ImError(ImError.SERVER_INTERNAL, "md5 mismatching");
        }
        String key = HASH_PATH + hash;
        if (!store.containsKey(key)) {
            Integer type = num(id.get("a"));
            long size = id.get("d") instanceof Number n ? n.longValue() : -1;
            byte[] content;
            if (Integer.valueOf(2).equals(type)) {
                content = store.remove(String.valueOf(id.get("c")));
                if (content == null) {
                    throw new ImError(ImError.RECORD_NOT_FOUND, "The specified key does not exist.");
                }
                if (content.length != size) {
                    throw new ImError(ImError.SERVER_INTERNAL, "upload size mismatching");
                }
                String md5 = md5(content);
                if (!OpenImState.md5(md5).equals(hash)) {
                    throw ImError.args("md5 mismatching " + OpenImState.md5(md5) + " != " + hash);
                }
            } else if (Integer.valueOf(1).equals(type)) {
                TreeMap<Integer, byte[]> uploaded = multiparts.get(String.valueOf(id.get("b")));
                if (uploaded == null) {
                    throw new ImError(ImError.SERVER_INTERNAL, "The specified multipart upload does not exist.");
                }
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int i = 0; i < partHashes.size(); i++) {
                    byte[] part = uploaded.get(i + 1);
                    if (part == null || !md5(part).equalsIgnoreCase(partHashes.get(i))) {
                        throw new ImError(ImError.SERVER_INTERNAL, "One or more of the specified parts could not be "
                                                                   + "found (part " + (i + 1) + ")");
                    }
                    all.writeBytes(part);
                }
                content = all.toByteArray();
                multiparts.remove(String.valueOf(id.get("b")));
            } else {
                throw new ImError(ImError.SERVER_INTERNAL, "invalid upload id type");
            }
            store.put(key, content);
        }
        String url = c.string("urlPrefix") + name;
        record(c, name, key, hash, c.string("contentType"), c.string("cause"), url);
        return Map.of("url", url);
    }

    private void record(OpenImHttp.Call c, String name, String key, String hash, String contentType, String cause,
                        String url) {
        objects.put(name, new UploadedObject(name, key, hash, contentType, cause, c.callerId(), store.get(key), url));
    }

    private synchronized Object accessUrl(OpenImHttp.Call c) {
        String name = c.string("name");
        Map<String, Object> query = c.object("query");
        Object type = query == null ? null : query.get("type");
        if (type != null && !"".equals(type) && !"image".equals(type)) {
            throw ImError.args("invalid query type");
        }
        UploadedObject o = objects.get(name);
        if (o == null) {
            throw new ImError(ImError.RECORD_NOT_FOUND, "object " + name + " not found");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", presign("GET", o.key(), o.contentType()));
        d.put("expireTime", System.currentTimeMillis() + sim.settings().objectUrlTtl().toMillis());
        return d;
    }

    private synchronized SimResponse redirect(SimRequest r) {
        String name = r.path().substring("/object/".length());
        UploadedObject o = objects.get(name);
        if (name.isEmpty()) {
            return SimResponse.text(400, "name is empty");
        }
        if (o == null) {
            return SimResponse.text(404, "RecordNotFoundError: object " + name + " not found");
        }
        return SimResponse.text(302, "").withHeader("Location", presign("GET", o.key(), o.contentType()));
    }

    private synchronized SimResponse put(SimRequest r) {
        String key = r.path().substring(STORE.length() + 1);
        SimResponse bad = checkSignature(r, "PUT", key);
        if (bad != null) {
            return bad;
        }
        String partNumber = r.query("partNumber");
        String uploadId = r.query("uploadId");
        byte[] body = r.body();
        if (partNumber != null && uploadId != null) {
            TreeMap<Integer, byte[]> parts = multiparts.get(uploadId);
            if (parts == null) {
                return s3Error(404, "NoSuchUpload", "The specified multipart upload does not exist.");
            }
            parts.put(Integer.parseInt(partNumber), body);
        } else {
            store.put(key, body);
        }
        return SimResponse.text(200, "").withHeader("ETag", "\"" + md5(body) + "\"");
    }

    private synchronized SimResponse get(SimRequest r) {
        String key = r.path().substring(STORE.length() + 1);
        SimResponse bad = checkSignature(r, "GET", key);
        if (bad != null) {
            return bad;
        }
        byte[] content = store.get(key);
        if (content == null) {
            return s3Error(404, "NoSuchKey", "The specified key does not exist.");
        }
        String ct = r.query("response-content-type");
        return SimResponse.bytes(200, ct == null || ct.isEmpty() ? "application/octet-stream" : ct, content)
                .withHeader("ETag", "\"" + md5(content) + "\"");
    }

    private SimResponse checkSignature(SimRequest r, String method, String key) {
        String expires = r.query("X-Amz-Expires-At");
        String sig = r.query("X-Amz-Signature");
        if (expires == null || sig == null || !sig.equals(sign(method, key, expires))) {
            sim.protocolLog().add("s3 " + method + " " + key + ": missing or bad signature");
            return s3Error(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.");
        }
        if (Long.parseLong(expires) < System.currentTimeMillis()) {
            return s3Error(403, "AccessDenied", "Request has expired");
        }
        return null;
    }

    private static SimResponse s3Error(int status, String code, String message) {
        return SimResponse.bytes(status, "application/xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                                                             + code + "</Code><Message>" + message
                                                             + "</Message></Error>")
                .getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> signParts(String uploadId, String key, List<Integer> numbers) {
        List<Object> parts = new ArrayList<>();
        for (int n : numbers) {
            parts.add(partJson(n, presign("PUT", key, "") + "&partNumber=" + n + "&uploadId=" + uploadId));
        }
        return signJson("", parts);
    }

    private static Map<String, Object> signJson(String url, List<Object> parts) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("url", url);
        s.put("query", null);
        s.put("header", null);
        s.put("parts", parts);
        return s;
    }

    private static Map<String, Object> partJson(int n, String url) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("partNumber", n);
        p.put("url", url);
        p.put("query", null);
        p.put("header", null);
        return p;
    }

    private String presign(String method, String key, String contentType) {
        Duration ttl = sim.settings().objectUrlTtl();
        String expires = Long.toString(System.currentTimeMillis() + ttl.toMillis());
        String url = sim.apiUrl() + STORE + "/" + key + "?X-Amz-Expires-At=" + expires + "&X-Amz-Signature="
                     + sign(method, key, expires);
        return contentType.isEmpty() ? url : url + "&response-content-type=" + contentType.replace("/", "%2F");
    }

    private String sign(String method, String key, String expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sim.tokens().secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((method + "\n" + key + "\n" + expires)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> parseUploadId(String id) {
        try {
            return Json.parseObject(new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ImError(ImError.SERVER_INTERNAL, "invalid multipart upload id: " + e.getMessage());
        }
    }

    private static Integer num(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            l.add(i);
        }
        return l;
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String uuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
