package io.zimmigrate.files.support;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON reader sources share: duplicate keys refused, nesting bounded so hostile input cannot exhaust the stack. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {}

    /** {@code origin:line:column} of a parse problem, for messages. */
    public static String at(String origin, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return origin;
        }
        return origin + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    /** The first line of Jackson's own message, without its source excerpt. */
    public static String brief(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg == null) {
            return "unreadable";
        }
        int cut = msg.indexOf('\n');
        msg = cut > 0 ? msg.substring(0, cut) : msg;
        return msg.length() > 160 ? msg.substring(0, 160) + "…" : msg;
    }

    /** The text of {@code node.field}, or null when absent, null or not text. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
