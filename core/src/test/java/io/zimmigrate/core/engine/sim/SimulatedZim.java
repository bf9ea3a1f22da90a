package io.zimmigrate.core.engine.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.gateway.Patience;
import io.zimmigrate.core.gateway.TransportResult;
import io.zimmigrate.core.gateway.ZimProtocolGateway;
import io.zimmigrate.core.gateway.ZimTransport;
import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.wire.ZimJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;


/**
 * ZIM in the simulated world, as a {@link ZimTransport}: the engine reaches it through the real
 * {@link ZimProtocolGateway} ({@link #gateway()}), so signing, encoding and the code table are exercised as in
 * production. A request arrives {@link #ONE_WAY} ms after it is sent, is judged and stored on arrival, and its answer
 * (ZIM's JSON) comes back after a random delay. Faults are seeded: busy answers (code 1), lost answers (stored, then
 * no answer), requests lost before arrival, and a per-second cap per action like ZIM's (660300005). Groups keep their
 * members (CreateGroup's owner and {@code UserId}s, then InviteUsersIntoGroup's), and invitations into one group are
 * capped at one per wall-clock second as ZIM documents (660300006, the group-level limit). What ZIM holds and does
 * with a request that arrived is {@link SimZimStore}'s; this class is the way there and back.
 */
public final class SimulatedZim implements ZimTransport {
    public static final long ONE_WAY = 10;
    public static final String POISON = "REJECT-ME";

    public record Stored(String sender, int type, String body, long msgSeq) {}

    /**
     * How media bodies come back from a read-back: ZIM's documented form (URL-encoded snake_case JSON, zim-api.md
     * §6) or exactly as they were sent, as some servers do. Text comes back as sent either way.
     */
    public enum ReadBack { DOCUMENTED, AS_SENT, UNREADABLE }

    public record Faults(double busy, double lostAnswer, double lostRequest) {
        public static Faults none() {
            return new Faults(0, 0, 0);
        }
    }

    private final SimWorld world;
    private final SplittableRandom random;
    private final int qps;
    private Faults faults;
    /** What ZIM holds and does with a request that arrived: timelines, users, groups, invitations, pages. */
    private final SimZimStore store;
    private final Map<String, Map<Long, Integer>> arrivalsPerSecond = new HashMap<>();
    private final Map<String, Integer> requests = new HashMap<>();
    private long throttled;
    private long oneWay = ONE_WAY;
    private long backMin = 5;
    private long backSpread = 60;
    private long oneWayJitter;
    private final Map<String, List<Long>> arrivals = new HashMap<>();
    private final Map<String, Integer> outstanding = new HashMap<>();
    private int mostOutstandingOnATimeline;
    private double lateShare;
    private long mostLateMillis;
    private int lateLandings;

    public SimulatedZim(SimWorld world, long seed, int qps, Faults faults) {
        this.world = world;
        this.random = new SplittableRandom(seed);
        this.qps = qps;
        this.faults = faults;
        this.store = new SimZimStore(world);
    }

    public void setReadBack(ReadBack readBack) {
        store.setReadBack(readBack);
    }

    /**
     * How long a request takes: {@code oneWay} ms to arrive, then its answer {@code backMin} + [0, {@code backSpread})
     * ms later (default 10, 5, 60: a round trip of 15 to 75 ms).
     */
    public void setLatency(long oneWay, long backMin, long backSpread) {
        this.oneWay = oneWay;
        this.backMin = backMin;
        this.backSpread = backSpread;
    }

    /** Each request takes up to {@code millis} longer to arrive (uniform), as on a loaded machine or network. */
    public void setArrivalJitter(long millis) {
        this.oneWayJitter = millis;
    }

    /**
     * Of the import requests the client gives up on before they arrive ({@link Faults#lostRequest()}), the share
     * {@code share} is not lost but held inside ZIM (a queue, a slow node) and applied up to {@code mostLateMillis}
     * ms after it arrived (uniform, at least 1 ms), long after the client saw it time out: ZIM has no idempotency
     * key, so such a request lands whenever it is applied. It is counted against the cap when it arrives.
     */
    public void setLateLanding(double share, long mostLateMillis) {
        this.lateShare = share;
        this.mostLateMillis = mostLateMillis;
    }

