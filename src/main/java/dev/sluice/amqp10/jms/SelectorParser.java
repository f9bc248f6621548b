package dev.sluice.amqp10.jms;

import dev.sluice.amqp10.jms.Tokenizer.Kind;
import dev.sluice.amqp10.jms.Tokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser for the JMS selector grammar, producing an {@link Expr} tree:
 * <pre>
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | comparison
 * comparison := sum [ (= | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) sum
 *                   | [NOT] BETWEEN sum AND sum
 *                   | [NOT] IN ( string (, string)* )
 *                   | [NOT] LIKE string [ESCAPE string]
 *                   | IS [NOT] NULL ]
 * sum        := product ((+ | -) product)*
 * product    := unary ((* | /) unary)*
 * unary      := (+ | -) unary | primary
 * primary    := literal | identifier | ( or )
 * </pre>
 *
 * <p>Threading: one parser per selector, on one thread.
 */
final class SelectorParser {
    private final List<Token> tokens;
    private int next;

    private SelectorParser(String selector) {
        this.tokens = Tokenizer.tokens(selector);
    }

    static Expr parse(String selector) {
        SelectorParser p = new SelectorParser(selector);
        Expr e = p.or();
        if (p.peek().kind() != Kind.END) {
            throw p.error("unexpected '" + p.peek().text() + "'");
        }
        return e;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean accept(String keywordOrOperator) {
        if (peek().is(keywordOrOperator)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String keywordOrOperator) {
        if (!accept(keywordOrOperator)) {
            throw error("expected '" + keywordOrOperator + "' but found '" + peek().text() + "'");
        }
    }

    private SelectorException error(String message) {
        return new SelectorException(message + " at position " + peek().position());
    }

    private Expr or() {
        Expr left = and();
        while (accept("OR")) {
            Expr l = left;
            Expr r = and();
            left = m -> Values.or(Values.asBoolean(l.eval(m)), Values.asBoolean(r.eval(m)));
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (accept("AND")) {
            Expr l = left;
            Expr r = not();
            left = m -> Values.and(Values.asBoolean(l.eval(m)), Values.asBoolean(r.eval(m)));
        }
        return left;
    }

    private Expr not() {
        if (accept("NOT")) {
            Expr e = not();
            return m -> Values.not(Values.asBoolean(e.eval(m)));
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = sum();
        for (String op : List.of("=", "<>", "<=", ">=", "<", ">")) {
            if (accept(op)) {
                Expr right = sum();
                return m -> Values.compare(op, left.eval(m), right.eval(m));
            }
        }
        if (accept("IS")) {
            boolean negated = accept("NOT");
            expect("NULL");
            return m -> (left.eval(m) == null) != negated;
        }
        boolean negated = accept("NOT");
        Expr e;
        if (accept("BETWEEN")) {
            Expr low = sum();
            expect("AND");
            Expr high = sum();
            e = m -> {
                Object v = left.eval(m);
                return Values.and(Values.compare(">=", v, low.eval(m)), Values.compare("<=", v, high.eval(m)));
            };
        } else if (accept("IN")) {
            Set<String> values = inList();
            e = m -> left.eval(m) instanceof String s ? values.contains(s) : null;
        } else if (accept("LIKE")) {
            Pattern pattern = likePattern();
            e = m -> left.eval(m) instanceof String s ? pattern.matcher(s).matches() : null;
        } else {
            if (negated) {
                throw error("expected BETWEEN, IN or LIKE after NOT");
            }
            return left;
        }
        return negated ? m -> Values.not(Values.asBoolean(e.eval(m))) : e;
    }

    private Set<String> inList() {
        expect("(");
        List<String> values = new ArrayList<>();
        do {
            values.add(stringLiteral());
        } while (accept(","));
        expect(")");
        return Set.copyOf(values);
    }

    private String stringLiteral() {
        Token t = peek();
        if (t.kind() != Kind.STRING) {
            throw error("expected a string literal");
        }
        next++;
        return t.text();
    }

    private Pattern likePattern() {
        String pattern = stringLiteral();
        Character escape = null;
        if (accept("ESCAPE")) {
            String e = stringLiteral();
            if (e.length() != 1) {
                throw error("ESCAPE takes exactly one character");
            }
            escape = e.charAt(0);
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == escape) {
                if (++i >= pattern.length()) {
                    throw error("LIKE pattern ends with its escape character");
                }
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private Expr sum() {
        Expr left = product();
        while (peek().is("+") || peek().is("-")) {
            char op = tokens.get(next++).text().charAt(0);
            Expr l = left;
            Expr r = product();
            left = m -> Values.arithmetic(op, l.eval(m), r.eval(m));
        }
        return left;
    }

    private Expr product() {
        Expr left = unary();
        while (peek().is("*") || peek().is("/")) {
            char op = tokens.get(next++).text().charAt(0);
            Expr l = left;
            Expr r = unary();
            left = m -> Values.arithmetic(op, l.eval(m), r.eval(m));
        }
        return left;
    }

    private Expr unary() {
        if (accept("-")) {
            Expr e = unary();
            return m -> Values.negate(e.eval(m));
        }
        if (accept("+")) {
            return unary();
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        next++;
        switch (t.kind()) {
            case STRING -> {
                String s = t.text();
                return m -> s;
            }
            case EXACT -> {
                Object v = exact(t);
                return m -> v;
            }
            case APPROXIMATE -> {
                Double d = Double.valueOf(t.text());
                return m -> d;
            }
            case IDENTIFIER -> {
                String name = t.text();
                return m -> MessageFields.value(m, name);
            }
            case KEYWORD -> {
                if (t.text().equals("TRUE") || t.text().equals("FALSE")) {
                    Boolean b = t.text().equals("TRUE");
                    return m -> b;
                }
            }
            case OPERATOR -> {
                if (t.text().equals("(")) {
                    Expr e = or();
                    expect(")");
                    return e;
                }
            }
            default -> {
            }
        }
        next--;
        throw error(t.kind() == Kind.END ? "unexpected end of selector" : "unexpected '" + t.text() + "'");
    }

    private Object exact(Token t) {
        try {
            return Long.valueOf(t.text());
        } catch (NumberFormatException e) {
            return Double.valueOf(t.text());
        }
    }
}
