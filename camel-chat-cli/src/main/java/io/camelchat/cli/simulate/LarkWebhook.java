package io.camelchat.cli.simulate;

import io.camelchat.cli.simulate.UserActions.WebhookCall;
import io.camelchat.simulator.lark.LarkSimulator;
import io.camelchat.simulator.lark.Tamper;
import io.camelchat.simulator.lark.WebhookResult;

/** Lark delivering a user's text as a schema 2.0 event to a webhook (not encrypted). */
final class LarkWebhook {

    private LarkWebhook() {
    }

    static WebhookCall post(LarkSimulator lark, String url, String user, String chat, String text) {
        WebhookResult r = lark.postEvent(url, lark.newTextEvent(user, chat, text), false, Tamper.NONE);
        return new WebhookCall(r.status(), r.body());
    }
}
