#!/usr/bin/env bash
# Chaos (issue 7): the real `zim-migrate run` against an emulator dealing faults (10% busy, 2% HTTP 500, 5% lost
# answers), killed with SIGKILL at seeded random moments and resumed with the same journal each time; the last run
# must finish, then every timeline is compared with the expected one. One result line on stdout:
#   chaos: lost=0 duplicated=0 reordered=0 unexpected=0 | kills=25 … ; exit 0 only when all are 0, the last run
# exited 0 and every kill happened.
# Flags go to the driver (io.zimmigrate.cli.chaos.Chaos in adapter-cli's test classes), e.g.
#   bench/chaos.sh --messages 2000 --kills 25 --seed 7 --transport alternate --qps 100
#   bench/chaos.sh --media-read-back as-sent --media-share 0.5 --lost 0.3
# Defaults: 2,000 messages (~2,500 import calls), 30 groups, 25 pairs, 25 kills, seed 7, vertx, --qps 100 (the
# emulator's cap too; 20 is ZIM's, also fine, just slower). BENCH_KEEP=1 keeps the work dir (logs, journal).
# Media (issue 12): --media-share 0.3 of the messages are images and files, drawn from --media-files 6 files (the
# same file sent again, told apart only by its Uid; 0: a new file each); --media-read-back documented|as-sent is the
# form in which the emulator returns their bodies to reconciliation's read-backs (ZIM's documented URL-encoded
# snake_case JSON, the default, or the body exactly as sent). Run it once with each form. The result line counts
# media-lost-answers: media imports that landed but whose answer was lost, which only a read-back can settle.
# The short version (3 kills, both forms, one per transport) runs in `mvn -B verify`: RunKillResumeIT.
source "$(dirname "$0")/lib.sh"
TEST_CLASSES="$ROOT/adapter-cli/target/test-classes"
if [[ "${BENCH_REBUILD:-0}" == 1 || ! -f "$CLI_JAR" || ! -f "$TEST_CLASSES/io/zimmigrate/cli/chaos/Chaos.class" ]]; then
  log "building (mvn -B -q package -pl adapter-cli -am -DskipTests) ..."
  (cd "$ROOT" && mvn -B -q package -pl adapter-cli -am -DskipTests ${MVN_OPTS:-}) >&2
fi
make_workdir
"$JAVA" -Xmx1g -cp "$TEST_CLASSES:$CLI_JAR" io.zimmigrate.cli.chaos.Chaos --jar "$CLI_JAR" --work "$WORK" "$@"
