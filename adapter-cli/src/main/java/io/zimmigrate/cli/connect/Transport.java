package io.zimmigrate.cli.connect;

import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.feign.FeignTransport;
import io.zimmigrate.vertx.VertxTransport;
import java.util.function.Supplier;

/**
 * Which HTTP stack carries the requests ({@code --transport}); all behave identically (one contract suite). A third
 * transport is one class in its adapter and one constant here.
 */
public enum Transport {
    VERTX(VertxTransport::factory),
    FEIGN(FeignTransport::builder);

    private final Supplier<ZimTransport.Factory> factory;

    Transport(Supplier<ZimTransport.Factory> factory) {
        this.factory = factory;
    }

    /** The adapter's transport factory, to compose with core's protocol. */
    public ZimTransport.Factory factory() {
        return factory.get();
    }
}
