#!/usr/bin/env bash
# The native kernels under AddressSanitizer + UndefinedBehaviorSanitizer (gcc or clang).
#
#   scripts/native-sanitize.sh [--quick]
#
# 1. Rebuilds build/Release/winnow.node with -fsanitize=address,undefined (-O1 -g, CFLAGS and
#    LDFLAGS through node-gyp; checks that the flags reached the compile lines).
# 2. Runs node with the sanitizer runtimes preloaded (node itself is not instrumented, so they
#    must come first), leak detection off (V8's own allocations would drown the report), and
#    every UBSan finding fatal with a stack trace:
#    - the tests of test/native, test/text, test/scorers and test/tokenize (native path);
#    - `dist-bench/compare.js same` against a JavaScript-only copy of dist/ (every preset score
#      and token range on all strings of ../shared/corpora) and scripts/tokenizer-parity.ts
#      for one encoding per pre-tokenizer (skipped when ../shared/corpora is absent);
#    - scripts/native-hostile.ts: empty, 100 M units of one character, of seeded random units
#      (lone surrogates included), of spaces; 10 M of "\n"; an astral character 10 M times.
#    --quick runs the tests and the hostile cases only, at a hundredth of the size.
# 3. Restores the normal build (npm run build:native), whatever happened.
# Exits non-zero when a step failed; the sanitizer's report (with native/ file:line) is in the
# step's output, and each step's log is kept in $WINNOW_SANITIZE_LOGS (default: a temp dir).
# Takes about 15-30 minutes on two cores (a few with --quick). Not part of CI.
set -uo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = --quick ] && quick=1
cc=${CC:-cc}
logs=${WINNOW_SANITIZE_LOGS:-$(mktemp -d -t winnow-sanitize-XXXXXX)}
mkdir -p "$logs"
base=$(mktemp -d -t winnow-js-XXXXXX)
restore() {
  echo "restoring the normal build"
  npm run build:native > "$logs/restore.log" 2>&1 \
    || echo "npm run build:native failed: $logs/restore.log"
  rm -rf "$base"
}
trap restore EXIT

sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
echo "sanitized build (log: $logs/build.log)"
CFLAGS="${sanitize[*]} -g -O1" LDFLAGS="-fsanitize=address,undefined" V=1 \
  npm run build:native > "$logs/build.log" 2>&1 || { echo "build failed"; exit 1; }
if grep -E '^ +(cc|gcc|clang) .*native/' "$logs/build.log" | grep -vq -- -fsanitize=address; then
  echo "a compile line lacks -fsanitize: $logs/build.log"; exit 1
fi

preload=$($cc -print-file-name=libasan.so):$($cc -print-file-name=libubsan.so)
failed=0
# run NAME COMMAND...: COMMAND under the sanitizers, its output in $logs/NAME.log.
run() {
  local name=$1; shift
  echo "== $name"
  LD_PRELOAD=$preload ASAN_OPTIONS=detect_leaks=0,abort_on_error=0,halt_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1,halt_on_error=1 "$@" > "$logs/$name.log" 2>&1
  local rc=$?
  grep -E 'ERROR: AddressSanitizer|runtime error:|Total:|Passed:|differ|SUMMARY' "$logs/$name.log"
  if [ $rc -ne 0 ]; then echo "   FAILED (exit $rc): $logs/$name.log"; failed=1; fi
}

for dir in native text scorers tokenize; do
  run "test-$dir" node --import tsx node_modules/uvu/bin.js "test/$dir"
done

units=100000000
[ $quick = 1 ] && units=1000000
for c in empty one-char random spaces newlines astral; do
  n=$units
  [ $c = astral ] && n=$((units / 5)) # 10 M astral characters at full size
  # c4 keeps a span per bad line: 100 M of them outgrow an 8 GB JavaScript heap.
  [ $c = newlines ] && n=$((units / 10))
  run "hostile-$c" node --max-old-space-size=8192 --import tsx scripts/native-hostile.ts $c $n
done

if [ $quick = 0 ] && [ -d ../shared/corpora ]; then
  rm -rf dist dist-bench
  npm run build > "$logs/tsc.log" 2>&1 && npx tsc -p tsconfig.bench.json >> "$logs/tsc.log" 2>&1 \
    || { echo "tsc failed: $logs/tsc.log"; exit 1; }
  # A copy of dist/ beside no build/: its addon.js finds no addon, so it runs the JavaScript.
  cp -r dist "$base/dist" && ln -s "$PWD/node_modules" "$base/node_modules"
  run corpus-same node dist-bench/compare.js same "$base/dist" dist
  run tokenizer-parity node --import tsx scripts/tokenizer-parity.ts ../shared/corpora \
    cl100k_base o200k_base r50k_base
fi
[ $failed = 0 ] && echo "no sanitizer finding, every step passed (logs: $logs)"
exit $failed
