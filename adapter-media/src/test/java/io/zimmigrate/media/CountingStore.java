package io.zimmigrate.media;

import io.zimmigrate.core.port.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store with every upload counted per key; {@link #dieAfter} makes uploads after the first N hang midway
 * (the bytes half read) until the thread is interrupted, the way a killed process leaves them.
 */
public final class CountingStore implements MediaStore {
    private final MediaStore store;
    private final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private volatile int dieAfter = Integer.MAX_VALUE;
    final CountDownLatch hanging = new CountDownLatch(1);

    public CountingStore(MediaStore store) {
        this.store = store;
    }

    public CountingStore dieAfter(int n) {
        dieAfter = n;
        return this;
    }

    @Override
    public void put(String key, InputStream content, OptionalLong size, String contentType) throws IOException {
        if (started.getAndIncrement() >= dieAfter) {
            content.readNBytes(1000);
            hanging.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException killed) {
                Thread.currentThread().interrupt();
                throw new IOException("killed");
            }
        }
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
