package io.zimmigrate.cli.output;

import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Says at once, in plain words, that ZIM cannot be reached ("cannot reach ZIM at https://…: connection refused;
 * retrying, the run stops after 10 min without any answer"), instead of a bar frozen at 0/N for ten minutes; and
 * says so again once answers come back. Once per stretch of trouble, not once per failed request.
 */
final class TroubleNotices implements MigrationListener {
    private final PrintWriter err;
    private final String target;
    private final Duration giveUpAfter;
    private boolean inTrouble;

    TroubleNotices(PrintWriter err, String target, Duration giveUpAfter) {
        this.err = err;
        this.target = target;
        this.giveUpAfter = giveUpAfter;
    }

    @Override
    public void onEvent(MigrationEvent event) {
        String reason = event instanceof MigrationEvent.Retried r ? r.reason()
                : event instanceof MigrationEvent.Unknown u ? u.reason() : null;
        if (reason != null && PlainTrouble.unanswered(reason)) {
            if (!inTrouble) {
                inTrouble = true;
                err.println("cannot reach " + target + ": " + PlainTrouble.of(reason) + "; retrying, the run stops after "
                        + human(giveUpAfter) + " without any answer");
                err.flush();
            }
        } else if (inTrouble && (event instanceof MigrationEvent.Imported || event instanceof MigrationEvent.Rejected
                || event instanceof MigrationEvent.Throttled || event instanceof MigrationEvent.Reconciled)) {
            inTrouble = false;
            err.println(target + " answers again");
            err.flush();
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? s / 60 + " min" : s + " s";
    }
}
