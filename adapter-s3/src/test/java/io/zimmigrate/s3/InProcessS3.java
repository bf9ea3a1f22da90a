package io.zimmigrate.s3;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3 API (S3Proxy over a transient jclouds blob store) on a loopback ephemeral port, with one bucket. */
final class InProcessS3 implements AutoCloseable {
    static final String IDENTITY = "test-identity";
    static final String CREDENTIAL = "test-credential-not-secret";

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    final S3Client client;

    InProcessS3(String bucket) throws Exception {
        Properties overrides = new Properties();
        context = ContextBuilder.newBuilder("transient").credentials(IDENTITY, CREDENTIAL).overrides(overrides)
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, bucket);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        client = S3Clients.builderFor(URI.create("http://127.0.0.1:" + proxy.getPort()), true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .build();
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        context.close();
    }
}
