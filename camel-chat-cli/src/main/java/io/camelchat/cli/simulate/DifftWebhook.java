package io.camelchat.cli.simulate;

import io.camelchat.cli.simulate.UserActions.WebhookCall;
import io.camelchat.simulator.difft.DifftSimulator;
import io.camelchat.simulator.difft.Tamper;
import io.camelchat.simulator.difft.WebhookResult;

/** Difft calling a webhook with a callback's data, signed as the simulator's app. */
final class DifftWebhook {

    private DifftWebhook() {
    }

    static WebhookCall post(DifftSimulator difft, String url, String appId, String dataJson) {
        WebhookResult r = difft.postWebhook(url, appId, dataJson, Tamper.NONE);
        return new WebhookCall(r.status(), r.body());
    }
}
