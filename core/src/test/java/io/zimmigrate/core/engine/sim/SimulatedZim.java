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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * capped at one per wall-clock second as ZIM documents (660300006, the group-level limit).
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
    private final Map<String, List<Stored>> timelines = new HashMap<>();
    private final Map<String, Map<Long, Integer>> arrivalsPerSecond = new HashMap<>();
    private final Map<String, Integer> requests = new HashMap<>();
    private final Set<String> users = new HashSet<>();
    private final Set<String> groups = new HashSet<>();
    private final Map<String, Set<String>> members = new HashMap<>();
    private int fromNonMembers;
    /** How many times each "group user" pair was named in an InviteUsersIntoGroup that ZIM applied. */
    private final Map<String, Integer> invitations = new HashMap<>();
    private final Map<String, List<Long>> invitesByGroup = new HashMap<>();
    private long groupThrottled;
    private final Set<String> refusedInvitees = new HashSet<>();
    private long throttled;
    private ReadBack readBack = ReadBack.DOCUMENTED;
    private long oneWay = ONE_WAY;
    private long backMin = 5;
    private long backSpread = 60;
    private long oneWayJitter;
    private final Map<String, List<Long>> arrivals = new HashMap<>();
    private final Map<String, Integer> outstanding = new HashMap<>();
    /** Each page read back, as "timeline next", in the order the queries were answered. */
    private final List<String> readBacks = new ArrayList<>();
    private int mostOutstandingOnATimeline;
    private double lateShare;
    private long mostLateMillis;
    private int lateLandings;

    public SimulatedZim(SimWorld world, long seed, int qps, Faults faults) {
        this.world = world;
        this.random = new SplittableRandom(seed);
        this.qps = qps;
        this.faults = faults;
    }

    public void setReadBack(ReadBack readBack) {
        this.readBack = readBack;
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

    public List<Stored> timeline(String key) {
        return timelines.getOrDefault(key, List.of());
    }

    public Set<String> timelineKeys() {
        return timelines.keySet();
    }

    /** Each page read back so far (QueryGroupMsg, QueryPeerMsg), as "timeline-key next", in the order answered. */
    public List<String> readBacks() {
        return List.copyOf(readBacks);
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

    public Set<String> users() {
        return users;
    }

    public Set<String> groups() {
        return groups;
    }

    /** How many group messages were stored from a user who was not a member of the group when it arrived. */
    public int groupMessagesFromNonMembers() {
        return fromNonMembers;
    }

    /** The members of {@code group}, its owner included (empty when it does not exist). */
    public Set<String> members(String group) {
        return members.getOrDefault(group, Set.of());
    }

    /** How many times {@code user} was named in an applied InviteUsersIntoGroup of {@code group}. */
    public int timesInvited(String group, String user) {
        return invitations.getOrDefault(group + " " + user, 0);
    }

    /** The most users any one user was invited into any group (0 when nobody was). */
    public int mostInvitationsOfAUser() {
        return invitations.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** When each InviteUsersIntoGroup of {@code group} arrived, in order (throttled ones included). */
    public List<Long> inviteArrivals(String group) {
        return invitesByGroup.getOrDefault(group, List.of());
    }

    /** A group made before the migration (by someone else), with these members only. */
    public void existingGroup(String group, String... memberIds) {
        groups.add(group);
        members.computeIfAbsent(group, g -> new HashSet<>()).addAll(List.of(memberIds));
    }

    /** Users InviteUsersIntoGroup refuses (SubCode 660700015) while they are in this set. */
    public Set<String> refusedInvitees() {
        return refusedInvitees;
    }

    /** Answers 660300006: invitations into one group more often than once per second. */
    public long groupThrottledAnswers() {
        return groupThrottled;
    }

    /** A gateway over this simulated ZIM: core's own protocol, signing on the simulated clock. */
    public ZimGateway gateway() {
        Clock clock = new Clock() {
            @Override
            public long millis() {
                return world.now();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(world.now());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
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
            } else if (action.equals("InviteUsersIntoGroup") && overGroupCap(read(body).path("GroupId").asText())) {
                groupThrottled++;
                result = answered(Map.of("Code", 660300006L, "Message", "group-level frequency limit"));
            } else if (roll < faults.lostRequest() + faults.busy()) {
                result = answered(Map.of("Code", 1, "Message", "busy"));
            } else {
                Map<String, Object> zim = onArrival(action, read(body));
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
            onArrival(action, read(body));
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

    /** What ZIM does with a request that arrived, and its answer's fields. */
    private Map<String, Object> onArrival(String action, JsonNode b) {
        return switch (action) {
            case "ImportGroupMsg" -> {
                if (!members(b.path("GroupId").asText()).contains(b.path("FromUserId").asText())) {
                    fromNonMembers++; // real ZIM may refuse it (660600024, as the emulator does with requireProvisioned)
                }
                yield store(new Timeline.GroupTimeline(new GroupId(b.path("GroupId").asText())).key(), b);
            }
            case "ImportPeerMsg" -> {
                String from = b.path("FromUserId").asText();
                String owner = b.path("ImportedUserId").asText();
                String other = owner.equals(from) ? b.path("ToUserId").asText() : from;
                yield store(new Timeline.PeerTimeline(new UserId(owner), new UserId(other)).key(), b);
            }
            case "UserRegister" -> {
                b.path("UserInfo").forEach(u -> users.add(u.path("UserId").asText()));
                yield ok(Map.of("ErrorList", List.of()));
            }
            case "CreateGroup" -> createGroup(b);
            case "InviteUsersIntoGroup" -> invite(b);
            case "QueryGroupMsg" -> page(new Timeline.GroupTimeline(new GroupId(b.path("GroupId").asText())).key(),
                    b.path("Limit").asInt(), b.path("Next").asLong());
            case "QueryPeerMsg" -> page(new Timeline.PeerTimeline(new UserId(b.path("FromUserId").asText()),
                    new UserId(b.path("ToUserId").asText())).key(), b.path("Limit").asInt(), b.path("Next").asLong());
            default -> throw new IllegalArgumentException("the simulated ZIM does not know " + action);
        };
    }

    /** ZIM adds the owner and the listed members when it creates the group, and nobody when it already exists. */
    private Map<String, Object> createGroup(JsonNode b) {
        String group = b.path("GroupId").asText();
        if (!groups.add(group)) {
            return Map.of("Code", 660600011L, "Message", "group already exists", "RequestId", "sim");
        }
        Set<String> in = members.computeIfAbsent(group, g -> new HashSet<>());
        in.add(b.path("GroupOwner").asText());
        b.path("UserId").forEach(u -> in.add(u.asText()));
        return ok(Map.of("GroupId", group));
    }

    /** Reads GroupMemberInfos (UserIds only when that is empty, as the spec says); a member added twice is one member. */
    private Map<String, Object> invite(JsonNode b) {
        String group = b.path("GroupId").asText();
        if (!groups.contains(group)) {
            return Map.of("Code", 660600001L, "Message", "group does not exist", "RequestId", "sim");
        }
        List<String> users = new ArrayList<>();
        JsonNode infos = b.path("GroupMemberInfos");
        if (infos.isArray() && !infos.isEmpty()) {
            infos.forEach(i -> users.add(i.path("UserId").asText()));
        } else {
            b.path("UserIds").forEach(u -> users.add(u.asText()));
        }
        if (users.isEmpty() || users.size() > 100) {
            return Map.of("Code", 660000002L, "Message", "1 to 100 users", "RequestId", "sim");
        }
        List<Map<String, Object>> refused = new ArrayList<>();
        for (String u : users) {
            if (refusedInvitees.contains(u)) {
                refused.add(Map.of("UserId", u, "SubCode", 660700015L));
                continue;
            }
            members.computeIfAbsent(group, g -> new HashSet<>()).add(u);
            invitations.merge(group + " " + u, 1, Integer::sum);
        }
        return ok(Map.of("ErrorUsers", refused));
    }

    /** Records an invitation into {@code group} and says whether another one arrived in the same wall-clock second. */
    private boolean overGroupCap(String group) {
        List<Long> at = invitesByGroup.computeIfAbsent(group, g -> new ArrayList<>());
        long second = Math.floorDiv(world.now(), 1000);
        boolean over = at.stream().anyMatch(t -> Math.floorDiv(t, 1000) == second);
        at.add(world.now());
        return over;
    }

    private Map<String, Object> store(String timeline, JsonNode b) {
        String body = b.path("MessageBody").path("Message").asText();
        if (body.contains(POISON)) {
            return Map.of("Code", 660000002L, "Message", "input parameter error", "RequestId", "sim");
        }
        List<Stored> list = timelines.computeIfAbsent(timeline, k -> new ArrayList<>());
        long seq = list.size() + 1;
        list.add(new Stored(b.path("FromUserId").asText(), b.path("MessageType").asInt(), body, seq));
        return timeline.startsWith("p:") ? ok(Map.of("MsgSeq", seq, "MsgId", "m" + seq)) : ok(Map.of("MsgSeq", seq));
    }

    private static Map<String, Object> ok(Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put("Code", 0);
        out.put("Message", "success");
        out.put("RequestId", "sim");
        return out;
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

    /** A media body in the read-back form this ZIM uses (the documented one keeps file name and URL only). */
    private String readBack(int type, String body) {
        if (readBack == ReadBack.AS_SENT || type < 11 || type > 14) {
            return body;
        }
        if (readBack == ReadBack.UNREADABLE) {
            return "%7B%22mystery%22%3A1%7D";
        }
        try {
            com.fasterxml.jackson.databind.JsonNode in = io.zimmigrate.core.wire.ZimJson.mapper().readTree(body);
            com.fasterxml.jackson.databind.node.ObjectNode out = io.zimmigrate.core.wire.ZimJson.mapper().createObjectNode();
            out.put("file_name", in.path("FileName").asText());
            out.put("download_url", type == 11 ? in.path("Origin").path("Url").asText() : in.path("Url").asText());
            if (in.has("Size")) {
                out.put("file_size", in.path("Size").asText());
            }
            return java.net.URLEncoder.encode(io.zimmigrate.core.wire.ZimJson.mapper().writeValueAsString(out),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Newest first from {@code next} (0: the newest); the answer's Next is the cursor of the following page, 0 at the end. */
    private Map<String, Object> page(String key, int limit, long next) {
        readBacks.add(key + " " + next);
        List<Stored> list = timeline(key);
        List<Map<String, Object>> out = new ArrayList<>();
        int from = next <= 0 ? list.size() - 1 : (int) Math.min(next - 1, list.size()) - 1;
        long last = 0;
        for (int i = from; i >= 0 && out.size() < limit; i--) {
            Stored st = list.get(i);
            out.add(Map.of("Sender", st.sender(), "MsgType", st.type(), "MsgBody", readBack(st.type(), st.body()),
                    "MsgId", st.msgSeq(), "MsgSeq", st.msgSeq(), "MsgTime", 0, "IsEmpty", 0));
            last = st.msgSeq();
        }
        return ok(Map.of("Next", last <= 1 ? 0 : last, "List", out));
    }
}
