package io.camelchat.it.reliability;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Keeps the order JUnit found the test classes in and moves those annotated {@link RunLast} to the end (named in
 * {@code junit-platform.properties} as the default class order).
 */
public final class RunLastClassOrderer implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor d) -> d.isAnnotated(RunLast.class)));
    }
}
