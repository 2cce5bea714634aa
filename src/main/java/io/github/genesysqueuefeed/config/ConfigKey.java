package io.github.genesysqueuefeed.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One configuration key, declared once in {@link FeedKeys}: its name, what kind of value it takes and the range
 * allowed, its default (as application.properties ships it), whether it is a secret, and the words README.md's
 * configuration table shows. {@link ConfigReader} checks values against it; {@link ConfigSource} maps environment
 * variables by it. Hand-written rather than Kafka's ConfigDef or MicroProfile Config: those would check values but
 * could neither name our keys in the one-line start-up error nor produce the README's rows. 
 * Why this is long: the record and its fluent builder, so that each declaration in the table reads as one sentence.
 *
 * @param name          the key, or a pattern with a {@code <placeholder>} ({@link #isPattern()})
 * @param defaultValue  the value application.properties ships, null when it ships the key empty (no default)
 * @param min           lower bound of an INT, BYTES (bytes) or DURATION (milliseconds) value
 * @param allowed       the values of a ONE_OF key, in their canonical spelling (input is matched ignoring case)
 * @param example       a good value, shown after "example:" in an error
 * @param inProperties  the key has its line in application.properties (false: patterns, Kafka's own defaults)
 * @param perOrg        also settable per org as {@code genesys.orgs.<alias>.<suffix>}
 * @param sharedFallback per org, an unset value falls back to the shared {@code genesys.<suffix>} key
 * @param shownDefault  what README's default column says instead of the default ("from region")
 * @param variables     conventional environment variables read as they are, besides the key's own
 * @param producerProperty the Kafka producer property this key sets: passing it through as well is refused
 */
public record ConfigKey(String name, Kind kind, String defaultValue, long min, long max, List<String> allowed,
                        String example, boolean secret, boolean inProperties, boolean perOrg, boolean sharedFallback,
                        String shownDefault, List<String> variables, String producerProperty, String description) {

    /** What a value must look like; {@link ConfigReader} holds the check of each. */
    public enum Kind { TEXT, INT, BYTES, DURATION, ONE_OF, URL, HOST_PORTS, TOPIC, UUIDS, LABELS }

    public ConfigKey {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description, name);
        allowed = List.copyOf(allowed);
        variables = List.copyOf(variables);
    }

    public boolean isPattern() {
        return name.contains("<");
    }

    /** The part after {@code genesys.}, as it follows {@code genesys.orgs.<alias>.} in a per-org key. */
    public String orgSuffix() {
        return name.substring(name.indexOf('.') + 1);
    }

    /** The range as README and errors write it, e.g. {@code 1 to 200} or {@code 100ms to 1h}; null when none. */
    public String range() {
        return switch (kind) {
            case INT, BYTES -> min + " to " + max;
            case DURATION -> Durations.format(Duration.ofMillis(min)) + " to " + Durations.format(Duration.ofMillis(max));
            default -> null;
        };
    }

    static Builder builder(String name, Consumer<ConfigKey> table) {
        return new Builder(name, table);
    }

    /** Fluent declaration; {@link #describe(String)} ends it and adds the key to its table. */
    public static final class Builder {
        private final String name;
        private final Consumer<ConfigKey> table;
        private Kind kind = Kind.TEXT;
        private String defaultValue;
        private long min;
        private long max;
        private List<String> allowed = List.of();
        private String example;
        private boolean secret;
        private boolean inProperties = true;
        private boolean perOrg;
        private boolean sharedFallback;
        private String shownDefault;
        private List<String> variables = List.of();
        private String producerProperty;

        private Builder(String name, Consumer<ConfigKey> table) {
            this.name = name;
            this.table = table;
        }

        public Builder integer(long min, long max) {
            return kind(Kind.INT, min, max);
        }

        public Builder bytes(long min, long max) {
            return kind(Kind.BYTES, min, max);
        }

        public Builder duration(String min, String max) {
            return kind(Kind.DURATION, Durations.parse(min).toMillis(), Durations.parse(max).toMillis());
        }

        public Builder oneOf(String... values) {
            this.allowed = List.of(values);
            return kind(Kind.ONE_OF, 0, 0);
        }

        public Builder kind(Kind kind) {
            return kind(kind, 0, 0);
        }

        private Builder kind(Kind kind, long min, long max) {
            this.kind = kind;
            this.min = min;
            this.max = max;
            return this;
        }

        public Builder byDefault(String value) {
            this.defaultValue = value;
            return this;
        }

        public Builder example(String value) {
            this.example = value;
            return this;
        }

        public Builder secret() {
            this.secret = true;
            return this;
        }

        /** Not in application.properties: a pattern, or a key whose default is Kafka's own. */
        public Builder notInProperties() {
            this.inProperties = false;
            return this;
        }

        public Builder perOrg() {
            this.perOrg = true;
            return this;
        }

        public Builder perOrgOrShared() {
            this.sharedFallback = true;
            return perOrg();
        }

        public Builder shownDefault(String text) {
            this.shownDefault = text;
            return this;
        }

        public Builder alsoFromVariables(String... names) {
            this.variables = List.of(names);
            return this;
        }

        public Builder setsProducerProperty(String kafkaKey) {
            this.producerProperty = kafkaKey;
            return this;
        }

        /** Ends the declaration: {@code meaning} is README's third column. */
        public ConfigKey describe(String meaning) {
            String good = example != null ? example : defaultValue != null ? defaultValue
                    : allowed.isEmpty() ? "..." : allowed.get(0);
            ConfigKey key = new ConfigKey(name, kind, defaultValue, min, max, allowed, good, secret, inProperties,
                    perOrg, sharedFallback, shownDefault, variables, producerProperty, meaning);
            table.accept(key);
            return key;
        }
    }
}
