package io.zimmigrate.core.engine;

import io.zimmigrate.core.table.PagedInts;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link Verification#compare}'s counts for a timeline too big to hold (issue #13: one group of 10 M messages held
 * both lists, about 100 bytes per message): what it should hold and what it holds are fed oldest first, one message
 * at a time, and only the messages not matched yet within {@code window} messages of their place are kept. A
 * message found matches the oldest unmatched expected message of the same identity, as in {@code compare}; the
 * positions matched, in the order found, feed a longest-increasing-subsequence count (patience sorting: an int per
 * message of that subsequence, in paged columns) for the messages out of order.
 *
 * <p>The same counts as {@code compare} whenever every difference lies within {@code window} messages of its place:
 * a run that stopped (the newest missing), messages lost anywhere (any number in a row: the expected side reads on
 * while a found message waits for its match), a duplicate or a message moved less than a window away. A message
 * moved farther, or a duplicate met while more than a window of expected messages are still unmatched, counts as
 * missing and duplicated instead. The caller decides whose turn it is with {@link #wantsExpected()}.
 */
final class StreamedComparison {
    private static final int WAITING = -1;
    private static final int DUPLICATE = -2;

    /** A message found: the expected position it matched, or WAITING or DUPLICATE. */
    private static final class Found {
        int position = WAITING;
        final String identity;

        Found(String identity) {
            this.identity = identity;
        }
    }

    private final int window;
    /** Unmatched expected messages: positions by identity (oldest first), and all of them in order of position. */
    private final Map<String, ArrayDeque<Integer>> expectedWaiting = new HashMap<>();
    private final ArrayDeque<Object[]> expectedOrder = new ArrayDeque<>();
    /** Found messages not yet counted, in the order found; the head, if any, is WAITING. */
    private final ArrayDeque<Found> foundQueue = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Found>> foundWaiting = new HashMap<>();
    private int foundWaitingCount;
    private final PagedInts tails = new PagedInts();
    private int longest;
    private int expected;
    private int found;
    private int matched;
    private int missing;
    private int duplicated;
    private boolean expectedDone;

    StreamedComparison(int window) {
        this.window = Math.max(1, window);
    }

    /**
     * Whether the next message should come from the expected side: a found message waits for its match, and the
     * expected side is less than a window ahead of its oldest unmatched message. When it is a window ahead and a
     * window of found messages waits too, that oldest one is missing (a run of lost messages: the expected side reads
     * on until the found message's match).
     */
    boolean wantsExpected() {
        if (expectedDone || foundQueue.isEmpty()) {
            return false;
        }
        Object[] oldest = oldestExpectedWaiting();
        if (oldest == null || expected - (int) oldest[1] < window) {
            return true;
        }
        if (foundWaitingCount >= window) {
            evictExpected((int) oldest[1] + 1);
            return true;
        }
        return false;
    }

    void expected(String identity) {
        int position = expected++;
        ArrayDeque<Found> waiting = foundWaiting.get(identity);
        if (waiting != null) {
            Found f = waiting.pollFirst();
            if (waiting.isEmpty()) {
                foundWaiting.remove(identity);
            }
            f.position = position;
            foundWaitingCount--;
            matched++;
            drainFound();
        } else {
            expectedWaiting.computeIfAbsent(identity, k -> new ArrayDeque<>()).addLast(position);
            expectedOrder.addLast(new Object[] {identity, position});
        }
        evictExpected(expected - window);
    }

    /** Every expected message was fed. */
    void expectedDone() {
        expectedDone = true;
        drainFound();
    }

    void found(String identity) {
        found++;
        Found f = new Found(identity);
        ArrayDeque<Integer> positions = expectedWaiting.get(identity);
        if (positions != null) {
            f.position = positions.pollFirst();
            if (positions.isEmpty()) {
                expectedWaiting.remove(identity);
            }
            matched++;
        } else if (expectedDone) {
            f.position = DUPLICATE;
        } else {
            foundWaiting.computeIfAbsent(identity, k -> new ArrayDeque<>()).addLast(f);
            foundWaitingCount++;
        }
        foundQueue.addLast(f);
        drainFound();
    }

    /** The counts, once both sides were fed to the end. */
    Verification.TimelineCheck finish(String name, String error) {
        expectedDone();
        evictExpected(Integer.MAX_VALUE);
        return new Verification.TimelineCheck(name, expected, found, missing, duplicated, matched - longest, error);
    }

    /** Counts the found messages at the head that are settled (matched or duplicate), in the order found. */
    private void drainFound() {
        while (!foundQueue.isEmpty()) {
            Found head = foundQueue.peekFirst();
            if (head.position == WAITING) {
                int matchedBehind = foundQueue.size() - foundWaitingCount;
                if (!expectedDone && matchedBehind < window) {
                    return;
                }
                // None left to come, or a window of messages found after it matched while it did not: a duplicate.
                head.position = DUPLICATE;
                foundWaitingCount--;
                ArrayDeque<Found> waiting = foundWaiting.get(head.identity);
                waiting.remove(head);
                if (waiting.isEmpty()) {
                    foundWaiting.remove(head.identity);
                }
            }
            foundQueue.pollFirst();
            if (head.position == DUPLICATE) {
                duplicated++;
            } else {
                lengthen(head.position);
            }
        }
    }

    /** Unmatched expected messages at positions before {@code before} are missing. */
    private void evictExpected(int before) {
        for (Object[] oldest = oldestExpectedWaiting(); oldest != null && (int) oldest[1] < before;
                oldest = oldestExpectedWaiting()) {
            expectedOrder.pollFirst();
            String identity = (String) oldest[0];
            ArrayDeque<Integer> positions = expectedWaiting.get(identity);
            positions.pollFirst();
            if (positions.isEmpty()) {
                expectedWaiting.remove(identity);
            }
            missing++;
        }
    }

    /** The oldest expected message still unmatched, dropping the matched ones ahead of it; null if none. */
    private Object[] oldestExpectedWaiting() {
        while (!expectedOrder.isEmpty()) {
            Object[] head = expectedOrder.peekFirst();
            ArrayDeque<Integer> positions = expectedWaiting.get((String) head[0]);
            if (positions != null && positions.peekFirst() == (int) head[1]) {
                return head;
            }
            expectedOrder.pollFirst();
        }
        return null;
    }
    /** Patience sorting: the longest increasing run of matched positions, in the order found. */
    private void lengthen(int position) {
        int lo = 0;
        int hi = longest;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tails.get(mid) < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == longest) {
            tails.reach(longest);
            longest++;
        }
        tails.set(lo, position);
    }
}
