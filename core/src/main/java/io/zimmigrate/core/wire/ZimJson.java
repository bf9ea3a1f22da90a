package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one {@link ObjectMapper} that writes and reads ZIM's wire format. Every transport sends the bytes it
 * makes, so all adapters put the same bytes on the wire. Absent values are left out (never {@code null}),
 * and unknown response fields are tolerated (ZIM may add some).
 */
public final class ZimJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private ZimJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }
}
