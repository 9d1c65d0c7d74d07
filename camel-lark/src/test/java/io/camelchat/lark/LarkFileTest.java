package io.camelchat.lark;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.camelchat.common.ChatHeaders;
import io.camelchat.simulator.lark.SentMessage;
import io.camelchat.simulator.lark.UploadedFile;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Files and bytes are messages: a picture is uploaded and sent as an image message, anything else as a file. */
class LarkFileTest extends LarkTestSupport {

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1,
            2 };
    static final byte[] PDF = "%PDF-1.4 quarterly report".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path outbox;

    private SentMessage sent(String id) {
        return sim.sentMessages().stream().filter(m -> m.messageId().equals(id)).findFirst().orElseThrow();
    }

    private UploadedFile upload(String key) {
        return sim.uploads().stream().filter(u -> u.key().equals(key)).findFirst().orElseThrow();
    }

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
                        .to("lark:message?to=chat_id:" + CHAT)
                        .process(e -> ids.add(e.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)));
            }
        });
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("both files sent").isTrue();
        assertThat(ids).hasSize(2);

        // the file consumer does not wait for an asynchronous send: the two may complete in either order
        List<SentMessage> both = List.of(sent(ids.get(0)), sent(ids.get(1)));
        SentMessage picture = both.stream().filter(m -> m.msgType().equals("image")).findFirst().orElseThrow();
        assertThat(picture.chatId()).isEqualTo(CHAT);
        UploadedFile image = upload(String.valueOf(picture.content().get("image_key")));
        assertThat(image.bytes()).isEqualTo(PNG);
        assertThat(image.contentType()).isEqualTo("image/png");

        SentMessage file = both.stream().filter(m -> m.msgType().equals("file")).findFirst().orElseThrow();
        UploadedFile pdf = upload(String.valueOf(file.content().get("file_key")));
        assertThat(pdf.bytes()).isEqualTo(PDF);
        assertThat(pdf.name()).isEqualTo("report.pdf");
        assertThat(pdf.type()).isEqualTo("pdf");
    }

    @Test
    void bytesAndStreamsArePostedNamedByCamelFileName() {
        Exchange picture = template.request("lark:message?to=chat_id:" + CHAT, e -> e.getMessage().setBody(PNG));
        assertThat(picture.getException()).isNull();
        assertThat(sent(picture.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class)).msgType())
                .isEqualTo("image");

        Exchange stream = template.request("lark:message?to=chat_id:" + CHAT, e -> {
            e.getMessage().setBody(new ByteArrayInputStream(PDF));
            e.getMessage().setHeader(Exchange.FILE_NAME, "out/q3.pdf");
        });
        assertThat(stream.getException()).isNull();
        SentMessage file = sent(stream.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class));
        assertThat(file.msgType()).isEqualTo("file");
        UploadedFile pdf = upload(String.valueOf(file.content().get("file_key")));
        assertThat(pdf.name()).isEqualTo("q3.pdf");
        assertThat(pdf.bytes()).isEqualTo(PDF);

        // text stays text, even with a file name around
        Exchange text = template.request("lark:message?to=chat_id:" + CHAT, e -> {
            e.getMessage().setBody("just text");
            e.getMessage().setHeader(Exchange.FILE_NAME, "q3.pdf");
        });
        SentMessage t = sent(text.getMessage().getHeader(ChatHeaders.MESSAGE_ID, String.class));
        assertThat(t.msgType()).isEqualTo("text");
        assertThat(t.text()).isEqualTo("just text");
    }
}
