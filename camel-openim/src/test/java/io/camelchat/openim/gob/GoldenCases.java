package io.camelchat.openim.gob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The golden cases that Go's encoding/gob wrote (src/test/go), read from src/test/resources/gob/cases.tsv. */
final class GoldenCases {

    /** One golden file: its values (two for a reused encoder's stream) as requests or responses. */
    record Case(String file, boolean request, List<WsRequest> requests, List<WsResponse> responses) {

        int size() {
            return request ? requests.size() : responses.size();
        }
    }

    private GoldenCases() {
    }

    static List<Case> all() {
        Map<String, Case> cases = new LinkedHashMap<>();
        HexFormat hex = HexFormat.of();
        for (String line : new String(resource("cases.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            boolean request = c[2].equals("req");
            Case k = cases.computeIfAbsent(c[0], f -> new Case(f, request, new ArrayList<>(), new ArrayList<>()));
            String token = str(hex, c[4]);
            String sendId = str(hex, c[5]);
            String operationId = str(hex, c[6]);
            String msgIncr = str(hex, c[7]);
            byte[] data = hex.parseHex(c[10]);
            int reqIdentifier = Integer.parseInt(c[3]);
            if (request) {
                k.requests().add(new WsRequest(reqIdentifier, token, sendId, operationId, msgIncr, data));
            } else {
                k.responses().add(new WsResponse(reqIdentifier, msgIncr, operationId, Long.parseLong(c[8]),
                        str(hex, c[9]), data));
            }
        }
        return List.copyOf(cases.values());
    }

    static Case get(String file) {
        return all().stream().filter(c -> c.file().equals(file)).findFirst().orElseThrow();
    }

    private static String str(HexFormat hex, String s) {
        return new String(hex.parseHex(s), StandardCharsets.UTF_8);
    }

    static byte[] resource(String name) {
        try (InputStream in = GoldenCases.class.getResourceAsStream("/gob/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource gob/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(String name) {
        return GoldenCases.class.getResource("/gob/" + name) != null;
    }
}
