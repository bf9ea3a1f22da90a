package io.zimmigrate.files.example;

import static io.zimmigrate.files.Records.all;
import static io.zimmigrate.files.Records.readable;
import static io.zimmigrate.files.Records.rules;
import static io.zimmigrate.files.Records.unreadable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.port.SourceFormats;
import io.zimmigrate.files.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custom-source guide in docs/sources.md: its example ({@link ChatLogFormat}) is found through
 * {@link java.util.ServiceLoader} (registered only in this module's test resources), chosen by name as
 * {@code --format chatlog} does, and produces messages the rules accept; and the page still shows that code.
 */
class CustomSourceExampleTest {
    private static final Path EXAMPLE_SOURCE = Path.of("src/test/java/io/zimmigrate/files/example/ChatLogFormat.java");
    private static final Path GUIDE = Path.of("..", "docs", "sources.md");

    @TempDir
    Path temp;

    private Path log() throws IOException {
        Path file = temp.resolve("team.chatlog");
        Files.writeString(file, String.join("\n",
                "2024-11-19T07:06:40Z #general alice: Good morning",
                "2024-11-19T07:07:00Z #general bob: Morning! Coffee: on me",
                "this line is not a message",
                "2024-11-19T07:08:00Z @bob alice: see you at 9")
                + "\n");
        return file;
    }

    @Test
    void aSourceDefinedOnlyInTestsIsFoundByItsFormatName() throws IOException {
        SourceFormats formats = SourceFormats.installed();
        assertThat(formats.names()).contains("chatlog", "csv", "slack", "mattermost");
        List<SourceRecord> records = all(formats.open(log().toString(), "chatlog", Map.of()));
        List<RawMessage> msgs = readable(records);
        assertThat(msgs).extracting(RawMessage::bodyMessage).containsExactly("Good morning", "Morning! Coffee: on me", "see you at 9");
        assertThat(msgs.get(0).groupId()).isEqualTo("general");
        assertThat(msgs.get(0).sendMessageTime()).isEqualTo(1732000000000L);
        assertThat(msgs.get(2).toUserId()).isEqualTo("bob");
        assertThat(unreadable(records)).singleElement().satisfies(u -> {
            assertThat(rules(u)).containsExactly("chatlog.syntax");
            assertThat(u.locator().position()).isEqualTo(3);
        });
        Examples.assertAllAccepted(records);
    }

    @Test
    void itIsAlsoChosenByExtensionAndReportsAMissingFileClearly() throws IOException {
        assertThat(SourceFormats.installed().choose(log().toString(), null).formatName()).isEqualTo("chatlog");
        assertThatThrownBy(() -> SourceFormats.installed().open(temp.resolve("gone.chatlog").toString(), "chatlog", Map.of()))
                .isInstanceOf(SourceException.class).hasMessageEndingWith("gone.chatlog: no such file");
    }

    @Test
    void theGuideShowsTheExampleCodeAsItIsCompiled() throws IOException {
        String source = Files.readString(EXAMPLE_SOURCE);
        String example = source.substring(source.indexOf("// docs:begin\n") + "// docs:begin\n".length(),
                source.indexOf("// docs:end"));
        assertThat(example).contains("class ChatLogFormat implements MessageSourceProvider");
        assertThat(Files.readString(GUIDE))
                .as("docs/sources.md must contain the code of %s between its docs markers, verbatim", EXAMPLE_SOURCE)
                .contains(example);
    }
}
