package io.camelchat.it.reliability;

/**
 * The size of the reliability runs. The test command ({@code mvn -B verify}) runs the short form; the
 * {@code reliability} profile ({@code mvn -B verify -Preliability -pl integration-tests -am}) sets
 * {@code reliability.scale=full} and runs the figures the README reports (100k events, 1M fuzz inputs, a 1M-event
 * soak).
 */
public final class Reliability {

    private Reliability() {
    }

    /** True when the {@code reliability} profile runs (system property {@code reliability.scale=full}). */
    public static boolean full() {
        return "full".equalsIgnoreCase(System.getProperty("reliability.scale", "short"));
    }

    /** {@code fullValue} in the reliability profile, {@code shortValue} in the test command. */
    public static int scaled(int shortValue, int fullValue) {
        return full() ? fullValue : shortValue;
    }

    /** {@code fullValue} in the reliability profile, {@code shortValue} in the test command. */
    public static long scaled(long shortValue, long fullValue) {
        return full() ? fullValue : shortValue;
    }
}
