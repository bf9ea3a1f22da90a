package io.zimmigrate.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Where relocated attachments go: a directory a web server publishes, an S3 bucket, ... Objects are named by
 * keys that core chose ({@link io.zimmigrate.core.media.MediaKeys}); the URL ZIM holds is the run's URL base
 * followed by the key ({@link io.zimmigrate.core.media.MediaUrlBase}), so a store never invents names.
 *
 * <p>Implementations are called from several transfer threads at once and must be safe for that.
 */
public interface MediaStore {

    /**
     * Stores the stream under the key and returns only once the store has confirmed it durably (a directory:
     * written to a temporary name, synced, renamed; S3: the upload completed). A half-written object is never
     * visible under the key. The stream is read to its end, in pieces (never whole in memory), and not closed.
     *
     * @param size        the byte count when known (lets a store pick a single upload over a multipart one)
     * @param contentType the MIME type when known, else null
     */
    void put(String key, InputStream content, OptionalLong size, String contentType) throws IOException;

    /** The size of the object under the key, or empty when there is none: a stored key is never copied again. */
    OptionalLong storedSize(String key) throws IOException;

    /** Where the objects go, for progress lines and reports (a path, {@code s3://bucket/prefix}); no secrets. */
    String describe();
}
