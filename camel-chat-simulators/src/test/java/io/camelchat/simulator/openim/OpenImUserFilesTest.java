package io.camelchat.simulator.openim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Simulated users send pictures and files: the object is stored, and its URL in the message serves the bytes. */
class OpenImUserFilesTest {

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 5, 6, 7 };

    private OpenImSimulator sim;

    @BeforeEach
    void start() {
        sim = OpenImSimulator.builder().user("bot", "Bot").user("ann", "Ann").group("g1", "Team", "ann", "bot")
                .start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aPictureToAUserAndAFileToAGroupCarryURLsThatServeTheirBytes() throws Exception {
        OpenImMessage picture = sim.sendPicture("ann", "bot", "", "cat.png", "image/png", PNG);
        assertThat(picture.contentType()).isEqualTo(102);
        assertThat(picture.conversationId()).isEqualTo("si_ann_bot");
        String pictureUrl = sim.uploadedObjects().get(0).url();
        assertThat(pictureUrl).isEqualTo(sim.apiUrl() + "/object/ann/cat.png");
        assertThat(picture.content()).contains("\"url\":\"" + pictureUrl + "\"").contains("\"size\":11");

        byte[] pdf = "%PDF-1.4 minutes".getBytes();
        OpenImMessage file = sim.sendFile("ann", "", "g1", "minutes.pdf", pdf);
        assertThat(file.contentType()).isEqualTo(105);
        assertThat(file.conversationId()).isEqualTo("sg_g1");
        assertThat(file.content()).contains("\"fileName\":\"minutes.pdf\"").contains("\"fileSize\":16");

        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(pictureUrl)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(PNG);
        got = http.send(HttpRequest.newBuilder(URI.create(sim.apiUrl() + "/object/ann/minutes.pdf")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.body()).isEqualTo(pdf);
    }
}
