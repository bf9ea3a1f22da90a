package io.zimmigrate.files.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.files.support.Json;
import io.zimmigrate.files.support.TextInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A Stream Chat channel export file: which of the two versions it is, and whether a file is one at all.
 * Stream documents v2 only as "each entity exported as line separated json"; v1 is one JSON document.
 */
final class StreamExportFile {
    /** How much of a file recognition reads. */
    static final int SNIFF_BYTES = 64 * 1024;
    /**
     * Sniffing needs a tokenizer, not {@link Json#MAPPER}: building that mapper on the main thread, for every input
     * whatever its format, cost a resumed run ~25 ms before its first send (P6 profile, docs/performance.md).
     */
    private static final JsonFactory SNIFFER = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();
    /** How much of a file telling the versions apart reads. */
    static final int VERSION_BYTES = 1024 * 1024;
    private static final Set<String> ENTITY_KEYS = Set.of("channel", "message", "member");

    enum Version { V1_JSON, V2_LINES }

    private StreamExportFile() {}

    /**
     * v2 when the first non-blank line is a JSON object on its own, or when it is not but the second one is (a
     * damaged first line of a v2 file); v1 otherwise (a pretty-printed document starts with "{" or "[" alone).
     * Only the first {@value #VERSION_BYTES} bytes are looked at: a longer first line is a minified v1 document,
     * which must be streamed, not read as one line.
     */
    static Version version(Path path, String shownAs) {
        byte[] head;
        boolean whole;
        try (InputStream in = TextInput.open(path, shownAs)) {
            head = in.readNBytes(VERSION_BYTES + 1);
            whole = head.length <= VERSION_BYTES;
        } catch (IOException e) {
            throw new io.zimmigrate.core.port.SourceException("cannot read " + shownAs + ": " + e.getMessage(), e);
        }
        String text = new String(head, 0, Math.min(head.length, VERSION_BYTES), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\n", -1);
        int complete = whole ? lines.length : lines.length - 1; // the last piece may be cut by the limit
        String first = null;
        for (int i = 0; i < complete; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            if (first == null) {
                if (isObject(line)) {
                    return Version.V2_LINES;
                }
                first = line;
                continue;
            }
            boolean opener = first.equals("{") || first.equals("[") || first.startsWith("{\"channels\"") && !first.endsWith("}");
            return !opener && isObject(line) ? Version.V2_LINES : Version.V1_JSON;
        }
        return Version.V1_JSON;
    }

    private static boolean isObject(String text) {
        try {
            JsonNode node = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
            return node != null && node.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether {@code location} starts like a Stream export: within its first {@value #SNIFF_BYTES} bytes a
     * {@code cid} inside a {@code channel}, {@code message} or {@code member} object, or inside an element of a
     * {@code messages} or {@code channels} list. Other exports (Slack, Mattermost, Sendbird, the canonical JSONL)
     * have no {@code cid}.
     */
    static boolean looksLikeOne(String location) {
        Path path = Path.of(location);
        if (!Files.isRegularFile(path)) {
            return false;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(SNIFF_BYTES);
        } catch (IOException e) {
            return false;
        }
        try (JsonParser p = SNIFFER.createParser(new String(head, StandardCharsets.UTF_8))) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && "cid".equals(p.currentName()) && insideEntity(p.getParsingContext())) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // cut off by the sniff limit, or no JSON at all
        }
    }

    private static boolean insideEntity(JsonStreamContext object) {
        JsonStreamContext parent = object.getParent();
        if (parent == null) {
            return false;
        }
        if (parent.inObject()) {
            return ENTITY_KEYS.contains(parent.getCurrentName());
        }
        JsonStreamContext list = parent.getParent();
        return parent.inArray() && list != null && list.inObject()
                && ("messages".equals(list.getCurrentName()) || "channels".equals(list.getCurrentName())
                        || "members".equals(list.getCurrentName()));
    }
}
