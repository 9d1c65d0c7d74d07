package io.camelchat.difft;

import java.util.Set;

import io.camelchat.common.ChatProducer;
import org.apache.camel.Exchange;

/** Sends and recalls messages, uploads and downloads attachments, and looks up accounts and groups. */
public class DifftProducer extends ChatProducer<DifftOperation> {

    private final DifftEndpoint endpoint;
    private final DifftConfiguration config;

    public DifftProducer(DifftEndpoint endpoint) {
        super(endpoint, DifftOperation.class, DifftConstants.OPERATION);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected DifftOperation configuredOperation() {
        return config.getOperation();
    }

    @Override
    protected DifftOperation defaultOperation() {
        return switch (endpoint.getKind()) {
            case media -> DifftOperation.upload;
            case directory -> DifftOperation.getAccounts;
            default -> DifftOperation.send;
        };
    }

    @Override
    protected Set<DifftOperation> allowedOperations() {
        return switch (endpoint.getKind()) {
            case message -> Set.of(DifftOperation.send, DifftOperation.recall);
            case media -> Set.of(DifftOperation.upload, DifftOperation.download, DifftOperation.authorize,
                    DifftOperation.unauthorize);
            case directory -> Set.of(DifftOperation.getAccounts, DifftOperation.getGroups,
                    DifftOperation.getGroupMembers);
            default -> Set.of();
        };
    }

    @Override
    protected void handle(Exchange exchange, DifftOperation op) throws Exception {
        throw new UnsupportedOperationException("not yet: " + op);
    }
}
