package io.zimmigrate.core.engine.sim;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.QueryPeerMsgRequest;
import io.zimmigrate.core.wire.UserRegisterRequest;
import io.zimmigrate.core.wire.ZimResponses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * ZIM in the simulated world: a request arrives {@link #ONE_WAY} ms after it is sent, is judged and stored on
 * arrival, and its answer comes back after a random delay. Faults are seeded: busy answers, lost answers (stored,
 * then no answer), requests lost before arrival, and a per-second cap per action like ZIM's.
 */
public final class SimulatedZim implements ZimGateway {
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
    private long throttled;
    private ReadBack readBack = ReadBack.DOCUMENTED;

    public SimulatedZim(SimWorld world, long seed, int qps, Faults faults) {
        this.world = world;
        this.random = new SplittableRandom(seed);
        this.qps = qps;
        this.faults = faults;
    }

    public void setReadBack(ReadBack readBack) {
        this.readBack = readBack;
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

    private <T> CompletionStage<Outcome<T>> call(String action, boolean isImport, Supplier<Outcome<T>> onArrival) {
        CompletableFuture<Outcome<T>> answer = new CompletableFuture<>();
        double roll = random.nextDouble();
        long back = 5 + random.nextLong(60);
        world.schedule(world.now() + ONE_WAY, () -> {
            if (isImport && roll < faults.lostRequest()) {
                world.schedule(world.now() + back, () -> answer.complete(new Outcome.Unknown<>("timed out")));
                return;
            }
            requests.merge(action, 1, Integer::sum);
            long second = Math.floorDiv(world.now(), 1000);
            int inSecond = arrivalsPerSecond.computeIfAbsent(action, a -> new HashMap<>()).merge(second, 1, Integer::sum);
            Outcome<T> outcome;
            if (qps > 0 && inSecond > qps) {
                throttled++;
                outcome = new Outcome.RetryLater<>(660300005L, "over the cap", true);
            } else if (roll < faults.lostRequest() + faults.busy()) {
                outcome = new Outcome.RetryLater<>(1L, "busy");
            } else {
                outcome = onArrival.get();
                if (isImport && outcome instanceof Outcome.Done<T>
                        && roll < faults.lostRequest() + faults.busy() + faults.lostAnswer()) {
                    outcome = new Outcome.Unknown<>("connection closed before the answer");
                }
            }
            Outcome<T> result = outcome;
            world.schedule(world.now() + back, () -> answer.complete(result));
        });
        return answer;
    }

    private Outcome<ImportReceipt> store(String timeline, String sender, int type, String body) {
        if (body.contains(POISON)) {
            return new Outcome.Rejected<>(660000002L, "input parameter error");
        }
        List<Stored> list = timelines.computeIfAbsent(timeline, k -> new ArrayList<>());
        long seq = list.size() + 1;
        list.add(new Stored(sender, type, body, seq));
        return new Outcome.Done<>(new ImportReceipt(seq, timeline.startsWith("p:") ? "m" + seq : null));
    }

    @Override
    public CompletionStage<Outcome<ImportReceipt>> importGroupMessage(ImportGroupMsgRequest r) {
        String key = new Timeline.GroupTimeline(new GroupId(r.groupId())).key();
        return call("ImportGroupMsg", true, () -> store(key, r.fromUserId(), r.messageType(), r.messageBody().message()));
    }

    @Override
    public CompletionStage<Outcome<ImportReceipt>> importPeerMessage(ImportPeerMsgRequest r) {
        String other = r.importedUserId().equals(r.fromUserId()) ? r.toUserId() : r.fromUserId();
        String key = new Timeline.PeerTimeline(new UserId(r.importedUserId()), new UserId(other)).key();
        return call("ImportPeerMsg", true, () -> store(key, r.fromUserId(), r.messageType(), r.messageBody().message()));
    }

    @Override
    public CompletionStage<Outcome<Registration>> registerUsers(UserRegisterRequest r) {
        return call("UserRegister", false, () -> {
            r.userInfo().forEach(u -> users.add(u.userId()));
            return new Outcome.Done<>(new Registration(List.of()));
        });
    }

    @Override
    public CompletionStage<Outcome<GroupCreation>> createGroup(CreateGroupRequest r) {
        return call("CreateGroup", false, () -> new Outcome.Done<>(
                new GroupCreation(r.groupId(), !groups.add(r.groupId()), List.of())));
    }

    @Override
    public CompletionStage<Outcome<MessagePage>> queryGroupMessages(QueryGroupMsgRequest r) {
        String key = new Timeline.GroupTimeline(new GroupId(r.groupId())).key();
        return call("QueryGroupMsg", false, () -> page(key, r.limit()));
    }

    @Override
    public CompletionStage<Outcome<MessagePage>> queryPeerMessages(QueryPeerMsgRequest r) {
        String key = new Timeline.PeerTimeline(new UserId(r.fromUserId()), new UserId(r.toUserId())).key();
        return call("QueryPeerMsg", false, () -> page(key, r.limit()));
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

    private Outcome<MessagePage> page(String key, int limit) {
        List<Stored> list = timeline(key);
        List<ZimResponses.QueriedMessage> out = new ArrayList<>();
        for (int i = list.size() - 1; i >= 0 && out.size() < limit; i--) {
            Stored s = list.get(i);
            out.add(new ZimResponses.QueriedMessage(s.sender(), s.type(), null, readBack(s.type(), s.body()), s.msgSeq(),
                    s.msgSeq(), null, 0, 0));
        }
        return new Outcome.Done<>(new MessagePage(out, 0));
    }
}
