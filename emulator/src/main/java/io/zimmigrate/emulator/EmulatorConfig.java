package io.zimmigrate.emulator;

import io.zimmigrate.core.rules.Limits;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.signing.ServerSecret;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How an emulator behaves: which app and secret it accepts, its request cap, its plan's retention, whether users
 * and groups must be provisioned first, and the faults it makes. Built with {@link #builder()}; immutable.
 * {@link #toString()} never shows the secret.
 */
public final class EmulatorConfig {
    /** ZIM's documented cap for every API this emulator speaks: 20 requests per second per app. */
    public static final int DEFAULT_QPS = 20;
    /**
     * Members a group may have: ZIM's Enterprise plan's default (Pro: 200, Free: 20; both adjustable by ZEGO, PRICE in
     * zim-api.md §5).
     */
    public static final int DEFAULT_MAX_GROUP_MEMBERS = 2_000;
    /** InviteUsersIntoGroup calls accepted per group per second (add-group-members.yaml: "1 time/s, group-level"). */
    public static final int DEFAULT_INVITES_PER_GROUP_PER_SECOND = 1;
    /** ZIM tolerates this much difference between the caller's Timestamp and its own clock (zim-api.md §1). */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    /** What ZIM answers to a Timestamp outside the tolerance: 100000004, "signature expired" (zim-api.md §2). */
    public static final long SIGNATURE_EXPIRED = 100_000_004L;
    /** The other reading of ZIM's return-code page, where an expired signature is reported as "invalid". */
    public static final long SIGNATURE_INVALID = 100_000_005L;

    private final int port;
    private final long appId;
    private final ServerSecret secret;
    private final int qps;
    private final int retentionDays;
    private final boolean requireProvisioned;
    private final Faults faults;
    private final long seed;
    private final Clock clock;
    private final Duration answerDelay;
    private final int maxMessageBytes;
    private final boolean allowSpaceInIds;
    private final boolean allowMultiItem;
    private final Duration maxClockSkew;
    private final long expiredSignatureCode;
    private final MediaReadBack mediaReadBack;
    private final int maxGroupMembers;
    private final int invitesPerGroupPerSecond;

    private EmulatorConfig(Builder b) {
        this.port = b.port;
        this.appId = b.appId;
        this.secret = b.secret;
        this.qps = b.qps;
        this.retentionDays = b.retentionDays;
        this.requireProvisioned = b.requireProvisioned;
        this.faults = b.faults;
        this.seed = b.seed;
        this.clock = b.clock;
        this.answerDelay = b.answerDelay;
        this.maxMessageBytes = b.maxMessageBytes;
        this.allowSpaceInIds = b.allowSpaceInIds;
        this.allowMultiItem = b.allowMultiItem;
        this.maxClockSkew = b.maxClockSkew;
        this.expiredSignatureCode = b.expiredSignatureCode;
        this.mediaReadBack = b.mediaReadBack;
        this.maxGroupMembers = b.maxGroupMembers;
        this.invitesPerGroupPerSecond = b.invitesPerGroupPerSecond;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port to listen on; 0 picks a free one (see {@link ZimEmulator#port()}). */
    public int port() {
        return port;
    }

    public long appId() {
        return appId;
    }

    public ServerSecret secret() {
        return secret;
    }

    /** Requests accepted per Action per wall-clock second; 0 means uncapped. */
    public int qps() {
        return qps;
    }

    public int retentionDays() {
        return retentionDays;
    }

    /** When true, senders and peers must be registered and groups created before messages are imported. */
    public boolean requireProvisioned() {
        return requireProvisioned;
    }

    /** The faults in force at start; {@link ZimEmulator#setFaults} changes them later. */
    public Faults faults() {
        return faults;
    }

    /** Seed of the emulator's own random source, which decides faults: same seed and requests, same faults. */
    public long seed() {
        return seed;
    }

    public Clock clock() {
        return clock;
    }

    /** Every answer waits this long before it is sent (a stand-in for network round-trip time). */
    public Duration answerDelay() {
        return answerDelay;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public boolean allowSpaceInIds() {
        return allowSpaceInIds;
    }

    /** Whether multi-item (type 10) messages are accepted; ZIM does not say, so the emulator takes them by default. */
    public boolean allowMultiItem() {
        return allowMultiItem;
    }

    /**
     * How far a request's Timestamp may be from the emulator's clock (either way) before the signature counts as
     * expired; default {@link #DEFAULT_MAX_CLOCK_SKEW}, ZIM's documented tolerance.
     */
    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    /**
     * The code answered for a Timestamp outside {@link #maxClockSkew()}: {@link #SIGNATURE_EXPIRED} (default, what
     * ZIM's code table says) or {@link #SIGNATURE_INVALID} (the English table lists "expired" as a reason for it
     * too), so clients can be tested against both readings.
     */
    public long expiredSignatureCode() {
        return expiredSignatureCode;
    }

    /**
     * The form in which queries return media and multi-item bodies: {@link MediaReadBack#DOCUMENTED} (default, ZIM's
     * documented form) or {@link MediaReadBack#AS_SENT}.
     */
    public MediaReadBack mediaReadBack() {
        return mediaReadBack;
    }

    /** The most members a group may have, its owner included; more are refused with 660000011. */
    public int maxGroupMembers() {
        return maxGroupMembers;
    }

    /** InviteUsersIntoGroup calls accepted per group per wall-clock second (more: 660300006); 0 means uncapped. */
    public int invitesPerGroupPerSecond() {
        return invitesPerGroupPerSecond;
    }

    @Override
    public String toString() {
        return "EmulatorConfig[port=" + port + ", appId=" + appId + ", secret=" + secret + ", qps=" + qps
                + ", retentionDays=" + retentionDays + ", requireProvisioned=" + requireProvisioned + ", faults=" + faults
                + ", seed=" + seed + ", answerDelay=" + answerDelay + ", maxMessageBytes=" + maxMessageBytes
                + ", allowSpaceInIds=" + allowSpaceInIds + ", allowMultiItem=" + allowMultiItem + ", maxClockSkew="
                + maxClockSkew + ", expiredSignatureCode=" + expiredSignatureCode + ", mediaReadBack=" + mediaReadBack
                + ", maxGroupMembers=" + maxGroupMembers + ", invitesPerGroupPerSecond=" + invitesPerGroupPerSecond + "]";
    }

    /** Collects the settings; {@link #build()} checks them and names the one that is wrong. */
    public static final class Builder {
        private int port;
        private long appId = -1;
        private ServerSecret secret;
        private int qps = DEFAULT_QPS;
        private int retentionDays = RuleSet.DEFAULT_RETENTION_DAYS;
        private boolean requireProvisioned;
        private Faults faults = Faults.none();
        private long seed;
        private Clock clock = Clock.systemUTC();
        private Duration answerDelay = Duration.ZERO;
        private int maxMessageBytes = Limits.MESSAGE_DEFAULT;
        private boolean allowSpaceInIds;
        private boolean allowMultiItem = true;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        private long expiredSignatureCode = SIGNATURE_EXPIRED;
        private MediaReadBack mediaReadBack = MediaReadBack.DOCUMENTED;
        private int maxGroupMembers = DEFAULT_MAX_GROUP_MEMBERS;
        private int invitesPerGroupPerSecond = DEFAULT_INVITES_PER_GROUP_PER_SECOND;

        private Builder() {}

        public Builder port(int v) { port = v; return this; }
        public Builder appId(long v) { appId = v; return this; }
        public Builder secret(ServerSecret v) { secret = v; return this; }
        public Builder qps(int v) { qps = v; return this; }
        public Builder retentionDays(int v) { retentionDays = v; return this; }
        public Builder requireProvisioned(boolean v) { requireProvisioned = v; return this; }
        public Builder faults(Faults v) { faults = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder answerDelay(Duration v) { answerDelay = v; return this; }
        public Builder maxMessageBytes(int v) { maxMessageBytes = v; return this; }
        public Builder allowSpaceInIds(boolean v) { allowSpaceInIds = v; return this; }
        public Builder allowMultiItem(boolean v) { allowMultiItem = v; return this; }
        public Builder maxClockSkew(Duration v) { maxClockSkew = v; return this; }
        public Builder expiredSignatureCode(long v) { expiredSignatureCode = v; return this; }
        public Builder mediaReadBack(MediaReadBack v) { mediaReadBack = v; return this; }
        public Builder maxGroupMembers(int v) { maxGroupMembers = v; return this; }
        public Builder invitesPerGroupPerSecond(int v) { invitesPerGroupPerSecond = v; return this; }

        public EmulatorConfig build() {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
            }
            if (appId < 0 || appId > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException(appId == -1 ? "appId is required"
                        : "appId must be an unsigned 32-bit number, not " + appId);
            }
            if (secret == null) {
                throw new IllegalArgumentException("secret is required");
            }
            if (qps < 0) {
                throw new IllegalArgumentException("qps must be 0 (uncapped) or more, not " + qps);
            }
            new RetentionWindow(retentionDays); // names the allowed range when out of it
            if (maxMessageBytes < 1 || maxMessageBytes > Limits.MESSAGE_MAX) {
                throw new IllegalArgumentException("maxMessageBytes must be between 1 and " + Limits.MESSAGE_MAX
                        + ", not " + maxMessageBytes);
            }
            Objects.requireNonNull(faults, "faults");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(answerDelay, "answerDelay");
            if (answerDelay.isNegative()) {
                throw new IllegalArgumentException("answerDelay must not be negative, not " + answerDelay);
            }
            Objects.requireNonNull(mediaReadBack, "mediaReadBack");
            if (maxGroupMembers < 1) {
                throw new IllegalArgumentException("maxGroupMembers must be 1 or more, not " + maxGroupMembers);
            }
            if (invitesPerGroupPerSecond < 0) {
                throw new IllegalArgumentException("invitesPerGroupPerSecond must be 0 (uncapped) or more, not "
                        + invitesPerGroupPerSecond);
            }
            Objects.requireNonNull(maxClockSkew, "maxClockSkew");
            if (maxClockSkew.isNegative()) {
                throw new IllegalArgumentException("maxClockSkew must not be negative, not " + maxClockSkew);
            }
            if (expiredSignatureCode != SIGNATURE_EXPIRED && expiredSignatureCode != SIGNATURE_INVALID) {
                throw new IllegalArgumentException("expiredSignatureCode must be " + SIGNATURE_EXPIRED + " or "
                        + SIGNATURE_INVALID + ", not " + expiredSignatureCode);
            }
            return new EmulatorConfig(this);
        }
    }
}
