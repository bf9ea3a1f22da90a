package io.zimmigrate.core.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A canonical record's field values read from Jackson's streaming parser as the type the format wants (a string, a
 * whole number, a list of user IDs), or a {@code record.field-type} violation that names the JSON type found and
 * the value; the parser is left after the value either way. For {@link CanonicalDecoder}.
 */
final class FieldValues {
    private FieldValues() {}

    static String text(JsonParser p, JsonToken v, String prefix, String name, List<Violation> found)
            throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v != JsonToken.VALUE_NULL) {
            wrong(p, v, prefix + name, "a string", found);
        }
        return null;
    }

    static Integer integer(JsonParser p, JsonToken v, String name, List<Violation> found) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            // Whatever width the parser chose (a tree a source built may hold a long or a big integer), the value counts.
            Long l = wholeLong(p);
            if (l != null && l == l.intValue()) {
                return l.intValue();
            }
        }
        if (v != JsonToken.VALUE_NULL) {
            wrong(p, v, name, "a whole number", found);
        }
        return null;
    }

    static Long longValue(JsonParser p, JsonToken v, String name, List<Violation> found) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            Long l = wholeLong(p);
            if (l != null) {
                return l;
            }
        }
        if (v != JsonToken.VALUE_NULL) {
            wrong(p, v, name, "a whole number of milliseconds", found);
        }
        return null;
    }

    /** The whole number at the parser when it fits a {@code long}, else null. */
    private static Long wholeLong(JsonParser p) throws IOException {
        if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        java.math.BigInteger big = p.getBigIntegerValue();
        return big.bitLength() < Long.SIZE ? big.longValue() : null;
    }

    static List<String> textList(JsonParser p, JsonToken v, String name, List<Violation> found)
            throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_ARRAY) {
            wrong(p, v, name, "a list of user IDs", found);
            return null;
        }
        List<String> out = new ArrayList<>(2);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                wrong(p, t, name, "a list of user IDs (strings)", found);
                for (JsonToken rest = p.nextToken(); rest != JsonToken.END_ARRAY && rest != null; rest = p.nextToken()) {
                    p.skipChildren(); // the rest of the list, read for its JSON errors
                }
                return null;
            }
            out.add(p.getText());
        }
        return out;
    }

    /** A {@code record.field-type} violation naming the JSON type found and, for scalars, the value (shortened). */
    private static void wrong(JsonParser p, JsonToken v, String field, String expected, List<Violation> found)
            throws IOException {
        String shown = nodeType(v).toLowerCase(Locale.ROOT);
        if (v == JsonToken.VALUE_STRING) {
            shown += " " + Shown.value(p.getText());
        } else if (v.isScalarValue()) {
            String text = p.getText();
            shown += " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
        }
        found.add(new Violation(field, CanonicalRecords.RULE_FIELD_TYPE, "must be " + expected + ", not " + shown));
        p.skipChildren();
    }

    /** The JSON type of a value by its first token, named as Jackson's tree types are. */
    static String nodeType(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "OBJECT";
            case START_ARRAY -> "ARRAY";
            case VALUE_STRING -> "STRING";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
            case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
            case VALUE_NULL -> "NULL";
            default -> t.name();
        };
    }
}
