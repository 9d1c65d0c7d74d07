package io.camelchat.cli.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.camelchat.cli.config.CliEnvironment;
import io.camelchat.cli.config.ConfigSource;

/**
 * What the tool knows of one platform beyond its component's own metadata: which options a command cannot do without,
 * other names its users know the options by, extra configuration files, the consumer {@code listen} reads, and how
 * {@code upload}, {@code download} and {@code group} map onto the component's operations and headers. Everything else
 * (option names, secrets, defaults) comes from the component.
 */
public final class PlatformSpec {

    /** A directory call: the operation and the target kind the id is written with (none when it takes no id). */
    public record DirectoryCall(String operation, String targetKind) {
    }

    private final String name;
    private final String title;
    private final List<Requirement> required;
    private final Map<String, String> aliases;
    private final Set<String> secrets;
    private final List<Function<CliEnvironment, Optional<ConfigSource>>> extraSources;
    private final String listenKind;
    private final String defaultUserKind;
    private final String uploadFileNameHeader;
    private final List<String> uploadResultHeaders;
    private final String noUploadHint;
    private final String downloadTypeHeader;
    private final DirectoryCall listGroups;
    private final DirectoryCall getGroup;
    private final DirectoryCall groupMembers;
    private final String componentClass;
    private final String configHint;
    private final String cardIdHeader;
    private volatile ComponentOptions options;

    private PlatformSpec(Builder b) {
        this.name = b.name;
        this.title = b.title;
        this.required = List.copyOf(b.required);
        this.aliases = Map.copyOf(b.aliases);
        this.secrets = Set.copyOf(b.secrets);
        this.extraSources = List.copyOf(b.extraSources);
        this.listenKind = b.listenKind;
        this.defaultUserKind = b.defaultUserKind;
        this.uploadFileNameHeader = b.uploadFileNameHeader;
        this.uploadResultHeaders = List.copyOf(b.uploadResultHeaders);
        this.noUploadHint = b.noUploadHint;
        this.downloadTypeHeader = b.downloadTypeHeader;
        this.listGroups = b.listGroups;
        this.getGroup = b.getGroup;
        this.groupMembers = b.groupMembers;
        this.componentClass = b.componentClass;
        this.configHint = b.configHint;
        this.cardIdHeader = b.cardIdHeader;
    }

    public static Builder builder(String name, String title) {
        return new Builder(name, title);
    }

    /** The component's scheme, also the platform's name on the command line and in configuration files. */
    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    public List<Requirement> required() {
        return required;
    }

    /** Other option names (relaxed spelling) mapped onto the component's, e.g. Difft's {@code appid}. */
    public Map<String, String> aliases() {
        return aliases;
    }

    public List<Function<CliEnvironment, Optional<ConfigSource>>> extraSources() {
        return extraSources;
    }

    public String listenKind() {
        return listenKind;
    }

    /** Where else the platform's users may keep their options, for messages (or {@code null}). */
    public String configHint() {
        return configHint;
    }

    /** The header that carries a card's own id ({@code card --card-id}), or {@code null}. */
    public String cardIdHeader() {
        return cardIdHeader;
    }

    public String defaultUserKind() {
        return defaultUserKind;
    }

    public boolean canUpload() {
        return uploadResultHeaders != null && !uploadResultHeaders.isEmpty();
    }

    public String uploadFileNameHeader() {
        return uploadFileNameHeader;
    }

    public List<String> uploadResultHeaders() {
        return uploadResultHeaders;
    }

    public String noUploadHint() {
        return noUploadHint;
    }

    public String downloadTypeHeader() {
        return downloadTypeHeader;
    }

    public DirectoryCall listGroups() {
        return listGroups;
    }

    public DirectoryCall getGroup() {
        return getGroup;
    }

    public DirectoryCall groupMembers() {
        return groupMembers;
    }

