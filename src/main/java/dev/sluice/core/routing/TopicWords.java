package dev.sluice.core.routing;

/**
 * Splits topic binding keys into words, exactly as RabbitMQ does. Routing keys follow the same
 * rules but are not split into strings: {@link TopicMatch} scans them in place.
 *
 * <p>RabbitMQ facts (checked in rabbitmq-server, {@code deps/rabbit/src/rabbit_db_topic_exchange.erl},
 * {@code split_topic_key/1} and {@code split_topic_key_binary/1}): the empty key is split into
 * <em>no words at all</em> ({@code split_topic_key_binary(<<>>) -> []}), not into one empty word;
 * every other key is split at every dot and keeps its empty words ({@code binary:split} with
 * {@code global} and no {@code trim}), so {@code "a..b"} is {@code [a, "", b]}, {@code "a."} is
 * {@code [a, ""]} and {@code "."} is {@code ["", ""]}. Hence the empty routing key matches the
 * binding keys {@code ""} and {@code "#"} but not {@code "*"}, and the binding key {@code ""}
 * matches only the empty routing key. Binding keys are split by the same function.
 *
 * <p>A '.' byte never occurs inside a multi-byte UTF-8 sequence, so splitting the Java string at
 * '.' chars gives the same words as RabbitMQ's splitting of the bytes.
 *
 * <p>Threading: stateless.
 */
final class TopicWords {
    static final String STAR = "*";
    static final String HASH = "#";

    private static final String[] NO_WORDS = new String[0];

    private TopicWords() {
    }

    /** The words of a routing key; the empty key has none. */
    static String[] split(String key) {
        if (key.isEmpty()) {
            return NO_WORDS;
        }
        int count = 1;
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '.') {
                count++;
            }
        }
        String[] words = new String[count];
        int start = 0;
        int word = 0;
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '.') {
                words[word++] = key.substring(start, i);
                start = i + 1;
            }
        }
        words[word] = key.substring(start);
        return words;
    }

    /**
     * The trie path of a binding key: its words, with each run of consecutive {@code #} words
     * collapsed into one. {@code #.#} matches exactly what {@code #} matches (zero or more words
     * followed by zero or more words), and collapsing keeps the matcher from trying the same
     * split of the key many times over.
     */
    static String[] bindingPath(String bindingKey) {
        String[] words = split(bindingKey);
        int kept = 0;
        for (int i = 0; i < words.length; i++) {
            boolean repeatedHash = HASH.equals(words[i]) && kept > 0 && HASH.equals(words[kept - 1]);
            if (!repeatedHash) {
                words[kept++] = words[i];
            }
        }
        if (kept == words.length) {
            return words;
        }
        String[] path = new String[kept];
        System.arraycopy(words, 0, path, 0, kept);
        return path;
    }
}
