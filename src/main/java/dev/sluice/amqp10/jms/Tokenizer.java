package dev.sluice.amqp10.jms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a selector into tokens: identifiers, keywords (case-insensitive), string literals in
 * single quotes ({@code ''} is a quote), numeric literals (exact: {@code 57}; approximate:
 * {@code 7.5}, {@code 7E3}, {@code .5}), and the operators {@code = <> < <= > >= + - * / ( ) ,}.
 *
 * <p>Threading: confined to the parsing thread.
 */
final class Tokenizer {
    enum Kind { IDENTIFIER, KEYWORD, STRING, EXACT, APPROXIMATE, OPERATOR, END }

    record Token(Kind kind, String text, int position) {
        boolean is(String keywordOrOperator) {
            return (kind == Kind.KEYWORD || kind == Kind.OPERATOR) && text.equals(keywordOrOperator);
        }
    }

    private static final List<String> KEYWORDS = List.of("AND", "OR", "NOT", "BETWEEN", "IN", "LIKE", "ESCAPE",
            "IS", "NULL", "TRUE", "FALSE");

    private Tokenizer() {
    }

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                i = string(s, i, out);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                i = number(s, i, out);
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < s.length() && Character.isJavaIdentifierPart(s.charAt(i))) {
                    i++;
                }
                String word = s.substring(start, i);
                String upper = word.toUpperCase(Locale.ROOT);
                out.add(KEYWORDS.contains(upper) ? new Token(Kind.KEYWORD, upper, start)
                        : new Token(Kind.IDENTIFIER, word, start));
            } else {
                i = operator(s, i, out);
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }

    private static int string(String s, int i, List<Token> out) {
        StringBuilder sb = new StringBuilder();
        int start = i++;
        while (true) {
            if (i >= s.length()) {
                throw new SelectorException("unterminated string starting at position " + start);
            }
            char c = s.charAt(i++);
            if (c == '\'') {
                if (i < s.length() && s.charAt(i) == '\'') {
                    sb.append('\'');
                    i++;
                } else {
                    break;
                }
            } else {
                sb.append(c);
            }
        }
        out.add(new Token(Kind.STRING, sb.toString(), start));
        return i;
    }

    private static int number(String s, int i, List<Token> out) {
        int start = i;
        boolean approximate = false;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            approximate = true;
            i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            approximate = true;
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int digits = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (digits == i) {
                throw new SelectorException("bad number at position " + start);
            }
        }
        String text = s.substring(start, i);
        if (!approximate && i < s.length() && (s.charAt(i) == 'l' || s.charAt(i) == 'L')) {
            i++;
        } else if (i < s.length() && (s.charAt(i) == 'd' || s.charAt(i) == 'D' || s.charAt(i) == 'f' || s.charAt(i) == 'F')) {
            approximate = true;
            i++;
        }
        out.add(new Token(approximate ? Kind.APPROXIMATE : Kind.EXACT, text, start));
        return i;
    }

    private static int operator(String s, int i, List<Token> out) {
        char c = s.charAt(i);
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        if (two.equals("<>") || two.equals("<=") || two.equals(">=")) {
            out.add(new Token(Kind.OPERATOR, two, i));
            return i + 2;
        }
        if ("=<>+-*/(),".indexOf(c) >= 0) {
            out.add(new Token(Kind.OPERATOR, String.valueOf(c), i));
            return i + 1;
        }
        throw new SelectorException("unexpected character '" + c + "' at position " + i);
    }
}
