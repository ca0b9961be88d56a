#!/usr/bin/env bash
# Writes a random, seeded checkpoint of a published model shape in Hugging Face layout (config.json, safetensors
# shards with model.safetensors.index.json, the bundled Sports World tokenizer.json), for measuring memory and time
# at a real model's size. Tensors are made and written one at a time: the largest one (as float32) is the peak.
#
#   scripts/make-checkpoint.sh [OUT] [SHAPE] [DTYPE] [SHARDS]
#   scripts/make-checkpoint.sh /tmp/llama-1b llama-3.2-1b bf16 2      (the defaults; 2.5 GB, about a minute)
#
# SHAPE: llama-3.2-1b, gemma-2-2b, gemma-7b, llama-3-8b, gemma-2-9b, or a config.json file. Extra flags after
# these four go to `locus make-checkpoint` (e.g. --seed 1). Set LOCUS_JAR to use another build.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/llama-3.2-1b-random}
SHAPE=${2:-llama-3.2-1b}
DTYPE=${3:-bf16}
SHARDS=${4:-2}
shift $(( $# < 4 ? $# : 4 ))
JAR=${LOCUS_JAR:-target/locus.jar}
if [ ! -f "$JAR" ]; then
  mvn -q -B -o package -DskipTests
fi
exec java -Xmx2g -jar "$JAR" make-checkpoint --shape "$SHAPE" --dtype "$DTYPE" --shards "$SHARDS" --out "$OUT" "$@"
