package io.zimmigrate.core.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Whatever a line holds, reading and validating it ends in a readable record or a rejection, never an exception:
 * arbitrary text, arbitrary bytes, and (most searching) objects with the canonical field names and values of any
 * type, including media structures with fields of any type.
 */
class ArbitraryJsonPropertiesTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> NAMES = List.of("Id", "GroupId", "ToUserId", "FromUserId", "MessageType", "Priority",
            "MessageBody", "SubMsgType", "SearchedContent", "SendMessageTime", "HiddenFor", "Message", "ExtendedData",
            "Uid", "Url", "FileName", "Size", "MediaDuration", "Origin", "Thumbnail", "LargeImage", "Width", "Height",
            "MultiMsg", "MsgType", "Msg", "OfflinePush", "Other");
    private static final long NOW = 1_732_060_800_000L;

    private final InputRules rules = new InputRules(new MessageRules(RuleSet.defaults().withMultiItem(true)));

    /** A JSON value of any kind, favouring the shapes and names the rules look at; depth-limited. */
    static Gen<JsonNode> value(int depth) {
        Gen<JsonNode> scalar = Generate.oneOf(
                strings().allPossible().ofLengthBetween(0, 12).map(s -> (JsonNode) F.textNode(s)),
                Generate.pick(List.of(1, 2, 10, 11, 12, 13, 14, 200, 0, -1, 201)).map(i -> (JsonNode) F.numberNode(i)),
                longs().all().map(l -> (JsonNode) F.numberNode(l)),
                Generate.pick(List.<JsonNode>of(F.nullNode(), F.booleanNode(true), F.numberNode(1.5),
                        F.numberNode(new java.math.BigInteger("123456789012345678901234567890")), F.textNode(""),
                        F.textNode("u1"), F.textNode("g1"), F.textNode("#g"), F.textNode("https://x/y"))));
        if (depth == 0) {
            return scalar;
        }
        Gen<JsonNode> object = lists().of(Generate.pick(NAMES)).ofSizeBetween(0, 6).zip(
                lists().of(value(depth - 1)).ofSize(6), (names, values) -> {
                    ObjectNode o = F.objectNode();
                    for (int i = 0; i < names.size(); i++) {
                        o.set(names.get(i), values.get(i));
                    }
                    return (JsonNode) o;
                });
        Gen<JsonNode> array = lists().of(value(depth - 1)).ofSizeBetween(0, 3).map(vs -> {
            ArrayNode a = F.arrayNode();
            vs.forEach(a::add);
            return (JsonNode) a;
        });
        Gen<JsonNode> objectAsText = object.map(o -> (JsonNode) F.textNode(o.toString()));
        return Generate.frequency(List.of(
                org.quicktheories.api.Pair.of(4, scalar), org.quicktheories.api.Pair.of(3, object),
                org.quicktheories.api.Pair.of(1, array), org.quicktheories.api.Pair.of(2, objectAsText)));
    }

    private static final List<String> TOP = List.of("Id", "GroupId", "ToUserId", "FromUserId", "MessageType", "Priority",
            "MessageBody", "SubMsgType", "SearchedContent", "SendMessageTime", "HiddenFor", "Other");
    private static final List<String> INNER = List.of("Uid", "Url", "FileName", "Size", "MediaDuration", "Origin",
            "Thumbnail", "LargeImage", "Width", "Height", "MultiMsg", "Other");

    private static Gen<List<String>> someNames(List<String> names) {
        // Often none at all, so valid records are common and the accepting paths are exercised too.
        return Generate.pick(List.of(0, 0, 0, 1, 1, 2, 3)).flatMap(n -> lists().of(Generate.pick(names)).ofSize(n));
    }

    /** Valid records of each type (text, image, file, custom, multi-item) with a few fields, top-level or inside the
     *  media structure, replaced by arbitrary values. */
    static Gen<String> recordish() {
        Gen<ObjectNode> replaced = someNames(TOP).zip(lists().of(value(3)).ofSize(3), someNames(INNER),
                lists().of(value(2)).ofSize(3), integers().between(0, 9), (top, topValues, inner, innerValues, kind) -> {
                    ObjectNode o = F.objectNode();
                    int type = List.of(1, 11, 12, 200, 10).get(kind % 5);
                    o.put("Id", "m").put("FromUserId", "u1").put("MessageType", type)
                            .put("SendMessageTime", NOW - 1000);
                    if (kind < 5) {
                        o.put("GroupId", "g1");
                    } else {
                        o.put("ToUserId", "u2");
                    }
                    ObjectNode media = F.objectNode().put("Uid", "x").put("FileName", "a.bin").put("Url", "https://x/a");
                    if (type == 11) {
                        media.remove("Url");
                        media.putObject("Origin").put("Url", "https://x/o").put("Width", 1).put("Height", 2);
                    }
                    if (type == 10) {
                        media = F.objectNode();
                        media.putArray("MultiMsg").addObject().put("MsgType", 1).put("Msg", "hi");
                    }
                    if (type == 200) {
                        o.put("SubMsgType", 7);
                    }
                    for (int i = 0; i < inner.size(); i++) {
                        media.set(inner.get(i), innerValues.get(i));
                    }
                    ObjectNode body = o.putObject("MessageBody");
                    if (type == 1) {
                        body.put("Message", "hello");
                    } else if (kind % 2 == 0) {
                        body.set("Message", media);
                    } else {
                        body.put("Message", media.toString());
                    }
                    for (int i = 0; i < top.size(); i++) {
                        o.set(top.get(i), topValues.get(i));
                    }
                    return o;
                });
        return replaced.map(ObjectNode::toString);
    }

    private void neverThrows(SourceRecord record) {
        Validation v = rules.check(record, NOW);
        assertThat(v).isNotNull();
        if (v instanceof Validation.Rejected r) {
            assertThat(r.rejection().violations()).isNotEmpty().allSatisfy(x -> {
                assertThat(x.field()).isNotBlank();
                assertThat(x.rule()).matches("[a-z0-9-]+\\.[a-z0-9.-]+");
                assertThat(x.message()).isNotBlank();
            });
        }
    }

    @Test
    void arbitraryRecordLikeObjects() {
        qt().withExamples(1500).forAll(recordish()).checkAssert(json ->
                neverThrows(CanonicalRecords.decode(json, Locator.line("p", 1))));
    }

    @Test
    void arbitraryJsonValues() {
        qt().withExamples(1000).forAll(value(3)).checkAssert(node ->
                neverThrows(CanonicalRecords.decode(node.toString(), Locator.line("p", 1))));
    }

    @Test
    void arbitraryText() {
        qt().withExamples(1000).forAll(strings().allPossible().ofLengthBetween(0, 80)).checkAssert(text ->
                neverThrows(CanonicalRecords.decode(text, Locator.line("p", 1))));
    }

    @Test
    void arbitraryBytes() {
        Gen<byte[]> bytes = Generate.byteArrays(integers().between(0, 80), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) '{'));
        qt().withExamples(1000).forAll(bytes).checkAssert(b ->
                neverThrows(CanonicalRecords.decodeLine(b, 0, b.length, Locator.line("p", 1))));
    }

    @Test
    void theGeneratorsDoReachAcceptedRecords() {
        // A property that only ever sees rejections proves little: make sure some generated records pass.
        List<Boolean> accepted = new ArrayList<>();
        qt().withExamples(500).forAll(recordish()).checkAssert(json -> accepted.add(
                rules.check(CanonicalRecords.decode(json, Locator.line("p", 1)), NOW) instanceof Validation.Accepted));
        assertThat(accepted).contains(true, false);
    }
}
