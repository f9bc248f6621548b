package dev.sluice.config;

import dev.sluice.core.NamePatterns;
import dev.sluice.security.PasswordHash;
import dev.sluice.security.PermissionRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads {@code sluice.yaml} into a {@link SluiceConfig}, or refuses it with every problem found
 * (as {@code file:line:column: message}). The YAML is read with the 1.2 core schema; every
 * mapping is checked against the keys it may have; cross-references (bindings, permissions,
 * dead-letter and alternate exchanges) are checked against what the file declares. See
 * {@code docs/configuration.md} for the keys.
 *
 * <p>Threading: stateless; each call reads on the calling thread.
 */
public final class ConfigParser {
    static final List<String> TOP_KEYS = List.of("server", "users", "permissions", "vhosts");
    static final List<String> SERVER_KEYS = List.of("listeners", "data-dir", "limits", "storage", "logging");
    static final List<String> LISTENERS_KEYS = List.of("amqp", "http");
    static final List<String> LISTENER_KEYS = List.of("host", "port");
    static final List<String> LIMITS_KEYS = List.of("memory", "disk-free");
    static final List<String> STORAGE_KEYS = List.of("commit-interval", "max-group-size");
    static final List<String> LOGGING_KEYS = List.of("level");
    static final List<String> LOG_LEVELS = List.of("error", "warning", "info", "debug", "trace");
    static final List<String> USER_KEYS = List.of("name", "password-hash", "tags", "loopback-only");
    static final List<String> PERMISSION_KEYS = List.of("user", "vhost", "configure", "write", "read");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private ConfigParser() {
    }

