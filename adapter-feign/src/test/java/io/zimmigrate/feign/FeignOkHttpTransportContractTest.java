package io.zimmigrate.feign;

import feign.okhttp.OkHttpClient;
import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.core.gateway.ZimTransportContract;

/**
 * The Feign transport over OkHttp ({@code feign-okhttp}), an embedder's choice of client: configured as the docs
 * say (no redirects, no retries of its own), it must pass the same contract as the default client.
 */
class FeignOkHttpTransportContractTest extends ZimTransportContract {

    @Override
    protected ZimTransport newTransport(TransportSettings settings) {
        okhttp3.OkHttpClient okHttp = new okhttp3.OkHttpClient.Builder()
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
        return FeignTransport.builder().client(new OkHttpClient(okHttp)).open(settings);
    }
}
