package io.zimmigrate.emulator;

/** The ZIM return codes the emulator answers with (zim-api.md §2). */
final class Codes {
    static final long SUCCESS = 0;
    static final long BUSY = 1;
    static final long INPUT_ERROR = 2;
    static final long APP_ID = 100_000_001L;
    static final long TIMESTAMP_EMPTY = 100_000_002L;
    static final long TIMESTAMP_MALFORMED = 100_000_003L;
    static final long SIGNATURE_EXPIRED = 100_000_004L;
    static final long SIGNATURE_INVALID = 100_000_005L;
    static final long ACTION_EMPTY = 100_000_006L;
    static final long ACTION_UNSUPPORTED = 100_000_007L;
    static final long NONCE_EMPTY = 100_000_008L;
    static final long SIGNATURE_EMPTY = 100_000_009L;
    static final long SIGNATURE_VERSION_EMPTY = 100_000_013L;
    static final long SIGNATURE_VERSION_UNSUPPORTED = 100_000_014L;
    static final long PARAM_ERROR = 660_000_002L;
    static final long TOO_MANY_USERS = 660_000_011L;
    static final long USER_ID_TOO_LONG = 660_000_012L;
    static final long APP_RATE_LIMIT = 660_300_005L;
    static final long GROUP_RATE_LIMIT = 660_300_006L;
    static final long MESSAGE_TOO_LARGE = 660_400_001L;
    static final long SENDER_NOT_REGISTERED = 660_500_002L;
    static final long GROUP_NOT_FOUND = 660_600_001L;
    static final long GROUP_EXISTS = 660_600_011L;
    static final long NOT_A_MEMBER = 660_600_024L;
    static final long GROUP_OWNER_MISSING = 660_600_013L;
    static final long TOO_MANY_MEMBERS = 660_600_016L;
    static final long USER_EXISTS = 660_700_002L;
    static final long USER_NAME_TOO_LONG = 660_700_006L;
    static final long USER_AVATAR_TOO_LONG = 660_700_007L;
    static final long USER_NOT_REGISTERED = 660_700_015L;
    static final long TIME_IN_FUTURE = 660_800_046L;

    private Codes() {}
}
