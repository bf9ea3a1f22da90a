package io.zimmigrate.files.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.idmap.IdKind;
import io.zimmigrate.core.idmap.IdMapper;
import io.zimmigrate.core.idmap.IdMapping;
import io.zimmigrate.core.idmap.MappedIds;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.files.support.BufferedRecordStream;
import io.zimmigrate.files.support.FileIdentity;
import io.zimmigrate.files.support.Json;
import io.zimmigrate.files.support.TextInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A Stream Chat channel export ({@code export_channels}, v1 JSON or v2 line-separated JSON) as a message source.
 * Messages come in file order, each as a text message followed by one media message per attachment.
 *
 * <p>Two passes: the first (once, on the first {@link #open()}) skips the messages and learns each channel's
 * type and first members ({@link StreamChannels}: memory per channel, not per message), so that a message can be
 * classified one-to-one or group wherever its channel's members appear in the file; every later pass streams
 * the messages.
 *
 * <p>IDs: Stream user IDs become ZIM user IDs and channel {@code cid}s ({@code type:id}) ZIM group IDs, through
 * {@link IdMapper} when they are not valid as they are. The channels' valid IDs are reserved first, then all of
 * them mapped, in file order; senders who are not listed members are mapped as their messages are read, so the
 * mapping is complete after one full pass ({@link #idMappingsComplete()}). That is why this source can offer an
 * {@link #identity()}: a resume that reuses its kept plan does not read the file, and {@code --id-map} then reads
 * it once more to list every mapping, which, being deterministic, comes out the same.
 */
public final class StreamSource implements MessageSource, MappedIds {
    private final String location;
    private final Path path;
    private final StreamExportFile.Version version;
    private final IdMapper ids = new IdMapper();
    private StreamChannels channels;
    private volatile boolean readToTheEnd;
    /** v2: bytes read from the start of the file; -1: all of it, whatever its size when a pass reads it. */
    private final long limit;

    StreamSource(String location) {
        this.location = location;
        this.path = TextInput.existingFile(location, "a Stream Chat export file");
        this.version = StreamExportFile.version(path, location);
        this.limit = -1;
    }

    private StreamSource(StreamSource whole, long limit) {
        this.location = whole.location;
        this.path = whole.path;
        this.version = whole.version;
        this.limit = limit;
    }

    /** Whether the file is a v2 export, one entity per line, which can be appended to (run --follow). */
    public boolean isLines() {
        return version == StreamExportFile.Version.V2_LINES;
    }

    public Path path() {
        return path;
    }

    /**
     * A v2 file read only up to byte {@code bytes} (run --follow: the complete lines of a file still being written),
     * so every pass reads the same lines however much is appended; the channels are learnt from those lines only.
     */
    public StreamSource upTo(long bytes) {
        if (!isLines() || bytes < 0) {
            throw new IllegalArgumentException("only a v2 (line) export is read up to a byte, and not " + bytes);
        }
        return new StreamSource(this, bytes);
    }

    /** Which export version the file is. */
    StreamExportFile.Version version() {
        return version;
    }

    @Override
    public String name() {
        return location;
    }

    @Override
    public Optional<String> identity() {
        return FileIdentity.of(path).map(id -> "stream|" + (limit < 0 ? "" : "up-to=" + limit + "|") + id);
    }

    @Override
    public List<IdMapping> idMappings() {
        return ids.mappings();
    }

    @Override
    public boolean idMappingsComplete() {
        return readToTheEnd;
    }

    @Override
    public RecordStream open() {
        StreamChannels known = channels();
        return new Pass(known);
    }

    /** The first pass, once: channels, their types and first members. */
    private synchronized StreamChannels channels() {
        if (channels == null) {
            StreamChannels found = new StreamChannels();
            try (StreamReader reader = new StreamReader(path, location, version, found, k -> null, limit)) {
                while (reader.advance()) {
                    // the visitor collects
                }
            }
            List<String> users = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            for (StreamChannels.Channel c : found.all()) {
                users.addAll(c.members);
                if (!c.oneToOne()) {
                    groups.add(c.cid);
                }
            }
            // Valid IDs first, so no mapped ID can take one; then the rest, in file order.
            ids.reserve(IdKind.USER, users);
            ids.reserve(IdKind.GROUP, groups);
            users.forEach(ids::user);
            groups.forEach(ids::group);
            channels = found;
        }
        return channels;
    }

    private final class Pass extends BufferedRecordStream implements StreamWalker.Visitor {
        private final StreamReader reader;
        private final StreamMessages messages;
        private Deque<SourceRecord> sink;

        Pass(StreamChannels known) {
            this.messages = new StreamMessages(known, ids);
            this.reader = new StreamReader(path, location, version, this, known::cidOfContainer, limit);
        }

        @Override
        protected boolean readMore(Deque<SourceRecord> out) {
            sink = out;
            boolean more = reader.advance();
            if (!more) {
                readToTheEnd = true;
            }
            return more || !out.isEmpty();
        }

        @Override
        protected void release() {
            reader.close();
        }

        @Override
        public void channel(int container, String cid, JsonNode channel, Locator at) {
            // learnt in the first pass
        }

        @Override
        public void member(int container, String cid, JsonNode member, Locator at) {
            // learnt in the first pass
        }

        @Override
        public void message(String cid, JsonNode message, Locator at, String field) {
            sink.addAll(messages.map(cid, message, at, field));
        }

        @Override
        public void reaction(JsonNode reaction, Locator at, String field) {
            String id = String.join("/", String.valueOf(Json.text(reaction, "message_id")), "reaction",
                    String.valueOf(Json.text(reaction, "type")), String.valueOf(StreamChannels.userOf(reaction)));
            sink.add(new SourceRecord.Unreadable(at, Rejection.of(at, id, new Violation(field, StreamMessages.RULE_REACTIONS,
                    "a reaction" + (Json.text(reaction, "type") == null ? "" : " (" + Json.text(reaction, "type") + ")")
                            + " is not imported: ZIM's server API cannot import reactions"))));
        }

        @Override
        public void problem(Locator at, String field, String rule, String text) {
            sink.add(new SourceRecord.Unreadable(at, Rejection.of(at, null, new Violation(field, rule, text))));
        }
    }
}