    /** Whether the component is in this build (its class on the class path). */
    public boolean available() {
        try {
            Class.forName(componentClass, false, PlatformSpec.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The component's options from its metadata (empty when the component is not in this build). */
    public ComponentOptions options() {
        ComponentOptions o = options;
        if (o == null) {
            o = ComponentOptions.load(name, PlatformSpec.class.getClassLoader());
            options = o;
        }
        return o;
    }

    /**
     * The option a key written in a file, a variable or a flag means: an alias's target, else the component's option
     * of that relaxed spelling ({@code client-id}, {@code client_id}, {@code CLIENT_ID} and {@code clientId} are one),
     * else empty (unknown).
     */
    public Optional<String> canonical(String key) {
        String relaxed = relaxed(key);
        String alias = aliases.get(relaxed);
        if (alias != null) {
            return Optional.of(alias);
        }
        for (String option : options().all().keySet()) {
            if (relaxed(option).equals(relaxed)) {
                return Optional.of(option);
            }
        }
        for (Requirement r : required) {
            for (String option : r.anyOf()) {
                if (relaxed(option).equals(relaxed)) {
                    return Optional.of(option);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the option's value must never be shown: the component marks it secret, or its name says so. */
    public boolean isSecret(String option) {
        ComponentOptions.Option o = options().get(option);
        if (o != null && o.secret() || secrets.contains(option)) {
            return true;
        }
        String n = option.toLowerCase(Locale.ROOT);
        return n.contains("secret") || n.contains("token") || n.contains("password") || n.contains("privatekey")
                || n.endsWith("key");
    }

    /** Lower case, without {@code -} and {@code _}: the spelling keys are compared in. */
    public static String relaxed(String key) {
        return key.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
    }

    /** The environment variable of an option: {@code CAMEL_CHAT_<PLATFORM>_<OPTION_IN_UPPER_SNAKE_CASE>}. */
    public String environmentVariable(String option) {
        return "CAMEL_CHAT_" + name.toUpperCase(Locale.ROOT) + "_"
               + option.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name;
    }

    public static final class Builder {
        private final String name;
        private final String title;
        private final List<Requirement> required = new ArrayList<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final Set<String> secrets = new LinkedHashSet<>();
        private final List<Function<CliEnvironment, Optional<ConfigSource>>> extraSources = new ArrayList<>();
        private String listenKind = "stream";
        private String defaultUserKind = "user";
        private String uploadFileNameHeader;
        private List<String> uploadResultHeaders = List.of();
        private String noUploadHint;
        private String downloadTypeHeader;
        private DirectoryCall listGroups;
        private DirectoryCall getGroup;
        private DirectoryCall groupMembers;
        private String componentClass;
        private String configHint;
        private String cardIdHeader;

        private Builder(String name, String title) {
            this.name = name;
            this.title = title;
        }

        /** The component's class, to tell whether it is in this build. */
        public Builder component(String className) {
            this.componentClass = className;
            return this;
        }

        public Builder requires(String... anyOf) {
            required.add(Requirement.of(anyOf));
            return this;
        }

        public Builder alias(String alias, String option) {
            aliases.put(relaxed(alias), option);
            return this;
        }

        public Builder secret(String option) {
            secrets.add(option);
            return this;
        }

        public Builder configSource(Function<CliEnvironment, Optional<ConfigSource>> source) {
            extraSources.add(source);
            return this;
        }

        public Builder configHint(String hint) {
            this.configHint = hint;
            return this;
        }

        public Builder cardIdHeader(String header) {
            this.cardIdHeader = header;
            return this;
        }

        public Builder listenKind(String kind) {
            this.listenKind = kind;
            return this;
        }

        public Builder defaultUserKind(String kind) {
            this.defaultUserKind = kind;
            return this;
        }

        public Builder upload(String fileNameHeader, String... resultHeaders) {
            this.uploadFileNameHeader = fileNameHeader;
            this.uploadResultHeaders = List.of(resultHeaders);
            return this;
        }

        public Builder noUpload(String hint) {
            this.noUploadHint = hint;
            return this;
        }

        public Builder downloadTypeHeader(String header) {
            this.downloadTypeHeader = header;
            return this;
        }

        public Builder listGroups(String operation) {
            this.listGroups = new DirectoryCall(operation, null);
            return this;
        }

        public Builder getGroup(String operation, String targetKind) {
            this.getGroup = new DirectoryCall(operation, targetKind);
            return this;
        }

        public Builder groupMembers(String operation, String targetKind) {
            this.groupMembers = new DirectoryCall(operation, targetKind);
            return this;
        }

        public PlatformSpec build() {
            return new PlatformSpec(this);
        }
    }
}
