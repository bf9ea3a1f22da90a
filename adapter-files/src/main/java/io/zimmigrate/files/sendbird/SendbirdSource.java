package io.zimmigrate.files.sendbird;

import io.zimmigrate.core.idmap.IdKind;
import io.zimmigrate.core.idmap.IdMapper;
import io.zimmigrate.core.idmap.IdMapping;
import io.zimmigrate.core.idmap.MappedIds;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.files.sendbird.SendbirdExport.Classified;
import io.zimmigrate.files.sendbird.SendbirdExport.Kind;
import io.zimmigrate.files.support.BufferedRecordStream;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A Sendbird data export as a message source: the messages export's records in file order (files in path
 * order), each a message or a rejection; the channels export, read once up front, says which channels are
 * one-to-one. Streaming: one message object at a time, whatever the file's size.
 *
 * <p>IDs: Sendbird user IDs become ZIM user IDs and channel URLs ZIM group IDs, through {@link IdMapper} when
 * they are not valid as they are (channel URLs are often longer than 32 bytes).
 *
 * <p>It has an {@link #identity()} (every file read: path, size, modification time, ends), so a resume of an
 * unchanged export reuses its kept plan. The ID map is then not complete ({@link #idMappingsComplete()} is false
 * until a pass reaches the end), and {@code --id-map} reads the export once more to complete it; the mapping is
 * deterministic, so that pass gives the same IDs as the first run.
 */
public final class SendbirdSource implements MessageSource, MappedIds {
    static final String RULE_JSON = "sendbird.json";
    static final String RULE_UNRECOGNISED = "sendbird.unrecognised-file";
    static final String RULE_CSV = "sendbird.csv-unsupported";

    private final String location;
    private final SendbirdExport export;
    private final SendbirdExport channelsExport;
    private final SendbirdChannels channels;
    private final IdMapper ids = new IdMapper();
    private final SendbirdOptions options;
    private volatile boolean readToTheEnd;

    SendbirdSource(String location, SendbirdOptions options) {
        this.location = location;
        this.options = options;
        this.export = SendbirdExport.find(location);
        if (export.of(Kind.MESSAGES).isEmpty()) {
            throw new SourceException(location + " holds no Sendbird messages export: no JSON file whose records have a "
                    + "message_id" + (export.of(Kind.CHANNELS).isEmpty() ? "" : " (only a channels export)")
                    + (export.csvFiles().isEmpty() ? "" : "; Sendbird's CSV export is not read, so export the messages "
                    + "again with \"format\": \"json\""));
        }
        List<SendbirdDocument> channelFiles = new ArrayList<>(export.of(Kind.CHANNELS));
        if (options.channels() != null) {
            this.channelsExport = SendbirdExport.find(options.channels());
            if (channelsExport.of(Kind.CHANNELS).isEmpty()) {
                throw new SourceException("the option " + SendbirdOptions.CHANNELS + "=" + options.channels()
                        + " holds no Sendbird channels export: no JSON file whose records have a channel_url");
            }
            channelFiles.addAll(channelsExport.of(Kind.CHANNELS));
        } else {
            this.channelsExport = null;
        }
        this.channels = SendbirdChannels.read(channelFiles);
        // Valid IDs first, so no mapped ID can take one of them.
        ids.reserve(IdKind.USER, channels.users());
        ids.reserve(IdKind.USER, List.of(options.adminUser()));
    }

    @Override
    public String name() {
        return location;
    }

    @Override
    public Optional<String> identity() {
        // The options change what the records are (admin messages kept or skipped, their sender), so they are part of it.
        Optional<String> own = export.identity().map(files -> files + "||options:" + options);
        if (channelsExport == null || own.isEmpty()) {
            return own;
        }
        return channelsExport.identity().map(c -> own.get() + "||channels:" + c);
    }

    @Override
    public List<IdMapping> idMappings() {
        return ids.mappings();
    }

    @Override
    public boolean idMappingsComplete() {
        return readToTheEnd;
    }

    /** How many channels the channels export makes one-to-one conversations (for tests and reports). */
    int oneToOneChannels() {
        return channels.oneToOneCount();
    }

    @Override
    public RecordStream open() {
        return new Pass();
    }

    private final class Pass extends BufferedRecordStream {
        private final SendbirdMessages messages = new SendbirdMessages(channels, ids, options);
        private final Iterator<Classified> files = export.files().iterator();
        private final Iterator<String> csvFiles = export.csvFiles().iterator();
        private SendbirdRecords current;
        private String currentName;

        @Override
        protected boolean readMore(Deque<SourceRecord> out) {
            if (current != null) {
                SendbirdRecords.Item item = current.next();
                if (item == null) {
                    current.close();
                    current = null;
                } else if (item instanceof SendbirdRecords.Entry e) {
                    out.add(messages.map(e.node(), Locator.line(currentName, e.line())));
                } else {
                    SendbirdRecords.Problem p = (SendbirdRecords.Problem) item;
                    out.add(reject(currentName, p.line(), RULE_JSON, p.message()));
                }
                return true;
            }
            if (files.hasNext()) {
                Classified next = files.next();
                String shown = next.document().shownAs();
                if (next.kind() == Kind.MESSAGES) {
                    current = SendbirdRecords.open(next.document());
                    currentName = shown;
                } else if (next.kind() == Kind.UNKNOWN) {
                    out.add(reject(shown, 1, RULE_UNRECOGNISED, next.why() + "; it is not imported"));
                }
                return true;
            }
            if (csvFiles.hasNext()) {
                out.add(reject(csvFiles.next(), 1, RULE_CSV, "is a CSV file; Sendbird does not document the layout "
                        + "of its CSV export, so it is not read: export the messages again with \"format\": \"json\""));
                return true;
            }
            readToTheEnd = true;
            return false;
        }

        @Override
        protected void release() {
            if (current != null) {
                current.close();
            }
        }
    }

    private static SourceRecord reject(String file, long line, String rule, String message) {
        Locator at = Locator.line(file, line);
        return new SourceRecord.Unreadable(at, Rejection.of(at, null, new Violation("(file)", rule, message)));
    }
}
