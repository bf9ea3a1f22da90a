package io.zimmigrate.core.engine;

import io.zimmigrate.core.journal.JournalEntry;
import io.zimmigrate.core.journal.JournalState;
import io.zimmigrate.core.model.GroupId;
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
import java.util.function.Function;

/**
 * Makes sure every sender and recipient is a registered ZIM user and every group exists, with everyone who wrote in
 * it as a member, before its messages go: UserRegister in batches of 100, then per group CreateGroup with the first
 * sender as owner, the first 100 other writers as members and the oldest message's time as creation time, then
 * InviteUsersIntoGroup for the other writers, 100 per call, one call per second per group ({@link GroupEnrolment},
 * {@link GroupPacer}). "Already registered" and "already exists" count as done; each step is journaled so a resumed
 * run does not repeat it. Its calls go through a {@link Dispatcher} on the run's own {@link Pacers} and back off with
 * the run's {@link Backoff}.
 */
final class Provisioner implements Dispatcher.Admission<Provisioner.Job> {
    static final long ALREADY_REGISTERED = 660700002L;
    private static final int MAX_IN_FLIGHT = 4;
    /**
     * UserRegister batches scheduled at once: enough to keep {@value #MAX_IN_FLIGHT} in flight and the pacer busy,
     * few enough that a million users to register are never a million {@link UserId}s in memory (issue #13).
     */
    static final int BATCHES_AHEAD = 16;
    /**
     * Groups being provisioned at once: each may send one invitation a second, so this many keep the invitations of
     * big groups near ZIM's app-wide pace of 20 a second while holding only this many groups' members.
     */
    static final int GROUPS_AHEAD = 32;

