package io.zimmigrate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Epoch-ms stamps of each import: when the engine took its pacer slot, and when the request reached the gateway. */
final class Trace {
    private final List<Long> decided = new ArrayList<>();
    private final List<Long> left = new ArrayList<>();

    synchronized void decided(String messageId) {
        decided.add(System.currentTimeMillis());
    }

    synchronized int decidedCount() {
        return decided.size();
    }

    synchronized void left() {
        left.add(System.currentTimeMillis());
    }

    synchronized void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(decided.size(), left.size()); i++) {
            lines.add(decided.get(i) + " " + left.get(i));
        }
        Files.write(file, lines);
    }
}
