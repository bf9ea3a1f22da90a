package io.zimmigrate.cli.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.Cli;
import io.zimmigrate.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --source-option KEY=VALUE} reaches the format: a semicolon-separated CSV reads only with separator=;. */
class SourceOptionTest {
    @TempDir
    Path dir;

    @Test
    void theCsvSeparatorIsGivenOnTheCommandLine() throws Exception {
        Path csv = dir.resolve("semicolons.csv");
        Files.writeString(csv, "Id;FromUserId;GroupId;ToUserId;MessageType;MessageBody;SendMessageTime;HiddenFor\n"
                + "m1;alice;team;;1;\"Hello, team\";1732000000000;\n"
                + "m2;bob;team;;1;Hi;1732000060000;\n");
        Cli cli = new Cli();
        Cli.Result with = cli.run("validate", csv.toString(), "--now", "2024-11-20T00:00:00Z", "--source-option",
                "separator=;", "--output", "json");
        assertThat(with.exit()).as(with.toString()).isEqualTo(ExitCodes.OK);
        assertThat(with.out()).contains("\"valid\":2");

        Cli.Result without = cli.run("validate", csv.toString(), "--now", "2024-11-20T00:00:00Z", "--output", "json");
        assertThat(without.exit()).as(without.toString()).isNotEqualTo(ExitCodes.OK);

        Cli.Result bad = cli.run("validate", csv.toString(), "--source-option", "separator=\"");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.errLines()).hasSize(1);
        assertThat(bad.err()).contains("separator");
    }
}
