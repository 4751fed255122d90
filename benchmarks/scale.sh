#!/usr/bin/env bash
# The scale benchmark in one command (see benchmarks/README.md, "Scale benchmark"):
#   benchmarks/scale.sh [--runner=default|direct|flink|spark] [--timeout=SECONDS] [--seed=42]
#                       [--rerun-input=all|delta] [--parts=4] [--jvm-opts='-Xmx3g'] [--skip-baseline] N...
# N as 1000, 10k, 1M. Builds the two jars first if either is missing (--rebuild: always).
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
rebuild=false
for a in "$@"; do
  if [[ "$a" == --rebuild ]]; then rebuild=true; else args+=("$a"); fi
done
if $rebuild || [[ ! -f pipelines/target/souk-pipelines-bundled.jar || ! -f benchmarks/target/benchmarks.jar ]]; then
  mvn -B -q -o package -DskipTests -pl pipelines,benchmarks -am
fi
exec java -cp benchmarks/target/benchmarks.jar dev.souk.benchmarks.scale.ScaleBenchmark "${args[@]}"
