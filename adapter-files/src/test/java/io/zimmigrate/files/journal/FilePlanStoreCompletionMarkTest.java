package io.zimmigrate.files.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.MessageBody;
import io.zimmigrate.core.plan.CompletionMark;
import io.zimmigrate.core.plan.KeptPlan;
import io.zimmigrate.core.plan.MessageCodec;
import io.zimmigrate.core.plan.Plan;
import io.zimmigrate.core.plan.Planner;
import io.zimmigrate.core.port.PlanStore;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.InputRules;
import io.zimmigrate.core.validation.MessageRules;
import io.zimmigrate.files.jsonl.JsonlSource;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 15: a completing delta's plan, marked at its header's end ({@link CompletionMark}), kept in the real plan
 * file: found as completing after the store is opened again, then kept again as planned, byte for byte the plan a
 * store keeps as planned, and found unmarked.
 */
class FilePlanStoreCompletionMarkTest {
    private static final long NOW = 1_732_100_000_000L;

    @TempDir
    Path dir;

    @Test
    void aMarkedPlanIsKeptAgainAsPlannedInThePlanFile() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            lines.append("{\"Id\":\"m-").append(i).append("\",\"FromUserId\":\"u").append(i % 7)
                    .append("\",\"ToUserId\":\"u").append((i + 1) % 7).append("\",\"MessageType\":1,")
                    .append("\"MessageBody\":{\"Message\":\"hello ").append(i).append("\"},\"SendMessageTime\":")
                    .append(NOW - 86_400_000L + i * 1000L).append("}\n");
        }
        Path export = Files.writeString(dir.resolve("export.jsonl"), lines);
        Path marked = Files.createDirectory(dir.resolve("marked"));
        Path planned = Files.createDirectory(dir.resolve("planned"));
        try (ScratchSpace scratch = FileScratchSpace.in(Files.createDirectory(dir.resolve("scratch")))) {
            Plan plan = new Planner(new InputRules(new MessageRules(RuleSet.defaults())), scratch, 1000)
                    .plan(new JsonlSource(export), NOW, r -> {});
            Message exported = MessageCodec.decode(records(plan.messages().read()).get(1234));
            KeptPlan.keep(completing(FilePlanStore.in(marked), exported), "k", plan);
            KeptPlan.keep(FilePlanStore.in(planned), "k", plan);

            KeptPlan.Lookup found = KeptPlan.find(FilePlanStore.in(marked), "k", plan.fingerprint());
            assertThat(found.found()).as(found.reason()).isTrue();
            assertThat(found.completing()).isTrue();
            assertThat(records(found.plan().messages().read()).get(1234))
                    .as("the imported version").isNotEqualTo(MessageCodec.encode(exported));

            assertThat(CompletionMark.keepAsPlanned(FilePlanStore.in(marked), plan.fingerprint())).isTrue();
        }
        KeptPlan.Lookup again = KeptPlan.find(FilePlanStore.in(marked), "k",
                KeptPlan.keptFingerprint(FilePlanStore.in(planned)).orElseThrow());
        assertThat(again.found()).as(again.reason()).isTrue();
        assertThat(again.completing()).isFalse();
        PlanStore.Stored a = FilePlanStore.in(marked).find().orElseThrow();
        PlanStore.Stored b = FilePlanStore.in(planned).find().orElseThrow();
        assertThat(a.header()).isEqualTo(b.header());
        assertThat(a.footer()).isEqualTo(b.footer());
        assertThat(records(a.messages().read())).containsExactlyElementsOf(records(b.messages().read()));
    }

    /** {@code store} keeping {@code exported} in an imported version (another body) and its mark, as a delta does. */
    private static PlanStore completing(FilePlanStore store, Message exported) {
        byte[] imported = MessageCodec.encode(new Message(exported.id(), exported.ordinal(), exported.locator(),
                exported.sender(), exported.conversation(), exported.sendTime(), exported.type(), exported.priority(),
                new MessageBody("as imported", null), exported.subType(), exported.searchedContent(),
                exported.hiddenFor()));
        byte[] mark = CompletionMark.of(List.of(exported));
        return new PlanStore() {
            @Override
            public Optional<Stored> find() {
                return store.find();
            }

            @Override
            public Draft draft(byte[] header) {
                throw new AssertionError("a kept plan's header is streamed");
            }

            @Override
            public Draft draft(long length, HeaderWriter header) {
                Draft real = store.draft(length + mark.length, out -> {
                    header.writeTo(out);
                    out.write(mark);
                });
                return new Draft() {
                    @Override
                    public void write(byte[] record) {
                        real.write(MessageCodec.id(record).equals(exported.id()) ? imported : record);
                    }

                    @Override
                    public void commit(byte[] footer) {
                        real.commit(footer);
                    }

                    @Override
                    public void close() {
                        real.close();
                    }
                };
            }

            @Override
            public void discard() {
                store.discard();
            }
        };
    }

    private static List<byte[]> records(ScratchSpace.RunReader r) {
        List<byte[]> out = new ArrayList<>();
        try (r) {
            r.forEachRemaining(out::add);
        }
        return out;
    }
}
