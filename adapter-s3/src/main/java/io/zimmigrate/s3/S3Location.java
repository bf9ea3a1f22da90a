package io.zimmigrate.s3;

import java.net.URI;
import java.util.Objects;

/**
 * Where in an S3-compatible store the media goes, from {@code s3://BUCKET/PREFIX}: a bucket and a key prefix
 * (empty, or ending in a slash). No endpoint or credentials here: those come from the SDK's usual places.
 */
public record S3Location(String bucket, String prefix) {

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** Parses {@code s3://BUCKET[/PREFIX]}; throws IllegalArgumentException with one line for the user. */
    public static S3Location parse(String uri) {
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("an S3 location is written s3://BUCKET/PREFIX");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name (3-63 lower-case letters, digits, dots, dashes)");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        URI.create("s3://" + bucket + "/" + prefix.replace(" ", "%20")); // a prefix must make a valid URI
        return new S3Location(bucket, prefix);
    }

    String objectKey(String key) {
        return prefix + key;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
