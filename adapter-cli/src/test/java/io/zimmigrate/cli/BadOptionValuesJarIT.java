package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 18 through the real jar, as an operator meets it: a bad option value is a usage error — exit 2 and one line
 * on stderr naming the option and the rule — never a stack trace or an internal error (exit 3). The in-process
 * {@code SayingWhatWentWrongTest} checks the same wording; this checks that the launcher's process says it too.
 */
class BadOptionValuesJarIT {
    private static final Path EXAMPLE = ZimMigrateJarIT.ROOT.resolve("docs/examples/history.jsonl");

    @TempDir
    Path state;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "run FILE --endpoint http://127.0.0.1:9 --app-id -1 | --app-id must be a positive AppId",
        "run FILE --read-timeout 0                        | --read-timeout must be at least 1 second",
        "run FILE --connect-timeout 0                     | --connect-timeout must be at least 1 second",
        "run FILE --qps -1                                | --qps must be 0",
        "run FILE --progress fancy                        | --progress must be auto, bar or lines, not fancy",
        "run FILE --metrics-port 70000                    | --metrics-port must be 0 to 65535",
        "plan FILE --qps -1                               | --qps must be 0",
        "validate FILE --now 1732060800                   | looks like epoch seconds",
        "plan FILE --now 1999-12-31T00:00:00Z             | is before 2000",
        "verify FILE                                      | verify needs --endpoint URL or --region NAME",
        "run FILE --until 2030-01-01T00:00:00Z            | --until",
        "plan FILE --format json                          | --format json is not an input format; for a json summary use --output json",
        "run FILE --format text                           | --format text is not an input format; for a text summary use --output text",
        "emulate --media-read-back raw                    | --media-read-back must be one of documented, as-sent, not 'raw'",
    })
    void isOneLineAndExitTwo(String arguments, String expected) throws Exception {
        isOneLineAndExitTwo(List.of(arguments.trim().split(" +")), expected);
    }

    @Test
    void emulateOnAPortInUseIsOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            isOneLineAndExitTwo(List.of("emulate", "--port", port), "--port " + port + " is in use");
        }
    }

    private void isOneLineAndExitTwo(List<String> arguments, String expected) throws Exception {
        List<String> command = JarJava.command(ZimMigrateJarIT.JAR);
        for (String a : arguments) {
            command.add(a.equals("FILE") ? EXAMPLE.toString() : a);
        }
        ZimMigrateJarIT.Run r = ZimMigrateJarIT.run(Map.of("ZIM_SERVER_SECRET", "0123456789abcdef0123456789abcdef",
                "XDG_STATE_HOME", state.toString()), command);

        assertThat(r.exit()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("%s", r).hasSize(1);
        assertThat(lines.get(0)).as("%s", r).contains(expected.trim());
        assertThat(r.err() + r.out()).as("%s", r).doesNotContain("Exception", "\tat ", "0123456789abcdef0123");
    }
}
