package io.camelchat.cli;

import java.io.IOException;

import io.camelchat.cli.platform.PlatformSpec;
import io.camelchat.common.ChatApiException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.RuntimeCamelException;

/** Turns what Camel and the components throw into a {@link CliException} with the right exit status. */
final class Failures {

    private Failures() {
    }

    static CliException translate(PlatformSpec platform, Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof CliException c) {
            return c;
        }
        String prefix = platform.name() + ": ";
        if (e instanceof ChatApiException api) {
            return new CliException(ExitCodes.REMOTE, prefix + api.getMessage(), api);
        }
        if (e instanceof PropertyBindingException pb) {
            // not chained: Camel's message holds the value, which may be a secret
            return new CliException(ExitCodes.CONFIG,
                    prefix + "option " + pb.getPropertyName() + " has a value the component refuses");
        }
        if (e instanceof ResolveEndpointFailedException || e instanceof NoSuchEndpointException
                || e instanceof IllegalArgumentException) {
            return new CliException(ExitCodes.USAGE, prefix + e.getMessage(), e);
        }
        if (e instanceof IOException) {
            return new CliException(ExitCodes.REMOTE, prefix + "cannot reach the platform: " + e, e);
        }
        return new CliException(ExitCodes.REMOTE, prefix + e, e);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CamelExecutionException || e.getClass() == RuntimeCamelException.class)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
