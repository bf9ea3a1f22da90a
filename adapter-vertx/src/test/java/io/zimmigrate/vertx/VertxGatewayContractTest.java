package io.zimmigrate.vertx;

import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.emulator.contract.ZimGatewayContract;

/** The Vert.x gateway against the real emulator. */
class VertxGatewayContractTest extends ZimGatewayContract {

    @Override
    protected ZimGateway newGateway(GatewaySetup setup) {
        return VertxZimGateway.builder()
                .endpoint(ZimEndpoint.of(setup.baseUri()))
                .appId(setup.appId())
                .secret(setup.secret())
                .clock(setup.clock())
                .connectTimeout(setup.connectTimeout())
                .readTimeout(setup.readTimeout())
                .poolSize(setup.maxInFlight())
                .build();
    }
}
