package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.emulator.contract.ZimGatewayContract;

/** The Feign transport, composed with core's protocol, against the real emulator. */
class FeignGatewayContractTest extends ZimGatewayContract {

    @Override
    protected ZimGateway newGateway(GatewaySetup setup) {
        return ZimGatewayBuilder.over(FeignTransport.builder())
                .endpoint(ZimEndpoint.of(setup.baseUri()))
                .appId(setup.appId())
                .secret(setup.secret())
                .clock(setup.clock())
                .connectTimeout(setup.connectTimeout())
                .answerDeadline(setup.readTimeout())
                .maxInFlight(setup.maxInFlight())
                .build();
    }
}
