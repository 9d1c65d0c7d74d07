package io.camelchat.common.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatMultipartTest {

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff };

    @Test
    void writesEveryPartWithItsHeadersAndTheClosingBoundary() throws Exception {
        ChatMultipart body = new ChatMultipart(
                List.of(ChatHttpRequest.Part.text("message", "<messageML>hi</messageML>"),
                        ChatHttpRequest.Part.file("attachment", "logo.png", "image/png", PNG),
                        new ChatHttpRequest.Part("raw", null, null, new byte[]{ 'x' })),
                "B0undary");

        byte[] expected = concat("--B0undary\r\n"
                                 + "Content-Disposition: form-data; name=\"message\"\r\n"
                                 + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                                 + "<messageML>hi</messageML>\r\n"
                                 + "--B0undary\r\n"
                                 + "Content-Disposition: form-data; name=\"attachment\"; filename=\"logo.png\"\r\n"
                                 + "Content-Type: image/png\r\n\r\n",
                PNG, "\r\n--B0undary\r\n"
                     + "Content-Disposition: form-data; name=\"raw\"\r\n"
                     + "Content-Type: application/octet-stream\r\n\r\n"
                     + "x\r\n"
                     + "--B0undary--\r\n");
        assertThat(body.toByteArray()).isEqualTo(expected);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        body.writeTo(streamed);
        assertThat(streamed.toByteArray()).isEqualTo(expected);
        assertThat(body.length()).isEqualTo(expected.length);
        assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=B0undary");
    }

    @Test
    void fileNamesAreUtf8WithQuotesAndLineBreaksEncoded() {
        ChatMultipart body = new ChatMultipart(List.of(
                ChatHttpRequest.Part.file("file", "报告 \"Q4\"\r\n.pdf", "application/pdf", new byte[]{ 1 })), "b");

        String text = new String(body.toByteArray(), StandardCharsets.UTF_8);
        assertThat(text).contains("name=\"file\"; filename=\"报告 %22Q4%22%0D%0A.pdf\"\r\n");
        assertThat(body.length()).isEqualTo(body.toByteArray().length);
    }

    @Test
    void aContentTypeCannotAddHeaders() {
        ChatMultipart body = new ChatMultipart(List.of(
                ChatHttpRequest.Part.file("file", "a.png", "image/png\r\nX-Injected: 1", new byte[]{ 1 })), "b");

        String text = new String(body.toByteArray(), StandardCharsets.UTF_8);
        assertThat(text).contains("Content-Type: image/png  X-Injected: 1\r\n\r\n").doesNotContain("\r\nX-Injected");
        assertThat(body.length()).isEqualTo(body.toByteArray().length);
    }

    @Test
    void everyBodyHasItsOwnBoundary() {
        List<ChatHttpRequest.Part> parts = List.of(ChatHttpRequest.Part.text("a", "1"));
        String first = new ChatMultipart(parts).contentType();
        String second = new ChatMultipart(parts).contentType();

        assertThat(first).startsWith("multipart/form-data; boundary=camelchat-").hasSize(second.length());
        assertThat(first).isNotEqualTo(second);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = head.getBytes(StandardCharsets.UTF_8);
        byte[] c = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }
}
