package io.zimmigrate.files.sendbird;

import io.zimmigrate.core.idmap.IdKind;
import io.zimmigrate.core.idmap.IdMapper;
import io.zimmigrate.core.port.SourceException;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code --format sendbird} (docs/sources.md, "Sendbird"), checked when the source is opened.
 *
 * @param skipAdminMessages {@value #ADMIN_MESSAGES}: {@code custom} (default) imports admin messages as custom
 *                          (200) messages, {@code skip} rejects each with {@code sendbird.admin-skipped}
 * @param adminUser         {@value #ADMIN_USER}: the ZIM user admin messages come from (default {@value #DEFAULT_ADMIN_USER})
 * @param adminSubMsgType   {@value #ADMIN_SUB_MSG_TYPE}: their {@code SubMsgType}, 0 to 200 (default 0)
 * @param channels          {@value #CHANNELS}: a channels export kept apart from the messages (file, zip or folder), or null
 */
record SendbirdOptions(boolean skipAdminMessages, String adminUser, int adminSubMsgType, String channels) {
    static final String ADMIN_MESSAGES = "admin-messages";
    static final String ADMIN_USER = "admin-user";
    static final String ADMIN_SUB_MSG_TYPE = "admin-sub-msg-type";
    static final String CHANNELS = "channels";
    static final String DEFAULT_ADMIN_USER = "sendbird-admin";
    private static final Set<String> KNOWN = Set.of(ADMIN_MESSAGES, ADMIN_USER, ADMIN_SUB_MSG_TYPE, CHANNELS);

    static SendbirdOptions parse(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new SourceException("unknown option '" + key + "' for the sendbird format; known: " + String.join(", ",
                        new java.util.TreeSet<>(KNOWN)));
            }
        }
        String admin = options.getOrDefault(ADMIN_MESSAGES, "custom");
        if (!admin.equals("custom") && !admin.equals("skip")) {
            throw new SourceException("the option " + ADMIN_MESSAGES + " must be custom or skip, not '" + admin + "'");
        }
        String user = options.getOrDefault(ADMIN_USER, DEFAULT_ADMIN_USER);
        if (!new IdMapper().isValid(IdKind.USER, user)) {
            throw new SourceException("the option " + ADMIN_USER + " must be a valid ZIM user ID (1 to 32 bytes of letters, "
                    + "digits and !#$%&()+-:;<=.>?@[]^_{}|~), not '" + user + "'");
        }
        String sub = options.getOrDefault(ADMIN_SUB_MSG_TYPE, "0");
        int subType;
        try {
            subType = Integer.parseInt(sub);
        } catch (NumberFormatException e) {
            subType = -1;
        }
        if (subType < 0 || subType > 200) {
            throw new SourceException("the option " + ADMIN_SUB_MSG_TYPE + " must be a whole number from 0 to 200, not '" + sub + "'");
        }
        return new SendbirdOptions(admin.equals("skip"), user, subType, options.get(CHANNELS));
    }
}
