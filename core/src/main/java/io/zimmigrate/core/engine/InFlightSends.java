package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.port.ZimGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A delta run's (or a growth's) sends left in flight by a crash (the journal says "sending", nothing settles them), read back before
 * the exports are compared (issue 15). A resume reads them back against the message it sent; a delta must do it
 * before, while the earlier export's message is at hand: the new export may hold it edited, and a read-back of the
 * edit finds nothing, whether or not the original landed. Each timeline's newest page is read, as the run reconciles
 * ({@link MigrationRun#RECONCILE_PAGE}), on the run's pacers; a busy or lost answer is read again.
 */
final class InFlightSends implements ReadBacks.Host, DeltaRebase.InFlight {
    private final Migration.Settings settings;
    private final EngineLoop loop;
    private final ZimGateway gateway;
    private final MigrationListener listener;
    private final Pacers pacers;
    private final ReadBacks reads;
    private final Supplier<String> askedToStop;
    private String stopReason;
    private boolean stoppedReading;

    /** {@code askedToStop}: the reason a caller asked the migration to stop, or null. */
    InFlightSends(Migration.Settings settings, EngineLoop loop, ZimGateway gateway, MigrationListener listener,
                  Supplier<String> askedToStop) {
        this.settings = settings;
        this.loop = loop;
        this.gateway = gateway;
        this.listener = listener;
        this.pacers = Pacers.of(settings);
        this.askedToStop = askedToStop;
        this.reads = new ReadBacks(settings, loop, gateway, this, listener);
    }

    /**
     * The sends left in flight, read back: by timeline key, the sequence each landed at, or 0 when it did not land;
     * absent when nobody can tell; null when the reads stopped. One not found is read back again once the landing
     * horizon has passed from now (it left before this run began, when is not known): ZIM may still apply it, and a
     * delta or growth would otherwise send it again (session 13).
     */
    @Override
    public Map<String, Long> landed(List<DeltaRebase.Pending> pending) {
        if (pending.isEmpty()) {
            return Map.of();
        }
        long landsBy = loop.nowMillis() + settings.landingHorizonMillis();
        Map<String, Long> out = new HashMap<>();
        List<DeltaRebase.Pending> left = pending;
        while (true) {
            Map<String, ZimGateway.MessagePage> pages = readNewest(left);
            if (pages == null) {
                stoppedReading = true;
                return null;
            }
            List<DeltaRebase.Pending> notFound = new ArrayList<>();
            for (DeltaRebase.Pending p : left) {
                ZimGateway.MessagePage page = pages.get(p.timeline().key());
                OutcomePolicy.Found found = OutcomePolicy.find(p.sent(), p.lastMsgSeq(), page.messages());
                if (found.ours() != null) {
                    out.put(p.timeline().key(), found.ours().msgSeq());
                } else if (found.undecided() == null) {
                    out.put(p.timeline().key(), 0L);
                    notFound.add(p);
                } // else nobody can tell: carried over, and the run stops that timeline when it reads it back
            }
            if (notFound.isEmpty() || loop.nowMillis() >= landsBy) {
                return out;
            }
            if (!waitUntil(landsBy)) {
                stoppedReading = true;
                return null;
            }
            left = notFound;
        }
    }

    private Map<String, ZimGateway.MessagePage> readNewest(List<DeltaRebase.Pending> pending) {
        Map<Timeline, Long> newest = new LinkedHashMap<>();
        pending.forEach(p -> newest.put(p.timeline(), 0L));
        try {
            return reads.read(newest.entrySet(), MigrationRun.RECONCILE_PAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestStop("interrupted");
            return null;
        }
    }

    /** Waits until {@code at}, a second at a time so a stop is heard; false when asked to stop meanwhile. */
    private boolean waitUntil(long at) {
        while (loop.nowMillis() < at && !stopping()) {
            try {
                loop.runUntil(Math.min(at, loop.nowMillis() + 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                requestStop("interrupted");
            }
        }
        return !stopping();
    }

    /**
     * The report of a delta stopped while reading back (asked to, or a fatal answer): nothing compared, journaled or
     * sent, as a fresh start stopped while reading; the run's journal is a throwaway one, so nothing touches the real
     * one, which the next run compares again.
     */
    MigrationReport stoppedRun(Plan plan) throws InterruptedException {
        JournalState nothing = new JournalState(plan.timelineTable());
        MigrationRun run = new MigrationRun(settings, loop, gateway,
                new JournalWriter(new InMemoryJournal(), nothing, 0), nothing, listener, pacers);
        run.requestStop(stopReason());
        return run.run(plan);
    }

    /** Whether {@link #landed} stopped before it could tell (asked to, or a fatal answer): nothing may be written. */
    boolean stoppedReading() {
        return stoppedReading;
    }

    /** Why the reads stopped (asked to, or ZIM refused a read or answered fatally); null when they did not. */
    String stopReason() {
        return stopReason != null ? stopReason : askedToStop.get();
    }

    @Override
    public Pacers pacers() {
        return pacers;
    }

    @Override
    public boolean stopping() {
        return stopReason() != null;
    }

    @Override
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }
}
