package io.camelchat.cli;

import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[]{ "camel-chat " + (v != null ? v : "(development build)") + ", Apache Camel "
                             + DefaultCamelContext.class.getPackage().getImplementationVersion() };
    }
}
