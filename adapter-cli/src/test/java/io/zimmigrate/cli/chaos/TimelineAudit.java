package io.zimmigrate.cli.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what landed in each timeline with what should have, by message id (each id at most once per expected
 * timeline). Per timeline, with E the expected ids in order and L the landed ids in the order ZIM holds them:
 * <ul>
 *   <li><b>lost</b>: ids of E that occur nowhere in L;</li>
 *   <li><b>duplicated</b>: for each id of E, its occurrences in L beyond the first;</li>
 *   <li><b>reordered</b>: of the ids of E present in L (first occurrences), the fewest that would have to move to
 *       restore E's order, i.e. their number minus the longest run that is already in order (longest increasing
 *       subsequence of their positions in E);</li>
 *   <li><b>unexpected</b>: entries of L that E does not hold (a message in a timeline it does not belong to).</li>
 * </ul>
 * Timelines that should be empty but exist count their every entry as unexpected. The counts are summed.
 */
public final class TimelineAudit {
    private static final int EXAMPLES = 10;

    private TimelineAudit() {}

    /** The summed counts, and a few examples of what was wrong for the report. */
    public record Result(long lost, long duplicated, long reordered, long unexpected, List<String> examples) {
        public boolean exact() {
            return lost == 0 && duplicated == 0 && reordered == 0 && unexpected == 0;
        }

        /** {@code lost=N duplicated=N reordered=N unexpected=N}. */
        public String counts() {
            return "lost=" + lost + " duplicated=" + duplicated + " reordered=" + reordered + " unexpected=" + unexpected;
        }
    }

    public static Result compare(Map<String, List<String>> expected, Map<String, List<String>> landed) {
        requireUnique(expected);
        long lost = 0;
        long duplicated = 0;
        long reordered = 0;
        long unexpected = 0;
        List<String> examples = new ArrayList<>();
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(landed.keySet());
        for (String key : keys) {
            List<String> want = expected.getOrDefault(key, List.of());
            List<String> got = landed.getOrDefault(key, List.of());
            Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < want.size(); i++) {
                position.put(want.get(i), i);
            }
            Map<String, Integer> seen = new HashMap<>();
            List<Integer> firstPositions = new ArrayList<>();
            for (String id : got) {
                Integer at = position.get(id);
                if (at == null) {
                    unexpected++;
                    note(examples, key, "unexpected " + id);
                } else if (seen.merge(id, 1, Integer::sum) > 1) {
                    duplicated++;
                    note(examples, key, "duplicated " + id);
                } else {
                    firstPositions.add(at);
                }
            }
            for (String id : want) {
                if (!seen.containsKey(id)) {
                    lost++;
                    note(examples, key, "lost " + id);
                }
            }
            int moved = firstPositions.size() - longestIncreasing(firstPositions);
            if (moved > 0) {
                reordered += moved;
                note(examples, key, moved + " out of order");
            }
        }
        return new Result(lost, duplicated, reordered, unexpected, List.copyOf(examples));
    }

    /** Length of the longest strictly increasing subsequence (patience sorting, n log n). */
    static int longestIncreasing(List<Integer> values) {
        int[] tails = new int[values.size()];
        int length = 0;
        for (int v : values) {
            int i = Arrays.binarySearch(tails, 0, length, v);
            if (i < 0) {
                i = -i - 1;
            }
            tails[i] = v;
            if (i == length) {
                length++;
            }
        }
        return length;
    }

    private static void note(List<String> examples, String key, String what) {
        if (examples.size() < EXAMPLES) {
            examples.add(readable(key) + ": " + what);
        }
    }

    /** Timeline keys hold a NUL between owner and peer; shown as {@code p:owner>peer}. */
    static String readable(String key) {
        return key.replace('\u0000', '>');
    }

    /** The audit matches by id, so an expected timeline must not hold an id twice. */
    private static void requireUnique(Map<String, List<String>> expected) {
        expected.forEach((key, ids) -> {
            if (new HashSet<>(ids).size() != ids.size()) {
                throw new IllegalArgumentException("timeline " + readable(key) + " expects an id twice");
            }
        });
    }
}
