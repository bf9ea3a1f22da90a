package io.zimmigrate.core.engine;

import io.zimmigrate.core.port.ScratchSpace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What a timeline holds in ZIM, as it is read back (newest first), spilled to the scratch space a chunk at a time and
 * given back oldest first: a chunk in memory at a time, each read back and reversed, the newest chunk last. ZIM pages
 * a timeline newest first while the plan is read oldest first; for one group of 10 M messages the read-back as a
 * list was about 60 bytes per message (issue #13). A timeline smaller than a chunk never leaves the heap.
 */
final class ReadBackSpill {
    private final ScratchSpace scratch;
    private final int chunk;
    /** Full chunks, newest first; each newest first inside. */
    private final List<ScratchSpace.Run> spilled = new ArrayList<>();
    private List<String> buffer = new ArrayList<>();

    ReadBackSpill(ScratchSpace scratch, int chunk) {
        this.scratch = scratch;
        this.chunk = Math.max(1, chunk);
    }

    /** The next identity read back: older than every one added before. */
    void addNewestFirst(String identity) {
        buffer.add(identity);
        if (buffer.size() == chunk) {
            ScratchSpace.RunWriter w = scratch.newRun();
            buffer.forEach(id -> w.write(id.getBytes(StandardCharsets.UTF_8)));
            spilled.add(w.finish());
            buffer = new ArrayList<>();
        }
    }

    /** Every identity added, oldest first. Read once, after the last {@link #addNewestFirst}. */
    Iterator<String> oldestFirst() {
        return new Iterator<>() {
            private int nextChunk = spilled.size() - 1;
            private List<String> current = reversed(buffer);
            private int at;

            @Override
            public boolean hasNext() {
                while (at == current.size() && nextChunk >= 0) {
                    current = reversed(load(spilled.get(nextChunk--)));
                    at = 0;
                }
                return at < current.size();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.get(at++);
            }
        };
    }

    private static List<String> load(ScratchSpace.Run run) {
        List<String> ids = new ArrayList<>((int) run.size());
        try (ScratchSpace.RunReader r = run.read()) {
            r.forEachRemaining(b -> ids.add(new String(b, StandardCharsets.UTF_8)));
        }
        return ids;
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.reverse(copy);
        return copy;
    }
}
