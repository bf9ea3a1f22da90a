package io.zimmigrate.core.engine;

import java.util.List;

/**
 * The order a timeline holds its messages in when delta runs appended late ones ({@link LatePolicy#APPEND}, issue
 * 15), as {@link Verification} checks it. Read oldest first, a message that sorts after every one before it is in
 * order; one that sorts before one of them was appended at the end of the timeline by a delta. A delta appends its
 * late messages of a timeline in send-time order, one after the other, before its new ones: an appended message
 * that sorts before the previous one of its run (appended messages with no in-order one between them) is out of
 * order. What this cannot tell from ZIM alone: a message misplaced ahead of its turn reads as its neighbour appended
 * late; the count of appended ones is there to be compared with the runs' {@code delta:} lines.
 *
 * @param appended   messages taken as appended late ones
 * @param outOfOrder appended messages that sort before the previous one of their run
 */
record AppendedOrder(int appended, int outOfOrder) {

    /** {@code positions}: the plan positions of the messages ZIM holds, oldest first. */
    static AppendedOrder of(List<Integer> positions) {
        int max = -1;
        int runLast = -1;
        int appended = 0;
        int outOfOrder = 0;
        for (int p : positions) {
            if (p > max) {
                max = p;
                runLast = -1; // an in-order message ends a run of appended ones
            } else {
                appended++;
                if (p < runLast) {
                    outOfOrder++;
                }
                runLast = p;
            }
        }
        return new AppendedOrder(appended - outOfOrder, outOfOrder);
    }
}
