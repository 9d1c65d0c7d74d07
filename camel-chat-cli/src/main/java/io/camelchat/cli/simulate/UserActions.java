package io.camelchat.cli.simulate;

import java.util.Map;

import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.dingtalk.DingTalkSimulator;
import io.camelchat.simulator.dingtalk.WebhookResult;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.standalone.RunningSimulator;
import io.camelchat.simulator.symphony.SymphonySimulator;

/**
 * What the control API plays beyond texts, on the simulators' own methods: a card click (DingTalk card callback, Lark
 * card action, Symphony Elements form submission) and a webhook call towards a URL (DingTalk robot callback, Lark
 * event, Difft callback). A platform without the action answers {@link UnsupportedOperationException}.
 */
final class UserActions {

    /** The outcome of a webhook call: the HTTP status the receiver answered (-1: no answer) and its body. */
    record WebhookCall(int status, String body) {
    }

    private UserActions() {
    }

    /** A user clicks a card or submits a form; returns the id of the event the simulator pushed. */
    static String cardClick(RunningSimulator sim, String user, String message, String form, Map<String, Object> value) {
        switch (sim.scheme()) {
            case "dingtalk" :
                return sim.simulator(DingTalkSimulator.class).pushCardCallback(user, message, value);
            case "lark" :
                require(message, "message (the id of the card message)");
                return sim.simulator(LarkSimulator.class).cardAction(user, message, value).eventId();
            case "symphony" :
                require(message, "message (the id of the message holding the form)");
                require(form, "form (the form id)");
                return sim.simulator(SymphonySimulator.class)
                        .userSubmitsForm(Long.parseLong(user), message, form, value).id();
            default :
                throw new UnsupportedOperationException(sim.platform().displayName() + " has no card actions");
        }
    }

    /**
     * The platform calls a webhook at {@code url}: a user's text (DingTalk, Lark), or Difft's callback {@code data}
     * signed as the simulator's app.
     */
    static WebhookCall postWebhook(RunningSimulator sim, String url, String user, String group, String text,
                                   String difftData) {
        switch (sim.scheme()) {
            case "dingtalk" : {
                DingTalkSimulator d = sim.simulator(DingTalkSimulator.class);
                WebhookResult r = d.postRobotCallback(url, d.newTextMessage(user, group, text));
                return new WebhookCall(r.status(), r.body());
            }
            case "lark" :
                return LarkWebhook.post(sim.simulator(LarkSimulator.class), url, user, group, text);
            case "difft" :
                require(difftData, "data (the callback's data object)");
                return DifftWebhook.post(sim.simulator(DifftSimulator.class), url, sim.credentials().get("appId"),
                        difftData);
            default :
                throw new UnsupportedOperationException(sim.platform().displayName() + " has no webhooks");
        }
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + what);
        }
    }
}
