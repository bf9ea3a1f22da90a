package io.zimmigrate.media;

import io.zimmigrate.core.port.MediaFetcher;
import io.zimmigrate.core.port.MediaUnavailableException;
import java.io.IOException;
import java.util.List;

/** Several fetchers as one: each reference goes to the first that handles it. */
public final class MediaFetchers implements MediaFetcher {
    private final List<MediaFetcher> fetchers;

    private MediaFetchers(List<MediaFetcher> fetchers) {
        this.fetchers = List.copyOf(fetchers);
    }

    public static MediaFetcher firstOf(MediaFetcher... fetchers) {
        return new MediaFetchers(List.of(fetchers));
    }

    @Override
    public boolean handles(String source) {
        return fetchers.stream().anyMatch(f -> f.handles(source));
    }

    @Override
    public Original open(String source) throws IOException {
        for (MediaFetcher f : fetchers) {
            if (f.handles(source)) {
                return f.open(source);
            }
        }
        throw new MediaUnavailableException("no fetcher reads this kind of reference");
    }
}
