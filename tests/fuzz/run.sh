#!/usr/bin/env bash
# make fuzz: every fuzz target for FUZZ_RUNS inputs (default 1 000 000), then a table of
# inputs, time and crashes per target. Exits non-zero when any target crashed.
#
# With a nightly toolchain and cargo-fuzz (installed here when nightly is present but
# cargo-fuzz is not): coverage-guided libFuzzer on tests/fuzz/fuzz_targets/*, seeded from
# tests/fuzz/corpus/<target>/ (read only; new inputs go to target/fuzz/corpus/<target>/,
# crash inputs to target/fuzz/artifacts/<target>/). Otherwise (or FUZZ_ENGINE=proptest): the
# same properties as proptest runs, tests/fuzz_fallback.rs.
#
#   FUZZ_RUNS=100000 make fuzz          a shorter run
#   FUZZ_TARGETS="retry_headers" make fuzz
#   FUZZ_ENGINE=proptest make fuzz      force the fallback
#   FUZZ_ARGS="-seed=123" make fuzz     extra libFuzzer flags (replay a run by its seed);
#                                       the fallback replays with FUZZ_SEED=<seed>
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${FUZZ_RUNS:-1000000}
TARGETS=(${FUZZ_TARGETS:-parse_and_validate_request validate_request_tree parse_response retry_headers client_options})
OUT=target/fuzz
mkdir -p "$OUT"

engine=${FUZZ_ENGINE:-}
if [ -z "$engine" ]; then
  engine=proptest
  if cargo +nightly --version >/dev/null 2>&1; then
    if ! cargo fuzz --version >/dev/null 2>&1; then
      echo "fuzz: installing cargo-fuzz (nightly is present)"
      cargo install cargo-fuzz --locked >"$OUT/install.log" 2>&1 \
        || cargo install cargo-fuzz >>"$OUT/install.log" 2>&1 \
        || echo "fuzz: cargo-fuzz did not install (see $OUT/install.log)"
    fi
    if cargo fuzz --version >/dev/null 2>&1; then engine=libfuzzer; fi
  fi
fi

declare -a ROWS
failed=0

if [ "$engine" = libfuzzer ]; then
  echo "fuzz: libFuzzer ($(cargo +nightly --version)), $RUNS inputs per target"
  # The code under test is safe Rust: no sanitizer (2x faster); overflow checks and debug
  # assertions stay on (cargo-fuzz's default).
  FUZZ=(cargo +nightly fuzz)
  CARGO_TARGET_DIR="$OUT/build" "${FUZZ[@]}" build --fuzz-dir tests/fuzz -s none >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
  for t in "${TARGETS[@]}"; do
    corpus="$OUT/corpus/$t" artifacts="$OUT/artifacts/$t" log="$OUT/$t.log"
    mkdir -p "$corpus" "$artifacts"
    dict=()
    case $t in parse_*) dict=(-dict=tests/fuzz/json.dict) ;; esac
    count() { find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l; }
    before=$(count)
    start=$(date +%s%N)
    set +e
    CARGO_TARGET_DIR="$OUT/build" "${FUZZ[@]}" run --fuzz-dir tests/fuzz -s none "$t" "$corpus" "tests/fuzz/corpus/$t" -- \
      -runs="$RUNS" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "${dict[@]}" ${FUZZ_ARGS:-} >"$log" 2>&1
    rc=$?
    set -e
    ms=$((($(date +%s%N) - start) / 1000000))
    done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
    runs=$(sed -E 's/^Done ([0-9]+) runs.*/\1/' <<<"$done_line")
    crashes=$(($(count) - before))
    seed=$(grep -oE 'Seed: [0-9]+' "$log" | head -1 | cut -d' ' -f2)
    if [ "$rc" -ne 0 ]; then
      failed=1
      crashes=$((crashes > 0 ? crashes : 1))
      echo "fuzz: $t FAILED (exit $rc); log: $log"
      grep -E "panicked at|^thread|SUMMARY|Test unit written" -A2 "$log" | head -20 || true
    fi
    ROWS+=("$(printf '%-28s %10s %6d.%d s %8s   seed %s' "$t" "${runs:-?}" $((ms / 1000)) $((ms % 1000 / 100)) "$crashes" "$seed")")
  done
else
  echo "fuzz: proptest fallback (no nightly or cargo-fuzz), $RUNS inputs per target"
  log="$OUT/fallback.log"
  filters=()
  for t in "${TARGETS[@]}"; do filters+=("$t"); done
  set +e
  FUZZ_CASES="$RUNS" cargo test --release --locked --test fuzz_fallback -- --ignored --exact --nocapture --test-threads 2 "${filters[@]}" >"$log" 2>&1
  rc=$?
  set -e
  grep -E "^fuzz-fallback .*(inputs|crash)|panicked|^error" -A3 "$log" || true
  [ "$rc" -ne 0 ] && failed=1
  for t in "${TARGETS[@]}"; do
    line=$(grep -E "^fuzz-fallback $t: [0-9]+ inputs" "$log" | tail -1 || true)
    seed=$(grep -oE "^fuzz-fallback $t: FUZZ_SEED=[0-9]+" "$log" | head -1 | sed 's/.*=//')
    if [ -n "$line" ]; then
      runs=$(sed -E 's/.*: ([0-9]+) inputs in ([0-9.]+) s.*/\1/' <<<"$line")
      secs=$(sed -E 's/.*: ([0-9]+) inputs in ([0-9.]+) s.*/\2/' <<<"$line")
      ROWS+=("$(printf '%-28s %10s %8s s %8s   seed %s' "$t" "$runs" "$secs" 0 "$seed")")
    else
      ROWS+=("$(printf '%-28s %10s %8s   %8s   seed %s (see %s)' "$t" "-" "-" 1 "$seed" "$log")")
    fi
  done
fi

echo
echo "fuzz results ($engine)"
printf '%-28s %10s %10s %8s\n' target inputs time crashes
for r in "${ROWS[@]}"; do echo "$r"; done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED (crash inputs under $OUT/artifacts/ or in the log)"
  exit 1
fi
echo "fuzz: no crash"
