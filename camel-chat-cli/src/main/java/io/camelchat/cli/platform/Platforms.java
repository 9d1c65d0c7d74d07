package io.camelchat.cli.platform;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.camelchat.cli.config.DifftConfigFile;

/**
 * The platforms the tool knows, one entry each. Adding a platform is an entry here and the component as a dependency
 * of this module; options, secrets and defaults come from the component's own metadata.
 */
public final class Platforms {

    public static final List<PlatformSpec> ALL = List.of(
            PlatformSpec.builder("dingtalk", "DingTalk")
                    .component("io.camelchat.dingtalk.DingTalkComponent")
                    .requires("clientId").requires("clientSecret")
                    .listenKind("stream").defaultUserKind("user")
                    .upload("CamelDingTalkFileName", "CamelDingTalkMediaId")
                    .getGroup("getGroup", "group").groupMembers("listGroupMembers", "group")
                    .build(),
            PlatformSpec.builder("lark", "Lark / Feishu")
                    .component("io.camelchat.lark.LarkComponent")
                    .requires("appId").requires("appSecret")
                    .listenKind("stream").defaultUserKind("open_id")
                    .upload("CamelLarkFileName", "CamelLarkFileKey")
                    .downloadTypeHeader("CamelLarkResourceType")
                    .listGroups("listChats")
                    .build(),
            PlatformSpec.builder("symphony", "Symphony")
                    .component("io.camelchat.symphony.SymphonyComponent")
                    .requires("botUsername").requires("privateKey", "privateKeyFile").requires("podUrl")
                    .listenKind("datafeed").defaultUserKind("user")
                    .noUpload("Symphony keeps attachments with their message: send the file with 'send --file'")
                    .getGroup("getRoom", "stream")
                    .build(),
            PlatformSpec.builder("openim", "OpenIM")
                    .component("io.camelchat.openim.OpenImComponent")
                    .requires("userId").requires("token", "secret")
                    .listenKind("stream").defaultUserKind("user")
                    .upload(null, "CamelOpenImObjectUrl", "CamelOpenImObjectName")
                    .getGroup("getGroup", "group").groupMembers("getGroupMembers", "members")
                    .build(),
            // Difft's difft-cli names (appid, secret, botid, host) and its .difft.cfg are read as that tool reads them
            PlatformSpec.builder("difft", "Difft")
                    .component("io.camelchat.difft.DifftComponent")
                    .requires("appId").requires("appSecret").requires("botId")
                    .alias("appid", "appId").alias("secret", "appSecret").alias("botid", "botId")
                    .alias("host", "apiUrl")
                    .secret("appId").secret("appSecret")
                    .configSource(DifftConfigFile::read)
                    .configHint("or appid, secret, botid and host in [base] of ./.difft.cfg, else ~/.difft.cfg")
                    .listenKind("stream").defaultUserKind("user")
                    .upload("CamelDifftFileName", "CamelDifftAuthorizeId")
                    .cardIdHeader("CamelDifftCardId")
                    .listGroups("getGroups").groupMembers("getGroupMembers", "group")
                    .build());

    private Platforms() {
    }

    public static Optional<PlatformSpec> find(String name) {
        return ALL.stream().filter(p -> p.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    public static String names() {
        return ALL.stream().map(PlatformSpec::name).collect(Collectors.joining(", "));
    }
}
