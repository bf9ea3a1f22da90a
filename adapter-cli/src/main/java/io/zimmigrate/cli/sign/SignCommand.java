package io.zimmigrate.cli.sign;

import io.zimmigrate.cli.ExitCodes;
import io.zimmigrate.cli.ZimMigrate;
import io.zimmigrate.cli.options.SecretOptions;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.signing.Signature;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code zim-migrate sign}: prints the v2.0 signature for given request parameters, to check a setup or debug a
 * 100000005 ("invalid signature") answer by hand. The secret comes from {@link SecretOptions}, never a flag.
 */
@Command(name = "sign",
        description = "Print ZIM's request signature (v2.0) for the given AppId, nonce and timestamp.",
        mixinStandardHelpOptions = true)
public final class SignCommand implements Callable<Integer> {

    @ParentCommand
    private ZimMigrate root;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--app-id", required = true, paramLabel = "N", description = "The AppId (unsigned 32-bit).")
    private long appId;

    @Option(names = "--nonce", required = true, paramLabel = "HEX16",
            description = "The SignatureNonce: 16 hexadecimal characters (8 random bytes).")
    private String nonce;

    @Option(names = "--timestamp", required = true, paramLabel = "SECONDS", description = "The Timestamp, Unix seconds.")
    private long timestamp;

    @Mixin
    private SecretOptions secret;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (appId < 0 || appId > 0xFFFF_FFFFL) {
            throw new CommandLine.ParameterException(cmd, "--app-id must be an unsigned 32-bit number, not " + appId);
        }
        if (!nonce.matches("[0-9a-fA-F]{16}")) {
            throw new CommandLine.ParameterException(cmd, "--nonce must be 16 hexadecimal characters");
        }
        if (timestamp < 0) {
            throw new CommandLine.ParameterException(cmd, "--timestamp must not be negative");
        }
        ServerSecret s = secret.resolve(root.environment());
        cmd.getOut().println(Signature.compute(appId, nonce, s, timestamp));
        return ExitCodes.OK;
    }
}
