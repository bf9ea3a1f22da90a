package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.ZimTransportContract;
import io.zimmigrate.core.port.ZimGateway;

class FeignTransportContractTest extends ZimTransportContract {

    @Override
    protected ZimGateway newGateway(Setup setup) {
        return FeignZimGateway.builder()
                .endpoint(setup.endpoint())
                .appId(setup.appId())
                .secret(setup.secret())
                .clock(setup.clock())
                .nonces(setup.nonces())
                .connectTimeout(setup.connectTimeout())
                .readTimeout(setup.readTimeout())
                .threads(setup.maxInFlight())
                .build();
    }
}
