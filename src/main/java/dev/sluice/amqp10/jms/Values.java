package dev.sluice.amqp10.jms;

/**
 * The arithmetic and comparison rules of JMS selectors: numbers compare and combine across
 * integral and floating types (an integral result stays a {@code Long}); strings compare with
 * {@code =} and {@code <>} only; booleans with {@code =} and {@code <>} only; any other mix, and
 * any null operand, is unknown (null).
 *
 * <p>Threading: stateless.
 */
final class Values {
    private Values() {
    }

    static Object normalize(Object v) {
        if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Character c) {
            return String.valueOf(c);
        }
        if (v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean || v == null) {
            return v;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return null;
    }

    /** {@code a op b} for {@code = <> < <= > >=}; null when unknown. */
    static Boolean compare(String op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Number x && b instanceof Number y) {
            int c = (x instanceof Long l && y instanceof Long m) ? Long.compare(l, m)
                    : Double.compare(x.doubleValue(), y.doubleValue());
            return switch (op) {
                case "=" -> c == 0;
                case "<>" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        boolean sameKind = (a instanceof String && b instanceof String) || (a instanceof Boolean && b instanceof Boolean);
        if (!sameKind) {
            return null;
        }
        return switch (op) {
            case "=" -> a.equals(b);
            case "<>" -> !a.equals(b);
            default -> null;
        };
    }

    static Object arithmetic(char op, Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            return null;
        }
        if (x instanceof Long l && y instanceof Long m) {
            return switch (op) {
                case '+' -> l + m;
                case '-' -> l - m;
                case '*' -> l * m;
                default -> m == 0 ? null : (Object) (l / m);
            };
        }
        double p = x.doubleValue();
        double q = y.doubleValue();
        return switch (op) {
            case '+' -> p + q;
            case '-' -> p - q;
            case '*' -> p * q;
            default -> p / q;
        };
    }

    static Object negate(Object a) {
        if (a instanceof Long l) {
            return -l;
        }
        if (a instanceof Double d) {
            return -d;
        }
        return null;
    }

    static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : Boolean.TRUE;
    }

    static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : Boolean.FALSE;
    }

    static Boolean not(Boolean a) {
        return a == null ? null : !a;
    }

    static Boolean asBoolean(Object v) {
        return v instanceof Boolean b ? b : null;
    }
}
