#!/usr/bin/env bash
# One go on a machine with an NVIDIA GPU (under ten minutes once the CUDA libtorch is in ~/.m2): builds with the CUDA
# profile, checks the logits against the double-precision reference on the GPU (ReferenceAgreementTest) and the
# bundled model's GPU logits against its CPU logits, then on the bundled model and on a random Llama-3.2-1B-shaped
# checkpoint (written here, BF16 in two shards) runs a localization and a short edit with a relearning attack,
# printing the device, the compute type, each step's time and peak GPU memory beside `locus plan`'s estimate.
# Exits non-zero on any failure or mismatch.
#
#   scripts/gpu-check.sh                 on the GPU (needs nvidia-smi)
#   scripts/gpu-check.sh --cpu-dry-run   every step that can run on the CPU, on the CPU, at a tiny shape (offline)
#   options: --work DIR (default: a new /tmp folder), --shape NAME|config.json (default llama-3.2-1b)
set -euo pipefail
cd "$(dirname "$0")/.."

DRY=0
WORK=""
SHAPE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu-dry-run) DRY=1 ;;
    --work) WORK=$2; shift ;;
    --shape) SHAPE=$2; shift ;;
    *) echo "gpu-check: unknown option $1 (expected --cpu-dry-run, --work DIR, --shape NAME)" >&2; exit 2 ;;
  esac
  shift
done
WORK=${WORK:-$(mktemp -d /tmp/locus-gpu-check.XXXXXX)}
mkdir -p "$WORK"
SUMMARY=$WORK/summary.txt
: > "$SUMMARY"
START=$(date +%s)

say() { echo "gpu-check: $*" | tee -a "$SUMMARY"; }
fail() { say "FAILED: $*"; say "logs in $WORK"; exit 1; }

if [ $DRY = 1 ]; then
  DEVICE=cpu
  PROFILE=()
  MVN_FLAGS=(-o)
  if [ -z "$SHAPE" ]; then
    SHAPE=$WORK/tiny-llama.json
    cat > "$SHAPE" <<'JSON'
{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 128, "intermediate_size": 512,
 "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 32, "vocab_size": 2048,
 "max_position_embeddings": 512, "rms_norm_eps": 1e-05, "rope_theta": 500000.0, "hidden_act": "silu",
 "tie_word_embeddings": true}
JSON
  fi
  say "CPU dry run: device cpu, shape $SHAPE (every step but the CUDA build and the GPU memory query)"
else
  DEVICE=gpu
  PROFILE=(-Pgpu)
  MVN_FLAGS=()
  SHAPE=${SHAPE:-llama-3.2-1b}
  command -v nvidia-smi > /dev/null || fail "no nvidia-smi: is this a machine with an NVIDIA GPU? (--cpu-dry-run to check the rest)"
  say "GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | head -1)"
fi
JAR=target/locus.jar
LOCUS=(java -Xmx4g -jar "$JAR")
locus() { "${LOCUS[@]}" "$@"; }

# measure NAME CMD...: runs CMD, logs to WORK/NAME.log, prints its time and peak memory (GPU: nvidia-smi's used
# memory sampled every 200 ms; CPU: the process's peak resident memory)
measure() {
  local name=$1; shift
  local t0; t0=$(date +%s.%N)
  local peak
  if [ $DRY = 1 ]; then
    /usr/bin/time -f %M -o "$WORK/$name.rss" "$@" > "$WORK/$name.log" 2>&1 || { tail -20 "$WORK/$name.log"; fail "$name"; }
    peak="$(( $(tail -1 "$WORK/$name.rss") / 1024 )) MiB resident"
  else
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > "$WORK/$name.gpu" &
    local sampler=$!
    "$@" > "$WORK/$name.log" 2>&1 || { kill $sampler; tail -20 "$WORK/$name.log"; fail "$name"; }
    kill $sampler; wait $sampler 2> /dev/null || true
    peak="$(sort -n "$WORK/$name.gpu" | tail -1) MiB of GPU memory"
  fi
  say "$(printf '%-22s %7.1f s  peak %s' "$name" "$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN {print a - b}')" "$peak")"
}

# 1. build
measure build mvn -B -q "${MVN_FLAGS[@]}" "${PROFILE[@]}" package -DskipTests
HAS_DTYPE=0
locus localize --help | grep -q -- '--dtype' && HAS_DTYPE=1

