package io.camelchat.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A field or parameter that receives a running simulator: a {@link io.camelchat.simulator.standalone.RunningSimulator}
 * or the platform's simulator class itself ({@code DingTalkSimulator}, ...). The platform's simulator is started for
 * the test class if no {@link ChatSimulators} names it; a static field is set before {@code @BeforeAll} methods run.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ChatSimulatorExtension.class)
public @interface ChatSimulator {

    /**
     * The platform's scheme; empty: the platform of the simulator class the field is declared as, else the only
     * platform the test class runs.
     */
    String value() default "";
}
