package io.zimmigrate.feign;

import feign.Request;
import feign.RequestTemplate;
import feign.Target;
import feign.codec.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Feign's {@link Target} for ZIM's one call: the endpoint's origin plus the call's path and signed query exactly as
 * core encoded them ({@code /?Action=…&Signature=…}), with no URI template in between.
 *
 * <p>Why not a {@link java.net.URI} argument, Feign's usual way to give a call its own URL: Feign then takes the query
 * apart into one {@code QueryTemplate} per parameter, checks and re-encodes every value and joins them again, on
 * every call. In a fresh JVM (P5: 200 requests, one after the other, long before the JIT compiles that code) that
 * was about half of the 0.4–0.9 ms of CPU per request the interface proxy adds to the JDK client's own, on the path
 * between an answer and the next request (docs/performance.md, "Session 8: where the Feign transport spent the
 * extra time per answer").
 * So the call's {@link Call} carries the ready request target; {@link #ENCODER} writes the body and hands the target
 * over in a header that never leaves this class ({@link #apply} takes it out before the {@link Request} exists, so
 * no client, capability or log line sees it); everything else stays Feign's (capabilities, logger, options, retryer).
 */
final class ZimTarget implements Target<FeignTransport.ZimApi> {
    /** One call: its request target ({@code /?<signed query>}) and core's body bytes. */
    record Call(String requestTarget, byte[] body) {}

    /** Internal hand-over from {@link #ENCODER} to {@link #apply}; removed before the request is made. */
    static final String REQUEST_TARGET = "X-Zim-Migrate-Request-Target";

    /** Core's bytes as they are (the charset only lets Feign's FULL log print them as text), and the target. */
    static final Encoder ENCODER = (object, type, template) -> {
        Call call = (Call) object;
        template.body(call.body(), StandardCharsets.UTF_8);
        // Literal: the target is not a template (no '{' expressions to look for, nothing to encode again).
        template.headerLiteral(REQUEST_TARGET, call.requestTarget());
    };

    private final String origin;

    ZimTarget(String origin) {
        this.origin = origin;
    }

    @Override
    public Class<FeignTransport.ZimApi> type() {
        return FeignTransport.ZimApi.class;
    }

    @Override
    public String name() {
        return "zim";
    }

    @Override
    public String url() {
        return origin;
    }

    @Override
    public Request apply(RequestTemplate template) {
        Map<String, Collection<String>> headers = new LinkedHashMap<>(template.headers());
        Collection<String> target = headers.remove(REQUEST_TARGET);
        if (target == null || target.size() != 1) {
            throw new IllegalStateException("no request target for ZIM's call (was the body encoded by ZimTarget?)");
        }
        return Request.create(Request.HttpMethod.POST, origin + target.iterator().next(), headers, template.body(),
                template.requestCharset(), template);
    }

    @Override
    public String toString() {
        return "ZimTarget[" + origin + "]";
    }
}
