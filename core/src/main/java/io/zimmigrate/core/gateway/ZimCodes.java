package io.zimmigrate.core.gateway;

import static io.zimmigrate.core.gateway.Verdict.ALREADY_DONE;
import static io.zimmigrate.core.gateway.Verdict.DONE;
import static io.zimmigrate.core.gateway.Verdict.FATAL;
import static io.zimmigrate.core.gateway.Verdict.REJECTED;
import static io.zimmigrate.core.gateway.Verdict.RESIGN;
import static io.zimmigrate.core.gateway.Verdict.RESIGN_ONCE_THEN_FATAL;
import static io.zimmigrate.core.gateway.Verdict.RETRY_LATER;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table that says what each ZIM return code means for zim-migrate. Every gateway, whatever its transport,
 * classifies through it (via {@link ZimProtocolGateway}), so two transports can never disagree about a code.
 *
 * <p>Covers every code in ZIM's global return-code page (zim-api.md §2, English and Chinese) and the per-API codes of
 * the calls zim-migrate makes. Principles behind the choices:
 * <ul>
 *   <li>Any answer carrying a non-zero {@code Code} means ZIM looked at the request and did not apply it, so nothing
 *       here can duplicate a message; the only question is whether sending it again could ever work.</li>
 *   <li>Server faults and rate limits are {@link Verdict#RETRY_LATER}; the engine backs off and caps its retries.</li>
 *   <li>Errors that every further request would hit too (credentials, app configuration, plan, a malformed common
 *       parameter, which is a bug here) are {@link Verdict#FATAL}: carrying on would only burn the rate limit.</li>
 *   <li>Errors about this one request's content or targets are {@link Verdict#REJECTED}.</li>
 *   <li><b>A code not in this table</b> is {@link #UNLISTED_CODE_VERDICT} = {@link Verdict#REJECTED}: ZIM answered,
 *       so it was not applied and rejecting cannot duplicate; the code reaches the report, where a person can see
 *       it, instead of being retried blindly forever.</li>
 * </ul>
 */
public final class ZimCodes {

    /** What an unlisted non-zero code means; see the class comment for why. */
    public static final Verdict UNLISTED_CODE_VERDICT = REJECTED;

    /** Success. */
    public static final long SUCCESS = 0;
    /**
     * The code in a {@link io.zimmigrate.core.port.Outcome.Rejected} when the refusal was a bare HTTP status (no
     * ZIM answer, see {@link BareStatuses}); the status is in the message. ZIM's own codes are never negative.
     */
    public static final long NO_ZIM_CODE = -1;
    public static final long SIGNATURE_EXPIRED = 100000004L;
    public static final long SIGNATURE_INVALID = 100000005L;
    public static final long GROUP_ALREADY_EXISTS = 660600011L;
    public static final long USER_ALREADY_REGISTERED = 660700002L;

    /** One row: a code, what it means (paraphrased from ZIM's docs), and what zim-migrate does with it. */
    public record Entry(long code, Verdict verdict, String meaning, boolean throttle) {}

    private static final Map<Long, Entry> TABLE = build();

    private ZimCodes() {}

    private static Map<Long, Entry> build() {
        Map<Long, Entry> t = new LinkedHashMap<>();
        // Global codes.
        row(t, 0, DONE, "success");
        row(t, 1, RETRY_LATER, "request failed, server busy");
        row(t, 2, REJECTED, "input parameter error");
        row(t, 3, FATAL, "authentication failed");
        throttle(t, 7, "requests per second over the system limit");
        row(t, 50014, REJECTED, "UserName longer than 256 bytes");
        row(t, 51102, REJECTED, "user does not exist (never logged in)");
        // A failed database request is a server fault; the engine caps how often it retries.
        row(t, 105001, RETRY_LATER, "database request failed");
        // Gateway (10000xxxx) codes: about the URL and common parameters, identical for every request.
        row(t, 100000000, FATAL, "bad Host in the URL: check the endpoint");
        row(t, 100000001, FATAL, "AppId format error: check the AppId");
        row(t, 100000002, FATAL, "Timestamp empty");
        row(t, 100000003, FATAL, "Timestamp malformed");
        row(t, SIGNATURE_EXPIRED, RESIGN, "signature expired: check the clock (ZIM tolerates 10 minutes of skew)");
        row(t, SIGNATURE_INVALID, RESIGN_ONCE_THEN_FATAL,
                "signature invalid: check the AppId and the ServerSecret");
        row(t, 100000006, FATAL, "Action empty");
        row(t, 100000007, FATAL, "Action not supported by this endpoint");
        row(t, 100000008, FATAL, "SignatureNonce empty");
        row(t, 100000009, FATAL, "Signature empty");
        row(t, 100000010, RETRY_LATER, "ZIM could not load the ServerSecret (internal)");
        row(t, 100000011, RETRY_LATER, "ZIM could not load the app configuration (internal)");
        row(t, 100000012, RETRY_LATER, "ZIM could not read the HTTP body (internal)");
        row(t, 100000013, FATAL, "SignatureVersion empty");
        row(t, 100000014, FATAL, "SignatureVersion not supported");
        row(t, 100000015, RETRY_LATER, "ZIM gateway internal error");
        row(t, 100000016, FATAL, "app not configured for the production environment");
        row(t, 100000017, FATAL, "app not enabled for this service");
        // ZIM business codes.
        row(t, 660000001, RETRY_LATER, "general business error (server side)");
        row(t, 660000002, REJECTED, "input parameter error");
        row(t, 660000003, RETRY_LATER, "logic processing error (server side)");
        row(t, 660000011, REJECTED, "user count over the plan limit");
        row(t, 660000012, REJECTED, "UserId longer than 32 bytes");
        // The plan lacks the feature: every further call of this kind fails the same way.
        row(t, 660000028, FATAL, "feature not available on the free edition");
        row(t, 660200001, REJECTED, "user does not exist, logged out, or never logged in");
        throttle(t, 660300005, "call frequency over the AppID-level limit");
        throttle(t, 660300006, "call frequency over the group-level limit");
        row(t, 660300019, REJECTED, "group attribute error");
        row(t, 660400001, REJECTED, "message larger than the limit");
        row(t, 660500002, REJECTED, "sender not registered (register the user first)");
        row(t, 660500004, REJECTED, "text moderation request error");
        row(t, 660500005, REJECTED, "text rejected by moderation");
        row(t, 660500006, REJECTED, "image moderation request error");
        row(t, 660500007, REJECTED, "image rejected by moderation");
        row(t, 660600001, REJECTED, "group does not exist (create it first)");
        row(t, 660600009, REJECTED, "could not get the group's information (it may not exist)");
        throttle(t, 660600010, "CreateGroup call frequency exceeded");
        row(t, GROUP_ALREADY_EXISTS, ALREADY_DONE, "group already exists");
        row(t, 660600012, REJECTED, "group count over the plan limit");
        row(t, 660600013, REJECTED, "group owner does not exist");
        row(t, 660600014, RETRY_LATER, "could not update the owner's group list (server side)");
        row(t, 660600015, RETRY_LATER, "database error while creating the group (server side)");
        row(t, 660600016, REJECTED, "too many members at creation (at most 100)");
        row(t, 660600017, REJECTED, "a user could not join the group at creation");
        row(t, 660600019, REJECTED, "too many group attributes");
        row(t, 660600020, REJECTED, "group attribute key or value length error");
        row(t, 660600021, REJECTED, "send-message parameter error");
        row(t, 660600023, REJECTED, "message longer than the limit");
        row(t, 660600024, REJECTED, "user not in the group");
        row(t, 660600028, REJECTED, "group creation error");
        throttle(t, 660700001, "UserRegister call frequency exceeded");
        row(t, USER_ALREADY_REGISTERED, ALREADY_DONE, "user already registered");
        row(t, 660700006, REJECTED, "UserName longer than 256 bytes");
        row(t, 660700007, REJECTED, "UserAvatar URL longer than 500 bytes");
        row(t, 660700012, REJECTED, "user does not exist");
        row(t, 660700015, REJECTED, "user not registered");
        row(t, 660800046, REJECTED, "timestamp later than the current time");
        return Collections.unmodifiableMap(t);
    }

    private static void row(Map<Long, Entry> t, long code, Verdict verdict, String meaning) {
        put(t, new Entry(code, verdict, meaning, false));
    }

    /** A rate limit: retry later, and send this action's requests more slowly. */
    private static void throttle(Map<Long, Entry> t, long code, String meaning) {
        put(t, new Entry(code, RETRY_LATER, meaning, true));
    }

    private static void put(Map<Long, Entry> t, Entry e) {
        long code = e.code();
        if (t.put(code, e) != null) {
            throw new IllegalStateException("code " + code + " listed twice");
        }
    }

    /** What {@code code} means; unlisted codes get {@link #UNLISTED_CODE_VERDICT}. */
    public static Verdict verdictOf(long code) {
        Entry e = TABLE.get(code);
        return e == null ? UNLISTED_CODE_VERDICT : e.verdict();
    }

    /** Whether {@code code} is a rate limit (the throttle column): the pacer slows down on these only. */
    public static boolean isThrottle(long code) {
        Entry e = TABLE.get(code);
        return e != null && e.throttle();
    }

    /** The table row for {@code code}, if it is listed. */
    public static Optional<Entry> entry(long code) {
        return Optional.ofNullable(TABLE.get(code));
    }

    /** Every listed code, in the order of ZIM's return-code page. */
    public static Map<Long, Entry> table() {
        return TABLE;
    }
}
