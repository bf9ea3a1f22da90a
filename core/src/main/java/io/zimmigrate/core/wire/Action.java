package io.zimmigrate.core.wire;

/** ZIM server API actions zim-migrate calls, with their wire names (the {@code Action} query parameter). */
public enum Action {
    IMPORT_GROUP_MSG("ImportGroupMsg"),
    IMPORT_PEER_MSG("ImportPeerMsg"),
    USER_REGISTER("UserRegister"),
    CREATE_GROUP("CreateGroup"),
    INVITE_USERS_INTO_GROUP("InviteUsersIntoGroup"),
    QUERY_GROUP_MSG("QueryGroupMsg"),
    QUERY_PEER_MSG("QueryPeerMsg");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Imports are the only calls that are not safe to repeat: a second POST is a second message. */
    public boolean isImport() {
        return this == IMPORT_GROUP_MSG || this == IMPORT_PEER_MSG;
    }

    public static Action ofWireName(String name) {
        for (Action a : values()) {
            if (a.wireName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action " + name);
    }
}