    /** Reads and checks a file; the problems name it as given. */
    public static SluiceConfig parseFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(file.toString(), 1, 1,
                    "cannot read the file: " + e)));
        }
        return parse(text, file.toString());
    }

    /**
     * Reads and checks YAML text.
     *
     * @param file the name problems are reported under
     * @throws InvalidConfigException with every problem, when there is any
     */
    public static SluiceConfig parse(String text, String file) {
        Problems problems = new Problems(file);
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema())
                    .setAllowDuplicateKeys(true).setMaxAliasesForCollections(50).build();
            root = new Compose(settings).composeString(text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            problems.add(e.getProblemMark().orElse(e.getContextMark().orElse(null)),
                    "not valid YAML: " + e.getProblem());
            throw new InvalidConfigException(problems.sorted());
        } catch (YamlEngineException e) {
            problems.add((Node) null, "not valid YAML: " + e.getMessage());
            throw new InvalidConfigException(problems.sorted());
        }
        if (root == null || YamlValues.isNull(root)) {
            return SluiceConfig.EMPTY;
        }
        SluiceConfig config = new ConfigParser.Reader(problems).read(root);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems.sorted());
        }
        return config;
    }

    /**
     * One reading of one file.
     *
     * <p>Threading: confined to the reading thread.
     */
    private static final class Reader {
        private final Problems problems;

        Reader(Problems problems) {
            this.problems = problems;
        }

        SluiceConfig read(Node root) {
            YamlMap top = YamlMap.read(root, "the configuration", TOP_KEYS, problems);
            ServerConfig server = top.has("server") ? server(top.value("server")) : ServerConfig.NONE;
            List<VhostConfig> vhosts = new VhostReader(problems).read(top.list("vhosts"));
            Set<String> vhostNames = new HashSet<>(Set.of("/"));
            vhosts.forEach(v -> vhostNames.add(v.name()));
            Set<String> userNames = new HashSet<>();
            List<UserConfig> users = users(top.list("users"), userNames);
            if (!top.has("users") && top.has("permissions")) {
                problems.add(top.keyNode("permissions"), "'permissions' needs a 'users' section that declares the users");
            }
            List<PermissionRule> permissions = permissions(top.list("permissions"), userNames, vhostNames);
            return new SluiceConfig(server, top.has("users"), users, permissions, vhosts);
        }

        // ------------------------------------------------------------ server

        private ServerConfig server(Node node) {
            YamlMap server = YamlMap.read(node, "'server'", SERVER_KEYS, problems);
            ServerConfig.ListenerConfig amqp = ServerConfig.ListenerConfig.NONE;
            ServerConfig.ListenerConfig http = ServerConfig.ListenerConfig.NONE;
            if (server.has("listeners")) {
                YamlMap listeners = YamlMap.read(server.value("listeners"), "'server.listeners'", LISTENERS_KEYS, problems);
                amqp = listeners.has("amqp") ? listener(listeners.value("amqp"), "amqp") : amqp;
                http = listeners.has("http") ? listener(listeners.value("http"), "http") : http;
            }
            Optional<Path> dataDir = Optional.ofNullable(server.string("data-dir", null)).map(Path::of);
            ServerConfig.ResourceLimits limits = server.has("limits") ? limits(server.value("limits"))
                    : ServerConfig.ResourceLimits.NONE;
            Optional<Duration> commitInterval = Optional.empty();
            Optional<Integer> maxGroupSize = Optional.empty();
            if (server.has("storage")) {
                YamlMap storage = YamlMap.read(server.value("storage"), "'server.storage'", STORAGE_KEYS, problems);
                commitInterval = Optional.ofNullable(duration(storage, "commit-interval"));
                maxGroupSize = Optional.ofNullable(storage.integer("max-group-size", 1, Integer.MAX_VALUE, null))
                        .map(Long::intValue);
            }
            Optional<String> level = Optional.empty();
            if (server.has("logging")) {
                YamlMap logging = YamlMap.read(server.value("logging"), "'server.logging'", LOGGING_KEYS, problems);
                String l = logging.string("level", null);
                if (l != null && !LOG_LEVELS.contains(l.toLowerCase(Locale.ROOT))) {
                    problems.add(logging.value("level"), "unknown log level '" + l + "'"
                            + didYouMean(l, LOG_LEVELS) + " (allowed: " + String.join(", ", LOG_LEVELS) + ")");
                } else if (l != null) {
                    level = Optional.of(l.toLowerCase(Locale.ROOT));
                }
            }
            return new ServerConfig(amqp, http, dataDir, limits, commitInterval, maxGroupSize, level);
        }

        private ServerConfig.ListenerConfig listener(Node node, String name) {
            YamlMap l = YamlMap.read(node, "'server.listeners." + name + "'", LISTENER_KEYS, problems);
            String host = l.string("host", null);
            if (host != null && host.isBlank()) {
                problems.add(l.value("host"), "host must not be empty (0.0.0.0 listens on every interface)");
                host = null;
            }
            Long port = l.integer("port", 0, 65535, null);
            return new ServerConfig.ListenerConfig(Optional.ofNullable(host), Optional.ofNullable(port).map(Long::intValue));
        }

        private ServerConfig.ResourceLimits limits(Node node) {
            YamlMap limits = YamlMap.read(node, "'server.limits'", LIMITS_KEYS, problems);
            Optional<Double> fraction = Optional.empty();
            Optional<Long> memoryBytes = Optional.empty();
            Node memory = limits.value("memory");
            if (memory != null) {
                Double d = YamlValues.number(memory);
                if (d != null && YamlValues.integer(memory) == null) {
                    if (d > 0 && d <= 1) {
                        fraction = Optional.of(d);
                    } else {
                        problems.add(memory, "a memory fraction must be above 0 and at most 1, got " + d);
                    }
                } else {
                    memoryBytes = Optional.ofNullable(size(memory, "memory"));
                }
            }
            Node disk = limits.value("disk-free");
            Optional<Long> diskFree = disk == null ? Optional.empty() : Optional.ofNullable(size(disk, "disk-free"));
            return new ServerConfig.ResourceLimits(fraction, memoryBytes, diskFree);
        }

        /** Bytes: an integer, or a number with a unit (kB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB of 1024). */
        private Long size(Node node, String key) {
            Long n = YamlValues.integer(node);
            if (n != null && n >= 0) {
                return n;
            }
            if (YamlValues.isString(node)) {
                Matcher m = SIZE.matcher(((org.snakeyaml.engine.v2.nodes.ScalarNode) node).getValue().strip());
                if (m.matches()) {
                    long base = Long.parseLong(m.group(1));
                    String unit = m.group(2) == null ? "B" : m.group(2);
                    long factor = switch (unit) {
                        case "kB", "KB" -> 1000L;
                        case "MB" -> 1000L * 1000;
                        case "GB" -> 1000L * 1000 * 1000;
                        case "TB" -> 1000L * 1000 * 1000 * 1000;
                        case "KiB" -> 1024L;
                        case "MiB" -> 1024L * 1024;
                        case "GiB" -> 1024L * 1024 * 1024;
                        case "TiB" -> 1024L * 1024 * 1024 * 1024;
                        default -> 1L;
                    };
                    return base * factor;
                }
            }
            problems.add(node, "expected a size for '" + key + "' such as 512MiB, 2GB or a number of bytes, got "
                    + YamlValues.describe(node));
            return null;
        }

        /** A duration: an integer of milliseconds, or a number with ms, s, m or h. */
        private Duration duration(YamlMap map, String key) {
            Node node = map.value(key);
            if (node == null) {
                return null;
            }
            Long n = YamlValues.integer(node);
            if (n != null && n >= 0) {
                return Duration.ofMillis(n);
            }
            if (YamlValues.isString(node)) {
                Matcher m = DURATION.matcher(((org.snakeyaml.engine.v2.nodes.ScalarNode) node).getValue().strip());
                if (m.matches()) {
                    long v = Long.parseLong(m.group(1));
                    return switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(v);
                        case "s" -> Duration.ofSeconds(v);
                        case "m" -> Duration.ofMinutes(v);
                        default -> Duration.ofHours(v);
                    };
                }
            }
            problems.add(node, "expected a duration for '" + key + "' such as 5ms, 2s or a number of milliseconds, got "
                    + YamlValues.describe(node));
            return null;
        }

        // ------------------------------------------------------------ users and permissions

        /** The valid users; {@code seen} collects every declared name, valid or not. */
        private List<UserConfig> users(List<Node> nodes, Set<String> seen) {
            List<UserConfig> users = new ArrayList<>();
            for (Node node : nodes) {
                YamlMap u = YamlMap.read(node, "a user", USER_KEYS, problems);
                String name = u.requiredString("name");
                String label = name == null ? "a user" : "user '" + name + "'";
                String hash = u.has("password-hash") ? u.string("password-hash", null) : null;
                if (!u.has("password-hash")) {
                    problems.add(u.node(), label + " needs 'password-hash' (make one with 'sluice hash-password')");
                } else if (hash != null) {
                    try {
                        PasswordHash.parse(hash);
                    } catch (IllegalArgumentException e) {
                        problems.add(u.value("password-hash"), "invalid password hash for " + label + ": "
                                + e.getMessage() + " (make one with 'sluice hash-password')");
                        hash = null;
                    }
                }
                Set<String> tags = new LinkedHashSet<>();
                List<Node> tagNodes = u.list("tags");
                List<String> tagValues = u.strings("tags");
                for (int i = 0; i < tagValues.size() && i < tagNodes.size(); i++) {
                    String tag = tagValues.get(i);
                    if (!UserConfig.KNOWN_TAGS.contains(tag)) {
                        problems.add(tagNodes.get(i), "unknown tag '" + tag + "' for " + label
                                + didYouMean(tag, UserConfig.KNOWN_TAGS)
                                + " (allowed: " + String.join(", ", UserConfig.KNOWN_TAGS) + ")");
                    }
                    tags.add(tag);
                }
                boolean loopback = u.bool("loopback-only", "guest".equals(name));
                if (name != null && !seen.add(name)) {
                    problems.add(u.value("name"), "user '" + name + "' is declared twice");
                } else if (name != null && name.isEmpty()) {
                    problems.add(u.value("name"), "a user name must not be empty");
                } else if (name != null && hash != null) {
                    users.add(new UserConfig(name, hash, tags, loopback));
                }
            }
            return users;
        }

        private List<PermissionRule> permissions(List<Node> nodes, Set<String> users, Set<String> vhosts) {
            List<PermissionRule> rules = new ArrayList<>();
            Set<List<String>> seen = new HashSet<>();
            for (Node node : nodes) {
                YamlMap p = YamlMap.read(node, "a permission", PERMISSION_KEYS, problems);
                String user = p.requiredString("user");
                String vhost = p.requiredString("vhost");
                String configure = pattern(p, "configure");
                String write = pattern(p, "write");
                String read = pattern(p, "read");
                if (user != null && !users.contains(user)) {
                    problems.add(p.value("user"), "permission for user '" + user + "', who is not declared in 'users'"
                            + didYouMean(user, users));
                    continue;
                }
                if (vhost != null && !vhosts.contains(vhost)) {
                    problems.add(p.value("vhost"), "permission in vhost '" + vhost + "', which is not declared in 'vhosts'"
                            + didYouMean(vhost, vhosts));
                    continue;
                }
                if (user != null && vhost != null && !seen.add(List.of(user, vhost))) {
                    problems.add(p.node(), "permissions of user '" + user + "' in vhost '" + vhost + "' are given twice");
                    continue;
                }
                if (user != null && vhost != null && configure != null && write != null && read != null) {
                    rules.add(new PermissionRule(user, vhost, configure, write, read));
                }
            }
            return rules;
        }

        private String pattern(YamlMap p, String key) {
            String pattern = p.requiredString(key);
            if (pattern == null) {
                return null;
            }
            String problem = NamePatterns.problem(pattern);
            if (problem != null) {
                problems.add(p.value(key), key + " permission: " + problem);
                return null;
            }
            return pattern;
        }
    }

    /** "; did you mean 'x'?" or nothing. */
    static String didYouMean(String word, java.util.Collection<String> known) {
        String closest = Suggestions.closest(word, known);
        return closest == null ? "" : "; did you mean '" + closest + "'?";
    }
}
