package io.zimmigrate.feign;

import feign.Headers;
import feign.RequestLine;
import feign.Response;
import java.net.URI;

/**
 * The one HTTP call the Feign transport makes. The full request URI (query included) is computed by core
 * ({@link io.zimmigrate.core.gateway.ZimEndpoint#requestUri}); the body is core's bytes. The return type is the raw
 * {@link Response}: Feign then neither decodes nor runs its {@code ErrorDecoder}, so every HTTP answer, 200 or not,
 * reaches core unchanged (ZIM reports its errors inside 200 bodies).
 */
interface ZimHttpApi {

    @RequestLine("POST")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    Response post(URI uri, byte[] body);
}
