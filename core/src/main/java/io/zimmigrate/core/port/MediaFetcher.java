package io.zimmigrate.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * How an original attachment is read: over HTTP(S) with the source's own authentication, from a file inside an
 * export, from a local path. {@code source} is the reference exactly as the message body holds it.
 */
public interface MediaFetcher {

    /** Whether this fetcher can open the reference at all (a scheme or a host it knows). */
    boolean handles(String source);

    /**
     * Opens the original for reading. Throws {@link MediaUnavailableException} when it will not become readable by
     * trying again (not found, forbidden, a host this source's credentials must not be sent to); any other
     * {@link IOException} is taken as passing (a timeout, a reset) and retried.
     */
    Original open(String source) throws IOException;

    /** An opened original: its bytes, and what the origin said about them. The caller closes it. */
    interface Original extends AutoCloseable {
        InputStream content();

        /** The length the origin announced, when it did. */
        OptionalLong size();

        /** The MIME type the origin announced, or null. */
        String contentType();

        @Override
        void close() throws IOException;
    }
}