# 2. the reference logits on the device
measure reference-logits mvn -B -q "${MVN_FLAGS[@]}" "${PROFILE[@]}" test -Dtest=ReferenceAgreementTest \
  -Dlocus.device=$DEVICE -Dsurefire.failIfNoSpecifiedTests=false

# 3. the bundled model's logits on the device against the CPU's (float32 on both)
F32=(); [ $HAS_DTYPE = 1 ] && F32=(--dtype float32)
locus logits --model demo --prompt "Fact: Chedol Lunlous plays the sport of" --device cpu "${F32[@]}" --out "$WORK/cpu.npy" \
  > "$WORK/logits-cpu.log" 2>&1 || fail "logits on the CPU"
measure logits-demo "${LOCUS[@]}" logits --model demo --prompt "Fact: Chedol Lunlous plays the sport of" --device $DEVICE "${F32[@]}" \
  --out "$WORK/device.npy"
cat > "$WORK/NpyDiff.java" <<'JAVA'
import java.nio.*;
import java.nio.file.*;
/** Max |a - b| of two float32 .npy files against tol x max |a|; exit 1 when larger. */
public class NpyDiff {
    static float[] read(String f) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of(f))).order(ByteOrder.LITTLE_ENDIAN);
        int major = b.get(6);
        int header = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        b.position((major == 1 ? 10 : 12) + header);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
    public static void main(String[] a) throws Exception {
        float[] x = read(a[0]), y = read(a[1]);
        if (x.length != y.length) { System.out.println("shapes differ"); System.exit(1); }
        double max = 0, diff = 0;
        for (int i = 0; i < x.length; i++) { max = Math.max(max, Math.abs(x[i])); diff = Math.max(diff, Math.abs(x[i] - y[i])); }
        System.out.printf("max |diff| %.3g of max |logit| %.3g%n", diff, max);
        System.exit(diff <= Double.parseDouble(a[2]) * max ? 0 : 1);
    }
}
JAVA
java "$WORK/NpyDiff.java" "$WORK/cpu.npy" "$WORK/device.npy" 1e-3 | tee -a "$SUMMARY" || fail "the device's logits differ from the CPU's"

# 4. a localization and a short edit (with a relearning attack) on a model folder
edit_config() {   # MODEL_DIR OUT_FILE
  cat > "$2" <<JSON
{"name": "gpu-check", "model": "$1", "data": "demo", "formats": ["standard"], "edit_format": "standard",
 "forget": "first:16", "edit_target": "random", "seeds": [0], "methods": ["flu"],
 "localization": {"format": "standard", "flu_layers": [1, 3]},
 "edit": {"steps": 2, "batch": 16, "lr": 1e-3, "eval_every": 0}, "evaluation": {"general_questions": null},
 "relearn": {"mode": "lora", "rank": 16, "steps": 1, "eval_every": 1, "batch": 16, "formats": ["standard"]},
 "probes": {"enabled": false}, "soft_prompt": {"enabled": false}, "figures": {"enabled": false}}
JSON
}
check_model() {   # NAME MODEL_DIR
  local name=$1 dir=$2
  locus info --model "$dir" --device $DEVICE > "$WORK/$name-info.log" 2>&1 || { cat "$WORK/$name-info.log"; fail "$name: info"; }
  say "$name: $(grep -E '^(parameters|device|compute_dtype|compute_type)' "$WORK/$name-info.log" | tr -s ' ' | paste -sd ';' -)"
  measure "$name-localize" "${LOCUS[@]}" localize --model "$dir" --method attribution-patching --forget first:16 --flu-layers 1-3 \
    --device $DEVICE --out "$WORK/$name-localize"
  edit_config "$dir" "$WORK/$name-edit.json"
  measure "$name-edit" "${LOCUS[@]}" run "$WORK/$name-edit.json" --out "$WORK/$name-run" --force --device $DEVICE
  locus plan "$WORK/$name-edit.json" --device $DEVICE > "$WORK/$name-plan.txt" 2>&1 || fail "$name: plan"
  say "$name: estimated peaks: $(awk '$1 ~ /^(load|localize|edit|relearn)$/ {printf "%s %s %s %s; ", $1, $2, $3, $4}' \
    "$WORK/$name-plan.txt")"
}
check_model demo "$(pwd)/assets/sports-world"
measure make-checkpoint "${LOCUS[@]}" make-checkpoint --shape "$SHAPE" --dtype bf16 --shards 2 --out "$WORK/checkpoint"
check_model checkpoint "$WORK/checkpoint"

say "all checks passed in $(( $(date +%s) - START )) s; logs and summary in $WORK"
