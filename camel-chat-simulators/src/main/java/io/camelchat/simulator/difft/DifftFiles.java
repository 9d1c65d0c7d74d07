package io.camelchat.simulator.difft;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.camelchat.simulator.common.Json;
import io.camelchat.simulator.common.SimRequest;
import io.camelchat.simulator.common.SimResponse;

/**
 * The attachment flow of reference section 7: {@code /v1/file/isExists} (allocate, or append an authorization),
 * the unsigned storage {@code PUT}, {@code /v1/file/uploadInfo} (confirm, the blob's MD5 checked against
 * {@code cipherHash}), {@code /v1/file/download} and the unsigned storage {@code GET}, {@code /v1/file/delAuthorize}.
 * The simulator never sees the key: it stores the encrypted blob as uploaded.
 */
final class DifftFiles {

    static final String STORAGE_PREFIX = "/oss/";

    /** A confirmed file, stored under its {@code fileHash}. */
    record StoredFile(String fileHash, long fileSize, String cipherHash, byte[] blob, String uploader) {
    }

    /** Who may fetch a file: the uploader, the listed users and the members of the listed groups. */
    record Authorization(String authorizeId, String fileHash, String owner, List<String> gids, List<String> numbers) {
    }

    private record Pending(String fileHash, long fileSize, String uploader, byte[] blob) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DifftSimulator sim;
    private final Map<String, StoredFile> files = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Authorization> authorizations = new LinkedHashMap<>();
    private final Map<String, String> downloads = new HashMap<>();
    private final AtomicLong nextAuthorizeId = new AtomicLong(7_000_000_001L);

    DifftFiles(DifftSimulator sim) {
        this.sim = sim;
    }

    // ---------------------------------------------------------------- signed API

    synchronized SimResponse isExists(SimRequest r) {
        Map<String, Object> req = Json.tryParseObject(r.bodyText());
        String problem = req == null ? "body is not a JSON object" : checkCommon(r, req);
        if (problem != null) {
            return invalid(r, problem);
        }
        if (!(req.get("fileSize") instanceof Number size) || size.longValue() < 0) {
            return invalid(r, "fileSize must be a non-negative integer");
        }
        Recipients to = recipients(req);
        if (to.problem() != null) {
            return to.problem();
        }
        String fileHash = (String) req.get("fileHash");
        String wuid = (String) req.get("wuid");
        StoredFile f = files.get(fileHash);
        Map<String, Object> data = new LinkedHashMap<>();
        if (f != null) {
            if (f.fileSize() != size.longValue()) {
                return invalid(r, "fileSize differs from the stored file's");
            }
            data.put("exists", true);
            data.put("authorizeId", authorize(fileHash, wuid, to));
            data.put("cipherHash", f.cipherHash());
            return DifftErrors.ok(data);
        }
        String attachmentId = UUID.randomUUID().toString().replace("-", "");
        pending.put(attachmentId, new Pending(fileHash, size.longValue(), wuid, null));
        data.put("exists", false);
        data.put("url", sim.baseUrl(r.tls()) + STORAGE_PREFIX + attachmentId);
        data.put("attachmentId", attachmentId);
        return DifftErrors.ok(data);
    }

    synchronized SimResponse uploadInfo(SimRequest r) {
        Map<String, Object> req = Json.tryParseObject(r.bodyText());
        String problem = req == null ? "body is not a JSON object" : checkCommon(r, req);
        if (problem != null) {
            return invalid(r, problem);
        }
        Map<String, String> algs = Map.of("hashAlg", "SHA256", "keyAlg", "SHA512", "encAlg", "AES-CBC-SHA256",
                "cipherHashType", "MD5");
        for (Map.Entry<String, String> e : algs.entrySet()) {
            if (!e.getValue().equals(req.get(e.getKey()))) {
                return invalid(r, e.getKey() + " must be " + e.getValue());
            }
        }
        Recipients to = recipients(req);
        if (to.problem() != null) {
            return to.problem();
        }
        String fileHash = (String) req.get("fileHash");
        Pending p = req.get("attachmentId") instanceof String id ? pending.get(id) : null;
        if (p == null || !p.fileHash().equals(fileHash)) {
            return invalid(r, "unknown attachmentId for this fileHash");
        }
        if (!(req.get("fileSize") instanceof Number size) || size.longValue() != p.fileSize()) {
            return invalid(r, "fileSize differs from isExists");
        }
        if (p.blob() == null) {
            return DifftErrors.fail(DifftErrors.NOT_FOUND,
                    "nothing uploaded for attachment " + req.get("attachmentId"));
        }
        long padded = (p.fileSize() / 16 + 1) * 16;
        if (p.blob().length != 16 + padded + 32) {
            return invalid(r, "uploaded blob is " + p.blob().length + " bytes, IV + AES-CBC(" + p.fileSize()
                              + " bytes) + MAC is " + (16 + padded + 32));
        }
        String md5 = HexFormat.of().formatHex(digest("MD5", p.blob()));
        if (!(req.get("cipherHash") instanceof String ch) || !md5.equals(ch.toLowerCase())) {
            return invalid(r, "cipherHash does not match the uploaded blob (MD5 " + md5 + ")");
        }
        pending.remove((String) req.get("attachmentId"));
        files.put(fileHash, new StoredFile(fileHash, p.fileSize(), md5, p.blob(), p.uploader()));
        return DifftErrors.ok(Map.of("authorizeId", authorize(fileHash, (String) req.get("wuid"), to)));
    }

