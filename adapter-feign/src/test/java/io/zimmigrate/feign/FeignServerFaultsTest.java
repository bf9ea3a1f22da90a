package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.emulator.contract.ServerFaultsContract;

/** Slow answers, a server gone and back, a skewed clock: the engine over the Feign gateway against the emulator. */
class FeignServerFaultsTest extends ServerFaultsContract {

    @Override
    protected ZimGatewayBuilder<?> transportBuilder(int maxInFlight) {
        return FeignZimGateway.builder().threads(maxInFlight);
    }
}
