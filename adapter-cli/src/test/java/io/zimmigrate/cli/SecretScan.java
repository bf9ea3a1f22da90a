package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks for ServerSecrets where they must never be: in text, in every file under a directory, in the
 * {@code toString()} of every zim-migrate object reachable from a root. A secret counts as found in any of the forms
 * a careless line of code would print it: as is, upper case, URL-encoded, hex or Base64 of its bytes, Base64 of
 * the bytes its hex spells, and any 12 characters of it in a row (a "partly masked" secret is still a leak).
 */
final class SecretScan {
    private static final int WINDOW = 12;

    private final Map<String, String> forms = new java.util.LinkedHashMap<>();

    SecretScan(String... secrets) {
        for (String secret : secrets) {
            byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
            add(secret, "as is", secret);
            add(secret, "upper case", secret.toUpperCase(Locale.ROOT));
            add(secret, "URL-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
            add(secret, "hex", HexFormat.of().formatHex(utf8));
            add(secret, "Base64", Base64.getEncoder().encodeToString(utf8));
            add(secret, "Base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(utf8));
            if (secret.matches("([0-9a-fA-F]{2})+")) {
                add(secret, "Base64 of its hex bytes", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(secret)));
            }
            for (int i = 0; i + WINDOW <= secret.length(); i++) {
                add(secret, "characters " + i + "-" + (i + WINDOW), secret.substring(i, i + WINDOW));
            }
        }
    }

    private void add(String secret, String how, String form) {
        forms.putIfAbsent(form, "the secret " + secret.substring(0, 4) + "… (" + how + ")");
    }

    /** Which forms of which secret {@code text} holds; empty when clean. */
    List<String> findings(String text) {
        List<String> found = new ArrayList<>();
        forms.forEach((form, what) -> {
            if (text != null && text.contains(form)) {
                found.add(what);
            }
        });
        return found;
    }

    void assertAbsent(String where, String text) {
        assertThat(findings(text)).as("%s:%n%s", where, text).isEmpty();
    }

    /** Every regular file under {@code dir} (names included), read as bytes; the forms are ASCII. */
    void assertAbsentInFiles(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                assertAbsent("the name " + file, file.toString());
                if (Files.isRegularFile(file)) {
                    assertAbsent("the file " + file, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Calls {@code toString()} on {@code root} and on every object of ours ({@code io.zimmigrate.*}) reachable from it
     * through fields, collections, maps, arrays and Optionals, and checks each. Third-party objects are not entered
     * (their internals are not ours to promise about), but ours held inside collections are. Returns how many of
     * our objects were checked, so a test can tell it walked something.
     */
    int assertAbsentInToStrings(Object root) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new java.util.LinkedList<>(); // takes nulls, which are skipped
        todo.add(root);
        int checked = 0;
        while (!todo.isEmpty()) {
            Object o = todo.poll();
            if (o == null || !seen.add(o)) {
                continue;
            }
            Class<?> type = o.getClass();
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        todo.add(Array.get(o, i));
                    }
                }
            } else if (o instanceof Collection<?> c) {
                todo.addAll(copy(c));
            } else if (o instanceof Map<?, ?> m) {
                todo.addAll(copy(m.keySet()));
                todo.addAll(copy(m.values()));
            } else if (o instanceof Optional<?> opt) {
                opt.ifPresent(todo::add);
            } else if (ours(type)) {
                checked++;
                assertAbsent("toString() of a " + type.getName(), o.toString());
                for (Class<?> c = type; c != null && ours(c); c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                            f.setAccessible(true);
                            try {
                                todo.add(f.get(o));
                            } catch (IllegalAccessException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                }
            }
        }
        return checked;
    }

    private static boolean ours(Class<?> type) {
        return type.getName().startsWith("io.zimmigrate.");
    }

    private static List<Object> copy(Collection<?> c) {
        return new ArrayList<>(c);
    }
}
