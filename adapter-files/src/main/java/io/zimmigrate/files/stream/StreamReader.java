package io.zimmigrate.files.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.LineReader;
import io.zimmigrate.files.support.Json;
import io.zimmigrate.files.support.TextInput;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * One pass over a Stream export file, a piece at a time: {@link #advance()} reads at most one entity (v1) or one
 * line (v2) and hands what it found to the visitor. Problems with a piece go to the visitor as problems with a
 * rule; only a file that cannot be opened or read at all is a {@link SourceException}.
 */
final class StreamReader implements AutoCloseable {
    /** A v2 line holds one entity (or one channel state with its messages): 16 MiB, as for Mattermost's lines. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    static final String RULE_JSON = "stream.json";

    private final String shown;
    private final StreamExportFile.Version version;
    private final StreamWalker walker;
    private final StreamWalker.Visitor visitor;
    private final AutoCloseable input;
    private JsonParser document;
    private LineReader lines;
    private boolean inValue;
    private boolean done;

    StreamReader(Path path, String shown, StreamExportFile.Version version, StreamWalker.Visitor visitor,
                 IntFunction<String> knownCid) {
        this(path, shown, version, visitor, knownCid, -1);
    }

    /** @param limit v2 only: bytes read from the start of the file (run --follow: its complete lines); -1 all */
    StreamReader(Path path, String shown, StreamExportFile.Version version, StreamWalker.Visitor visitor,
                 IntFunction<String> knownCid, long limit) {
        this.shown = shown;
        this.version = version;
        this.visitor = visitor;
        this.walker = new StreamWalker(visitor, knownCid);
        if (version == StreamExportFile.Version.V1_JSON) {
            try {
                // Bytes, not a Reader: Jackson's byte parser is the faster one, skips a byte order mark, and
                // refuses bytes that are not UTF-8 (reported with the line, as broken JSON).
                this.document = Json.MAPPER.createParser(TextInput.open(path, shown));
            } catch (IOException e) {
                throw new SourceException("cannot read " + shown + ": " + e.getMessage(), e);
            }
            this.input = document;
        } else {
            java.io.InputStream in = TextInput.open(path, shown);
            this.lines = new LineReader(limit < 0 ? in : com.google.common.io.ByteStreams.limit(in, limit), MAX_LINE_BYTES);
            this.input = lines;
        }
    }

    /** Reads the next piece; false at the end of the file. */
    boolean advance() {
        if (done) {
            return false;
        }
        try {
            if (version == StreamExportFile.Version.V1_JSON) {
                advanceDocument();
            } else {
                advanceLine();
            }
        } catch (CharacterCodingException | CharConversionException e) {
            visitor.problem(Locator.line(shown, document == null ? 1 : Math.max(1, document.currentLocation().getLineNr())),
                    "(file)", CanonicalRecords.RULE_UTF8, "is not UTF-8 text; the rest of this file is not read");
            done = true;
        } catch (IOException e) {
            throw new SourceException("cannot read " + shown + ": " + e.getMessage(), e);
        }
        return !done;
    }

    private void advanceDocument() throws IOException {
        try {
            if (!inValue) {
                JsonToken first = document.nextToken();
                if (first == null) {
                    done = true; // the end (or an empty file, which holds no channels)
                    return;
                }
                walker.begin(document, p -> Locator.line(shown, p.currentTokenLocation().getLineNr()), "", false);
                inValue = true;
            }
            if (!walker.step()) {
                inValue = false; // a further top-level value, if any, is read the same way
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            visitor.problem(Locator.line(shown, line), "(file)", RULE_JSON, "is not valid JSON (" + Json.brief(e) + " at "
                    + Json.at(shown, e.getLocation()) + "); the rest of this file is not read");
            done = true;
        }
    }

    private void advanceLine() throws IOException {
        if (!lines.next()) {
            done = true;
            return;
        }
        Locator at = Locator.line(shown, lines.number());
        if (lines.tooLong()) {
            visitor.problem(at, "(line)", CanonicalRecords.RULE_TOO_LONG, "is " + lines.fullLength()
                    + " bytes long; lines of more than " + MAX_LINE_BYTES + " bytes are not read");
            return;
        }
        String text = lines.text();
        if (text == null) {
            visitor.problem(at, "(line)", CanonicalRecords.RULE_UTF8, "is not valid UTF-8");
            return;
        }
        if (text.isBlank()) {
            return;
        }
        try (JsonParser p = Json.MAPPER.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                visitor.problem(at, "(line)", CanonicalRecords.RULE_NOT_OBJECT, "must be one JSON object per line");
                return;
            }
            walker.begin(p, ignored -> at, "", true);
            while (walker.step()) {
                // a line is in memory already; its entities are handed over one by one
            }
            if (p.nextToken() != null) {
                visitor.problem(at, "(line)", CanonicalRecords.RULE_JSON, "holds more than one JSON value");
            }
        } catch (JsonProcessingException e) {
            visitor.problem(at, "(line)", CanonicalRecords.RULE_JSON, "is not valid JSON: " + Json.brief(e));
        }
    }

    @Override
    public void close() {
        TextInput.closeQuietly(input);
    }
}
