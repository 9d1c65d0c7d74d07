package io.camelchat.common;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.DeferredContextBinding;
import org.apache.camel.TypeConverterLoaderException;
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
        add(registry, ChatAttachment.class, org.apache.camel.component.file.GenericFile.class,
                (type, exchange, value) -> ChatFileConverters.genericFileToChatAttachment(
                        (org.apache.camel.component.file.GenericFile<?>) value, exchange));
        add(registry, ChatAttachment.class, java.io.File.class,
                (type, exchange, value) -> ChatFileConverters.fileToChatAttachment((java.io.File) value, exchange));
        add(registry, ChatAttachment.class, java.nio.file.Path.class,
                (type, exchange, value) -> ChatFileConverters.pathToChatAttachment((java.nio.file.Path) value, exchange));
        add(registry, ChatAttachment.class, byte[].class,
                (type, exchange, value) -> ChatFileConverters.bytesToChatAttachment((byte[]) value, exchange));
        add(registry, ChatAttachment.class, java.io.InputStream.class,
                (type, exchange, value) -> ChatFileConverters.inputStreamToChatAttachment((java.io.InputStream) value,
                        exchange));
        add(registry, ChatMessage.class, org.apache.camel.component.file.GenericFile.class,
                (type, exchange, value) -> ChatFileConverters.genericFileToChatMessage(
                        (org.apache.camel.component.file.GenericFile<?>) value, exchange));
        add(registry, ChatMessage.class, java.io.File.class,
                (type, exchange, value) -> ChatFileConverters.fileToChatMessage((java.io.File) value, exchange));
        add(registry, ChatMessage.class, java.nio.file.Path.class,
                (type, exchange, value) -> ChatFileConverters.pathToChatMessage((java.nio.file.Path) value, exchange));
        add(registry, ChatMessage.class, byte[].class,
                (type, exchange, value) -> ChatFileConverters.bytesToChatMessage((byte[]) value, exchange));
        add(registry, ChatMessage.class, java.io.InputStream.class,
                (type, exchange, value) -> ChatFileConverters.inputStreamToChatMessage((java.io.InputStream) value,
                        exchange));
        add(registry, ChatMessage.class, ChatAttachment.class,
                (type, exchange, value) -> ChatFileConverters.chatAttachmentToChatMessage((ChatAttachment) value));
    }

    private static void add(TypeConverterRegistry registry, Class<?> toType, Class<?> fromType,
                            SimpleTypeConverter.ConversionMethod method) {
        registry.addTypeConverter(toType, fromType, new SimpleTypeConverter(false, method));
    }
}
