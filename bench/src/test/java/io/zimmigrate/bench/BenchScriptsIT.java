package io.zimmigrate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The short run of every script under {@code bench/}, so that none can rot between the long runs: each one end to
 * end (generate its data, start the emulator, run the real {@code zim-migrate} jar and the baseline, measure), with
 * sizes small enough for {@code mvn -B verify}. Tiny inputs prove the scripts work, not the figures, so a missed
 * goal (exit 1, a line ending in FAIL) is accepted; what fails here is a script that cannot measure (exit 2, an
 * ERROR line), breaks, or prints no result line. The chaos script is the exception: its 0/0/0 must hold at any size.
 *
 * <p>Two scripts at a time (src/test/resources/junit-platform.properties): each owns its temp dir and its
 * emulator's ephemeral port, and a tiny run mostly waits, so two of them fill a 2-core box without failing what
 * is checked here (a figure missed under load is a FAIL, accepted; an ERROR or a missing line is not).
 */
@Execution(ExecutionMode.CONCURRENT)
class BenchScriptsIT {
    private static final Path BENCH = Path.of("").toAbsolutePath();

    @TempDir
    static Path shared;

    /** The {@code java} the scripts start (their {@code JAVA} knob), see {@link #quickStartingJava}. */
    private static Path java;

    /**
     * This JVM's {@code java} with the client compiler only: a tiny run's JVMs live seconds, and C2 compiling hot
     * code they will hardly run again cost a third of the scripts' CPU time (P1: 16.5 s of CPU with it, 10.4 s
     * without). What runs is the same code; only the figures (not checked here) are slower. A JVM of the CLI jar
     * ({@code -jar .../zim-migrate.jar}) also maps a class archive of that jar made here once, as the launcher's
     * {@code run} does (a 200-message run: 1.1-1.2 s of CPU against 1.7-1.9 s with C1 alone), unless its command
     * line already says something about class sharing (the launcher's own archive, P6).
     */
    @BeforeAll
    static void quickStartingJava() throws IOException, InterruptedException {
        java = shared.resolve("java");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path cli = BENCH.resolve("../adapter-cli/target/zim-migrate.jar").normalize();
        Path archive = classArchive(javaBin, cli);
        String withArchive = archive == null ? "" : "if [[ \" $* \" == *\" -jar " + cli + " \"* && \"$*\" != *[Ss]hare* "
                + "&& \"$*\" != *ArchiveClasses* ]]; then\n  opts+=('-XX:SharedArchiveFile=" + archive
                + "' '-Xlog:cds*=off')\nfi\n";
        Files.writeString(java, "#!/usr/bin/env bash\nopts=(-XX:TieredStopAtLevel=1)\n" + withArchive + "exec '"
                + javaBin + "' \"${opts[@]}\" \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A class archive of {@code cli} from one short run of the shipped example, or null when none could be made. */
    private static Path classArchive(Path javaBin, Path cli) throws IOException, InterruptedException {
        Path example = BENCH.resolve("../docs/examples/history.jsonl").normalize();
        if (!Files.isRegularFile(cli) || !Files.isRegularFile(example)) {
            return null;
        }
        Path archive = shared.resolve("zim-migrate.jsa");
        Process p = new ProcessBuilder(javaBin.toString(), "-XX:TieredStopAtLevel=1",
                "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off", "-jar", cli.toString(), "run",
                example.toString(), "--now", "2024-11-20T00:00:00Z", "--qps", "0", "--progress", "lines", "--journal",
                shared.resolve("archive-journal").toString()).redirectErrorStream(true)
                .redirectOutput(shared.resolve("archive-run.log").toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return null;
        }
        return p.exitValue() == 0 && Files.isRegularFile(archive) && Files.size(archive) > 0 ? archive : null;
    }

    static Stream<Arguments> scripts() {
        return Stream.of(
                figure("p1-pacing.sh", "P1 pacing", Map.of("P1_MESSAGES", "60", "P1_TIMELINES", "4", "P1_PAIRS", "2")),
                figure("p2-overhead.sh", "P2 overhead", Map.of("P2_MESSAGES", "100", "P2_GROUPS", "4", "P2_PAIRS", "2",
                        "P2_ROUNDS", "1")),
                figure("p3-validate.sh", "P3 validation", Map.of("P3_MESSAGES", "2000", "P3_TRIES", "1")),
                figure("p4-plan.sh", "P4 memory", Map.of("P4_MESSAGES", "20000", "P4_HEAP", "64m")),
                figure("p4-vs-sort.sh", "P4 plan vs sort", Map.of("P4S_MESSAGES", "20000")),
                figure("memory-shapes.sh", "memory shapes", Map.of("MEM_MESSAGES", "20000", "MEM_GROUPS", "200",
                        "MEM_MEMBERS", "50", "MEM_USERS", "5000")),
                figure("memory-run.sh", "memory run", Map.of("MEM_MESSAGES", "200", "MEM_KILL_AFTER", "0",
                        "MEM_SHAPES", "users", "MEM_EMU_HEAP", "256m")),
                figure("memory-run.sh", "memory run", Map.of("MEM_MESSAGES", "200", "MEM_LEFT", "50",
                        "MEM_SHAPES", "users", "MEM_EMU_HEAP", "256m", "BENCH_JAVA_OPTS", "-Xmx256m")),
                figure("delta-memory.sh", "delta memory", Map.of("DELTA_MESSAGES", "2000", "DELTA_SHAPES", "pairs",
                        "DELTA_NEW", "10", "DELTA_LATE", "3", "DELTA_CHANGED", "3")),
                figure("verify-speed.sh", "verify speed", Map.of("VS_MESSAGES", "200", "VS_EMU_HEAP", "256m")),
                figure("p5-one-timeline.sh", "P5 one timeline", Map.of("P5_MESSAGES", "20", "P5_ROUNDS", "1")),
                figure("p6-resume.sh", "P6 resume", Map.of("P6_ACKNOWLEDGED", "3000", "P6_NEW", "20")),
                figure("makespan.sh", "makespan", Map.of("MAKESPAN_HOT", "20", "MAKESPAN_SMALL", "10",
                        "MAKESPAN_BIGGEST", "2", "MAKESPAN_DELAY_MS", "50")),
                Arguments.of("p2-feign-layers.sh", List.of(), "P2 Feign layers", Map.of("P2L_CALLS", "60",
                        "P2L_ROUNDS", "1"), List.of(0), "INFO"),
                figure("media-pacing.sh", "P1 with media", Map.of("P1M_MESSAGES", "20", "P1M_TIMELINES", "4",
                        "P1M_SIZE_KB", "16", "P1M_HOST_DELAY_MS", "20")),
                Arguments.of("follow-growth.sh", List.of(), "follow growth", Map.of("FG_MESSAGES", "2000",
                        "FG_APPEND", "20", "FG_ROUNDS", "1"), List.of(0), "INFO"),
                Arguments.of("media-copy.sh", List.of(), "media copy", Map.of("MEDIA_FILES", "20", "MEDIA_SIZE_KB", "64"),
                        List.of(0), "INFO"),
                Arguments.of("jmh.sh", List.of(), "", Map.of("JMH_ARGS", "-f 0 -wi 0 -i 1 -r 50ms -foe true"),
                        List.of(0), ""),
                Arguments.of("chaos.sh", List.of("--messages", "150", "--kills", "2", "--seed", "3"), "chaos:",
                        Map.of(), List.of(0), ""),
                figure("delta-crash-window.sh", "delta crash window", Map.of("CW_MESSAGES", "2000")),
                Arguments.of("stream-source.sh", List.of(), "stream-v2.jsonl:", Map.of("STREAM_MESSAGES", "2000"),
                        List.of(0), ""),
                Arguments.of("thread-cpu.sh", List.of("sleep", "0.3"), "all threads:", Map.of(), List.of(0), ""),
                Arguments.of("run-all.sh", List.of("p3"), "P3 validation", Map.of("P3_MESSAGES", "2000",
                        "P3_TRIES", "1"), List.of(0, 1), "PASS|FAIL"));
    }

    /** Every script under bench/ (lib.sh is sourced, not run) has its tiny run above: none is left to rot. */
    @Test
    void everyScriptHasATinyRun() throws IOException {
        Set<String> run = scripts().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(BENCH)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".sh"))
                    .filter(f -> !f.equals("lib.sh"))).allSatisfy(f -> assertThat(run).as("scripts()").contains(f));
        }
    }

    /** A figure's script: exit 0 (goal met) or 1 (missed), its one result line ending in PASS or FAIL. */
    private static Arguments figure(String script, String figure, Map<String, String> knobs) {
        return Arguments.of(script, List.of(), figure, knobs, List.of(0, 1), "PASS|FAIL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void runsEndToEndAndPrintsItsResultLine(String script, List<String> args, String linePrefix,
                                            Map<String, String> knobs, List<Integer> exitCodes, String lineEnd,
                                            @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("bash", BENCH.resolve(script).toString()),
                args.stream()).toList()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(knobs);
        pb.environment().put("BENCH_TMP", tmp.toString());
        pb.environment().put("JAVA", java.toString());
        pb.environment().remove("BENCH_REBUILD"); // the jars are this build's; never start a nested mvn
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish in 5 minutes; stderr:\n" + tail(err));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String context = script + " exited " + p.exitValue() + "\nstdout:\n" + stdout + "\nstderr:\n" + tail(err);
        assertThat(exitCodes).as(context).contains(p.exitValue());
        if (!linePrefix.isEmpty()) {
            List<String> results = stdout.lines().filter(l -> l.startsWith(linePrefix)).toList();
            assertThat(results).as(context).hasSize(1);
            assertThat(results.get(0)).as(context).doesNotEndWith("ERROR");
            if (!lineEnd.isEmpty()) {
                assertThat(results.get(0)).as(context).matches(".* (" + lineEnd + ")$");
            }
        } else {
            // JMH: every benchmark ran and reported a score.
            assertThat(stdout).as(context).contains("Benchmark", "ns/op").doesNotContain("<failure>");
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
