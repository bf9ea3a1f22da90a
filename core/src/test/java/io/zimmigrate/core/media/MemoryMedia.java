package io.zimmigrate.core.media;

import io.zimmigrate.core.port.MediaFetcher;
import io.zimmigrate.core.port.MediaStore;
import io.zimmigrate.core.port.MediaUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A fetcher over a map of originals and a store in a map, counting every fetch and upload per key. */
final class MemoryMedia implements MediaFetcher, MediaStore {
    final Map<String, byte[]> originals = new ConcurrentHashMap<>();
    final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();
    /** Passing failures still to answer, per source. */
    final Map<String, AtomicInteger> flaky = new ConcurrentHashMap<>();
    /** Sources whose origin announces one byte more than it sends. */
    final Map<String, Boolean> truncated = new ConcurrentHashMap<>();

    @Override
    public boolean handles(String source) {
        return source.startsWith("mem:");
    }

    @Override
    public Original open(String source) throws IOException {
        fetches.computeIfAbsent(source, s -> new AtomicInteger()).incrementAndGet();
        AtomicInteger failures = flaky.get(source);
        if (failures != null && failures.getAndDecrement() > 0) {
            throw new IOException("connection reset");
        }
        byte[] bytes = originals.get(source);
        if (bytes == null) {
            throw new MediaUnavailableException("HTTP 404 Not Found");
        }
        long announced = bytes.length + (truncated.containsKey(source) ? 1 : 0);
        InputStream in = new ByteArrayInputStream(bytes);
        return new Original() {
            @Override
            public InputStream content() {
                return in;
            }

            @Override
            public OptionalLong size() {
                return OptionalLong.of(announced);
            }

            @Override
            public String contentType() {
                return null;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void put(String key, InputStream content, OptionalLong size, String contentType) throws IOException {
        byte[] bytes = content.readAllBytes();
        uploads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        stored.put(key, bytes);
    }

    @Override
    public OptionalLong storedSize(String key) {
        byte[] bytes = stored.get(key);
        return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes.length);
    }

    @Override
    public String describe() {
        return "memory";
    }

    int fetchesOf(String source) {
        AtomicInteger n = fetches.get(source);
        return n == null ? 0 : n.get();
    }
}
