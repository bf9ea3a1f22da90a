package io.zimmigrate.cli.status;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.engine.MigrationEvent;
import io.zimmigrate.core.engine.MigrationListener;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What a run has done so far, counted from the engine's events: the facts {@code status}, the status file and
 * the metrics share. Events arrive on the engine thread; {@link #snapshot()} may be called from any thread (a
 * metrics scrape), so counters are atomic and the snapshot is a consistent-enough copy, not a transaction.
 */
public final class RunTally implements MigrationListener {
    /** How many rejections are kept word for word; the rest are only counted by rule. */
    static final int REASONS_KEPT = 5;
    static final String GROUP = "ImportGroupMsg";
    static final String PEER = "ImportPeerMsg";

    private final Clock clock;
    private final Instant startedAt;
    private volatile long total = -1;
    private volatile long alreadyDone;
    private volatile long messagesRead;
    private volatile long messagesRejected;
    private volatile long timelines;
    private volatile long settled;
    private volatile double callsPerSecond;
    private volatile long etaMillis = -1;
    /** What a delta run found (issue 15), for the status file; null when the run is not a delta. */
    private volatile MigrationEvent.Delta delta;
    /** Provisioning's last report, while and after it went (null: this run provisions nothing). */
    private volatile MigrationEvent.Provisioning provisioning;
    private volatile long readyTimelines;
    /** Media bytes the run's copier stored so far; none until a run with --media-to tells where to read them. */
    private volatile LongSupplier mediaBytesCopied = () -> 0;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rejectedByRule = new ConcurrentHashMap<>();
    private final List<Rejection> firstRejections = new ArrayList<>();
    /** Timeline key to the nano time its request left: a timeline has at most one import in flight. */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    private volatile Instant lastAnswerAt;
    private volatile Instant lastErrorAt;
    private volatile String lastError;
    private volatile String stopReason;
    private final List<RoundTripObserver> roundTrips = new ArrayList<>();

    /** Told how long each answered import took, in nanoseconds (the metrics' histogram). */
    public interface RoundTripObserver {
        void roundTrip(String action, long nanos);
    }

