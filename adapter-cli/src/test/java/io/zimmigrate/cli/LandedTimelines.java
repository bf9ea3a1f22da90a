package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.util.List;
import java.util.Map;

/** What an emulator holds after a run through the real jar, and the exactly-once check the end-to-end ITs share. */
public final class LandedTimelines {
    private LandedTimelines() {}

    /** Messages stored in all timelines together. */
    public static long count(ZimEmulator zim) {
        return zim.timelineKeys().stream().mapToLong(k -> zim.timeline(k).size()).sum();
    }

    /** Every timeline holds exactly its expected bodies, once each, in order; no other timeline holds anything. */
    public static void assertExactly(ZimEmulator zim, Map<String, List<String>> expected) {
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertThat(zim.timeline(e.getKey()).stream().map(StoredMessage::message).toList())
                    .as("timeline %s", e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        assertThat(expected.keySet()).containsAll(zim.timelineKeys());
    }
}
