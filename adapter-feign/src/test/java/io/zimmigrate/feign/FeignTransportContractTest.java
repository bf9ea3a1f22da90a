package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.core.gateway.ZimTransportContract;

/** The Feign transport with its default client, the JDK's ({@code Http2Client}). */
class FeignTransportContractTest extends ZimTransportContract {

    @Override
    protected ZimTransport newTransport(TransportSettings settings) {
        return FeignTransport.builder().open(settings);
    }
}
