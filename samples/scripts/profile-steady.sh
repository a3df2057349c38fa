#!/bin/bash
# Profiles a workload's steady state in one JVM with memdiag attached, the way SteadyStateAB runs
# it: the harness's own child repeats the workload, memdiag is attached by PID after a warm-up,
# and async-profiler (loaded into the running JVM through jcmd, no restart) samples every
# thread's CPU for a number of repetitions. Seventeenth session: this is how ECJ/17's extra
# thread CPU with resource tracking was placed; eighteenth: how H2/25's was found not to be
# memdiag's code (src/site/markdown/performance.md).
#
# usage: samples/scripts/profile-steady.sh <java home> <agent options|none> <output prefix> [repetitions, default 40] [h2|ecj|rhino, default ecj]
#   e.g. samples/scripts/profile-steady.sh /usr/lib/jvm/java-17-openjdk-amd64 resources=on /tmp/ecj-on
#   "none" attaches nothing; any other value is passed to memdiag's attach as its options.
# needs: mvn -B -q install -DskipTests (the jars and samples/target/workloads), and async-profiler
#   mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:4.2
# writes: <prefix>.collapsed (stacks by thread, frame types annotated: _[j] JIT, _[1] C1, _[i] interpreted,
#   _[0] inlined) and <prefix>.reps (the child's "ab-us" lines: wall, thread CPU, GC, JIT, process CPU)
set -euo pipefail
JAVA_HOME_ARG=$1; OPTIONS=$2; OUT=$3; REPS=${4:-40}; WORKLOAD=${5:-ecj}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PROFILER_JAR=${PROFILER_JAR:-$HOME/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
unzip -q -o "$PROFILER_JAR" linux-x64/libasyncProfiler.so -d "$WORK"
LIB=$WORK/linux-x64/libasyncProfiler.so
# the child's class path, main class and arguments, as SteadyStateAB starts it (its input written into $WORK)
IFS=$'\t' read -r -a COMMAND < <("$JAVA_HOME_ARG/bin/java" -cp "$ROOT/samples/target/memdiag-samples.jar" \
    io.memdiag.samples.bench.SteadyStateAB command "$ROOT/samples/target/workloads" "$WORK" "$WORKLOAD")

coproc CHILD { cd "$WORK"; exec "$JAVA_HOME_ARG/bin/java" -Xms1g -Xmx1g -XX:+EnableDynamicAgentLoading \
    -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -cp "${COMMAND[0]}" io.memdiag.samples.bench.SteadyStateAB \
    child "$WORKLOAD" "${COMMAND[@]:1}" 2>"$WORK/stderr.txt"; }
PID=$CHILD_PID
: > "$OUT.reps"
run() { # the child's protocol: "run N", one "ab-us" line per repetition, then "ab-done"
    echo "run $1" >&"${CHILD[1]}"
    while read -r line <&"${CHILD[0]}"; do
        case "$line" in "ab-us "*) echo "$line" >> "$OUT.reps";; ab-done) return;; esac
    done
    echo "the child ended:" >&2; cat "$WORK/stderr.txt" >&2; exit 1
}
run 30
if [ "$OPTIONS" != none ]; then
    "$JAVA_HOME_ARG/bin/java" -jar "$ROOT/agent/target/memdiag-agent.jar" attach "$PID" "report.dir=$WORK/reports,$OPTIONS" >/dev/null
fi
echo "--- settled" >> "$OUT.reps"; run 10
echo "--- profiled" >> "$OUT.reps"
# the options in inner quotes: jcmd would otherwise split "key=value" into arguments of its own
"$JAVA_HOME_ARG/bin/jcmd" "$PID" JVMTI.agent_load "$LIB" "\"start,event=cpu,interval=1ms,threads,ann\"" >/dev/null
run "$REPS"
"$JAVA_HOME_ARG/bin/jcmd" "$PID" JVMTI.agent_load "$LIB" "\"stop,collapsed,ann,threads,file=$OUT.collapsed\"" >/dev/null
echo quit >&"${CHILD[1]}"
wait "$PID" || true
echo "$OUT.collapsed: $(wc -l < "$OUT.collapsed") stacks; per thread:"
awk '{n=$NF; split($0, f, ";"); t=f[1]; sub(/ tid=[0-9]+/, "", t); s[t]+=n} END {for (k in s) print s[k], k}' "$OUT.collapsed" | sort -rn | head -8
