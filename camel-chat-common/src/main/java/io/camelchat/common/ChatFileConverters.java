package io.camelchat.common;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Converter;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.component.file.GenericFile;

/**
 * Files and bytes are messages: type converters from {@link GenericFile} (what {@code file:}, {@code ftp:} and the
 * like consume), {@link File}, {@link Path}, {@code byte[]} and {@link InputStream} to a {@link ChatAttachment} and to
 * a {@link ChatMessage} that carries it, so that {@code from("file:outbox").to("lark:message?to=chat_id:oc_1")} posts
 * each file.
 * <ul>
 * <li>Name: the exchange header {@code CamelFileName} (its last path segment), else the file's own name; bytes and
 * streams without that header have no name unless they are a picture ({@code image.png}, ...), and each producer
 * then picks its platform's default.</li>
 * <li>Type: the {@code Content-Type} header, else {@code CamelFileContentType}, else guessed from the name, else
 * sniffed from the first bytes (PNG, JPEG, GIF, WebP). A PNG, JPEG, GIF, BMP or WebP picture is an
 * {@link ChatAttachment.Kind#image image} attachment (sent as a picture); anything else is a
 * {@link ChatAttachment.Kind#file file}.</li>
 * <li>The content is read when the body is converted (a producer converts just before it uploads), so a stream is
 * consumed and a file must still exist then.</li>
 * </ul>
 * Producers convert a body only after their platform's native request, a {@code ChatMessage} and a {@code String}:
 * these converters never turn text into an attachment.
 * <p>
 * Registered through {@code ChatFileConvertersLoader} (written to the shape Camel's build tools generate for
 * {@code @Converter(generateLoader = true)} classes, listed in {@code META-INF/services/org/apache/camel/TypeConverterLoader}).
 */
@Converter(generateLoader = true)
public final class ChatFileConverters {

