package io.camelchat.symphony;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.symphony.SymMessage;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Files and bytes are messages: each is sent as an attachment, a picture typed as one. */
class SymphonyFileTest extends SymphonyTestSupport {

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 5,
            6 };
    static final byte[] PDF = "%PDF-1.4 quarterly report".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path outbox;

    @Test
    void aFileRoutePostsAPictureAndAFile() throws Exception {
        Files.write(outbox.resolve("chart.png"), PNG);
        Files.write(outbox.resolve("report.pdf"), PDF);
        List<String> ids = new CopyOnWriteArrayList<>();
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("outbox").whenCompleted(2).create();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + outbox + "?noop=true&sortBy=file:name").routeId("outbox")
                        .to("symphony:message?to=stream:" + aliceIm)
                        .process(e -> ids.add(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)));
            }
        });
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("both files sent").isTrue();
        assertThat(ids).hasSize(2);

        // the file consumer does not wait for an asynchronous send: the two may complete in either order
        List<SymMessage> both = List.of(sim.message(ids.get(0)), sim.message(ids.get(1)));
        SymMessage picture = both.stream().filter(m -> m.attachments().get(0).name().equals("chart.png")).findFirst()
                .orElseThrow();
        assertThat(picture.streamId()).isEqualTo(aliceIm);
        assertThat(picture.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("chart.png");
            assertThat(a.contentType()).isEqualTo("image/png");
            assertThat(a.bytes()).isEqualTo(PNG);
        });
        SymMessage file = both.stream().filter(m -> m != picture).findFirst().orElseThrow();
        assertThat(file.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("report.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.bytes()).isEqualTo(PDF);
        });
    }

    @Test
    void bytesAndStreamsArePostedNamedByCamelFileName() {
        String uri = "symphony:message?to=stream:" + aliceIm;
        Exchange picture = template.request(uri, e -> e.getMessage().setBody(PNG));
        assertThat(picture.getException()).isNull();
        assertThat(sim.message(picture.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)).attachments())
                .singleElement().satisfies(a -> {
                    assertThat(a.name()).isEqualTo("image.png");
                    assertThat(a.contentType()).isEqualTo("image/png");
                    assertThat(a.bytes()).isEqualTo(PNG);
                });

        Exchange stream = template.request(uri, e -> {
            e.getMessage().setBody(new ByteArrayInputStream(PDF));
            e.getMessage().setHeader(Exchange.FILE_NAME, "out/q3.pdf");
        });
        assertThat(stream.getException()).isNull();
        assertThat(sim.message(stream.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)).attachments())
                .singleElement().satisfies(a -> {
                    assertThat(a.name()).isEqualTo("q3.pdf");
                    assertThat(a.bytes()).isEqualTo(PDF);
                });
    }
}
