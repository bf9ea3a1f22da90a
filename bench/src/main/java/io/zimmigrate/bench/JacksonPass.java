package io.zimmigrate.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.File;

/**
 * P3's baseline: one plain Jackson streaming pass over a JSON Lines file that reads every value (strings decoded,
 * numbers parsed) and counts the records. The least any validator must do; prints records and seconds.
 */
public final class JacksonPass {
    private JacksonPass() {}

    public static void main(String[] argv) throws Exception {
        long t0 = System.nanoTime();
        long records = 0;
        long checksum = 0;
        try (JsonParser p = new JsonFactory().createParser(new File(argv[0]))) {
            JsonToken t;
            int depth = 0;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        if (--depth == 0) {
                            records++;
                        }
                    }
                    case FIELD_NAME, VALUE_STRING -> checksum += p.getText().length();
                    case VALUE_NUMBER_INT -> checksum += p.getLongValue();
                    default -> checksum++;
                }
            }
        }
        System.out.printf("jackson pass: %d records in %.3f s (checksum %d)%n", records, (System.nanoTime() - t0) / 1e9,
                checksum);
    }
}
