package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.emulator.contract.ServerFaultsContract;

/** Slow answers, a server gone and back, a skewed clock: the engine over the Feign transport against the emulator. */
class FeignServerFaultsTest extends ServerFaultsContract {

    @Override
    protected ZimTransport.Factory transport() {
        return FeignTransport.builder();
    }
}
