package io.zimmigrate.files.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.Json;
import io.zimmigrate.files.support.TextInput;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a Slack export says about its workspace: the users ({@code users.json}, or {@code org_users.json} on
 * Enterprise Grid) and the conversations ({@code channels.json} public, {@code groups.json} private,
 * {@code mpims.json} group DMs, {@code dms.json} DMs). Read once, up front, so a broken or missing file is a
 * clear error before any message is read.
 */
final class SlackWorkspace {

    /** The kinds of Slack conversation and what each becomes in ZIM. */
    enum Kind {
        CHANNEL("channels.json", true),
        PRIVATE_CHANNEL("groups.json", true),
        GROUP_DM("mpims.json", true),
        DM("dms.json", false);

        final String file;
        final boolean group;

        Kind(String file, boolean group) {
            this.file = file;
            this.group = group;
        }
    }

    /** One conversation; {@code folder} is where its day files are (its name, or for DMs its ID). */
    record Conversation(Kind kind, String id, String name, List<String> members, String folder) {}

    private final Map<String, JsonNode> users;
    private final Map<String, String> userByBotId;
    private final List<Conversation> conversations;

    private SlackWorkspace(Map<String, JsonNode> users, Map<String, String> userByBotId, List<Conversation> conversations) {
        this.users = users;
        this.userByBotId = userByBotId;
        this.conversations = conversations;
    }

    static SlackWorkspace read(SlackExport export) {
        String usersFile = export.firstPresent(SlackExport.USER_FILES).orElseThrow(() -> new SourceException(
                "the Slack export " + export.shownAs + " has no users.json (nor org_users.json); it is needed to know "
                        + "who sent each message. Export again with users, or restore the file"));
        if (!export.has(Kind.CHANNEL.file)) {
            throw new SourceException("the Slack export " + export.shownAs + " has no channels.json; it is not a "
                    + "complete Slack export (or the path points inside it: give the folder holding users.json)");
        }
        Map<String, JsonNode> users = new LinkedHashMap<>();
        Map<String, String> byBot = new HashMap<>();
        JsonNode userList = readList(export, usersFile);
        for (int i = 0; i < userList.size(); i++) {
            JsonNode u = userList.get(i);
            String id = Json.text(u, "id");
            if (id == null || id.isEmpty()) {
                throw new SourceException(export.shown(usersFile) + ": user " + (i + 1) + " has no \"id\"");
            }
            users.put(id, u);
            String botId = Json.text(u.path("profile"), "bot_id");
            if (botId != null) {
                byBot.putIfAbsent(botId, id);
            }
        }
        List<Conversation> conversations = new ArrayList<>();
        Set<String> seenIds = new LinkedHashSet<>();
        for (Kind kind : Kind.values()) {
            if (!export.has(kind.file)) {
                continue; // a public-only export has no groups/mpims/dms files
            }
            JsonNode list = readList(export, kind.file);
            for (int i = 0; i < list.size(); i++) {
                JsonNode c = list.get(i);
                String id = Json.text(c, "id");
                if (id == null || id.isEmpty()) {
                    throw new SourceException(export.shown(kind.file) + ": conversation " + (i + 1) + " has no \"id\"");
                }
                if (!seenIds.add(id)) {
                    continue; // listed twice (e.g. a channel in two files): read its messages once
                }
                String name = Json.text(c, "name");
                List<String> members = new ArrayList<>();
                c.path("members").forEach(m -> {
                    if (m.isTextual()) {
                        members.add(m.textValue());
                    }
                });
                String folder = name != null && !name.isEmpty() ? name : id;
                conversations.add(new Conversation(kind, id, name, List.copyOf(members), folder));
            }
        }
        return new SlackWorkspace(users, byBot, List.copyOf(conversations));
    }

    private static JsonNode readList(SlackExport export, String file) {
        String shown = export.shown(file);
        try (InputStream in = export.read(file)) {
            JsonNode node = Json.MAPPER.readTree(TextInput.strictUtf8(in));
            if (node == null || !node.isArray()) {
                throw new SourceException(shown + ": must be a JSON list, not " + (node == null ? "empty" : node.getNodeType()));
            }
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isObject()) {
                    throw new SourceException(shown + ": entry " + (i + 1) + " must be a JSON object");
                }
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SourceException(Json.at(shown, e.getLocation()) + ": is not valid JSON: " + Json.brief(e));
        } catch (CharacterCodingException | CharConversionException e) {
            throw new SourceException(shown + ": is not UTF-8 text");
        } catch (IOException e) {
            throw new SourceException("cannot read " + shown + ": " + e.getMessage(), e);
        }
    }

    boolean hasUser(String id) {
        return users.containsKey(id);
    }

    Set<String> userIds() {
        return users.keySet();
    }

    /** The user who owns a bot, if users.json says so ({@code profile.bot_id}). */
    Optional<String> userOfBot(String botId) {
        return Optional.ofNullable(userByBotId.get(botId));
    }

    List<Conversation> conversations() {
        return conversations;
    }
}
