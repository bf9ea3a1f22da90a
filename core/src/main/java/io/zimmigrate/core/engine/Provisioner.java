package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.UserRefused;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.wire.Action;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Makes sure every sender and recipient is a registered ZIM user and every group exists before its messages
 * go: UserRegister in batches of 100, then CreateGroup with the first sender as owner, everyone who wrote as
 * members, and the oldest message's time as creation time. "Already registered" and "already exists" count as
 * done; each step is journaled so a resumed run does not repeat it. Its calls go through a {@link Dispatcher} on the
 * run's own {@link Pacers} and back off with the run's {@link Backoff}.
 */
final class Provisioner implements Dispatcher.Admission<Provisioner.Job> {
    static final long ALREADY_REGISTERED = 660700002L;
    private static final int MAX_IN_FLIGHT = 4;
    /**
     * UserRegister batches scheduled at once: enough to keep {@value #MAX_IN_FLIGHT} in flight and the pacer busy,
     * few enough that a million users to register are never a million {@link UserId}s in memory (issue #13).
     */
    static final int BATCHES_AHEAD = 16;

    private final Migration.Settings settings;
    private final EngineLoop loop;
    private final ZimGateway gateway;
    private final JournalWriter journal;
    private final JournalState history;
    private final MigrationListener listener;
    private final MigrationRun run;
    private final Dispatcher<Job> dispatcher;
    private long jobs;
    /** The users still to look at, in the plan's order, while registering. */
    private Iterator<UserId> usersLeft = java.util.Collections.emptyIterator();
    private int batchesOut;
    /** The groups still to look at, in the plan's order (a kept plan reads them from its header as they come). */
    private Iterator<Plan.GroupPlan> groupsLeft = java.util.Collections.emptyIterator();
    private int groupsOut;

    Provisioner(Migration.Settings settings, EngineLoop loop, ZimGateway gateway, JournalWriter journal,
                JournalState history, MigrationListener listener, MigrationRun run) {
        this.settings = settings;
        this.loop = loop;
        this.gateway = gateway;
        this.journal = journal;
        this.history = history;
        this.listener = listener;
        this.run = run;
        this.dispatcher = new Dispatcher<>(run.pacers(), MAX_IN_FLIGHT, Dispatcher.Priority.by(j -> j.order));
    }

    /** One call and what to do with its result. Provisioning calls are safe to repeat. */
    static final class Job implements Dispatcher.Work {
        final Action action;
        final Function<ZimGateway, CompletionStage<? extends Outcome<?>>> call;
        final Consumer<Object> onDone;
        final String subject;
        final long order;
        boolean out;
        long sentAt;
        int failures;
        long readyAt;

        Job(Action action, String subject, long order, Function<ZimGateway, CompletionStage<? extends Outcome<?>>> call,
            Consumer<Object> onDone) {
            this.action = action;
            this.subject = subject;
            this.order = order;
            this.call = call;
            this.onDone = onDone;
        }

        @Override
        public boolean hasWork() {
            return !out;
        }

        @Override
        public Action nextAction() {
            return action;
        }

        @Override
        public long readyAt() {
            return readyAt;
        }
    }

    void provision(Plan plan) throws InterruptedException {
        // Streamed from the plan's compact user table in the order first seen, BATCHES_AHEAD batches at a time
        // (sorting them first held every UserId at once: 1M users did not fit a 256 MiB heap).
        usersLeft = plan.users().iterator();
        drain();
        // Streamed too, in the plan's order, BATCHES_AHEAD groups out at a time: a kept plan reads each group's
        // members from its header as it comes (KeptGroups), so 20,000 groups of 1,000 members (20 M memberships) are
        // never all in memory, and a resume whose groups are all provisioned holds none (sorting them held them all).
        groupsLeft = plan.groups().values().iterator();
        try {
            drain();
        } finally {
            if (groupsLeft instanceof AutoCloseable open) { // stopped early: the kept plan's header is let go
                try {
                    open.close();
                } catch (Exception e) {
                    // read only: nothing to lose
                }
            }
            groupsLeft = java.util.Collections.emptyIterator();
        }
    }

    /** Schedules the next groups not yet provisioned, up to {@link #BATCHES_AHEAD} out at a time. */
    private void scheduleMoreGroups() {
        while (groupsOut < BATCHES_AHEAD && groupsLeft.hasNext()) {
            Plan.GroupPlan g = groupsLeft.next();
            if (!history.isProvisioned("group:" + g.groupId().value())) {
                groupsOut++;
                dispatcher.schedule(groupJob(g), loop.nowMillis());
            }
        }
    }

