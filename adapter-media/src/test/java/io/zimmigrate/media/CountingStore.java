package io.zimmigrate.media;

import io.zimmigrate.core.port.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A real store with every upload counted per key. */
public final class CountingStore implements MediaStore {
    private final MediaStore store;
    private final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();

    public CountingStore(MediaStore store) {
        this.store = store;
    }

    @Override
    public void put(String key, InputStream content, OptionalLong size, String contentType) throws IOException {
        store.put(key, content, size, contentType);
        uploads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public OptionalLong storedSize(String key) throws IOException {
        return store.storedSize(key);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    public int uploads(String key) {
        AtomicInteger n = uploads.get(key);
        return n == null ? 0 : n.get();
    }

    public Map<String, AtomicInteger> uploads() {
        return uploads;
    }
}
