package io.zimmigrate.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.GroupId;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.wire.UserRegisterRequest;
import io.zimmigrate.core.wire.UserRegisterRequest.UserInfo;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The stateless helpers of {@link ZimGatewayContract}'s areas: requests, timeline keys, waiting for outcomes. */
final class GatewayCalls {
    private GatewayCalls() {}

    static UserRegisterRequest users(String... ids) {
        return new UserRegisterRequest(Arrays.stream(ids).map(id -> new UserInfo(id, "name " + id, null)).toList());
    }

    static String groupKey(String group) {
        return new Timeline.GroupTimeline(new GroupId(group)).key();
    }

    static String viewKey(String owner, String peer) {
        return new Timeline.PeerTimeline(new UserId(owner), new UserId(peer)).key();
    }

    static <T> Outcome<T> await(CompletionStage<Outcome<T>> stage) {
        return stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }

    @SuppressWarnings("unchecked")
    static <T> T done(Outcome<T> outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Done.class);
        return ((Outcome.Done<T>) outcome).value();
    }

    static <T> Outcome<T> rejectedWith(Outcome<T> actual, long code) {
        assertThat(actual).isInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected<T>) actual).code()).isEqualTo(code);
        return actual;
    }
}
