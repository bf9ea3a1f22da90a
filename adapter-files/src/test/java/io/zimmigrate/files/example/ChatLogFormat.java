package io.zimmigrate.files.example;

// docs:begin
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.MessageSourceProvider;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --format chatlog}: a plain-text log, one message per line, {@code TIME #GROUP SENDER: TEXT} for a group
 * or {@code TIME @PEER SENDER: TEXT} for a one-to-one message, e.g.
 * {@code 2024-11-19T07:06:40Z #general alice: Good morning}.
 */
public final class ChatLogFormat implements MessageSourceProvider {
    private static final Pattern LINE = Pattern.compile("(\\S+) ([#@])(\\S+) ([^:]+): (.*)");

    @Override
    public String formatName() {
        return "chatlog";
    }

    @Override
    public String description() {
        return "plain-text chat log: TIME #GROUP SENDER: TEXT";
    }

    @Override
    public boolean recognises(String location) {
        return location.endsWith(".chatlog");
    }

    @Override
    public MessageSource open(String location, Map<String, String> options) {
        Path file = Path.of(location);
        if (!Files.isRegularFile(file)) {
            // A whole-source problem: the CLI prints this message as it is and exits with 2.
            throw new SourceException("cannot read " + location + ": no such file");
        }
        return new MessageSource() {
            @Override
            public String name() {
                return location;
            }

            @Override
            public RecordStream open() { // called once per pass; the engine may read twice
                BufferedReader reader;
                try {
                    reader = Files.newBufferedReader(file);
                } catch (IOException e) {
                    throw new SourceException("cannot read " + location + ": " + e.getMessage(), e);
                }
                Iterator<String> lines = reader.lines().iterator();
                return new RecordStream() {
                    private long number;

                    @Override
                    public boolean hasNext() {
                        try {
                            return lines.hasNext();
                        } catch (UncheckedIOException e) { // e.g. bytes that are not UTF-8
                            throw new SourceException(location + ":" + (number + 1) + ": cannot read: " + e.getMessage(), e);
                        }
                    }

                    @Override
                    public SourceRecord next() {
                        String line = lines.next();
                        number++;
                        return parse(line, Locator.line(location, number));
                    }

                    @Override
                    public void close() {
                        try {
                            reader.close();
                        } catch (IOException ignored) {
                            // nothing to do
                        }
                    }
                };
            }
        };
    }

    /** One line to a canonical message, or to a rejection that names the rule: never an exception. */
    static SourceRecord parse(String line, Locator at) {
        Matcher m = LINE.matcher(line);
        long time = -1;
        if (m.matches()) {
            try {
                time = Instant.parse(m.group(1)).toEpochMilli();
            } catch (DateTimeParseException e) {
                time = -1;
            }
        }
        if (time < 0) {
            return new SourceRecord.Unreadable(at, Rejection.of(at, null, new Violation("(line)", "chatlog.syntax",
                    "must look like TIME #GROUP SENDER: TEXT or TIME @PEER SENDER: TEXT")));
        }
        RawMessage.Builder message = RawMessage.builder()
                .id(at.origin() + ":" + at.position()) // the source's own ID, used in reports
                .fromUserId(m.group(4))
                .messageType(1) // text; ZIM's rules are checked later by the engine, not here
                .bodyMessage(m.group(5))
                .sendMessageTime(time);
        if (m.group(2).equals("#")) {
            message.groupId(m.group(3));
        } else {
            message.toUserId(m.group(3));
        }
        return new SourceRecord.Readable(at, message.build());
    }
}
// docs:end
