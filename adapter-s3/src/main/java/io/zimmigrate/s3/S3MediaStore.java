package io.zimmigrate.s3;

import io.zimmigrate.core.port.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A media store in any S3-compatible object store. A file that fits in one part goes up in one
 * {@code PutObject}; anything larger, or of unknown length and larger than a part, as a multipart upload of
 * {@link #partSize}-byte parts read one at a time (so a multi-GB file needs one part of memory per transfer), and
 * the upload is aborted if any part fails. Either way the object appears under its key only when S3 confirmed the
 * whole of it. The client is the caller's: endpoint, region, path style and credentials are set where it is built
 * ({@link S3Clients#fromEnvironment()}).
 */
public final class S3MediaStore implements MediaStore {

    /** S3 allows at most 10 000 parts: 16 MiB parts reach 156 GiB, beyond any chat attachment. */
    public static final int DEFAULT_PART_SIZE = 16 << 20;

    private final S3Client s3;
    private final S3Location location;
    private final int partSize;

    public S3MediaStore(S3Client s3, S3Location location) {
        this(s3, location, DEFAULT_PART_SIZE);
    }

    /** @param partSize at least S3's 5 MiB minimum for all but the last part */
    public S3MediaStore(S3Client s3, S3Location location, int partSize) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.location = Objects.requireNonNull(location, "location");
        if (partSize < (5 << 20)) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB");
        }
        this.partSize = partSize;
    }

    @Override
    public void put(String key, InputStream content, OptionalLong size, String contentType) throws IOException {
        String objectKey = location.objectKey(key);
        try {
            if (size.isPresent() && size.getAsLong() <= partSize) {
                s3.putObject(b -> b.bucket(location.bucket()).key(objectKey).contentType(contentType)
                        .contentLength(size.getAsLong()), RequestBody.fromInputStream(content, size.getAsLong()));
                return;
            }
            byte[] first = content.readNBytes(partSize);
            if (first.length < partSize) {
                s3.putObject(b -> b.bucket(location.bucket()).key(objectKey).contentType(contentType),
                        RequestBody.fromBytes(first));
                return;
            }
            multipart(objectKey, first, content, contentType);
        } catch (SdkException e) {
            throw new IOException("S3 " + location + ": " + oneLine(e), e);
        }
    }

    private void multipart(String objectKey, byte[] first, InputStream rest, String contentType) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(location.bucket()).key(objectKey).contentType(contentType))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] part = first;
            for (int number = 1; part.length > 0; number++) {
                int n = number;
                byte[] bytes = part;
                String etag = s3.uploadPart(b -> b.bucket(location.bucket()).key(objectKey).uploadId(uploadId)
                        .partNumber(n).contentLength((long) bytes.length), RequestBody.fromBytes(bytes)).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                part = rest.readNBytes(partSize);
            }
            s3.completeMultipartUpload(b -> b.bucket(location.bucket()).key(objectKey).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(location.bucket()).key(objectKey).uploadId(uploadId));
            } catch (SdkException ignored) {
                // The store's lifecycle rules clean up what an abort could not; the object itself never appeared.
            }
            throw e;
        }
    }

    @Override
    public OptionalLong storedSize(String key) throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(location.bucket()).key(location.objectKey(key)));
            return OptionalLong.of(head.contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw new IOException("S3 " + location + ": " + oneLine(e), e);
        } catch (SdkException e) {
            throw new IOException("S3 " + location + ": " + oneLine(e), e);
        }
    }

    @Override
    public String describe() {
        return location.toString();
    }

    /** The SDK's message without its request ids and extended details. */
    private static String oneLine(SdkException e) {
        if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
            return s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + " " + s3e.awsErrorDetails().errorMessage();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