    /** Schedules the next batches of users not yet provisioned, up to {@link #BATCHES_AHEAD} out at a time. */
    private void scheduleMoreUsers() {
        int per = ZimGateway.MAX_USERS_PER_REGISTRATION;
        while (batchesOut < BATCHES_AHEAD && usersLeft.hasNext()) {
            List<UserId> batch = new ArrayList<>(per);
            while (batch.size() < per && usersLeft.hasNext()) {
                UserId u = usersLeft.next();
                if (!history.isProvisioned("user:" + u.value())) {
                    batch.add(u);
                }
            }
            if (!batch.isEmpty()) {
                batchesOut++;
                dispatcher.schedule(registerJob(List.copyOf(batch)), loop.nowMillis());
            }
        }
    }

    private Job registerJob(List<UserId> batch) {
        return new Job(Action.USER_REGISTER, "users " + batch.get(0) + "…", jobs++, g -> g.registerUsers(batch), value -> {
            ZimGateway.Registration registration = (ZimGateway.Registration) value;
            List<String> failed = new ArrayList<>();
            for (UserRefused e : registration.refused()) {
                if (e.code() != ALREADY_REGISTERED) {
                    failed.add(e.user().value());
                    listener.onEvent(new MigrationEvent.ProvisionFailed("user:" + e.user().value(), e.code(), e.reason()));
                }
            }
            for (UserId u : batch) {
                if (!failed.contains(u.value())) {
                    provisioned("user:" + u.value());
                }
            }
        });
    }

    private Job groupJob(Plan.GroupPlan group) {
        UserId owner = settings.groupOwner() != null ? settings.groupOwner() : group.owner();
        List<UserId> members = group.members().stream().filter(m -> !m.equals(owner)).toList();
        if (members.size() > ZimGateway.MAX_GROUP_MEMBERS) {
            listener.onEvent(new MigrationEvent.ProvisionFailed("group:" + group.groupId().value(), 0, members.size()
                    + " people wrote in it; CreateGroup takes " + ZimGateway.MAX_GROUP_MEMBERS
                    + " members, add the others with InviteUsersIntoGroup"));
            members = members.subList(0, ZimGateway.MAX_GROUP_MEMBERS);
        }
        ZimGateway.NewGroup request = new ZimGateway.NewGroup(group.groupId(), group.groupId().value(), owner,
                members, group.oldestSendTime());
        String subject = "group:" + group.groupId().value();
        return new Job(Action.CREATE_GROUP, subject, jobs++, g -> g.createGroup(request), value -> provisioned(subject));
    }

    private void provisioned(String subject) {
        journal.add(new JournalEntry.Provisioned(subject));
        listener.onEvent(new MigrationEvent.Provisioned(subject));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void send(Job job, Action action) {
        job.out = true;
        job.sentAt = loop.nowMillis();
        Answers.deliver(loop, (CompletionStage<Outcome<Object>>) job.call.apply(gateway), o -> onOutcome(job, o));
    }

    private void drain() throws InterruptedException {
        scheduleMoreUsers();
        scheduleMoreGroups();
        while (!run.stopping() && !dispatcher.idle()) {
            long now = loop.nowMillis();
            dispatcher.dispatch(now, this);
            run.pacers().departed(now); // provisioning journals after its answers, so its requests leave at once
            loop.runUntil(dispatcher.nextWake(now));
            journal.flush();
        }
        while (dispatcher.inFlight() > 0) {
            loop.runUntil(loop.nowMillis() + 1000);
            journal.flush();
        }
    }

    private void onOutcome(Job job, Outcome<Object> outcome) {
        job.out = false;
        dispatcher.answered(job, job.action, loop.nowMillis() - job.sentAt);
        Pacer pacer = run.pacers().of(job.action);
        if (outcome instanceof Outcome.Done<Object> done) {
            pacer.succeeded();
            job.onDone.accept(done.value());
        } else if (outcome instanceof Outcome.Rejected<?> r) {
            listener.onEvent(new MigrationEvent.ProvisionFailed(job.subject, r.code(), r.message()));
        } else if (outcome instanceof Outcome.Fatal<?> f) {
            run.requestStop(OutcomePolicy.fatal(f.code(), f.message()));
        } else {
            // Not done, or not known to be: registering and creating are safe to repeat, so both are tried again.
            if (outcome instanceof Outcome.RetryLater<?> l && l.throttled()) {
                pacer.throttled();
            }
            job.readyAt = loop.nowMillis() + settings.backoff().delay(++job.failures, settings.jitter());
            dispatcher.schedule(job, loop.nowMillis());
            return;
        }
        if (job.action == Action.USER_REGISTER) {
            batchesOut--; // this batch is settled: the next one may be scheduled
            scheduleMoreUsers();
        } else if (job.action == Action.CREATE_GROUP) {
            groupsOut--;
            scheduleMoreGroups();
        }
    }
}
