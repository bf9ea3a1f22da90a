package io.zimmigrate.core.validation;

import static io.zimmigrate.core.rules.Fixtures.groupText;
import static io.zimmigrate.core.rules.Fixtures.media;
import static io.zimmigrate.core.rules.Fixtures.peerText;
import static io.zimmigrate.core.rules.Fixtures.rules;
import static io.zimmigrate.core.rules.Fixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.input.CanonicalRecords;
import io.zimmigrate.core.input.RawMessage;
import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.model.BodyContent;
import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageType;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.rules.BodyRules;
import io.zimmigrate.core.rules.Fixtures;
import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.RetentionWindow;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.rules.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of {@link MessageRules} fires on what it is about, and only then. */
class MessageRulesTest {

    private static Message accepted(RawMessage raw) {
        Validation v = validate(raw);
        assertThat(v).as("%s", v).isInstanceOf(Validation.Accepted.class);
        return ((Validation.Accepted) v).message();
    }

    @Test
    void validGroupAndPeerMessagesAreAccepted() {
        Message g = accepted(groupText().priority(3).bodyExtendedData("x").build());
        assertThat(g.conversation()).isInstanceOf(Conversation.Group.class);
        assertThat(g.priority()).isEqualTo(3);
        Message p = accepted(peerText().hiddenFor(List.of("u-2")).build());
        assertThat(p.conversation()).isEqualTo(new Conversation.OneToOne(UserId.of("u-2")));
        assertThat(p.hiddenFor()).containsExactly(UserId.of("u-2"));
        assertThat(p.timelines()).hasSize(1);
    }

    @Test
    void priorityDefaultsToLow() {
        assertThat(accepted(groupText().build()).priority()).isEqualTo(1);
        for (int bad : new int[] {0, 4, -1}) {
            assertThat(rules(validate(groupText().priority(bad).build()))).containsExactly(MessageRules.RULE_PRIORITY);
        }
    }

    @Test
    void everyViolationOfARecordIsReportedAtOnce() {
        RawMessage raw = RawMessage.builder().id("").fromUserId("a/b").groupId("#g").messageType(1).priority(9)
                .bodyMessage("").sendMessageTime(Fixtures.NOW + 1).build();
        assertThat(rules(validate(raw))).containsExactlyInAnyOrder(MessageRules.RULE_ID_REQUIRED, IdRules.RULE_CHARSET,
                IdRules.RULE_LEADING_HASH, MessageRules.RULE_PRIORITY, BodyRules.RULE_REQUIRED,
                RetentionWindow.RULE_FUTURE);
    }

    @Test
    void exactlyOneOfGroupIdAndToUserId() {
        assertThat(rules(validate(groupText().toUserId("u-2").build()))).containsExactly(MessageRules.RULE_CONVERSATION);
        assertThat(rules(validate(groupText().groupId(null).build()))).containsExactly(MessageRules.RULE_CONVERSATION);
        assertThat(rules(validate(peerText().toUserId("u-1").build()))).containsExactly(MessageRules.RULE_SELF);
    }

    @Test
    void hiddenForOnlyForParticipantsOfOneToOne() {
        assertThat(rules(validate(groupText().hiddenFor(List.of("u-1")).build())))
                .containsExactly(MessageRules.RULE_HIDDEN_FOR);
        assertThat(rules(validate(peerText().hiddenFor(List.of("u-3")).build())))
                .containsExactly(MessageRules.RULE_HIDDEN_FOR);
        assertThat(rules(validate(peerText().hiddenFor(List.of("u-1", "u-2")).build())))
                .containsExactly(MessageRules.RULE_HIDDEN_FOR);
        assertThat(rules(validate(peerText().hiddenFor(List.of()).build()))).isEmpty();
    }

