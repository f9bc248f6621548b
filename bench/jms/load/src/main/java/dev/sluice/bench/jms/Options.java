package dev.sluice.bench.jms;

import java.util.ArrayList;
import java.util.List;

/**
 * The load program's command line: {@code --name value} pairs, each optional.
 *
 * @param url        the broker's Qpid JMS URI without options, e.g. {@code amqp://127.0.0.1:5673}
 * @param uriOptions extra Qpid JMS URI options ({@code a=b&c=d}), added after the mode's own
 * @param user       SASL user name (PLAIN), or empty for none
 * @param password   its password
 * @param queue      the queue's name (a JMS queue: the broker makes it on first use)
 * @param mode       what is sent and how
 * @param size       body size in bytes; the first 8 hold the send time
 * @param warmupSeconds   sent and received but not counted
 * @param measuredSeconds counted
 * @param brokerPid  the broker's process id, whose CPU time is reported, or 0 for none
 * @param label      a name for this run, repeated in the result line
 */
record Options(String url, String uriOptions, String user, String password, String queue, Mode mode,
               int size, int warmupSeconds, int measuredSeconds, long brokerPid, String label) {

    static final String USAGE = """
            usage: JmsLoad [--url amqp://127.0.0.1:5672] [--uri-options 'a=b&c=d'] [--user guest]
                           [--password guest] [--queue jms-bench] [--mode nonpersistent|persistent|persistent-async]
                           [--size 100] [--warmup 10] [--seconds 30] [--broker-pid PID] [--label NAME]""";

    Options {
        if (size < 8) {
            throw new IllegalArgumentException("--size must be at least 8 (the send time takes 8 bytes)");
        }
        if (warmupSeconds < 0 || measuredSeconds < 1) {
            throw new IllegalArgumentException("--warmup must be at least 0 and --seconds at least 1");
        }
    }

    static Options parse(String[] args) {
        String url = "amqp://127.0.0.1:5672";
        String uriOptions = "";
        String user = "guest";
        String password = "guest";
        String queue = "jms-bench";
        Mode mode = Mode.NONPERSISTENT;
        int size = 100;
        int warmup = 10;
        int seconds = 30;
        long brokerPid = 0;
        String label = "";
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--url" -> url = value;
                case "--uri-options" -> uriOptions = value;
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--queue" -> queue = value;
                case "--mode" -> mode = Mode.parse(value);
                case "--size" -> size = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--broker-pid" -> brokerPid = Long.parseLong(value);
                case "--label" -> label = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(url, uriOptions, user, password, queue, mode, size, warmup, seconds, brokerPid, label);
    }

    /** The connection URI: the URL with the mode's options and the extra ones. */
    String connectionUri() {
        List<String> parts = new ArrayList<>();
        if (!mode.uriOptions().isEmpty()) {
            parts.add(mode.uriOptions());
        }
        if (!uriOptions.isEmpty()) {
            parts.add(uriOptions);
        }
        if (parts.isEmpty()) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + String.join("&", parts);
    }
}
