package io.camelchat.quarkus;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The checks of {@link ChatBridgesChecks} against the packaged application ({@code target/quarkus-app}, made by the
 * quarkus-maven-plugin's {@code build} goal) run as a process of its own, configured by {@link ChatSimulatorsResource}
 * as a deployment would be.
 */
@QuarkusIntegrationTest
@WithTestResource(ChatSimulatorsResource.class)
class ChatBridgesQuarkusIT extends ChatBridgesChecks {
}
