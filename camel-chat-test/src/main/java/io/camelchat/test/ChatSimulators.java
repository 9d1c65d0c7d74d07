package io.camelchat.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the simulators of these platforms for the test class (schemes: {@code dingtalk}, {@code lark},
 * {@code symphony}, {@code openim}, {@code difft}) and points every Camel context created meanwhile at them; see
 * {@link ChatSimulatorExtension}.
 *
 * <pre>{@code
 * @ChatSimulators({ "dingtalk", "lark" })
 * class MyBotTest {
 *     @ChatSimulator("dingtalk")
 *     RunningSimulator dingtalk;
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ChatSimulatorExtension.class)
public @interface ChatSimulators {

    /** The platforms' schemes (or names, any case). */
    String[] value();
}
