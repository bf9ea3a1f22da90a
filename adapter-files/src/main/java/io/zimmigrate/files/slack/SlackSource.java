package io.zimmigrate.files.slack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.zimmigrate.files.slack.SlackWorkspace.Conversation;
import io.zimmigrate.files.support.BufferedRecordStream;
import io.zimmigrate.files.support.Json;
import io.zimmigrate.files.support.TextInput;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Slack export (zip or unpacked folder) as a message source. Conversations are read in the order
 * channels.json, groups.json, mpims.json, dms.json list them; each one's day files in date order; the messages
 * of a day file sorted by their exact {@code ts}, so a thread's replies (which Slack files under the day they
 * were written) come out flattened in time order, and messages sharing a millisecond keep Slack's order
 * (the engine breaks equal send times by input position).
 *
 * <p>IDs: Slack user IDs become ZIM user IDs and conversation IDs ZIM group IDs, through {@link IdMapper} when
 * they are not valid as they are ({@link #idMappings()}).
 *
 * <p>No {@link #identity()} on purpose: IDs are mapped while the records are read, so a resume must read the
 * input again for {@code --id-map} to be complete (docs/how-it-works.md, "Resume").
 */
public final class SlackSource implements MessageSource, MappedIds {
    static final String RULE_JSON = "slack.json";
    static final String RULE_UNLISTED = "slack.unlisted-conversation";

    /** The files of an export's root that say who and where (read up front, before any day file). */
    public static final List<String> WORKSPACE_FILES = List.of("users.json", "org_users.json", "channels.json",
            "groups.json", "mpims.json", "dms.json");

    private final String location;
    private final SlackWorkspace workspace;
    private final IdMapper ids;
    /** The day files read (paths relative to the root), or null: all of them. */
    private final Set<String> dayFiles;

    SlackSource(String location) {
        this(location, null);
    }

    /**
     * The export at {@code location} with only {@code dayFiles} read (paths relative to its root such as
     * {@code general/2024-11-19.json}; the workspace files are read as always): {@code run --follow} imports the day
     * files of a folder that are complete, and leaves those still being written for a later import.
     */
    public static SlackSource withDayFiles(String location, Set<String> dayFiles) {
        return new SlackSource(location, Set.copyOf(dayFiles));
    }

    /** Whether {@code fileName} is a day file's name ({@code YYYY-MM-DD.json}) in a conversation's folder. */
    public static boolean isDayFile(String fileName) {
        return SlackExport.DAY_FILE.matcher(fileName).matches();
    }

    /** Whether {@code location} is an unpacked export (a folder), which can gain files, rather than its zip. */
    public static boolean isFolder(String location) {
        return java.nio.file.Files.isDirectory(java.nio.file.Path.of(location));
    }

    private SlackSource(String location, Set<String> dayFiles) {
        this.location = location;
        this.dayFiles = dayFiles;
        try (SlackExport export = SlackExport.open(location)) {
            this.workspace = SlackWorkspace.read(export);
        }
        this.ids = new IdMapper();
        // Valid IDs first, so no mapped ID can take one; then every ID, so the mapping is complete from the start.
        ids.reserve(IdKind.USER, workspace.userIds());
        List<String> groups = workspace.conversations().stream().filter(c -> c.kind().group).map(Conversation::id).toList();
        ids.reserve(IdKind.GROUP, groups);
        workspace.userIds().forEach(ids::user);
        groups.forEach(ids::group);
    }

    @Override
    public String name() {
        return location;
    }

    /**
     * Whether a conversation list names {@code folder} (by the conversation's name, or for a DM its ID): its day
     * files are read as that conversation's; any other folder's are reported {@value #RULE_UNLISTED}.
     */
    public boolean listsFolder(String folder) {
        return workspace.conversations().stream().anyMatch(c -> c.folder().equals(folder) || c.id().equals(folder));
    }

    @Override
    public List<IdMapping> idMappings() {
        return ids.mappings();
    }

    @Override
    public RecordStream open() {
        SlackExport export = SlackExport.open(location);
        try {
            return new Pass(export);
        } catch (RuntimeException e) {
            export.close();
            throw e;
        }
    }

    /** One day file to read, and the conversation it belongs to (null for a folder no list names). */
    private record DayFile(Conversation conversation, String file) {}

    private final class Pass extends BufferedRecordStream {
        private final SlackExport export;
        private final SlackMessages messages;
        private final Iterator<DayFile> days;

        Pass(SlackExport export) {
            this.export = export;
            this.messages = new SlackMessages(workspace, ids);
            this.days = plan(export.dayFilesByFolder()).iterator();
        }

        private List<DayFile> plan(Map<String, List<String>> byFolder) {
            List<DayFile> out = new ArrayList<>();
            Set<String> used = new HashSet<>();
            for (Conversation c : workspace.conversations()) {
                String folder = byFolder.containsKey(c.folder()) ? c.folder() : c.id();
                if (used.add(folder)) {
                    byFolder.getOrDefault(folder, List.of()).stream().filter(this::included)
                            .forEach(f -> out.add(new DayFile(c, f)));
                }
            }
            byFolder.forEach((folder, files) -> {
                if (!used.contains(folder)) {
                    files.stream().filter(this::included).forEach(f -> out.add(new DayFile(null, f)));
                }
            });
            return out;
        }

        private boolean included(String dayFile) {
            return dayFiles == null || dayFiles.contains(dayFile);
        }

        @Override
        protected boolean readMore(Deque<SourceRecord> out) {
            if (!days.hasNext()) {
                return false;
            }
            DayFile day = days.next();
            String shown = export.shown(day.file());
            if (day.conversation() == null) {
                Locator at = Locator.line(shown, 1);
                out.add(new SourceRecord.Unreadable(at, Rejection.of(at, null, new Violation("(file)", RULE_UNLISTED,
                        "its folder is not named in channels.json, groups.json, mpims.json or dms.json, so the "
                                + "conversation it belongs to is unknown; its messages are not imported"))));
                return true;
            }
            readDay(day.conversation(), day.file(), shown, out);
            return true;
        }

        @Override
        protected void release() {
            export.close();
        }

        private void readDay(Conversation c, String file, String shown, Deque<SourceRecord> out) {
            List<Entry> entries = new ArrayList<>();
            SourceRecord problem = null;
            try (InputStream in = export.read(file); JsonParser p = Json.MAPPER.createParser(TextInput.strictUtf8(in))) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    problem = unreadable(shown, 1, "must be a JSON list of messages");
                } else {
                    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        long line = p.currentTokenLocation().getLineNr();
                        if (t == JsonToken.START_OBJECT) {
                            JsonNode node = Json.MAPPER.readTree(p);
                            entries.add(new Entry(SlackTimestamp.parse(Json.text(node, "ts")).orElse(null), line, node));
                        } else {
                            p.skipChildren();
                            out.add(unreadable(shown, line, "is not a message object"));
                        }
                    }
                }
            } catch (JsonProcessingException e) {
                long line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
                problem = unreadable(shown, line, "is not valid JSON (" + Json.brief(e) + " at "
                        + Json.at(shown, e.getLocation()) + "); the rest of this file is not read");
            } catch (CharacterCodingException | CharConversionException e) {
                problem = unreadable(shown, 1, "is not UTF-8 text; the rest of this file is not read");
            } catch (IOException e) {
                throw new SourceException("cannot read " + shown + ": " + e.getMessage()
                        + "; the export is damaged, so download or unpack it again", e);
            }
            entries.sort(Comparator.comparing(Entry::ts, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparingLong(Entry::line));
            for (Entry e : entries) {
                out.addAll(messages.map(c, e.node(), e.ts(), Locator.line(shown, e.line())));
            }
            if (problem != null) {
                out.add(problem);
            }
        }
    }

    private record Entry(SlackTimestamp ts, long line, JsonNode node) {}

    private static SourceRecord unreadable(String shown, long line, String message) {
        Locator at = Locator.line(shown, line);
        return new SourceRecord.Unreadable(at, Rejection.of(at, null, new Violation("(file)", RULE_JSON, message)));
    }
}
