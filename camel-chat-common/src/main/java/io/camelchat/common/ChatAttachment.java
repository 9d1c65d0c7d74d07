package io.camelchat.common;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A file, image, audio or video carried by a message, either as bytes or as a reference.
 * <p>
 * A {@link #getReference() reference} is meaningful only on its own platform (a DingTalk download code, a Lark
 * file key, ...). A {@link #getUrl() url} can be fetched by anyone for a while. {@link #getData() data} is the
 * content itself. A producer uploads {@code data} where its platform needs that; a reference from another
 * platform is useless to it, so consumers that feed bridges fill {@code data} or {@code url}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ChatAttachment {

    /** What kind of content an attachment holds. */
    public enum Kind {
        image, file, audio, video;

        /** Guesses the kind from a MIME type; {@link #file} when unknown. */
        public static Kind fromContentType(String contentType) {
            if (contentType == null) {
                return file;
            }
            String ct = contentType.toLowerCase(Locale.ROOT);
            if (ct.startsWith("image/")) {
                return image;
            }
            if (ct.startsWith("audio/")) {
                return audio;
            }
            if (ct.startsWith("video/")) {
                return video;
            }
            return file;
        }
    }

    /** Fetches the content of an attachment known by reference (set by the consumer that received it). */
    @FunctionalInterface
    public interface Loader {
        byte[] load() throws Exception;
    }

    private Kind kind = Kind.file;
    private String name;
    private String contentType;
    private long size = -1;
    private String reference;
    private String url;
    private byte[] data;
    private transient Loader loader;

    public ChatAttachment() {
    }

    /** An attachment holding its content. */
    public static ChatAttachment of(Kind kind, String name, String contentType, byte[] data) {
        return new ChatAttachment().setKind(kind).setName(name).setContentType(contentType).setData(data);
    }

    /** An attachment known by a platform reference only. */
    public static ChatAttachment reference(Kind kind, String reference, String name) {
        return new ChatAttachment().setKind(kind).setReference(reference).setName(name);
    }

    public Kind getKind() {
        return kind;
    }

    public ChatAttachment setKind(Kind kind) {
        this.kind = kind == null ? Kind.file : kind;
        return this;
    }

    public String getName() {
        return name;
    }

    public ChatAttachment setName(String name) {
        this.name = name;
        return this;
    }

    public String getContentType() {
        return contentType;
    }

    public ChatAttachment setContentType(String contentType) {
        this.contentType = contentType;
        return this;
    }

    /** Size in bytes, -1 when unknown. */
    public long getSize() {
        return data != null ? data.length : size;
    }

    public ChatAttachment setSize(long size) {
        this.size = size;
        return this;
    }

    /** The platform's own handle of the content (download code, file key, media id). */
    public String getReference() {
        return reference;
    }

    public ChatAttachment setReference(String reference) {
        this.reference = reference;
        return this;
    }

    /** A URL the content can be fetched from without credentials (usually short-lived). */
    public String getUrl() {
        return url;
    }

    public ChatAttachment setUrl(String url) {
        this.url = url;
        return this;
    }

    @JsonIgnore
    public byte[] getData() {
        return data;
    }

    public ChatAttachment setData(byte[] data) {
        this.data = data;
        return this;
    }

    @JsonIgnore
    public boolean hasData() {
        return data != null;
    }

    /**
     * Lets {@link #load()} fetch the content when it is needed (consumers set it, so that a producer of another
     * platform can upload what a user sent, without downloading anything nobody uses).
     */
    public ChatAttachment setLoader(Loader loader) {
        this.loader = loader;
        return this;
    }

    /** Whether {@link #load()} can produce the content. */
    @JsonIgnore
    public boolean isLoadable() {
        return data != null || loader != null;
    }

    /**
     * The content: the data when present, else fetched once through the loader and kept; null when there is
     * neither.
     */
    public byte[] load() {
        if (data == null && loader != null) {
            try {
                data = loader.load();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot fetch attachment " + this + ": " + e.getMessage(), e);
            }
        }
        return data;
    }

    @Override
    public String toString() {
        return "ChatAttachment[" + kind + (name != null ? " " + name : "")
               + (data != null ? " " + data.length + " bytes" : "")
               + (reference != null ? " ref" : "") + "]";
    }
}
