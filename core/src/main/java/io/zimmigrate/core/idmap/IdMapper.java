package io.zimmigrate.core.idmap;

import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.Shown;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a vendor's IDs (Slack user and channel IDs, Mattermost user names, team and channel names) into valid
 * ZIM IDs, deterministically.
 *
 * <ul>
 *   <li>An ID that is already valid for ZIM (see {@link IdRules}) stays exactly as it is.</li>
 *   <li>Any other ID becomes {@code PREFIX~HASH}: {@code PREFIX} is the ID with every character ZIM does not
 *       allow replaced by {@code _} (runs of them collapsed, a leading {@code #} of a group ID too), cut to
 *       {@value #PREFIX_MAX} characters; {@code HASH} is the first 60 bits of SHA-256 of the whole source ID
 *       (UTF-8), as {@value #HASH_CHARS} lower-case RFC 4648 base-32 characters. At most 32 bytes, all ASCII.
 *       Example: {@code "Zoë Smith"} becomes {@code "Zo_Smith~"} followed by 12 hash characters.</li>
 *   <li>Collisions are checked against every ID seen, per kind: if the result is already taken by another
 *       source ID, the hash is taken again over the ID followed by {@code "\u0000" + n} for n = 1, 2, … until it
 *       is free. With 60 bits this practically never happens; when it does, the result depends on the order
 *       IDs were first seen, which is fixed for a given input, so runs of one input agree.</li>
 *   <li>A valid source ID that an earlier mapping already took cannot be kept and cannot be changed without
 *       breaking the rule above, so it is refused with {@link IdCollisionException}. Sources avoid this by
 *       {@link #reserve reserving} their valid IDs before mapping the rest.</li>
 * </ul>
 *
 * Thread-safe.
 */
public final class IdMapper {
    public static final int PREFIX_MAX = 19;
    public static final int HASH_CHARS = 12;
    private static final BaseEncoding BASE32 = BaseEncoding.base32().lowerCase().omitPadding();

    private final IdRules rules;
    private final Map<IdKind, Map<String, String>> bySource = new EnumMap<>(IdKind.class);
    private final Map<IdKind, Map<String, String>> byTarget = new EnumMap<>(IdKind.class);
    private final List<IdMapping> changed = new ArrayList<>();

    /** Maps to the IDs {@code rules} accept (strict rules: no space). */
    public IdMapper(IdRules rules) {
        this.rules = rules;
        for (IdKind kind : IdKind.values()) {
            bySource.put(kind, new HashMap<>());
            byTarget.put(kind, new HashMap<>());
        }
    }

    public IdMapper() {
        this(IdRules.strict());
    }

    /** The ZIM user ID for {@code sourceId}. */
    public String user(String sourceId) {
        return map(IdKind.USER, sourceId);
    }

    /** The ZIM group ID for {@code sourceId}. */
    public String group(String sourceId) {
        return map(IdKind.GROUP, sourceId);
    }

    /** Whether {@code sourceId} is valid for ZIM as it is. */
    public boolean isValid(IdKind kind, String sourceId) {
        return kind == IdKind.USER ? rules.checkUser("id", sourceId).isEmpty() : rules.checkGroup("id", sourceId).isEmpty();
    }

    /** Claims the valid IDs among {@code sourceIds} first, so no mapped ID can take one of them later. */
    public synchronized void reserve(IdKind kind, Iterable<String> sourceIds) {
        for (String id : sourceIds) {
            if (id != null && !id.isEmpty() && isValid(kind, id)) {
                map(kind, id);
            }
        }
    }

    /**
     * The ZIM ID for {@code sourceId} of {@code kind}; the same answer every time for the same ID.
     *
     * @throws IllegalArgumentException for a null or empty ID (nothing to map)
     * @throws IdCollisionException if {@code sourceId} is valid but an earlier mapping took it
     */
    public synchronized String map(IdKind kind, String sourceId) {
        if (sourceId == null || sourceId.isEmpty()) {
            throw new IllegalArgumentException("an empty " + kind.label() + " ID cannot be mapped");
        }
        Map<String, String> forward = bySource.get(kind);
        String known = forward.get(sourceId);
        if (known != null) {
            return known;
        }
        Map<String, String> taken = byTarget.get(kind);
        String target;
        if (isValid(kind, sourceId)) {
            String owner = taken.get(sourceId);
            if (owner != null) {
                throw new IdCollisionException("the " + kind.label() + " ID " + Shown.value(sourceId)
                        + " is valid but was already given to " + Shown.value(owner) + " by ID mapping; rename one of them");
            }
            target = sourceId;
        } else {
            target = candidate(kind, sourceId, 0);
            for (int n = 1; taken.containsKey(target); n++) {
                target = candidate(kind, sourceId, n);
            }
            changed.add(new IdMapping(kind, sourceId, target));
        }
        forward.put(sourceId, target);
        taken.put(target, sourceId);
        return target;
    }

    /** Every changed ID so far, in the order first seen; valid IDs, which stay as they are, are not listed. */
    public synchronized List<IdMapping> mappings() {
        return List.copyOf(changed);
    }

    private String candidate(IdKind kind, String sourceId, int attempt) {
        String hashed = attempt == 0 ? sourceId : sourceId + "\u0000" + attempt;
        byte[] digest = Hashing.sha256().hashString(hashed, StandardCharsets.UTF_8).asBytes();
        // 60 bits = 12 base-32 characters: the first 8 bytes give 13 characters, of which the first 12 are kept.
        String hash = BASE32.encode(digest, 0, 8).substring(0, HASH_CHARS);
        return prefix(kind, sourceId) + "~" + hash;
    }

    private String prefix(IdKind kind, String sourceId) {
        StringBuilder out = new StringBuilder(PREFIX_MAX);
        for (int i = 0; i < sourceId.length() && out.length() < PREFIX_MAX; ) {
            int cp = sourceId.codePointAt(i);
            i += Character.charCount(cp);
            boolean leadingHash = kind == IdKind.GROUP && out.length() == 0 && cp == '#';
            // '~' is kept out of prefixes so the last '~' always starts the hash.
            boolean keep = rules.isAllowed(cp) && cp != ' ' && cp != '~' && !leadingHash;
            if (keep) {
                out.append((char) cp);
            } else if (out.length() == 0 || out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
        }
        return out.toString();
    }
}
