package io.camelchat.symphony.api;

import java.util.Map;

import io.camelchat.common.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SymphonyClientTest {

    @Test
    void theReadBodyIsWhatTheMapperWrites() {
        for (String ackId : new String[]{ "", "Z2FtZS1hY2stMDAwMQ", "a\"b\\c\nd\u0001", "ünï/+=" }) {
            assertEquals(Json.write(Map.of("ackId", ackId)), SymphonyClient.ackBody(ackId), ackId);
        }
        assertEquals("{\"ackId\":\"\"}", SymphonyClient.ackBody(null));
    }
}
