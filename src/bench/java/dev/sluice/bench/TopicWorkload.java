package dev.sluice.bench;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes topic binding keys and routing keys from a seeded random source, so every run and every
 * fork benchmarks the same exchange and the same key streams.
 *
 * <p>Shape: keys have 3 to 5 words; the word at position {@code i} comes from a vocabulary of
 * {@code VOCABULARY[i]} words (fewer at the front, as in {@code tenant.service.event...}). A
 * binding key's first word is always a literal (the tenant or application that binds); each later
 * word is a literal (80%), {@code *} (15%) or {@code #} (5%, at most one per key). Anchoring the
 * first word keeps all-wildcard keys such as {@code *.*.*} rare: with 100,000 random bindings they
 * would otherwise all exist and every key would match some twenty of them. Routing keys are either made from a binding key (each
 * {@code *} filled with a word, the {@code #} with as many words as keep the key at 3 to 5 words)
 * and so match it, or drawn at random and so match only what their words happen to match.
 *
 * <p>Threading: not thread-safe; used during a state's setup only.
 */
final class TopicWorkload {
    private static final char[] PREFIX = {'r', 's', 'e', 'k', 'v'};
    private static final int[] VOCABULARY = {100, 100, 1000, 1000, 1000};
    private static final int MIN_WORDS = 3;
    private static final int MAX_WORDS = 5;

    private final SplittableRandom random;

    TopicWorkload(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code count} distinct binding keys. */
    String[] bindingKeys(int count) {
        Set<String> keys = new LinkedHashSet<>();
        while (keys.size() < count) {
            keys.add(bindingKey());
        }
        return keys.toArray(new String[0]);
    }

    /** {@code count} routing keys, each made from a randomly chosen binding key (repeats allowed). */
    String[] matchingKeys(String[] bindingKeys, int count) {
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = keyMatching(pick(bindingKeys));
        }
        return keys;
    }

    /**
     * {@code count} distinct routing keys, half made from binding keys where that gives a key not
     * yet taken, the rest random; enough of them defeat any route cache smaller than {@code count}.
     */
    String[] distinctKeys(String[] bindingKeys, int count) {
        Set<String> keys = new LinkedHashSet<>();
        boolean fromBinding = true;
        while (keys.size() < count) {
            keys.add(fromBinding ? keyMatching(pick(bindingKeys)) : randomKey());
            fromBinding = !fromBinding;
        }
        return keys.toArray(new String[0]);
    }

    private String bindingKey() {
        int length = wordCount();
        boolean hashUsed = false;
        StringBuilder key = new StringBuilder();
        for (int position = 0; position < length; position++) {
            int roll = position == 0 ? 100 : random.nextInt(100);
            String word;
            if (roll < 5 && !hashUsed) {
                word = "#";
                hashUsed = true;
            } else if (roll < 20) {
                word = "*";
            } else {
                word = word(position);
            }
            append(key, word);
        }
        return key.toString();
    }

    private String keyMatching(String bindingKey) {
        String[] pattern = bindingKey.split("\\.");
        int fixedWords = bindingKey.contains("#") ? pattern.length - 1 : pattern.length;
        StringBuilder key = new StringBuilder();
        int position = 0;
        for (String word : pattern) {
            if (word.equals("#")) {
                int least = Math.max(0, MIN_WORDS - fixedWords);
                int most = MAX_WORDS - fixedWords;
                int fill = least + random.nextInt(most - least + 1);
                for (int i = 0; i < fill; i++) {
                    append(key, word(position++));
                }
            } else {
                append(key, word.equals("*") ? word(position) : word);
                position++;
            }
        }
        return key.toString();
    }

    private String randomKey() {
        int length = wordCount();
        StringBuilder key = new StringBuilder();
        for (int position = 0; position < length; position++) {
            append(key, word(position));
        }
        return key.toString();
    }

    private int wordCount() {
        return MIN_WORDS + random.nextInt(MAX_WORDS - MIN_WORDS + 1);
    }

    /** A word from the vocabulary of a position (positions past the last reuse its vocabulary). */
    private String word(int position) {
        int p = Math.min(position, PREFIX.length - 1);
        return PREFIX[p] + Integer.toString(random.nextInt(VOCABULARY[p]));
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    private static void append(StringBuilder key, String word) {
        if (key.length() > 0) {
            key.append('.');
        }
        key.append(word);
    }
}
