package io.zimmigrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A send or import line read in place ({@link LineReplay}, issue 15 P6) changes the state exactly as the general way
 * does ({@link JournalEntry#parse} and {@link JournalState#apply(JournalEntry, int)}), for our lines and for lines
 * near them (torn, extra values, numbers Jackson has to judge, stale or foreign plan numbers, escaped keys).
 */
class LineReplayTest {
    private static final List<String> KEYS = List.of("p:u1\u0000u2", "p:u2\u0000u1", "g:x", "g:\"q\"\\", "g:\u00e9\n",
            "p:a\u0000b", "g:" + "\ud83d\ude00");

    /** Numbers the first four keys (0 to 3); the others are text rows. */
    private static final JournalKeys PLAN = new JournalKeys() {
        @Override
        public int timelineCount() {
            return 4;
        }

        @Override
        public int timelineNumber(String key) {
            int n = KEYS.indexOf(key);
            return n < 4 ? n : -1;
        }

        @Override
        public String timelineKey(int number) {
            return KEYS.get(number);
        }

        @Override
        public int userCount() {
            return 0;
        }

        @Override
        public int userNumber(String userId) {
            return -1;
        }

        @Override
        public String userId(int number) {
            throw new IndexOutOfBoundsException(number);
        }
    };

    @Test
    void linesReadInPlaceChangeTheStateAsTheGeneralWayDoes() {
        for (long seed = 0; seed < 400; seed++) {
            Random random = new Random(seed);
            List<String> lines = new ArrayList<>();
            lines.add(new JournalEntry.Input("fp", 7).toLine());
            for (int i = random.nextInt(60); i > 0; i--) {
                lines.add(line(random));
            }
            for (JournalKeys keys : List.of(PLAN, JournalKeys.NONE)) {
                JournalState inPlace = new JournalState(keys);
                JournalState general = new JournalState(keys);
                int[] number = {-1};
                for (String line : lines) {
                    inPlace.applyLine(line);
                    JournalEntry entry = JournalEntry.parse(line, number);
                    if (entry != null) {
                        general.apply(entry, number[0]);
                    }
                }
                assertThat(inPlace.compacted()).as("seed %d: %s", seed, lines).isEqualTo(general.compacted());
                assertThat(inPlace.lineCount()).as("seed %d", seed).isEqualTo(general.lineCount());
                assertThat(inPlace.rejectedTasks()).isEqualTo(general.rejectedTasks());
            }
        }
    }

    private static String line(Random random) {
        String key = KEYS.get(random.nextInt(KEYS.size()));
        TaskKey task = new TaskKey(value(random), value(random));
        JournalEntry entry = switch (random.nextInt(6)) {
            case 0, 1 -> new JournalEntry.Sending(key, task);
            case 2, 3 -> new JournalEntry.Imported(key, task, value(random));
            case 4 -> new JournalEntry.Rejected(key, task, 2, "zim.2");
            default -> new JournalEntry.AppendLate(key, task);
        };
        int number = switch (random.nextInt(4)) {
            case 0 -> -1;
            case 1 -> KEYS.indexOf(key); // right, or a text row's index: stale
            default -> random.nextInt(6);
        };
        String line = entry.toLine(number);
        return switch (random.nextInt(12)) {
            case 0 -> line.substring(0, random.nextInt(line.length())); // torn
            case 1 -> line.substring(0, line.length() - 1) + ",5]";
            case 2 -> line.substring(0, line.length() - 1) + ",\"x\"]";
            case 3 -> line.substring(0, line.length() - 1) + ",]";
            case 4 -> line.substring(0, line.length() - 1) + ",99999999999]"; // beyond an int: no number
            case 5 -> line.substring(0, line.length() - 1) + ",-3]";
            case 6 -> line.replace(",", ", "); // Jackson's to judge
            case 7 -> line.replaceFirst(",(\\d)", ",0$1"); // a leading zero
            default -> line;
        };
    }

    private static long value(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextLong(); // 19 digits at times: Jackson's
            case 1 -> -random.nextInt(1000);
            default -> random.nextInt(50);
        };
    }
}