    @Test
    void messageTypes() {
        assertThat(rules(validate(groupText().messageType(null).build()))).containsExactly(MessageRules.RULE_TYPE_REQUIRED);
        assertThat(rules(validate(groupText().messageType(2).build()))).containsExactly(MessageRules.RULE_SIGNALING);
        Validation signaling = validate(groupText().messageType(2).build());
        assertThat(((Validation.Rejected) signaling).rejection().violations().get(0).message())
                .contains("signaling messages cannot be imported");
        for (int bad : new int[] {0, 3, 20, 15, 199, 201}) {
            assertThat(rules(validate(groupText().messageType(bad).build())))
                    .as("type %d", bad).containsExactly(MessageRules.RULE_TYPE_UNSUPPORTED);
        }
        String multi = "{\"MultiMsg\":[{\"MsgType\":1,\"Msg\":\"hi\"}]}";
        assertThat(rules(validate(groupText().messageType(10).bodyMessage(multi).build())))
                .containsExactly(MessageRules.RULE_MULTI_DISABLED);
        assertThat(rules(validate(RuleSet.defaults().withMultiItem(true),
                groupText().messageType(10).bodyMessage(multi).build()))).isEmpty();
    }

    @Test
    void customMessagesNeedASubTypeInRange() {
        assertThat(rules(validate(groupText().messageType(200).build()))).containsExactly(MessageRules.RULE_SUBTYPE_REQUIRED);
        assertThat(rules(validate(groupText().messageType(200).subMsgType(0).build()))).isEmpty();
        assertThat(rules(validate(groupText().messageType(200).subMsgType(200).build()))).isEmpty();
        assertThat(rules(validate(groupText().messageType(200).subMsgType(201).build())))
                .containsExactly(MessageRules.RULE_SUBTYPE_RANGE);
        assertThat(rules(validate(groupText().messageType(200).subMsgType(-1).build())))
                .containsExactly(MessageRules.RULE_SUBTYPE_RANGE);
    }

    @Test
    void zegosOwnImportGroupMsgSampleIsAccepted() {
        // ZEGO's ImportGroupMsg page shows a text message (type 1) with SubMsgType 200 and SearchedContent "ex":
        // the fields are required for type 200, not forbidden for the others, and are sent as given.
        SourceRecord sample = CanonicalRecords.decode("{\"Id\":\"zego-sample\",\"GroupId\":\"g-1\","
                + "\"FromUserId\":\"u-1\",\"MessageType\":1,\"Priority\":1,\"MessageBody\":{\"Message\":\"hello\"},"
                + "\"SubMsgType\":200,\"SearchedContent\":\"ex\",\"SendMessageTime\":" + Fixtures.SENT + "}",
                Locator.line("sample.jsonl", 1));
        Message m = accepted(((SourceRecord.Readable) sample).message());
        assertThat(m.type()).isEqualTo(MessageType.TEXT);
        assertThat(m.subType()).isEqualTo(200);
        assertThat(m.searchedContent()).isEqualTo("ex");
        assertThat(accepted(peerText().subMsgType(0).build()).subType()).isZero();
        assertThat(accepted(media(12, "{\"Uid\":\"f\",\"Url\":\"https://x/f\",\"FileName\":\"f\"}")
                .searchedContent("report").build()).searchedContent()).isEqualTo("report");
    }

    @Test
    void subTypeRangeAndSearchedSizeHoldOnEveryType() {
        assertThat(rules(validate(groupText().subMsgType(201).build()))).containsExactly(MessageRules.RULE_SUBTYPE_RANGE);
        assertThat(rules(validate(peerText().subMsgType(-1).build()))).containsExactly(MessageRules.RULE_SUBTYPE_RANGE);
        assertThat(rules(validate(groupText().searchedContent("ü".repeat(33)).build())))
                .containsExactly(MessageRules.RULE_SEARCHED_SIZE);
        assertThat(rules(validate(groupText().subMsgType(3).build()))).isEmpty();
    }

