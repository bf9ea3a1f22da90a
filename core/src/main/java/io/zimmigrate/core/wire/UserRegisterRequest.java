package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code UserRegister} (batch-register-users.yaml): at most 100 users per call. */
public record UserRegisterRequest(@JsonProperty("UserInfo") List<UserInfo> userInfo) {
    public static final int MAX_USERS = 100;

    public UserRegisterRequest {
        userInfo = List.copyOf(userInfo);
        if (userInfo.isEmpty() || userInfo.size() > MAX_USERS) {
            throw new IllegalArgumentException("UserRegister takes 1 to 100 users, not " + userInfo.size());
        }
    }

    public record UserInfo(@JsonProperty("UserId") String userId, @JsonProperty("UserName") String userName,
                           @JsonProperty("UserAvatar") String userAvatar) {}
}
