package io.zimmigrate.core.gateway;

/**
 * What an HTTP answer means when its body is not a ZIM answer (no JSON object with a numeric {@code Code}). ZIM
 * itself reports everything with a {@code Code}, so such an answer comes from something in between (a load
 * balancer, a proxy) or from a broken server. The rule: if whoever answered may have passed the request on to ZIM
 * first, it {@link Verdict#MAYBE_APPLIED may have been applied}.
 */
public final class BareStatuses {
    private BareStatuses() {}

    public static Verdict verdictOf(int status) {
        if (status >= 200 && status < 300) {
            // ZIM answered "OK" but not in its format: it may well have imported the message.
            return Verdict.MAYBE_APPLIED;
        }
        if (status >= 500) {
            // 500/502/503/504 from a proxy can come after ZIM received (and applied) the request.
            return Verdict.MAYBE_APPLIED;
        }
        return switch (status) {
            // Refused before processing, and a later attempt may pass.
            case 408, 425, 429 -> Verdict.RETRY_LATER;
            // Refused because of this request's size or shape.
            case 400, 413, 414, 415, 422, 431 -> Verdict.REJECTED;
            // Redirects (never followed), 401/403/404/405 …: the endpoint or a proxy is set up wrong.
            default -> Verdict.FATAL;
        };
    }
}
