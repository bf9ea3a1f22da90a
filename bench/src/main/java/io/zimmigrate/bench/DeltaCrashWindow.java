package io.zimmigrate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Issue 15, the full delta's crash window through the real jar: the delta run of {@code --next} (an export changed
 * beyond appending, with the journal of the earlier one) is killed with SIGKILL as soon as it says {@code delta:} on
 * stderr, which it does right after rewriting its journal for the new export (before session 10 its plan was kept
 * only after that); then the same command is run with {@code --grown} (the next export with lines appended: it
 * changed again before the restart) to its end. Passes when that run is not refused, nothing imported earlier
 * arrives again (bodies start with {@code m<index>:}; indexes below {@code --first-new} are the earlier export's,
 * except {@link DeltaExports}' late ones), no message arrives twice in a timeline, and {@code --expect} new messages
 * arrived in all.
 *
 * <pre>DeltaCrashWindow --next N.jsonl --grown G.jsonl --first-new I --messages M --late L --expect K --log FILE
 *     -- java … -jar zim-migrate.jar run {input} --journal DIR --endpoint {endpoint} --app-id {app-id}</pre>
 */
public final class DeltaCrashWindow {
    private DeltaCrashWindow() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        String next = args.required("--next");
        String grown = args.required("--grown");
        long firstNew = args.number("--first-new", 0);
        long messages = args.number("--messages", 0);
        long late = args.number("--late", 0);
        long expect = args.number("--expect", -1);
        Path log = Path.of(args.required("--log"));
        List<String> command = args.command();
        args.done();
        try (EmulatorHarness h = new EmulatorHarness(20, java.time.Duration.ZERO)) {
            boolean[] killed = {false};
            long[] lastLook = {0};
            EmulatorHarness.Child first = h.run(with(command, next), log, java.time.Duration.ofMinutes(30), () -> {
                long now = System.nanoTime();
                if (killed[0] || now - lastLook[0] < 2_000_000L) {
                    return killed[0];
                }
                lastLook[0] = now;
                try {
                    if (Files.readString(log).contains("\ndelta: ") || Files.readString(log).startsWith("delta: ")) {
                        ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly); // SIGKILL
                        killed[0] = true;
                    }
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    // not written yet
                }
                return killed[0];
            });
            if (!killed[0]) {
                Result.broken("delta crash window", "the delta run ended (exit " + first.exitCode()
                        + ") before it said delta:\n" + first.tail());
            }
            long afterKill = h.stored();
            Path log2 = Path.of(log + ".grown");
            EmulatorHarness.Child second = h.run(with(command, grown), log2, java.time.Duration.ofMinutes(30));
            String out = Files.readString(log2);
            if (out.contains("different input") || second.exitCode() > 1) {
                Result.broken("delta crash window", "the run of the grown export after the kill failed (exit "
                        + second.exitCode() + ")\n" + second.tail());
            }
            long arrived = 0;
            long lateArrived = 0;
            for (String key : h.emulator().timelineKeys()) {
                Set<Long> seen = new HashSet<>();
                for (var m : h.emulator().timeline(key)) {
                    long index = Long.parseLong(m.message().substring(1, m.message().indexOf(':')));
                    if (!seen.add(index)) {
                        Result.broken("delta crash window", "m" + index + " arrived twice in " + key);
                    }
                    if (index < firstNew && DeltaExports.isLate(index, messages, late)) {
                        lateArrived++;
                    } else if (index < firstNew) {
                        Result.broken("delta crash window", "m" + index + " was imported earlier but was sent again");
                    } else {
                        arrived++;
                    }
                }
            }
            if (expect >= 0 && arrived != expect) {
                Result.broken("delta crash window", arrived + " new messages arrived, expected " + expect);
            }
            System.out.println("delta crash window: killed (SIGKILL) right after the delta's journal rewrite, "
                    + afterKill + " messages in ZIM then; the grown export's run exit " + second.exitCode() + ", "
                    + arrived + " new and " + lateArrived + " late messages arrived, none twice");
        }
    }

    private static List<String> with(List<String> command, String input) {
        List<String> out = new ArrayList<>();
        command.forEach(part -> out.add(part.replace("{input}", input)));
        return out;
    }
}
