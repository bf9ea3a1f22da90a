package io.zimmigrate.files.csv;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Violation;
import io.zimmigrate.files.support.BufferedRecordStream;
import io.zimmigrate.files.support.TextInput;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a CSV file whose header row names canonical fields; each later row is one message. Quoting follows
 * RFC 4180 and is done by Jackson's CSV parser. Cells become a canonical JSON object that
 * {@link CanonicalRecords} decodes, so CSV and JSON Lines report field problems the same way.
 *
 * <p>Cell conventions: an empty cell means "absent". Number columns hold decimal integers. {@code MessageBody}
 * is either a JSON object with a {@code Message} key ({@code {"Message":"hi","ExtendedData":"x"}}) or, for
 * anything else, the {@code Message} text itself (plain text for type 1; the media structure's JSON for media).
 * {@code HiddenFor} is a JSON list of user IDs or one user ID.
 *
 * <p>A row with the wrong number of cells is rejected on its own; broken quoting makes the rest of the file
 * unreadable and is a {@link SourceException} naming the file, line and column.
 */
public final class CsvSource implements MessageSource {
    public static final String RULE_COLUMNS = "csv.columns";

    private static final Set<String> NUMBER_COLUMNS = Set.of("MessageType", "Priority", "SubMsgType", "SendMessageTime");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private final Path path;
    private final String shownAs;
    private final char separator;

    CsvSource(Path path, String shownAs, char separator) {
        this.path = path;
        this.shownAs = shownAs;
        this.separator = separator;
    }

    @Override
    public String name() {
        return shownAs;
    }

    /** The file's path, size, modification time and ends, and the separator. */
    @Override
    public Optional<String> identity() {
        return io.zimmigrate.files.support.FileIdentity.of(path).map(file -> "csv|separator=" + (int) separator
                + "|" + file);
    }

    @Override
    public RecordStream open() {
        Reader reader = TextInput.strictUtf8(TextInput.open(path, shownAs));
        try {
            CsvParser parser = CSV.getFactory().createParser(reader);
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(separator));
            return new Rows(parser);
        } catch (IOException e) {
            TextInput.closeQuietly(reader);
            throw new SourceException("cannot read " + shownAs + ": " + e.getMessage(), e);
        }
    }

    /** One pass: the header, then one record per non-blank row. */
    private final class Rows extends BufferedRecordStream {
        private final CsvParser parser;
        private List<String> header;

        Rows(CsvParser parser) {
            this.parser = parser;
        }

        @Override
        protected boolean readMore(Deque<SourceRecord> out) {
            Row row = nextRow();
            if (row == null) {
                return false;
            }
            if (row.isBlank()) {
                return true;
            }
            if (header == null) {
                header = checkedHeader(row);
                return true;
            }
            out.add(record(row));
            return true;
        }

        @Override
        protected void release() {
            TextInput.closeQuietly(parser);
        }

        private Row nextRow() {
            long line = -1;
            try {
                JsonToken t = parser.nextToken();
                while (t != null && t != JsonToken.START_ARRAY) {
                    t = parser.nextToken();
                }
                if (t == null) {
                    return null;
                }
                line = parser.currentLocation().getLineNr();
                List<String> cells = new ArrayList<>();
                for (t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    if (cells.isEmpty()) {
                        line = parser.currentTokenLocation().getLineNr();
                    }
                    cells.add(parser.getText());
                }
                return new Row(line, cells);
            } catch (CharacterCodingException | CharConversionException e) {
                throw new SourceException(shownAs + ":" + parser.currentLocation().getLineNr()
                        + ": is not UTF-8 text; save the file as UTF-8");
            } catch (JsonProcessingException e) {
                throw new SourceException(at(e.getLocation()) + ": broken CSV" + (line > 0 ? " in the row that starts at line "
                        + line : "") + ": " + firstLine(e.getOriginalMessage())
                        + " (a quote inside a quoted value must be doubled: \"\")");
            } catch (IOException e) {
                throw new SourceException("cannot read " + shownAs + ": " + e.getMessage(), e);
            }
        }

        private List<String> checkedHeader(Row row) {
            List<String> names = new ArrayList<>(row.cells);
            names.set(0, names.get(0).replace("\uFEFF", "")); // Excel writes a byte order mark
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i).trim();
                names.set(i, name);
                if (!CanonicalRecords.FIELDS.contains(name)) {
                    throw new SourceException(shownAs + ":" + row.line + ": the header's column " + (i + 1) + " "
                            + Shown.value(name) + " is not a canonical field; the columns are Id, GroupId, ToUserId, "
                            + "FromUserId, MessageType, Priority, MessageBody, SubMsgType, SearchedContent, SendMessageTime, HiddenFor");
                }
                if (!seen.add(name)) {
                    throw new SourceException(shownAs + ":" + row.line + ": the header names column " + Shown.value(name) + " twice");
                }
            }
            return names;
        }

        private SourceRecord record(Row row) {
            Locator locator = Locator.line(shownAs, row.line);
            if (row.cells.size() != header.size()) {
                return new SourceRecord.Unreadable(locator, Rejection.of(locator, null, new Violation("(row)", RULE_COLUMNS,
                        "has " + row.cells.size() + " cells but the header has " + header.size() + " columns")));
            }
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < header.size(); i++) {
                String cell = row.cells.get(i);
                if (!cell.isEmpty()) {
                    node.set(header.get(i), cellValue(header.get(i), cell));
                }
            }
            return CanonicalRecords.fromObject(node, locator);
        }

        private String at(JsonLocation location) {
            return location == null ? shownAs : shownAs + ":" + location.getLineNr() + ":" + location.getColumnNr();
        }
    }

    /** A cell as the JSON value the canonical decoder expects; a wrong value stays text so the decoder names it. */
    static JsonNode cellValue(String column, String cell) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (NUMBER_COLUMNS.contains(column)) {
            String trimmed = cell.trim();
            return INTEGER.matcher(trimmed).matches() ? f.numberNode(new BigInteger(trimmed)) : f.textNode(cell);
        }
        if (column.equals("MessageBody")) {
            JsonNode parsed = jsonObject(cell);
            return parsed != null && parsed.has("Message") ? parsed : f.objectNode().put("Message", cell);
        }
        if (column.equals("HiddenFor")) {
            if (cell.trim().startsWith("[")) {
                try {
                    return JSON.readTree(cell);
                } catch (JsonProcessingException e) {
                    return f.textNode(cell);
                }
            }
            return f.arrayNode().add(cell);
        }
        return f.textNode(cell);
    }

    private static JsonNode jsonObject(String cell) {
        if (!cell.trim().startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(cell);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }

    private record Row(long line, List<String> cells) {
        /** An empty line; a row of empty cells ({@code ,,,}) is not blank and is rejected like any other. */
        boolean isBlank() {
            return cells.isEmpty() || cells.size() == 1 && cells.get(0).isEmpty();
        }
    }
}
