package io.zimmigrate.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceFormatsTest {

    private record Fake(String formatName, String suffix, int recognitionPrecedence) implements MessageSourceProvider {
        @Override
        public String description() {
            return "reads " + suffix;
        }

        @Override
        public boolean recognises(String location) {
            return location.endsWith(suffix);
        }

        @Override
        public MessageSource open(String location, Map<String, String> options) {
            return new MessageSource() {
                @Override
                public String name() {
                    return formatName + ":" + location;
                }

                @Override
                public RecordStream open() {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    private final SourceFormats formats = SourceFormats.of(List.of(
            new Fake("jsonl", ".jsonl", MessageSourceProvider.BY_NAME),
            new Fake("csv", ".csv", MessageSourceProvider.BY_NAME),
            new Fake("mattermost", ".jsonl", MessageSourceProvider.BY_CONTENT),
            new Fake("other", ".csv", MessageSourceProvider.BY_NAME)));

    @Test
    void aNamedFormatIsUsedWhateverTheFileLooksLike() {
        assertThat(formats.open("x.csv", "JSONL", Map.of()).name()).isEqualTo("jsonl:x.csv");
    }

    @Test
    void anUnknownNameListsTheKnownFormats() {
        assertThatThrownBy(() -> formats.open("x.csv", "slak", null))
                .isInstanceOf(SourceException.class)
                .hasMessage("unknown format 'slak'; known formats: csv, jsonl, mattermost, other");
    }

    @Test
    void withoutANameTheMostSpecificRecogniserWins() {
        assertThat(formats.choose("a.jsonl", null).formatName()).isEqualTo("mattermost");
    }

    @Test
    void anEqualTieOrNoRecogniserAsksForFormat() {
        assertThatThrownBy(() -> formats.choose("a.csv", null))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("several formats (csv, other)").hasMessageContaining("--format");
        assertThatThrownBy(() -> formats.choose("a.txt", " "))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("cannot tell the format of a.txt").hasMessageContaining("csv, jsonl, mattermost, other");
    }
}
