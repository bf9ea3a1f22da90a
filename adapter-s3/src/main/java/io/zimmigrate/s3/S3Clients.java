package io.zimmigrate.s3;

import java.net.URI;
import java.util.Locale;
import java.util.function.Function;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client from the SDK's usual configuration, never from the command line: credentials from the
 * default chain (environment {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE} and
 * {@code ~/.aws}, SSO, container and instance roles), region from {@code AWS_REGION} or the profile, an endpoint
 * for compatible stores (MinIO, R2, ...) from {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL} (both read
 * by the SDK itself). Path-style addressing, which most self-hosted stores need, from
 * {@value #PATH_STYLE_VARIABLE}{@code =true}.
 */
public final class S3Clients {

    public static final String PATH_STYLE_VARIABLE = "AWS_S3_FORCE_PATH_STYLE";

    private S3Clients() {
    }

    public static S3Client fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    static S3Client fromEnvironment(Function<String, String> environment) {
        S3ClientBuilder builder = S3Client.builder();
        configure(builder, "true".equalsIgnoreCase(String.valueOf(environment.apply(PATH_STYLE_VARIABLE)).toLowerCase(Locale.ROOT)));
        return builder.build();
    }

    /** For a client whose endpoint and credentials a program or test gives (an embedder, S3Proxy). */
    public static S3ClientBuilder builderFor(URI endpoint, boolean pathStyle) {
        S3ClientBuilder builder = S3Client.builder().endpointOverride(endpoint);
        configure(builder, pathStyle);
        return builder;
    }

    /**
     * The blocking URL-connection client keeps Netty and Apache HttpClient out; uploads run on the copier's own
     * bounded pool. Checksums only where S3 requires them: the SDK's newer default (a CRC on every request) is not
     * understood by several compatible stores.
     */
    private static void configure(S3ClientBuilder builder, boolean pathStyle) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
}
