package io.zimmigrate.cli;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The emulator an in-process run test imports into: AppId {@link #APP_ID}, ServerSecret {@link #SECRET}, uncapped,
 * on an ephemeral loopback port, its clock fixed at {@link Cli#EXAMPLE_NOW} like {@link Cli}'s. A test class asks
 * for it with {@code @ExtendWith(InProcessZim.class)} and a {@link ZimEmulator} parameter (of its
 * {@code @BeforeEach} method or of a test); each test gets its own, closed after that test.
 */
public final class InProcessZim implements ParameterResolver {
    public static final String SECRET = "0123456789abcdef0123456789abcdef";
    public static final long APP_ID = 7;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(InProcessZim.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ZimEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // Stored in the test's own context: JUnit closes what is AutoCloseable there when that test ends, passed or not.
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(ZimEmulator.class, k -> start(), ZimEmulator.class);
    }

    /** One more such emulator, for a test that compares two; the caller closes it. */
    public static ZimEmulator start() {
        return ZimEmulator.start(EmulatorConfig.builder().port(0).appId(APP_ID).secret(ServerSecret.of(SECRET)).qps(0)
                .clock(Clock.fixed(Cli.EXAMPLE_NOW, ZoneOffset.UTC)).build());
    }
}
