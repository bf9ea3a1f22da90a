package io.zimmigrate.vertx;

import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.emulator.contract.ServerFaultsContract;

/** Slow answers, a server gone and back, a skewed clock: the engine over the Vert.x gateway against the emulator. */
class VertxServerFaultsTest extends ServerFaultsContract {

    @Override
    protected ZimGatewayBuilder<?> transportBuilder(int maxInFlight) {
        return VertxZimGateway.builder().poolSize(maxInFlight);
    }
}