    /** How many requests were applied late so far ({@link #setLateLanding}). */
    public int lateLandings() {
        return lateLandings;
    }

    /** When each request of {@code action} arrived, in order. */
    public List<Long> arrivals(String action) {
        return arrivals.getOrDefault(action, List.of());
    }

    /** The most requests of {@code action} that arrived within any 1,000 ms (a sliding window, not just whole seconds). */
    public int busiestSlidingSecond(String action) {
        List<Long> a = arrivals(action);
        int most = 0;
        for (int i = 0, j = 0; i < a.size(); i++) {
            while (a.get(i) - a.get(j) >= 1000) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    /** The most import requests one timeline ever had out at once (sent and not answered yet), as the client sees it. */
    public int mostOutstandingOnATimeline() {
        return mostOutstandingOnATimeline;
    }

    public void setFaults(Faults faults) {
        this.faults = faults;
    }

    public int requests(String action) {
        return requests.getOrDefault(action, 0);
    }

    public int totalRequests() {
        return requests.values().stream().mapToInt(Integer::intValue).sum();
    }

    public long throttledAnswers() {
        return throttled;
    }

    /** The most requests of {@code action} that arrived within one wall-clock second. */
    public int busiestSecond(String action) {
        return arrivalsPerSecond.getOrDefault(action, Map.of()).values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    // ---- what ZIM holds (SimZimStore) ------------------------------------------------------------------------

    public List<Stored> timeline(String key) {
        return store.timeline(key);
    }

    public Set<String> timelineKeys() {
        return store.timelineKeys();
    }

    /** Each page read back so far (QueryGroupMsg, QueryPeerMsg), as "timeline-key next", in the order answered. */
    public List<String> readBacks() {
        return store.readBacks();
    }

    public Set<String> users() {
        return store.users();
    }

    public Set<String> groups() {
        return store.groups();
    }

    /** How many group messages were stored from a user who was not a member of the group when it arrived. */
    public int groupMessagesFromNonMembers() {
        return store.groupMessagesFromNonMembers();
    }

    /** The members of {@code group}, its owner included (empty when it does not exist). */
    public Set<String> members(String group) {
        return store.members(group);
    }

    /** How many times {@code user} was named in an applied InviteUsersIntoGroup of {@code group}. */
    public int timesInvited(String group, String user) {
        return store.timesInvited(group, user);
    }

    /** The most users any one user was invited into any group (0 when nobody was). */
    public int mostInvitationsOfAUser() {
        return store.mostInvitationsOfAUser();
    }

    /** When each InviteUsersIntoGroup of {@code group} arrived, in order (throttled ones included). */
    public List<Long> inviteArrivals(String group) {
        return store.inviteArrivals(group);
    }

    /** A group made before the migration (by someone else), with these members only. */
    public void existingGroup(String group, String... memberIds) {
        store.existingGroup(group, memberIds);
    }

    /** Users InviteUsersIntoGroup refuses (SubCode 660700015) while they are in this set. */
    public Set<String> refusedInvitees() {
        return store.refusedInvitees();
    }

    /** Answers 660300006: invitations into one group more often than once per second. */
    public long groupThrottledAnswers() {
        return store.groupThrottledAnswers();
    }

    // ---- the way there and back: delays, faults, the cap per action ------------------------------------------

    /** A gateway over this simulated ZIM: core's own protocol, signing on the simulated clock. */
    public ZimGateway gateway() {
        Clock clock = new SimClock(world);
        RequestSigner signer = new RequestSigner(1, ServerSecret.of("0123456789abcdef0123456789abcdef"), clock,
                NonceSource.secure());
        return new ZimProtocolGateway(signer, this, Patience.defaults(), clock);
    }

    @Override
    public CompletionStage<TransportResult> post(String action, Map<String, String> query, byte[] body) {
        CompletableFuture<TransportResult> answer = new CompletableFuture<>();
        boolean isImport = action.startsWith("Import");
        double roll = random.nextDouble();
        long back = backMin + (backSpread > 0 ? random.nextLong(backSpread) : 0);
        String timeline = isImport ? timelineOf(action, read(body)) : null;
        if (timeline != null) {
            int out = outstanding.merge(timeline, 1, Integer::sum);
            mostOutstandingOnATimeline = Math.max(mostOutstandingOnATimeline, out);
            answer.whenComplete((r, e) -> outstanding.merge(timeline, -1, Integer::sum));
        }
        long arrival = world.now() + oneWay + (oneWayJitter > 0 ? random.nextLong(oneWayJitter + 1) : 0);
        // Drawn only when late landings are on, so every other simulation keeps its seeded sequence.
        long late = isImport && roll < faults.lostRequest() && lateShare > 0 && random.nextDouble() < lateShare
                ? 1 + random.nextLong(mostLateMillis) : 0;
        world.schedule(arrival, () -> {
            if (isImport && roll < faults.lostRequest()) {
                world.schedule(world.now() + back, () -> answer.complete(new TransportResult.MaybeSent("timed out")));
                if (late > 0) {
                    arrivedLate(action, body, late);
                }
                return;
            }
            TransportResult result;
            if (!arrived(action)) {
                result = answered(Map.of("Code", 660300005L, "Message", "over the cap"));
            } else if (action.equals("InviteUsersIntoGroup") && store.overGroupCap(read(body).path("GroupId").asText())) {
                result = answered(Map.of("Code", 660300006L, "Message", "group-level frequency limit"));
            } else if (roll < faults.lostRequest() + faults.busy()) {
                result = answered(Map.of("Code", 1, "Message", "busy"));
            } else {
                Map<String, Object> zim = store.onArrival(action, read(body));
                result = answered(zim);
                if (isImport && Long.valueOf(0).equals(((Number) zim.get("Code")).longValue())
                        && roll < faults.lostRequest() + faults.busy() + faults.lostAnswer()) {
                    result = new TransportResult.MaybeSent("connection closed before the answer");
                }
            }
            TransportResult r = result;
            world.schedule(world.now() + back, () -> answer.complete(r));
        });
        return answer;
    }

    /** A request the client gave up on: counted as it arrives (throttled if over the cap), applied {@code late} ms on. */
    private void arrivedLate(String action, byte[] body, long late) {
        if (!arrived(action)) {
            return;
        }
        world.schedule(world.now() + late, () -> {
            lateLandings++;
            store.onArrival(action, read(body));
        });
    }

    /** Counts a request arriving now; false (and counted as throttled) when it is over the cap. */
    private boolean arrived(String action) {
        requests.merge(action, 1, Integer::sum);
        List<Long> arrived = arrivals.computeIfAbsent(action, a -> new ArrayList<>());
        arrived.add(world.now());
        arrived.sort(null); // jitter can reorder arrivals
        long second = Math.floorDiv(world.now(), 1000);
        int inSecond = arrivalsPerSecond.computeIfAbsent(action, a -> new HashMap<>()).merge(second, 1, Integer::sum);
        if (qps > 0 && inSecond > qps) {
            throttled++;
            return false;
        }
        return true;
    }

    private static String timelineOf(String action, JsonNode b) {
        if (action.equals("ImportGroupMsg")) {
            return new Timeline.GroupTimeline(new GroupId(b.path("GroupId").asText())).key();
        }
        String from = b.path("FromUserId").asText();
        String owner = b.path("ImportedUserId").asText();
        return new Timeline.PeerTimeline(new UserId(owner), new UserId(owner.equals(from) ? b.path("ToUserId").asText()
                : from)).key();
    }

    private static JsonNode read(byte[] body) {
        try {
            return ZimJson.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the gateway sent a body that is not JSON", e);
        }
    }

    private static TransportResult answered(Map<String, Object> zim) {
        try {
            return new TransportResult.Answered(200, ZimJson.mapper().writeValueAsBytes(zim));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