    @Test
    void mediaStructuresAreChecked() {
        String image = "{\"Uid\":\"i\",\"Origin\":{\"Url\":\"https://x/i.png\",\"Width\":10,\"Height\":20},"
                + "\"FileName\":\"i.png\",\"Size\":3}";
        assertThat(rules(validate(media(11, image).build()))).isEmpty();
        assertThat(rules(validate(media(11, "{\"Uid\":\"i\",\"FileName\":\"i.png\"}").build())))
                .containsExactly(BodyRules.RULE_FIELD_REQUIRED);
        assertThat(rules(validate(media(12, "not json").build()))).containsExactly(BodyRules.RULE_JSON);
        assertThat(rules(validate(media(12, "[1,2]").build()))).containsExactly(BodyRules.RULE_JSON);
        assertThat(rules(validate(media(12, "{\"Uid\":\"f\",\"Url\":\"u\",\"FileName\":\"f\"} trailing").build())))
                .containsExactly(BodyRules.RULE_JSON);
        assertThat(rules(validate(media(13, "{\"Uid\":\"a\",\"Url\":\"u\",\"FileName\":\"a.m4a\",\"MediaDuration\":-1}")
                .build()))).containsExactly(BodyRules.RULE_FIELD_TYPE);
        assertThat(rules(validate(media(14, "{\"Uid\":\"v\",\"Url\":\"u\",\"FileName\":\"v.mp4\","
                + "\"Thumbnail\":{\"Url\":\"t\",\"Width\":0,\"Height\":0}}").build())))
                .containsExactly(BodyRules.RULE_PICTURE_SIZE);
    }

    @Test
    void bodyRulesReturnTypedContent() {
        List<Violation> found = new java.util.ArrayList<>();
        BodyContent c = new BodyRules(RuleSet.defaults()).check(MessageType.FILE,
                new io.zimmigrate.core.model.MessageBody("{\"Uid\":\"f\",\"Url\":\"https://x/f\",\"FileName\":\"f.pdf\",\"Size\":9}", null),
                found);
        assertThat(found).isEmpty();
        assertThat(c).isEqualTo(new BodyContent.Media(MessageType.FILE, "f", "https://x/f", "f.pdf", 9L, null, null, null, null));
    }

    @Test
    void multiItemHoldsOneToTwentyItemsOfImportableTypes() {
        RuleSet on = RuleSet.defaults().withMultiItem(true);
        String item = "{\"MsgType\":1,\"Msg\":\"hi\"}";
        String twentyOne = "{\"MultiMsg\":[" + String.join(",", java.util.Collections.nCopies(21, item)) + "]}";
        assertThat(rules(validate(on, groupText().messageType(10).bodyMessage(twentyOne).build())))
                .containsExactly(BodyRules.RULE_MULTI_ITEMS);
        assertThat(rules(validate(on, groupText().messageType(10).bodyMessage("{\"MultiMsg\":[{\"MsgType\":2,\"Msg\":\"x\"}]}")
                .build()))).containsExactly(BodyRules.RULE_MULTI_ITEM_TYPE);
    }

    @Test
    void theBodyIsNeverDumpedWhole() {
        String secretLooking = "BODY-" + "z".repeat(5000);
        for (RawMessage raw : List.of(groupText().bodyMessage(secretLooking).build(),
                media(12, secretLooking).build(),
                groupText().bodyExtendedData(secretLooking).build())) {
            Validation.Rejected r = (Validation.Rejected) validate(raw);
            assertThat(r.rejection().violations()).allSatisfy(v -> assertThat(v.message()).hasSizeLessThan(400));
        }
    }

    @Test
    void violationsNameFieldRuleAndValue() {
        Validation.Rejected r = (Validation.Rejected) validate(groupText().fromUserId("bad id!/").build());
        Violation v = r.rejection().violations().get(0);
        assertThat(v.field()).isEqualTo("FromUserId");
        assertThat(v.rule()).isEqualTo(IdRules.RULE_CHARSET);
        assertThat(v.message()).contains("\"bad id!/\"");
        assertThat(r.rejection().id()).isEqualTo("m-1");
        assertThat(r.rejection().locator()).isEqualTo(Fixtures.AT);
    }
}