    /** Picture types every platform shows as a picture. */
    private static final Set<String> PICTURE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/bmp",
            "image/webp");
    private static final Map<String, String> TYPES_BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("bmp", "image/bmp"), Map.entry("webp", "image/webp"),
            Map.entry("svg", "image/svg+xml"), Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"),
            Map.entry("csv", "text/csv"), Map.entry("json", "application/json"), Map.entry("zip", "application/zip"),
            Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("mp4", "video/mp4"), Map.entry("mp3", "audio/mpeg"), Map.entry("opus", "audio/opus"));
    private static final Map<String, String> EXTENSIONS_BY_PICTURE_TYPE = Map.of("image/png", "png", "image/jpeg",
            "jpg",
            "image/gif", "gif", "image/bmp", "bmp", "image/webp", "webp");

    private ChatFileConverters() {
    }

    // ------------------------------------------------------------------ to ChatAttachment

    @Converter
    public static ChatAttachment genericFileToChatAttachment(GenericFile<?> file, Exchange exchange)
            throws IOException, NoTypeConversionAvailableException {
        byte[] data;
        if (file.getFile() instanceof File local && local.isFile()) {
            data = Files.readAllBytes(local.toPath());
        } else {
            Object body = file.getBody();
            if (body == null && exchange != null) {
                file.getBinding().loadContent(exchange, file);
                body = file.getBody();
            }
            data = bytes(body, exchange);
        }
        return attachment(data, name(exchange, file.getFileNameOnly()), exchange);
    }

    @Converter
    public static ChatAttachment fileToChatAttachment(File file, Exchange exchange) throws IOException {
        return attachment(Files.readAllBytes(file.toPath()), name(exchange, file.getName()), exchange);
    }

    @Converter
    public static ChatAttachment pathToChatAttachment(Path path, Exchange exchange) throws IOException {
        Path fileName = path.getFileName();
        return attachment(Files.readAllBytes(path), name(exchange, fileName == null ? null : fileName.toString()),
                exchange);
    }

    @Converter
    public static ChatAttachment bytesToChatAttachment(byte[] data, Exchange exchange) {
        return attachment(data, name(exchange, null), exchange);
    }

    @Converter
    public static ChatAttachment inputStreamToChatAttachment(InputStream in, Exchange exchange) throws IOException {
        try (in) {
            return attachment(in.readAllBytes(), name(exchange, null), exchange);
        }
    }

    // ------------------------------------------------------------------ to ChatMessage

    @Converter
    public static ChatMessage genericFileToChatMessage(GenericFile<?> file, Exchange exchange)
            throws IOException, NoTypeConversionAvailableException {
        return message(genericFileToChatAttachment(file, exchange));
    }

    @Converter
    public static ChatMessage fileToChatMessage(File file, Exchange exchange) throws IOException {
        return message(fileToChatAttachment(file, exchange));
    }

    @Converter
    public static ChatMessage pathToChatMessage(Path path, Exchange exchange) throws IOException {
        return message(pathToChatAttachment(path, exchange));
    }

    @Converter
    public static ChatMessage bytesToChatMessage(byte[] data, Exchange exchange) {
        return message(bytesToChatAttachment(data, exchange));
    }

    @Converter
    public static ChatMessage inputStreamToChatMessage(InputStream in, Exchange exchange) throws IOException {
        return message(inputStreamToChatAttachment(in, exchange));
    }

    /** A message whose only content is the attachment. */
    @Converter
    public static ChatMessage chatAttachmentToChatMessage(ChatAttachment attachment) {
        return message(attachment);
    }

    // ------------------------------------------------------------------ naming and typing

    /**
     * An attachment holding {@code data}, typed by the exchange's {@code Content-Type} or {@code CamelFileContentType}
     * header, else by {@code name}, else by the data's first bytes.
     *
     * @param exchange may be null
     */
    public static ChatAttachment attachment(byte[] data, String name, Exchange exchange) {
        String contentType = null;
        if (exchange != null) {
            contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
            if (isUnspecific(contentType)) {
                contentType = exchange.getMessage().getHeader(Exchange.FILE_CONTENT_TYPE, String.class);
            }
        }
        if (isUnspecific(contentType)) {
            String guessed = contentTypeOf(name);
            contentType = guessed != null ? guessed : contentType;
        }
        if (isUnspecific(contentType)) {
            String sniffed = sniff(data);
            contentType = sniffed != null ? sniffed : contentType;
        }
        boolean picture = isPicture(contentType);
        if (name == null && picture) {
            name = "image." + EXTENSIONS_BY_PICTURE_TYPE.get(baseType(contentType));
        }
        return ChatAttachment.of(picture ? ChatAttachment.Kind.image : ChatAttachment.Kind.file, name,
                isUnspecific(contentType) ? null : contentType, data);
    }

    /** The MIME type a file name suggests, or null. */
    public static String contentTypeOf(String name) {
        if (name == null) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && dot < name.length() - 1) {
            String known = TYPES_BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (known != null) {
                return known;
            }
        }
        return URLConnection.guessContentTypeFromName(name);
    }

    /** Whether a MIME type is a picture every platform shows as one (PNG, JPEG, GIF, BMP, WebP). */
    public static boolean isPicture(String contentType) {
        return contentType != null && PICTURE_TYPES.contains(baseType(contentType));
    }

    private static String baseType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isUnspecific(String contentType) {
        return contentType == null || contentType.isBlank()
                || baseType(contentType).equals("application/octet-stream");
    }

    /** The picture type of the data's first bytes, or null. */
    static String sniff(byte[] d) {
        if (d.length >= 8 && (d[0] & 0xff) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') {
            return "image/png";
        }
        if (d.length >= 3 && (d[0] & 0xff) == 0xff && (d[1] & 0xff) == 0xd8 && (d[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (d.length >= 6 && d[0] == 'G' && d[1] == 'I' && d[2] == 'F' && d[3] == '8') {
            return "image/gif";
        }
        if (d.length >= 12 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F' && d[8] == 'W' && d[9] == 'E'
                && d[10] == 'B' && d[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    /** The header {@code CamelFileName} (last path segment), else {@code fallback}. */
    private static String name(Exchange exchange, String fallback) {
        String header = exchange == null ? null : exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        String name = header != null && !header.isBlank() ? header : fallback;
        if (name == null) {
            return null;
        }
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return name.isBlank() ? null : name;
    }

    private static byte[] bytes(Object body, Exchange exchange) throws IOException, NoTypeConversionAvailableException {
        if (body instanceof byte[] b) {
            return b;
        }
        if (body instanceof File f) {
            return Files.readAllBytes(f.toPath());
        }
        if (body instanceof InputStream in) {
            try (in) {
                return in.readAllBytes();
            }
        }
        if (body == null || exchange == null) {
            throw new IllegalArgumentException("The file has no content to send"
                                               + (body == null ? "" : " (" + body.getClass().getName() + ")"));
        }
        return exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body);
    }

    private static ChatMessage message(ChatAttachment attachment) {
        return new ChatMessage().addAttachment(attachment);
    }
}
