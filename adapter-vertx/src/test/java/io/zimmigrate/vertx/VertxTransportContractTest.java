package io.zimmigrate.vertx;

import io.zimmigrate.core.gateway.ZimTransportContract;
import io.zimmigrate.core.port.ZimGateway;

class VertxTransportContractTest extends ZimTransportContract {

    @Override
    protected ZimGateway newGateway(Setup setup) {
        return VertxZimGateway.builder()
                .endpoint(setup.endpoint())
                .appId(setup.appId())
                .secret(setup.secret())
                .clock(setup.clock())
                .nonces(setup.nonces())
                .connectTimeout(setup.connectTimeout())
                .readTimeout(setup.readTimeout())
                .poolSize(setup.maxInFlight())
                .build();
    }
}