    private final Migration.Settings settings;
    private final EngineLoop loop;
    private final ZimGateway gateway;
    private final JournalWriter journal;
    private final JournalState history;
    private final MigrationListener listener;
    private final MigrationRun run;
    private final Dispatcher<Job> dispatcher;
    private final GroupPacer groupPacer;
    private long jobs;
    /** The users still to look at, in the plan's order, while registering. */
    private Iterator<UserId> usersLeft = java.util.Collections.emptyIterator();
    private int batchesOut;
    /** The groups still to look at, in the plan's order (a kept plan reads them from its header as they come). */
    private Iterator<Plan.GroupPlan> groupsLeft = java.util.Collections.emptyIterator();
    private int groupsOut;
    /** What {@link MigrationEvent.Provisioning} reports: users and groups done, of all the plan's. */
    private long usersDone;
    private long usersTotal;
    private long groupsDone;
    private long groupsTotal;
    private long reportedAt = Long.MIN_VALUE / 2; // long ago, without overflowing now - reportedAt

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
        this.groupPacer = new GroupPacer(settings.guardMillis());
    }

    /**
     * One call and what to do with its result: {@code onDone} answers the subject's next call (a group's next
     * invitation), or null when the subject is settled. Provisioning calls are safe to repeat.
     */
    static final class Job implements Dispatcher.Work {
        final Action action;
        final Function<ZimGateway, CompletionStage<? extends Outcome<?>>> call;
        final Function<Object, Job> onDone;
        final String subject;
        /** The group an invitation is for (its own pacing), else null. */
        GroupId group;
        /** The users a registration is for (counted done when it settles), else 0. */
        int users;
        final long order;
        boolean out;
        long sentAt;
        int failures;
        long readyAt;

        Job(Action action, String subject, long order, Function<ZimGateway, CompletionStage<? extends Outcome<?>>> call,
            Function<Object, Job> onDone) {
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
        // A resume whose journal says every user of this plan was provisioned (one line, journal format 5) looks at
        // none of them: 500,500 users were as many IDs made and looked up before the first send (P6).
        boolean everyUser = plan.usersNumberedByTable() && history.provisionedEveryUserOf(plan.timelineTable());
        usersTotal = plan.users().size();
        usersDone = everyUser ? usersTotal : 0;
        groupsTotal = plan.groups().size();
        usersLeft = everyUser ? java.util.Collections.emptyIterator() : plan.users().iterator();
        drain();
        // Streamed too, in the plan's order, GROUPS_AHEAD groups out at a time: a kept plan reads each group's
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
        if (!run.stopping()) {
            report(loop.nowMillis(), true);
        }
    }

    /** Says how far provisioning is, at most once a second unless {@code force}. */
    private void report(long now, boolean force) {
        if (force || now - reportedAt >= 1000) {
            reportedAt = now;
            listener.onEvent(new MigrationEvent.Provisioning(usersDone, usersTotal, groupsDone, groupsTotal));
        }
    }

    /** Schedules the next groups not yet provisioned, up to {@link #GROUPS_AHEAD} out at a time. */
    private void scheduleMoreGroups() {
        while (groupsOut < GROUPS_AHEAD && groupsLeft.hasNext()) {
            Plan.GroupPlan g = groupsLeft.next();
            if (history.isProvisioned("group:" + g.groupId().value())
                    && g.members().size() <= ZimGateway.MAX_GROUP_MEMBERS) {
                groupsDone++;
                continue; // created with every member: done, without looking further
            }
            GroupEnrolment group = new GroupEnrolment(g, settings.groupOwner() != null ? settings.groupOwner()
                    : g.owner(), history);
            if (!group.done()) {
                groupsOut++;
                Job first = group.needsCreation() ? createJob(group) : inviteOrFinish(group, true);
                if (first != null) {
                    dispatcher.schedule(first, loop.nowMillis());
                } else {
                    groupsOut--;
                    groupsDone++;
                }
            } else {
                groupsDone++;
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
                } else {
                    usersDone++;
                }
            }
            if (!batch.isEmpty()) {
                batchesOut++;
                dispatcher.schedule(registerJob(List.copyOf(batch)), loop.nowMillis());
            }
        }
    }

    private Job registerJob(List<UserId> batch) {
        Job job = new Job(Action.USER_REGISTER, "users " + batch.get(0) + "…", jobs++, g -> g.registerUsers(batch), value -> {
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
            return null;
        });
        job.users = batch.size();
        return job;
    }

    private Job createJob(GroupEnrolment group) {
        ZimGateway.NewGroup request = group.creation();
        return new Job(Action.CREATE_GROUP, group.subject(), jobs++, g -> g.createGroup(request), value -> {
            if (group.created(((ZimGateway.GroupCreation) value).alreadyExisted())) {
                journal.add(new JournalEntry.Provisioned(group.subject()));
            }
            return inviteOrFinish(group, false);
        });
    }

    /** The group's next invitation, paced for its group; or null when every member was sent (the group settles). */
    private Job inviteOrFinish(GroupEnrolment group, boolean resuming) {
        if (resuming) {
            group.resumeInvitations();
        }
        if (!group.hasMoreToInvite()) {
            groupPacer.forget(group.id());
            if (group.completes()) {
                journal.add(new JournalEntry.Provisioned(group.subject()));
            }
            if (group.finished()) {
                listener.onEvent(new MigrationEvent.Provisioned(group.subject()));
            }
            return null;
        }
        ZimGateway.Invitation invitation = group.nextInvitation();
        Job job = new Job(Action.INVITE_USERS_INTO_GROUP, group.subject(), jobs++, g -> g.inviteUsers(invitation),
                value -> {
                    List<UserRefused> refused = ((ZimGateway.Invited) value).refused();
                    for (UserRefused r : refused) {
                        listener.onEvent(new MigrationEvent.ProvisionFailed("user:" + r.user().value() + " in "
                                + group.subject(), r.code(), r.reason()));
                    }
                    String progress = group.invited(refused.size());
                    if (progress != null) {
                        journal.add(new JournalEntry.Provisioned(progress));
                    }
                    return inviteOrFinish(group, false);
                });
        job.group = group.id();
        job.readyAt = groupPacer.nextSlot(group.id(), loop.nowMillis());
        return job;
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
            loop.runUntil(Math.min(dispatcher.nextWake(now), now + 1000));
            journal.flush();
            report(loop.nowMillis(), false);
        }
        while (dispatcher.inFlight() > 0) {
            loop.runUntil(loop.nowMillis() + 1000);
            journal.flush();
        }
    }

    private void onOutcome(Job job, Outcome<Object> outcome) {
        job.out = false;
        long now = loop.nowMillis();
        dispatcher.answered(job, job.action, job.sentAt, now);
        Pacer pacer = run.pacers().of(job.action);
        boolean groupLimit = outcome instanceof Outcome.RetryLater<?> l && l.code() != null
                && l.code() == GroupPacer.GROUP_LIMIT;
        if (job.group != null) {
            groupPacer.answered(job.group, now, groupLimit);
        }
        if (outcome instanceof Outcome.Done<Object> done) {
            pacer.succeeded();
            Job next = job.onDone.apply(done.value());
            if (next != null) {
                dispatcher.schedule(next, now);
                return;
            }
        } else if (outcome instanceof Outcome.Rejected<?> r) {
            listener.onEvent(new MigrationEvent.ProvisionFailed(job.subject, r.code(), r.message()));
        } else if (outcome instanceof Outcome.Fatal<?> f) {
            run.requestStop(OutcomePolicy.fatal(f.code(), f.message()));
        } else {
            // Not done, or not known to be: registering and creating are safe to repeat, so both are tried again.
            if (outcome instanceof Outcome.RetryLater<?> l && l.throttled() && !groupLimit) {
                pacer.throttled(); // the group-level limit slowed only that group's invitations (GroupPacer)
            }
            job.readyAt = loop.nowMillis() + settings.backoff().delay(++job.failures, settings.jitter());
            if (job.group != null) {
                job.readyAt = Math.max(job.readyAt, groupPacer.nextSlot(job.group, now));
            }
            dispatcher.schedule(job, loop.nowMillis());
            return;
        }
        if (job.action == Action.USER_REGISTER) {
            batchesOut--; // this batch is settled: the next one may be scheduled
            usersDone += job.users;
            scheduleMoreUsers();
        } else {
            groupsOut--; // this group is settled (done, or failed and reported)
            groupsDone++;
            scheduleMoreGroups();
        }
    }
}
