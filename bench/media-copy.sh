#!/usr/bin/env bash
# Media copying throughput (issue 16, no goal): io.zimmigrate.bench.MediaCopy copies MEDIA_FILES generated files
# of MEDIA_SIZE_KB from a loopback HTTP host with the real copier and HTTP fetcher, MEDIA_TRANSFERS at once, into a
# directory store and into S3Proxy (in-process, filesystem blob store), and, as the baseline in the same run, only
# downloads them. One line: MiB/s and files/s for each, INFO.
#   bench/media-copy.sh                                      # 200 files of 256 KiB, 8 transfers
#   MEDIA_FILES=50 MEDIA_SIZE_KB=8192 bench/media-copy.sh    # fewer, larger files
source "$(dirname "$0")/lib.sh"
ensure_built
make_workdir
bench_main MediaCopy --files "${MEDIA_FILES:-200}" --size-kb "${MEDIA_SIZE_KB:-256}" \
  --transfers "${MEDIA_TRANSFERS:-8}" --work "$WORK"
