package io.camelchat.common;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.DeferredContextBinding;
import org.apache.camel.TypeConverterLoaderException;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.spi.TypeConverterLoader;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.SimpleTypeConverter;

/**
 * Registers {@link ChatFileConverters}; listed in {@code META-INF/services/org/apache/camel/TypeConverterLoader}.
 * Written by hand in the shape Camel's build tools generate for the components' converters (this module has no
 * generation step); {@code ChatFileConvertersTest} checks that every {@code @Converter} method is registered here.
 */
@DeferredContextBinding
public final class ChatFileConvertersLoader implements TypeConverterLoader, CamelContextAware {

    private CamelContext camelContext;

    public ChatFileConvertersLoader() {
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void load(TypeConverterRegistry registry) throws TypeConverterLoaderException {
        add(registry, ChatAttachment.class, GenericFile.class,
                (type, exchange, value) -> ChatFileConverters.genericFileToChatAttachment(
                        (GenericFile<?>) value, exchange));
        add(registry, ChatAttachment.class, File.class,
                (type, exchange, value) -> ChatFileConverters.fileToChatAttachment((File) value, exchange));
        add(registry, ChatAttachment.class, Path.class,
                (type, exchange, value) -> ChatFileConverters.pathToChatAttachment((Path) value, exchange));
        add(registry, ChatAttachment.class, byte[].class,
                (type, exchange, value) -> ChatFileConverters.bytesToChatAttachment((byte[]) value, exchange));
        add(registry, ChatAttachment.class, InputStream.class,
                (type, exchange, value) -> ChatFileConverters.inputStreamToChatAttachment((InputStream) value,
                        exchange));
        add(registry, ChatMessage.class, GenericFile.class,
                (type, exchange, value) -> ChatFileConverters.genericFileToChatMessage(
                        (GenericFile<?>) value, exchange));
        add(registry, ChatMessage.class, File.class,
                (type, exchange, value) -> ChatFileConverters.fileToChatMessage((File) value, exchange));
        add(registry, ChatMessage.class, Path.class,
                (type, exchange, value) -> ChatFileConverters.pathToChatMessage((Path) value, exchange));
        add(registry, ChatMessage.class, byte[].class,
                (type, exchange, value) -> ChatFileConverters.bytesToChatMessage((byte[]) value, exchange));
        add(registry, ChatMessage.class, InputStream.class,
                (type, exchange, value) -> ChatFileConverters.inputStreamToChatMessage((InputStream) value,
                        exchange));
        add(registry, ChatMessage.class, ChatAttachment.class,
                (type, exchange, value) -> ChatFileConverters.chatAttachmentToChatMessage((ChatAttachment) value));
    }

    private static void add(TypeConverterRegistry registry, Class<?> toType, Class<?> fromType,
                            SimpleTypeConverter.ConversionMethod method) {
        registry.addTypeConverter(toType, fromType, new SimpleTypeConverter(false, method));
    }
}
