package io.camelchat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** The versions of camel-chat and Camel this build was made with. */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[]{ "camel-chat " + p.getProperty("version", "(development build)") + ", Apache Camel "
                             + p.getProperty("camel", "(unknown)") };
    }
}