    public RunTally(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public void observeRoundTrips(RoundTripObserver observer) {
        roundTrips.add(observer);
    }

    @Override
    public void onEvent(MigrationEvent event) {
        if (event instanceof MigrationEvent.Delta d) {
            delta = d;
        } else if (event instanceof MigrationEvent.Planned p) {
            total = p.importCalls();
            alreadyDone = p.alreadyDone();
            settled = p.alreadyDone();
            messagesRead = p.messagesRead();
            messagesRejected = p.messagesRejected();
            timelines = p.timelines();
        } else if (event instanceof MigrationEvent.Sent s) {
            inFlight.put(s.timeline(), System.nanoTime());
        } else if (event instanceof MigrationEvent.Imported i) {
            answered(i.timeline());
            increment(action(i.timeline()) + ".imported");
        } else if (event instanceof MigrationEvent.Rejected r) {
            if (r.rejection().zimCode() != null) {
                answered(r.timeline());
            } else {
                inFlight.remove(r.timeline());
            }
            increment(action(r.timeline()) + ".rejected");
        } else if (event instanceof MigrationEvent.Retried r) {
            inFlight.remove(r.timeline());
            increment("retries");
            error(r.reason());
        } else if (event instanceof MigrationEvent.Throttled t) {
            lastAnswerAt = clock.instant();
            increment(t.action() + ".throttled");
        } else if (event instanceof MigrationEvent.Unknown u) {
            inFlight.remove(u.timeline());
            increment("lostAnswers");
            error("lost answer: " + u.reason());
        } else if (event instanceof MigrationEvent.Reconciled r) {
            lastAnswerAt = clock.instant();
            increment(r.landed() ? "reconciled.landed" : "reconciled.notLanded");
        } else if (event instanceof MigrationEvent.Provisioned) {
            increment("provisioned");
        } else if (event instanceof MigrationEvent.Provisioning p) {
            provisioning = p;
        } else if (event instanceof MigrationEvent.ProvisionFailed f) {
            increment("provisionFailed");
            error("provisioning " + f.subject() + " failed: " + f.code() + " " + f.reason());
        } else if (event instanceof MigrationEvent.Progress p) {
            settled = p.settled();
            total = p.total();
            callsPerSecond = p.callsPerSecond();
            etaMillis = p.etaMillis();
            readyTimelines = p.readyTimelines();
        } else if (event instanceof MigrationEvent.Stopping s) {
            stopReason = s.reason();
            error(s.reason());
        }
    }

    @Override
    public void onRejection(Rejection rejection) {
        for (Violation v : rejection.violations()) {
            rejectedByRule.computeIfAbsent(v.rule(), k -> new AtomicLong()).incrementAndGet();
        }
        synchronized (firstRejections) {
            if (firstRejections.size() < REASONS_KEPT) {
                firstRejections.add(rejection);
            }
        }
    }

    private void answered(String timeline) {
        lastAnswerAt = clock.instant();
        Long sentAt = inFlight.remove(timeline);
        if (sentAt != null) {
            long nanos = System.nanoTime() - sentAt;
            roundTrips.forEach(o -> o.roundTrip(action(timeline), nanos));
        }
    }

    private void error(String message) {
        lastError = message;
        lastErrorAt = clock.instant();
    }

    private void increment(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** {@code g:…} timelines are imported with ImportGroupMsg, {@code p:…} ones with ImportPeerMsg. */
    static String action(String timeline) {
        return timeline.startsWith("g:") ? GROUP : PEER;
    }

    public long count(String... keys) {
        long sum = 0;
        for (String key : keys) {
            AtomicLong c = counts.get(key);
            sum += c == null ? 0 : c.get();
        }
        return sum;
    }

    /** Counts the bytes the media copier stored (a run with --media-to); read when asked, on any thread. */
    public void countMediaBytes(LongSupplier copied) {
        this.mediaBytesCopied = copied;
    }

    public long mediaBytesCopied() {
        return mediaBytesCopied.getAsLong();
    }

    /** Timelines with an import ready to send, waiting only for a place in the pace (as of the last progress). */
    public long readyTimelines() {
        return readyTimelines;
    }

    public long inFlight() {
        return inFlight.size();
    }

    /** -1 until planning ended. */
    public long total() {
        return total;
    }

    public long settled() {
        return settled;
    }

    /** Seconds to the end by the engine's own estimate; -1 when unknown. */
    public double etaSeconds() {
        return etaMillis < 0 ? -1 : etaMillis / 1000.0;
    }

    /** The status file's object (docs/operations.md, "Watching a run"); {@code state} is running, done or stopped. */
    public ObjectNode snapshot(String state) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("state", state);
        o.put("pid", ProcessHandle.current().pid());
        o.put("startedAt", startedAt.toString());
        o.put("updatedAt", clock.instant().toString());
        ObjectNode calls = o.putObject("calls");
        calls.put("total", total);
        calls.put("settled", settled);
        calls.put("alreadyDone", alreadyDone);
        calls.put("imported", count(GROUP + ".imported", PEER + ".imported"));
        calls.put("rejected", count(GROUP + ".rejected", PEER + ".rejected"));
        calls.put("inFlight", inFlight());
        ObjectNode byAction = o.putObject("byAction");
        for (String action : List.of(GROUP, PEER)) {
            ObjectNode a = byAction.putObject(action);
            a.put("imported", count(action + ".imported"));
            a.put("rejected", count(action + ".rejected"));
            a.put("throttled", count(action + ".throttled"));
        }
        o.put("callsPerSecond", Math.round(callsPerSecond * 10) / 10.0);
        o.put("etaSeconds", etaMillis < 0 ? -1 : etaMillis / 1000);
        o.put("readyTimelines", readyTimelines);
        o.put("mediaBytesCopied", mediaBytesCopied());
        ObjectNode messages = o.putObject("messages");
        messages.put("read", messagesRead);
        messages.put("rejectedByValidation", messagesRejected);
        o.put("timelines", timelines);
        ObjectNode byRule = o.putObject("rejectedByRule");
        new TreeMap<>(rejectedByRule).forEach((rule, n) -> byRule.put(rule, n.get()));
        var first = o.putArray("firstRejections");
        synchronized (firstRejections) {
            for (Rejection r : firstRejections) {
                for (Violation v : r.violations()) {
                    ObjectNode line = first.addObject();
                    line.put("file", r.locator().origin());
                    line.put("line", r.locator().position());
                    line.put("id", r.id());
                    line.put("field", v.field());
                    line.put("rule", v.rule());
                    line.put("message", v.message());
                }
            }
        }
        o.put("retries", count("retries"));
        o.put("lostAnswers", count("lostAnswers"));
        ObjectNode reconciled = o.putObject("reconciled");
        reconciled.put("landed", count("reconciled.landed"));
        reconciled.put("notLanded", count("reconciled.notLanded"));
        o.put("provisioned", count("provisioned"));
        o.put("provisionFailed", count("provisionFailed"));
        MigrationEvent.Provisioning p = provisioning;
        if (p != null) {
            ObjectNode pn = o.putObject("provisioning");
            pn.put("users", p.users());
            pn.put("usersDone", p.usersDone());
            pn.put("groups", p.groups());
            pn.put("groupsDone", p.groupsDone());
        }
        o.put("lastAnswerAt", lastAnswerAt == null ? null : lastAnswerAt.toString());
        if (lastError != null) {
            ObjectNode e = o.putObject("lastError");
            e.put("at", lastErrorAt.toString());
            e.put("message", lastError);
        } else {
            o.putNull("lastError");
        }
        o.put("stopReason", stopReason);
        MigrationEvent.Delta d = delta;
        if (d != null) {
            ObjectNode dn = o.putObject("delta");
            dn.put("new", d.toImport());
            dn.put("late", d.late());
            dn.put("appendedLate", d.appendedLate());
            dn.put("changed", d.changed());
            dn.put("missing", d.missing());
            dn.put("alreadyImported", d.alreadyImported());
        }
        return o;
    }

    public boolean stopped() {
        return stopReason != null;
    }
}
