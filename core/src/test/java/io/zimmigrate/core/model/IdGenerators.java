package io.zimmigrate.core.model;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.zimmigrate.core.rules.IdRules;
import java.util.List;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Generators of ZIM IDs, shared by the ID properties and by rule tests. */
public final class IdGenerators {
    /** Every character ZIM allows in an ID on every page (no space). */
    public static final String ALLOWED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + IdRules.PUNCTUATION;

    /** Characters no ZIM page allows, ASCII and not. */
    public static final List<Integer> FORBIDDEN = List.of(
            (int) '/', (int) '*', (int) ',', (int) '\'', (int) '"', (int) '`', (int) '\\', (int) '\t', (int) '\n', 0, 0x7f,
            (int) 'é', (int) 'ß', (int) '中', 0x1F600 /* emoji, 4 bytes */, 0x00A0 /* no-break space */, 0x200B, 0xFF01);

    private IdGenerators() {}

    /** Strings of {@code min..max} allowed characters. */
    public static Gen<String> allowed(int min, int max) {
        Gen<Character> c = Generate.pick(ALLOWED.chars().mapToObj(i -> (char) i).collect(Collectors.toList()));
        return lists().of(c).ofSizeBetween(min, max)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /** Valid user IDs: 1 to 32 allowed characters. */
    public static Gen<String> userIds() {
        return allowed(1, IdRules.MAX_BYTES);
    }

    /** Valid group IDs: like user IDs, but never starting with '#'. */
    public static Gen<String> groupIds() {
        return userIds().map(s -> s.charAt(0) == '#' ? "g" + s.substring(1) : s);
    }

    /** A forbidden code point. */
    public static Gen<Integer> forbidden() {
        return Generate.pick(FORBIDDEN);
    }

    /** Inserts {@code codePoint} into {@code s} at a position chosen from {@code seed}. */
    public static String insert(String s, int codePoint, int seed) {
        int at = Math.floorMod(seed, s.length() + 1);
        return s.substring(0, at) + new String(Character.toChars(codePoint)) + s.substring(at);
    }

    public static Gen<Integer> positions() {
        return integers().between(0, 1000);
    }
}
