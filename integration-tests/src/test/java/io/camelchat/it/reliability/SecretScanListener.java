package io.camelchat.it.reliability;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the {@link SecretScan} when the test run of this module begins, before any test class creates a Camel
 * context or logs (registered in {@code META-INF/services}); {@link NoSecretInLogsTest}, which runs last, checks.
 */
public final class SecretScanListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        SecretScan.start();
    }
}
