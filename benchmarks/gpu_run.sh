#!/usr/bin/env bash
# The GPU section on a machine with python3 + torch + transformers but no ctranslate2:
# installs the wheels carried in benchmarks/work/whl (ctranslate2 and pydantic) when
# that folder is there (else uses what is installed), checks that CTranslate2 can run
# a GEMM on the GPU, then runs `benchmarks/run.py --only gpu-translation` (which adds
# CTranslate2 float16 at batch 64 against the memory-bandwidth bound; set
# BENCH_GPU_BANDWIDTH_TBS for a GPU the table lacks) and copies results.json to $OUT.
# CTranslate2 4.x wheels load cuBLAS 12 (libcublas.so.12) at run time; when the
# machine only has cuBLAS 13, CT2 is retried with cuBLAS 13 aliased under the 12
# names, and results.json records that (BENCH_CT2_NOTE).
export PYTHONUNBUFFERED=1
cd "$(dirname "$0")/.." || exit 1
if ls benchmarks/work/whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site benchmarks/work/whl/*.whl || exit 1
fi
export PYTHONPATH=/tmp/site:$PWD/src
: "${OUT:=benchmarks/work/out}" && mkdir -p "$OUT"
python3 -c "import sys, torch, transformers, ctranslate2; print(sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.version.cuda, 'transformers', transformers.__version__, 'ctranslate2', ctranslate2.__version__, 'ct2 gpus', ctranslate2.get_cuda_device_count())"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
find / \( -path /proc -o -path /sys \) -prune -o -name "libcublas*.so.1*" -print 2>/dev/null | head -20
probe() {
  python3 - <<'PY'
import sys, tempfile
from pathlib import Path
sys.path.insert(0, "tests")
from tiny_models import build_tiny_nllb
from briefing.backends.ct2 import convert
from briefing.config import ModelSpec
import ctranslate2
d = Path(tempfile.mkdtemp())
out = convert(ModelSpec(id=str(build_tiny_nllb(d / "m"))), d / "c")
t = ctranslate2.Translator(str(out), device="cuda", compute_type="float16")
r = t.translate_batch([["eng_Latn", "▁The", "</s>"]], target_prefix=[["hye_Armn"]], max_decoding_length=4)
print("CT2 GPU probe ok:", r[0].hypotheses[0])
PY
}
if ! probe 2>&1 | tee /tmp/probe.log | tail -3; then :; fi
if ! grep -q "probe ok" /tmp/probe.log; then
  lib=$(find / \( -path /proc -o -path /sys \) -prune -o -name "libcublas.so.13*" -print 2>/dev/null | head -1)
  if [ -n "$lib" ]; then
    mkdir -p /tmp/cu12 && d=$(dirname "$lib")
    ln -sf "$d/libcublas.so.13" /tmp/cu12/libcublas.so.12
    ln -sf "$d/libcublasLt.so.13" /tmp/cu12/libcublasLt.so.12
    export LD_LIBRARY_PATH=/tmp/cu12:$d:$LD_LIBRARY_PATH
    export BENCH_CT2_NOTE="no cuBLAS 12 on the machine: CTranslate2 ran with cuBLAS 13 ($lib) aliased as libcublas.so.12"
    probe 2>&1 | tee /tmp/probe.log | tail -3
  fi
  grep -q "probe ok" /tmp/probe.log || export BENCH_CT2_NOTE="CTranslate2 cannot run on this GPU: $(tail -1 /tmp/probe.log)"
fi
echo "note: ${BENCH_CT2_NOTE:-none}"
python3 benchmarks/run.py --only gpu-translation "$@"
cp benchmarks/results.json "$OUT/" 2>/dev/null
