package io.camelchat.dingtalk;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.camelchat.simulator.dingtalk.SentMessage;
import io.camelchat.simulator.dingtalk.UploadedMedia;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Files and bytes are messages: a picture is uploaded and sent as an image message, anything else as a file. */
class DingTalkFileTest extends DingTalkTestSupport {

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 3,
            4 };
    static final byte[] PDF = "%PDF-1.4 quarterly report".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path outbox;

    private SentMessage sent(String processQueryKey) {
        return sim.sentMessages().stream().filter(m -> processQueryKey.equals(m.processQueryKey())).findFirst()
                .orElseThrow();
    }

    private UploadedMedia media(Object mediaId) {
        return sim.uploadedMedia().stream().filter(u -> u.mediaId().equals(String.valueOf(mediaId))).findFirst()
                .orElseThrow();
    }

    /** The processQueryKey in a group message id ({@code group:<conversation>:<key>}). */
    private static String key(String messageId) {
        return messageId.substring(messageId.lastIndexOf(':') + 1);
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
                        .to("dingtalk:message?to=group:" + GROUP)
                        .process(e -> ids.add(e.getMessage().getHeader("CamelChatMessageId", String.class)));
            }
        });
        assertThat(done.matches(20, TimeUnit.SECONDS)).as("both files sent").isTrue();
        assertThat(ids).hasSize(2);
        // the file consumer does not wait for an asynchronous send: the two may complete in either order
        List<SentMessage> both = List.of(sent(key(ids.get(0))), sent(key(ids.get(1))));

        SentMessage picture = both.stream().filter(m -> m.msgKey().equals("sampleImageMsg")).findFirst().orElseThrow();
        assertThat(picture.channel()).isEqualTo(SentMessage.Channel.GROUP);
        UploadedMedia image = media(picture.content().get("photoURL"));
        assertThat(image.type()).isEqualTo("image");
        assertThat(image.fileName()).isEqualTo("chart.png");
        assertThat(image.bytes()).isEqualTo(PNG);

        SentMessage file = both.stream().filter(m -> m.msgKey().equals("sampleFile")).findFirst().orElseThrow();
        assertThat(file.content()).containsEntry("fileName", "report.pdf").containsEntry("fileType", "pdf");
        UploadedMedia pdf = media(file.content().get("mediaId"));
        assertThat(pdf.type()).isEqualTo("file");
        assertThat(pdf.fileName()).isEqualTo("report.pdf");
        assertThat(pdf.bytes()).isEqualTo(PDF);
    }

    @Test
    void bytesAndStreamsArePostedNamedByCamelFileName() {
        Exchange picture = template.request("dingtalk:message?to=group:" + GROUP, e -> e.getMessage().setBody(PNG));
        assertThat(picture.getException()).isNull();
        SentMessage pic = sent(key(picture.getMessage().getHeader("CamelChatMessageId", String.class)));
        assertThat(pic.msgKey()).isEqualTo("sampleImageMsg");
        assertThat(media(pic.content().get("photoURL")).bytes()).isEqualTo(PNG);

        Exchange stream = template.request("dingtalk:message?to=user:alice", e -> {
            e.getMessage().setBody(new ByteArrayInputStream(PDF));
            e.getMessage().setHeader(Exchange.FILE_NAME, "out/q3.pdf");
        });
        assertThat(stream.getException()).isNull();
        String id = stream.getMessage().getHeader("CamelChatMessageId", String.class);
        SentMessage file = sent(id.substring(id.indexOf(':') + 1));
        assertThat(file.msgKey()).isEqualTo("sampleFile");
        assertThat(file.content()).containsEntry("fileName", "q3.pdf");
        assertThat(media(file.content().get("mediaId")).bytes()).isEqualTo(PDF);
    }
}
