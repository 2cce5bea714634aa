package io.github.genesysqueuefeed.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads declared keys from a {@link ConfigSource} and checks each value against its {@link ConfigKey}: kind, range,
 * allowed values. A bad value throws a {@link ConfigException}: one line naming the key, what is wrong and a good
 * value. Every method takes the name actually read too, so one declaration checks every org's copy of a key.
 * 
 * Why this is long: it holds the one check of each kind of value, so that no key has its own.
 */
public final class ConfigReader {

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:\\d{1,5}");
    private static final Pattern LABEL_KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    /** Bad values are echoed to help the operator, but not long ones: see {@link #shorten}. */
    static final int MAX_ECHOED_CHARS = 40;

    private final ConfigSource source;

    public ConfigReader(ConfigSource source) {
        this.source = source;
    }

    /** The value set for {@code name}, else the declared default; empty when neither. Unchecked. */
    public Optional<String> raw(ConfigKey key, String name) {
        return source.get(name).or(() -> Optional.ofNullable(key.defaultValue()));
    }

    public Optional<String> text(ConfigKey key) {
        return raw(key, key.name());
    }

    /** A key without a default that must be set; a secret's example names its environment variable. */
    public String required(ConfigKey key, String name) {
        return raw(key, name).orElseThrow(() -> new ConfigException(name, "is missing", key.secret()
                ? ConfigSource.envName(name) + "=<" + key.example() + ">" : name + "=" + key.example()));
    }

    public Duration duration(ConfigKey key) {
        return duration(key, key.name());
    }

    public Duration duration(ConfigKey key, String name) {
        String text = required(key, name);
        Duration d = Durations.parse(text);
        if (d == null) {
            throw bad(key, name, "'" + shorten(text) + "' is not a duration");
        }
        if (d.toMillis() < key.min() || d.toMillis() > key.max()) {
            throw bad(key, name, Durations.format(d) + " is out of range " + key.range());
        }
        return d;
    }

    public int integer(ConfigKey key) {
        return integer(key, key.name());
    }

    public int integer(ConfigKey key, String name) {
        return (int) number(key, name, "is not a whole number");
    }

    /** A BYTES key; its declared range keeps an int-sized one within an int. */
    public long bytes(ConfigKey key) {
        return number(key, key.name(), "is not a whole number of bytes");
    }

    private long number(ConfigKey key, String name, String notANumber) {
        String text = required(key, name);
        long n;
        try {
            n = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw bad(key, name, "'" + shorten(text) + "' " + notANumber);
        }
        if (n < key.min() || n > key.max()) {
            throw bad(key, name, n + " is out of range " + key.range());
        }
        return n;
    }

    /** A ONE_OF value in its declared spelling (matched ignoring case), or empty when unset without default. */
    public Optional<String> oneOf(ConfigKey key) {
        return oneOf(key, key.name());
    }

    public Optional<String> oneOf(ConfigKey key, String name) {
        return raw(key, name).map(value -> key.allowed().stream().filter(a -> a.equalsIgnoreCase(value.trim()))
                .findFirst().orElseThrow(() -> bad(key, name, "'" + shorten(value) + "' is not one of "
                        + String.join(", ", key.allowed()))));
    }

    /** An http(s) URL without its trailing slash, or empty. */
    public Optional<String> url(ConfigKey key, String name) {
        return raw(key, name).map(value -> {
            try {
                URI uri = URI.create(value);
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                }
            } catch (IllegalArgumentException e) {
                // the message below says what is expected
            }
            throw bad(key, name, "'" + shorten(value) + "' is not an http(s) URL");
        });
    }

    /** Comma-separated {@code host:port}, spaces removed. */
    public String hostPorts(ConfigKey key) {
        String value = required(key, key.name());
        for (String entry : value.split(",")) {
            if (!HOST_PORT.matcher(entry.trim()).matches()) {
                throw bad(key, key.name(), "'" + shorten(entry.trim()) + "' is not host:port");
            }
        }
        return value.replace(" ", "");
    }

    public String topic(ConfigKey key) {
        String value = required(key, key.name());
        if (!TOPIC.matcher(value).matches()) {
            throw bad(key, key.name(), "'" + shorten(value) + "' is not a Kafka topic name (letters, digits, . _ -)");
        }
        return value;
    }

    /** Comma-separated UUIDs, duplicates dropped, in their order. */
    public List<String> uuids(ConfigKey key, String name) {
        List<String> ids = list(key, name);
        for (String id : ids) {
            if (!UUID.matcher(id).matches()) {
                throw bad(key, name, "'" + shorten(id) + "' is not a UUID");
            }
        }
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    public List<String> list(ConfigKey key, String name) {
        List<String> values = new ArrayList<>();
        raw(key, name).ifPresent(v -> {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        });
        return values;
    }

    /** Kubernetes labels, {@code key=value,key=value}. */
    public Map<String, String> labels(ConfigKey key) {
        String value = required(key, key.name());
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length != 2 || !LABEL_KEY.matcher(parts[0].trim()).matches()
                    || !LABEL_VALUE.matcher(parts[1].trim()).matches()) {
                throw bad(key, key.name(), "'" + shorten(value) + "' is not a list of Kubernetes labels key=value");
            }
            labels.put(parts[0].trim(), parts[1].trim());
        }
        return labels;
    }

    private static ConfigException bad(ConfigKey key, String name, String problem) {
        return new ConfigException(name, problem, name + "=" + key.example());
    }

    /**
     * Bad values are echoed to help the operator, but not long ones: a client secret or token pasted into the wrong
     * key is long, and even its first characters must not end up in a log. (Registered secrets are masked too.)
     */
    static String shorten(String value) {
        return value.length() <= MAX_ECHOED_CHARS ? value : "<" + value.length() + " characters, not shown>";
    }
}
