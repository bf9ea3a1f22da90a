package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.emulator.contract.ZimGatewayContract;

/** The Feign gateway against the real emulator. */
class FeignGatewayContractTest extends ZimGatewayContract {

    @Override
    protected ZimGateway newGateway(GatewaySetup setup) {
        return FeignZimGateway.builder()
                .endpoint(ZimEndpoint.of(setup.baseUri()))
                .appId(setup.appId())
                .secret(setup.secret())
                .clock(setup.clock())
                .connectTimeout(setup.connectTimeout())
                .readTimeout(setup.readTimeout())
                .threads(setup.maxInFlight())
                .build();
    }
}
