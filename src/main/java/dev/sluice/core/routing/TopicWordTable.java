package dev.sluice.core.routing;

/**
 * The literal words of a topic exchange's binding keys, each with a numeric id, so that the trie
 * compares ids instead of strings and a routing key's word is looked up once per route, straight
 * from the key's characters (no substring is made). A word that no binding uses maps to
 * {@link #UNKNOWN}, which no literal edge carries: only {@code *} and {@code #} edges can match it.
 *
 * <p>Each word counts the bindings that use it. A word whose count falls to zero stays in the
 * table (dead) and keeps its id: a binding that brings it back gets the same id. When dead words
 * outnumber live ones the table is rebuilt without them; an id dropped that way is never given
 * again (ids come from a {@code long} counter), so a router holding an old id can never find an
 * edge that belongs to another word.
 *
 * <p>Layout: open addressing with linear probing over an array of immutable {@link Word} entries,
 * at most half full, so a probe always ends at an empty slot.
 *
 * <p>Threading: {@link #intern}, {@link #release} and {@link #idOf} belong to the one writer that
 * the exchange's caller serializes (the virtual host's definitions lock). {@link #find} runs in any
 * number of routers at once, without locks, concurrently with the writer. A slot of a published
 * array goes from null to an entry once and never changes again; a rebuild fills a new array and
 * publishes it through a volatile field. A router therefore sees every word that was in the table
 * before its route began and was not removed since, and a word read through a race is whole (its
 * fields are final, apart from the use count, which only the writer reads).
 */
final class TopicWordTable {
    /** The id of a word that no binding uses. */
    static final long UNKNOWN = 0;

    private static final int MIN_CAPACITY = 16;

    private volatile Word[] slots = new Word[MIN_CAPACITY];
    /** Writer only: words used by at least one binding. */
    private int live;
    /** Writer only: words used by no binding that still hold a slot. */
    private int dead;
    /** Writer only: the last id given. */
    private long lastId;

    /** The hash of {@code text[from, to)}: the same as {@code text.substring(from, to).hashCode()}. */
    static int hash(String text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hash;
    }

    /**
     * Router: the id of the word {@code key[from, to)}, whose {@link #hash} is {@code hash}, or
     * {@link #UNKNOWN}. Allocates nothing.
     */
    long find(String key, int from, int to, int hash) {
        Word word = entry(slots, key, from, to, hash);
        return word == null ? UNKNOWN : word.id;
    }

    /** Writer: the id of {@code word}, or {@link #UNKNOWN} when it is not in the table. */
    long idOf(String word) {
        return find(word, 0, word.length(), hash(word, 0, word.length()));
    }

    /** Writer: counts one more binding that uses {@code word}, adding it when new; returns its id. */
    long intern(String word) {
        int hash = hash(word, 0, word.length());
        Word[] table = slots;
        Word found = entry(table, word, 0, word.length(), hash);
        if (found != null) {
            if (found.uses++ == 0) {
                dead--;
                live++;
            }
            return found.id;
        }
        Word created = new Word(word, hash, ++lastId);
        created.uses = 1;
        if ((live + dead + 1) * 2 > table.length) {
            table = rebuilt(table, live + 1);
            dead = 0;
            put(table, created);
            slots = table;
        } else {
            put(table, created);
        }
        live++;
        return created.id;
    }

    /** Writer: counts one binding fewer that uses {@code word}; drops dead words when they outnumber the live. */
    void release(String word) {
        Word[] table = slots;
        Word found = entry(table, word, 0, word.length(), hash(word, 0, word.length()));
        if (found == null || found.uses == 0) {
            return;
        }
        if (--found.uses == 0) {
            live--;
            dead++;
            if (dead > live) {
                slots = rebuilt(table, live);
                dead = 0;
            }
        }
    }

    /** Writer (tests, diagnostics): the number of words used by at least one binding. */
    int liveCount() {
        return live;
    }

    /** Writer (tests, diagnostics): the number of words holding a slot, dead ones included. */
    int retainedCount() {
        return live + dead;
    }

    private static Word entry(Word[] table, String key, int from, int to, int hash) {
        int mask = table.length - 1;
        int length = to - from;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            Word word = table[i];
            if (word == null) {
                return null;
            }
            if (word.hash == hash && word.text.length() == length && key.regionMatches(from, word.text, 0, length)) {
                return word;
            }
        }
    }

    private static void put(Word[] table, Word word) {
        int mask = table.length - 1;
        int i = spread(word.hash) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = word;
    }

    /** A new table holding the live words of {@code table}, with room for {@code liveCount} at most half full. */
    private static Word[] rebuilt(Word[] table, int liveCount) {
        int capacity = MIN_CAPACITY;
        while (capacity < liveCount * 2 + 2) {
            capacity <<= 1;
        }
        Word[] fresh = new Word[capacity];
        for (Word word : table) {
            if (word != null && word.uses > 0) {
                put(fresh, word);
            }
        }
        return fresh;
    }

    /** Mixes the high bits of a string hash into the low ones that pick the slot. */
    private static int spread(int hash) {
        int mixed = hash * 0x9E3779B9;
        return mixed ^ (mixed >>> 16);
    }

    /**
     * One word. Text, hash and id are final, so a router that reaches the entry through a race
     * sees them whole; {@code uses} is read and written by the writer only.
     */
    private static final class Word {
        final String text;
        final int hash;
        final long id;
        int uses;

        Word(String text, int hash, long id) {
            this.text = text;
            this.hash = hash;
            this.id = id;
        }
    }
}
