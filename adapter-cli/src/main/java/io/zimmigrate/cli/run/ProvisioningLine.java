package io.zimmigrate.cli.run;

import io.zimmigrate.cli.output.Durations;
import io.zimmigrate.core.engine.MigrationEvent;

/**
 * Provisioning's progress line: "provisioning: 1,000/1,000 users registered, 4,228/20,000 groups created with their
 * members, 10.2 groups/s, ETA 25m 48s". Users are registered first, then groups are created; the rate and ETA are the
 * current phase's, measured from the first report of that phase (the clock is passed in).
 */
final class ProvisioningLine {
    private long phaseStartMillis = -1;
    private long phaseStartDone;
    private boolean groupsPhase;

    String line(MigrationEvent.Provisioning p, long nowMillis) {
        boolean usersLeft = p.usersDone() < p.users();
        if (phaseStartMillis < 0 || groupsPhase == usersLeft) {
            groupsPhase = !usersLeft;
            phaseStartMillis = nowMillis;
            phaseStartDone = groupsPhase ? p.groupsDone() : p.usersDone();
        }
        long done = groupsPhase ? p.groupsDone() : p.usersDone();
        long total = groupsPhase ? p.groups() : p.users();
        StringBuilder s = new StringBuilder(String.format("provisioning: %,d/%,d users registered, %,d/%,d groups "
                + "created with their members", p.usersDone(), p.users(), p.groupsDone(), p.groups()));
        double seconds = (nowMillis - phaseStartMillis) / 1000.0;
        if (done < total && seconds >= 1 && done > phaseStartDone) {
            double rate = (done - phaseStartDone) / seconds;
            s.append(String.format(", %.1f %s/s, ETA %s", rate, groupsPhase ? "groups" : "users",
                    Durations.of((long) ((total - done) * 1000 / rate))
                            + (groupsPhase ? "" : " for the users (then the groups)")));
        }
        return s.toString();
    }
}
