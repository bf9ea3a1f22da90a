package io.zimmigrate.vertx;

import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.emulator.contract.ServerFaultsContract;

/** Slow answers, a server gone and back, a skewed clock: the engine over the Vert.x transport against the emulator. */
class VertxServerFaultsTest extends ServerFaultsContract {

    @Override
    protected ZimTransport.Factory transport() {
        return VertxTransport.factory();
    }
}
