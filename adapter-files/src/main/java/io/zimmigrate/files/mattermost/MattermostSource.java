package io.zimmigrate.files.mattermost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.idmap.IdMapper;
import io.zimmigrate.core.idmap.IdMapping;
import io.zimmigrate.core.idmap.MappedIds;
import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.files.support.BufferedRecordStream;
import io.zimmigrate.files.support.LineReader;
import io.zimmigrate.files.support.Json;
import java.io.IOException;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A Mattermost bulk-import file (JSON Lines, or the zip {@code mmctl export} writes) as a message source.
 * Messages come from {@code post} and {@code direct_post} lines, in file order, replies after their post;
 * the other line types (version, team, channel, user, ...) describe the workspace and yield no records. A line
 * that is not JSON, or of an unknown type, is rejected on its own; the rest is read.
 *
 * <p>IDs: user names become ZIM user IDs and {@code TEAM:CHANNEL} ZIM group IDs, through {@link IdMapper} when
 * they are not valid as they are ({@link #idMappings()}; complete after one full pass).
 *
 * <p>No {@link #identity()} on purpose: IDs are mapped while the records are read, so a resume must read the
 * input again for {@code --id-map} to be complete (docs/how-it-works.md, "Resume").
 */
public final class MattermostSource implements MessageSource, MappedIds {
    static final String RULE_TYPE = "mattermost.type-unsupported";
    static final String RULE_VERSION = "mattermost.version";
    /** Line types that describe the workspace rather than hold messages. */
    static final Set<String> METADATA = Set.of("version", "scheme", "emoji", "team", "channel", "user", "bot",
            "direct_channel", "role");

    private final String location;
    private final IdMapper ids = new IdMapper();
    private final MattermostPosts posts;
    /** Set once a pass has read the last line: from then on {@link #ids} knows every ID of the file. */
    private volatile boolean readToTheEnd;

    MattermostSource(String location, String attachmentBaseUrl) {
        this.location = location;
        MattermostFile.checkReadable(location);
        this.posts = new MattermostPosts(ids, attachmentBaseUrl);
    }

    @Override
    public String name() {
        return location;
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
        MattermostFile.Opened opened = MattermostFile.open(location);
        return new BufferedRecordStream() {
            @Override
            protected boolean readMore(Deque<SourceRecord> out) {
                LineReader lines = opened.lines();
                try {
                    if (!lines.next()) {
                        readToTheEnd = true;
                        return false;
                    }
                } catch (IOException e) {
                    throw new SourceException("cannot read " + opened.shownAs() + ": " + e.getMessage(), e);
                }
                Locator at = Locator.line(opened.shownAs(), lines.number());
                if (lines.tooLong()) {
                    out.add(reject(at, "(line)", CanonicalRecords.RULE_TOO_LONG, "is " + lines.fullLength()
                            + " bytes long; lines of more than " + MattermostFile.MAX_LINE_BYTES + " bytes are refused"));
                } else {
                    read(lines.text(), at, out);
                }
                return true;
            }

            @Override
            protected void release() {
                opened.close();
            }
        };
    }

    private void read(String text, Locator at, Deque<SourceRecord> out) {
        if (text == null) {
            out.add(reject(at, "(line)", CanonicalRecords.RULE_UTF8, "is not valid UTF-8"));
            return;
        }
        if (text.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            out.add(reject(at, "(line)", CanonicalRecords.RULE_JSON, "is not valid JSON: " + Json.brief(e)));
            return;
        }
        if (node == null || !node.isObject()) {
            out.add(reject(at, "(line)", CanonicalRecords.RULE_NOT_OBJECT, "must be one JSON object per line"));
            return;
        }
        String type = Json.text(node, "type");
        if ("post".equals(type) || "direct_post".equals(type)) {
            JsonNode body = node.get(type);
            if (body == null || !body.isObject()) {
                out.add(reject(at, type, MattermostPosts.RULE_FIELD, "is required: a " + type + " line holds a \"" + type + "\" object"));
                return;
            }
            out.addAll(posts.post(body, at, type.equals("direct_post")));
        } else if ("version".equals(type)) {
            JsonNode version = node.get("version");
            if (version == null || !version.isIntegralNumber() || version.intValue() != 1) {
                out.add(reject(at, "version", RULE_VERSION, "is " + Shown.value(String.valueOf(version))
                        + "; zim-migrate reads version 1 of the bulk-import format"));
            }
        } else if (type == null || !METADATA.contains(type)) {
            out.add(reject(at, "type", RULE_TYPE, Shown.value(type) + " is not a Mattermost bulk-import line type; known are "
                    + "post, direct_post and " + String.join(", ", new java.util.TreeSet<>(METADATA))));
        }
    }

    private static SourceRecord reject(Locator at, String field, String rule, String message) {
        return new SourceRecord.Unreadable(at, Rejection.of(at, null, new Violation(field, rule, message)));
    }
}
