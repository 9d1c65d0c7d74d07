package io.camelchat.common;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Converter;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Files and bytes become attachments (a picture when they are one), named and typed from the exchange. */
class ChatFileConvertersTest {

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
    static final byte[] JPEG = { (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F' };
    static final byte[] PDF = "%PDF-1.4 quarterly report".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private Exchange exchange(Map<String, Object> headers) {
        Exchange x = new DefaultExchange(context);
        headers.forEach(x.getMessage()::setHeader);
        return x;
    }

    private <T> T convert(Class<T> type, Object body, Map<String, Object> headers) {
        return context.getTypeConverter().convertTo(type, exchange(headers), body);
    }

    @Test
    void theLoaderRegistersEveryConverterMethod() {
        List<Method> methods = Arrays.stream(ChatFileConverters.class.getMethods())
                .filter(m -> m.isAnnotationPresent(Converter.class)).toList();
        assertThat(methods).hasSize(11);
        for (Method m : methods) {
            assertThat(context.getTypeConverterRegistry().lookup(m.getReturnType(), m.getParameterTypes()[0]))
                    .as(m.getName()).isNotNull();
        }
    }

    @Test
    void aFileIsNamedByCamelFileNameElseItsOwnNameAndTypedByItsName() throws Exception {
        File chart = Files.write(dir.resolve("chart.png"), PNG).toFile();
        ChatMessage m = convert(ChatMessage.class, chart, Map.of());
        assertThat(m.getText()).isNull();
        assertThat(m.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(ChatAttachment.Kind.image);
            assertThat(a.getName()).isEqualTo("chart.png");
            assertThat(a.getContentType()).isEqualTo("image/png");
            assertThat(a.getData()).isEqualTo(PNG);
        });

        ChatAttachment renamed = convert(ChatAttachment.class, chart, Map.of(Exchange.FILE_NAME, "sub/dir/q3.png"));
        assertThat(renamed.getName()).isEqualTo("q3.png");

        Path report = Files.write(dir.resolve("report.pdf"), PDF);
        ChatAttachment pdf = convert(ChatAttachment.class, report, Map.of());
        assertThat(pdf.getKind()).isEqualTo(ChatAttachment.Kind.file);
        assertThat(pdf.getName()).isEqualTo("report.pdf");
        assertThat(pdf.getContentType()).isEqualTo("application/pdf");
        assertThat(pdf.getData()).isEqualTo(PDF);
    }

    @Test
    void theContentTypeHeaderWinsOverTheName() {
        ChatAttachment a = convert(ChatAttachment.class, JPEG, Map.of(Exchange.FILE_NAME, "photo.bin",
                Exchange.CONTENT_TYPE, "image/jpeg"));
        assertThat(a.getKind()).isEqualTo(ChatAttachment.Kind.image);
        assertThat(a.getName()).isEqualTo("photo.bin");
        ChatAttachment b = convert(ChatAttachment.class, PNG, Map.of(Exchange.FILE_NAME, "notes.txt",
                Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8"));
        assertThat(b.getKind()).isEqualTo(ChatAttachment.Kind.file);
        assertThat(b.getContentType()).isEqualTo("text/plain; charset=UTF-8");
        // octet-stream says nothing: the name decides
        ChatAttachment c = convert(ChatAttachment.class, PNG, Map.of(Exchange.FILE_NAME, "c.png",
                Exchange.CONTENT_TYPE, "application/octet-stream"));
        assertThat(c.getKind()).isEqualTo(ChatAttachment.Kind.image);
        assertThat(c.getContentType()).isEqualTo("image/png");
    }

    @Test
    void bytesAndStreamsWithoutANameAreSniffed() {
        ChatAttachment png = convert(ChatAttachment.class, PNG, Map.of());
        assertThat(png.getKind()).isEqualTo(ChatAttachment.Kind.image);
        assertThat(png.getName()).isEqualTo("image.png");
        assertThat(png.getContentType()).isEqualTo("image/png");

        ChatMessage jpeg = convert(ChatMessage.class, new ByteArrayInputStream(JPEG), Map.of());
        assertThat(jpeg.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(ChatAttachment.Kind.image);
            assertThat(a.getName()).isEqualTo("image.jpg");
            assertThat(a.getData()).isEqualTo(JPEG);
        });

        ChatAttachment unknown = convert(ChatAttachment.class, PDF, Map.of());
        assertThat(unknown.getKind()).isEqualTo(ChatAttachment.Kind.file);
        assertThat(unknown.getName()).as("the producer picks its platform's default").isNull();
        assertThat(unknown.getContentType()).isNull();
    }

    @Test
    void onlyPicturesThePlatformsShowAreImages() {
        assertThat(convert(ChatAttachment.class, "<svg/>".getBytes(StandardCharsets.UTF_8),
                Map.of(Exchange.FILE_NAME, "logo.svg")).getKind()).isEqualTo(ChatAttachment.Kind.file);
        assertThat(convert(ChatAttachment.class, PDF, Map.of(Exchange.FILE_NAME, "clip.mp4")).getKind())
                .isEqualTo(ChatAttachment.Kind.file);
        for (String name : List.of("a.png", "a.JPG", "a.jpeg", "a.gif", "a.bmp", "a.webp")) {
            assertThat(convert(ChatAttachment.class, PDF, Map.of(Exchange.FILE_NAME, name)).getKind()).as(name)
                    .isEqualTo(ChatAttachment.Kind.image);
        }
    }

    @Test
    void textAndOtherBodiesAreNotTurnedIntoAttachments() {
        assertThat(context.getTypeConverter().tryConvertTo(ChatMessage.class, exchange(Map.of()), "hello")).isNull();
        assertThat(context.getTypeConverter().tryConvertTo(ChatAttachment.class, exchange(Map.of()), "hello")).isNull();
        assertThat(context.getTypeConverter().tryConvertTo(ChatMessage.class, exchange(Map.of()), Map.of("a", 1)))
                .isNull();
        assertThat(context.getTypeConverter().tryConvertTo(ChatMessage.class, exchange(Map.of()), 42)).isNull();
    }

    @Test
    void anAttachmentIsAMessage() {
        ChatAttachment a = ChatAttachment.of(ChatAttachment.Kind.file, "r.pdf", "application/pdf", PDF);
        assertThat(convert(ChatMessage.class, a, Map.of()).getAttachments()).containsExactly(a);
    }

    @Test
    void aFileConsumersGenericFileBecomesAMessage() throws Exception {
        Files.write(dir.resolve("chart.png"), PNG);
        Files.write(dir.resolve("report.pdf"), PDF);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + dir + "?noop=true&sortBy=file:name").routeId("files")
                        .process(e -> assertThat(e.getMessage().getBody()).isInstanceOf(GenericFile.class))
                        .convertBodyTo(ChatMessage.class).to("mock:out");
            }
        });
        MockEndpoint out = context.getEndpoint("mock:out", MockEndpoint.class);
        out.expectedMessageCount(2);
        NotifyBuilder done = new NotifyBuilder(context).whenDone(2).create();
        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        out.assertIsSatisfied();
        ChatAttachment first = out.getExchanges().get(0).getMessage().getBody(ChatMessage.class).getAttachments()
                .get(0);
        ChatAttachment second = out.getExchanges().get(1).getMessage().getBody(ChatMessage.class).getAttachments()
                .get(0);
        assertThat(first.getName()).isEqualTo("chart.png");
        assertThat(first.getKind()).isEqualTo(ChatAttachment.Kind.image);
        assertThat(first.getData()).isEqualTo(PNG);
        assertThat(second.getName()).isEqualTo("report.pdf");
        assertThat(second.getKind()).isEqualTo(ChatAttachment.Kind.file);
        assertThat(second.getData()).isEqualTo(PDF);
    }
}
