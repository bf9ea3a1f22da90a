package io.zimmigrate.vertx;

import io.zimmigrate.core.gateway.TransportSettings;
import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.core.gateway.ZimTransportContract;

class VertxTransportContractTest extends ZimTransportContract {

    @Override
    protected ZimTransport newTransport(TransportSettings settings) {
        return VertxTransport.factory().open(settings);
    }
}