    synchronized SimResponse download(SimRequest r) {
        Map<String, Object> req = Json.tryParseObject(r.bodyText());
        String problem = req == null ? "body is not a JSON object" : checkCommon(r, req);
        if (problem != null) {
            return invalid(r, problem);
        }
        Object authorizeId = req.get("authorizeId");
        Authorization a = authorizeId == null ? null : authorizations.get(String.valueOf(authorizeId));
        String wuid = (String) req.get("wuid");
        if (a == null || !a.fileHash().equals(req.get("fileHash")) || !mayFetch(a, wuid)) {
            return DifftErrors.fail(DifftErrors.NOT_FOUND, "no authorization for this file");
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        downloads.put(token, a.fileHash());
        return DifftErrors.ok(Map.of("url", sim.baseUrl(r.tls()) + STORAGE_PREFIX + "download/" + token));
    }

    synchronized SimResponse delAuthorize(SimRequest r) {
        Map<String, Object> req = Json.tryParseObject(r.bodyText());
        if (req == null || !(req.get("wuid") instanceof String wuid)
                || !sim.isBot(r.header(DifftSignatures.APPID), wuid)) {
            return invalid(r, "wuid must be the bot's wuid");
        }
        if (!(req.get("delAuthorizeInfos") instanceof List<?> infos) || infos.isEmpty()) {
            return invalid(r, "delAuthorizeInfos must be a non-empty array");
        }
        List<String> remove = new ArrayList<>();
        for (Object o : infos) {
            if (!(o instanceof Map<?, ?> info) || !(info.get("fileHash") instanceof String fh)
                    || !(info.get("authorizeIds") instanceof List<?> ids)) {
                return invalid(r, "each delAuthorizeInfo needs fileHash and authorizeIds");
            }
            for (Object id : ids) {
                Authorization a = authorizations.get(String.valueOf(id));
                if (a == null || !a.fileHash().equals(fh) || !a.owner().equals(wuid)) {
                    return DifftErrors.fail(DifftErrors.NOT_FOUND, "unknown authorizeId " + id);
                }
                remove.add(a.authorizeId());
            }
        }
        remove.forEach(authorizations::remove);
        return DifftErrors.ok(null);
    }

    // ---------------------------------------------------------------- unsigned storage

    /** {@code PUT /oss/<attachmentId>} (the blob) and {@code GET /oss/download/<token>}; no signature. */
    synchronized SimResponse storage(SimRequest r) {
        String rest = r.path().substring(STORAGE_PREFIX.length());
        if ("PUT".equals(r.method())) {
            Pending p = pending.get(rest);
            if (p == null) {
                return SimResponse.text(404, "NoSuchUpload");
            }
            String contentType = r.header("Content-Type");
            if (contentType != null && !contentType.isBlank()) {
                // the upload URL is presigned with an empty content type (the SDKs send none): any other fails
                return SimResponse.text(403, "SignatureDoesNotMatch: Content-Type " + contentType + " was not signed");
            }
            pending.put(rest, new Pending(p.fileHash(), p.fileSize(), p.uploader(), r.body()));
            return SimResponse.bytes(200, null, new byte[0]);
        }
        if ("GET".equals(r.method()) && rest.startsWith("download/")) {
            String fileHash = downloads.get(rest.substring("download/".length()));
            StoredFile f = fileHash == null ? null : files.get(fileHash);
            return f == null ? SimResponse.text(404, "NoSuchKey")
                    : SimResponse.bytes(200, "application/octet-stream", f.blob());
        }
        return SimResponse.text(405, "MethodNotAllowed");
    }

    // ---------------------------------------------------------------- used by send and tests

    /** The stored file of an authorization, or {@code null} when the authorization is unknown or removed. */
    synchronized StoredFile fileOf(Object authorizeId) {
        Authorization a = authorizeId == null ? null : authorizations.get(String.valueOf(authorizeId));
        return a == null ? null : files.get(a.fileHash());
    }

    /**
     * A user uploads a file as a client app would (7.1 crypto with a random IV, stored and authorized for
     * {@code numbers}); returns the attachment descriptor of 4.6 for the message that carries it.
     */
    synchronized Map<String, Object> uploadAsUser(String userWuid, byte[] plain, String fileName, String contentType,
                                                  List<String> gids, List<String> numbers) {
        byte[] k = digest("SHA-512", plain);
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        byte[] blob;
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, 0, 32, "AES"), new IvParameterSpec(iv));
            byte[] c = aes.doFinal(plain);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k, 32, 32, "HmacSHA256"));
            mac.update(iv);
            byte[] tag = mac.doFinal(c);
            blob = new byte[16 + c.length + 32];
            System.arraycopy(iv, 0, blob, 0, 16);
            System.arraycopy(c, 0, blob, 16, c.length);
            System.arraycopy(tag, 0, blob, 16 + c.length, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String fileHash = fileHashOfKey(k);
        StoredFile f = files.get(fileHash);
        if (f == null) {
            f = new StoredFile(fileHash, plain.length, HexFormat.of().formatHex(digest("MD5", blob)), blob, userWuid);
            files.put(fileHash, f);
        }
        String authorizeId = authorize(fileHash, userWuid, new Recipients(gids, numbers, null));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("contentType", contentType);
        a.put("authorizeId", authorizeId);
        a.put("key", Base64.getEncoder().encodeToString(k));
        a.put("size", plain.length);
        a.put("fileName", fileName);
        a.put("digest", f.cipherHash());
        return a;
    }

    synchronized List<StoredFile> stored() {
        return List.copyOf(files.values());
    }

    static String fileHashOfKey(byte[] key) {
        return Base64.getEncoder().encodeToString(digest("SHA-256", key));
    }

    // ---------------------------------------------------------------- helpers

    private record Recipients(List<String> gids, List<String> numbers, SimResponse problem) {
    }

    private Recipients recipients(Map<String, Object> req) {
        List<String> gids = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (String field : List.of("gids", "numbers")) {
            Object v = req.get(field);
            if (v == null) {
                continue;
            }
            if (!(v instanceof List<?> l) || !l.stream().allMatch(String.class::isInstance)) {
                return new Recipients(gids, numbers, DifftErrors.invalidParameter(field + " must be an array"));
            }
            l.forEach(x -> (field.equals("gids") ? gids : numbers).add((String) x));
        }
        String wuid = (String) req.get("wuid");
        for (String gid : gids) {
            DifftSimulator.Group g = sim.group(gid);
            if (g == null || !g.members().contains(wuid)) {
                return new Recipients(gids, numbers, DifftErrors.fail(DifftErrors.NOT_FOUND,
                        "group not found or bot not a member: " + gid));
            }
        }
        return new Recipients(gids, numbers, null);
    }

    private String checkCommon(SimRequest r, Map<String, Object> req) {
        if (!(req.get("wuid") instanceof String wuid) || !sim.isBot(r.header(DifftSignatures.APPID), wuid)) {
            return "wuid must be the bot's wuid";
        }
        if (!(req.get("fileHash") instanceof String fh)) {
            return "fileHash is required";
        }
        try {
            if (Base64.getDecoder().decode(fh).length != 32) {
                return "fileHash must be base64 of a SHA-256";
            }
        } catch (IllegalArgumentException e) {
            return "fileHash is not base64";
        }
        return null;
    }

    private String authorize(String fileHash, String owner, Recipients to) {
        String id = Long.toString(nextAuthorizeId.getAndIncrement());
        authorizations.put(id, new Authorization(id, fileHash, owner, List.copyOf(to.gids()),
                List.copyOf(to.numbers())));
        return id;
    }

    private boolean mayFetch(Authorization a, String wuid) {
        if (a.owner().equals(wuid) || a.numbers().contains(wuid)) {
            return true;
        }
        return a.gids().stream().map(sim::group).anyMatch(g -> g != null && g.members().contains(wuid));
    }

    private SimResponse invalid(SimRequest r, String detail) {
        sim.protocolLog().add(r.method() + " " + r.path() + ": " + detail);
        return DifftErrors.invalidParameter(detail);
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
