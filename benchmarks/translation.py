"""Neural translation speed: transformers vs CTranslate2 on an NLLB-200-600M-shaped model.

No model is downloaded. `build_model` instantiates `M2M100ForConditionalGeneration`
with the exact architecture of facebook/nllb-200-distilled-600M (`NLLB_600M`,
copied from its config.json) and random weights, with a small NLLB tokenizer
trained on the sample corpus (tests/tiny_models.py); the CTranslate2 converter
pads the vocabulary to the model's 256,206 rows. Random weights make output
gibberish, but the arithmetic per generated token is the real model's.

Every engine translates the same source token ids (sample-corpus sentences),
with the same beam size and a FIXED number of generated target tokens
(transformers: min_new_tokens = max_new_tokens; CTranslate2:
min_decoding_length = max_decoding_length), so the work is equal. Each case runs
in a fresh subprocess (`--worker`), which reports its own peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work" / "translation"

#: facebook/nllb-200-distilled-600M config.json (architecture fields only).
NLLB_600M = {
    "vocab_size": 256206,
    "d_model": 1024,
    "encoder_layers": 12,
    "decoder_layers": 12,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "max_position_embeddings": 1024,
    "scale_embedding": True,
    "activation_function": "relu",
    "dropout": 0.1,
    "attention_dropout": 0.1,
    "activation_dropout": 0.0,
    "encoder_layerdrop": 0.0,
    "decoder_layerdrop": 0.0,
    "init_std": 0.02,
    "use_cache": True,
    "pad_token_id": 1,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "decoder_start_token_id": 2,
    "tie_word_embeddings": True,
    "is_encoder_decoder": True,
}

#: Sentences translated in a full run (the issue asks for 200); quick mode uses fewer.
FULL_SENTENCES = 200
QUICK_SENTENCES = 16
#: transformers fp32 on 2 CPU cores makes about 17 target tokens/s on this model,
#: so the 200 sentences take about 6 minutes; all engines get the same sentences.
HF_CPU_SENTENCES = FULL_SENTENCES
#: Target tokens generated per sentence, forced (the target-language token included).
#: 32 is about a 20-word Armenian/Azerbaijani sentence under NLLB's tokenizer.
TARGET_TOKENS = 32
BEAMS = 4
TARGET_LANG = "hye_Armn"
#: Tokenizer vocabulary trained on the corpus: large enough that tokens are
#: roughly word pieces (about 1.3 tokens per word, like NLLB's 256k vocabulary).
TOKENIZER_VOCAB = 3000


# ------------------------------------------------------------------ building


def build_model(work: Path = WORK) -> Path:
    """The random-weight NLLB-600M-shaped model with its tokenizer, saved once under `work`/hf."""
    out = work / "hf"
    if (out / "model.safetensors").is_file() and (out / "tokenizer_config.json").is_file():
        return out
    sys.path.insert(0, str(ROOT / "tests"))
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    from tiny_models import train_sentencepiece

    spm_dir = work / "spm"
    train_sentencepiece(spm_dir, vocab_size=TOKENIZER_VOCAB, model_type="bpe", name="sentencepiece.bpe")
    tokenizer = NllbTokenizer.from_pretrained(str(spm_dir), extra_special_tokens=list(FAIRSEQ_LANGUAGE_CODES))
    torch.manual_seed(0)
    model = M2M100ForConditionalGeneration(M2M100Config(**NLLB_600M, tokenizer_class="NllbTokenizer"))
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    return out


def build_ct2(hf_dir: Path, quantization: str, work: Path = WORK) -> Path:
    """The CTranslate2 conversion of `hf_dir` with weights stored as `quantization`, made once."""
    sys.path.insert(0, str(ROOT / "src"))
    from briefing.backends.ct2 import convert
    from briefing.config import ModelSpec

    out = work / f"ct2-{quantization}"
    if not (out / "model.bin").is_file():
        convert(ModelSpec(id=str(hf_dir), family="nllb"), out, quantization)
    return out


def source_ids(hf_dir: Path, n: int) -> list[list[int]]:
    """`n` English sentences of the sample corpus as NLLB source token ids (cycled if needed)."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(hf_dir))
    tokenizer.src_lang = "eng_Latn"
    sentences = []
    for page in sorted((ROOT / "corpus").glob("*.txt")):
        for line in page.read_text(encoding="utf-8").splitlines():
            for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
                if 8 <= len(sentence.split()) <= 60 and sentence.isascii():
                    sentences.append(sentence)
    if not sentences:
        raise RuntimeError("no sentences found in corpus/")
    chosen = [sentences[i % len(sentences)] for i in range(n)]
    return tokenizer(chosen)["input_ids"]


# ------------------------------------------------------------------ workers


class _GpuMemory:
    """Peak GPU memory in use (NVML, whole device) while the block runs, minus the level at start."""

    def __init__(self) -> None:
        import pynvml

        pynvml.nvmlInit()
        self._nvml = pynvml
        self._handle = pynvml.nvmlDeviceGetHandleByIndex(0)
        self.base = self._used()
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _used(self) -> int:
        return int(self._nvml.nvmlDeviceGetMemoryInfo(self._handle).used)

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._used())
            time.sleep(0.005)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._used())
        return (self.peak - self.base) / 2**20


def _batches(ids: list[list[int]], size: int) -> list[list[int]]:
    """Sentence indices in batches of `size`, longest first (what both engines' sorting does)."""
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]), reverse=True)
    return [order[i : i + size] for i in range(0, len(order), size)]


def _warm_up(call) -> None:
    """One tiny untimed call (one sentence, two tokens): kernels, allocator and caches warmed."""
    call()


def _worker_hf(case: dict, ids: list[list[int]], hf_dir: Path) -> tuple[float, float, list[int]]:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    torch.set_num_threads(case["threads"])
    device = case["device"]
    dtype = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[case["dtype"]]
    start = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(str(hf_dir))
    model = AutoModelForSeq2SeqLM.from_pretrained(str(hf_dir), dtype=dtype).to(device).eval()
    tgt_id = tokenizer.convert_tokens_to_ids(TARGET_LANG)
    load_s = time.perf_counter() - start
    lengths = [0] * len(ids)

    def run(batch: list[int]) -> None:
        width = max(len(ids[i]) for i in batch)
        pad = tokenizer.pad_token_id
        input_ids = torch.tensor([ids[i] + [pad] * (width - len(ids[i])) for i in batch], device=device)
        mask = (input_ids != pad).long()
        with torch.inference_mode():
            out = model.generate(
                input_ids=input_ids,
                attention_mask=mask,
                num_beams=case["beams"],
                do_sample=False,
                min_new_tokens=case["tokens"],
                max_new_tokens=case["tokens"],
                forced_bos_token_id=tgt_id,
                no_repeat_ngram_size=0,
                length_penalty=1.0,
                early_stopping=False,
            )
        for i in batch:
            lengths[i] = int(out.shape[1]) - 1  # minus the decoder start token

    batches = _batches(ids, case["batch_size"])
    _warm_up(
        lambda: model.generate(
            input_ids=torch.tensor([ids[0]], device=device), max_new_tokens=2, num_beams=case["beams"]
        )
    )
    if device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for batch in batches:
        run(batch)
    if device == "cuda":
        torch.cuda.synchronize()
    return load_s, time.perf_counter() - start, lengths


def _worker_ct2(case: dict, ids: list[list[int]], hf_dir: Path) -> tuple[float, float, list[int]]:
    import ctranslate2
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(hf_dir))
    tokens = [tokenizer.convert_ids_to_tokens(seq) for seq in ids]
    start = time.perf_counter()
    translator = ctranslate2.Translator(
        case["model_dir"],
        device=case["device"],
        compute_type=case["dtype"],
        inter_threads=1,
        intra_threads=case["threads"],
    )
    load_s = time.perf_counter() - start
    kwargs = dict(
        beam_size=case["beams"],
        min_decoding_length=case["tokens"],
        max_decoding_length=case["tokens"],
        no_repeat_ngram_size=0,
        length_penalty=1.0,
        use_vmap=case.get("vmap", False),
    )
    lengths = [0] * len(ids)

    def run(batch: list[int]) -> None:
        results = translator.translate_batch(
            [tokens[i] for i in batch],
            target_prefix=[[TARGET_LANG]] * len(batch),
            max_batch_size=case["batch_size"],
            **kwargs,
        )
        for i, result in zip(batch, results):
            lengths[i] = len(result.hypotheses[0])

    batches = _batches(ids, case["batch_size"])
    _warm_up(lambda: translator.translate_batch([tokens[0]], max_decoding_length=2, beam_size=case["beams"]))
    start = time.perf_counter()
    for batch in batches:
        run(batch)
    return load_s, time.perf_counter() - start, lengths


def _peak_rss_kib() -> int:
    """This process's peak resident set (VmHWM, KiB). Not getrusage's ru_maxrss: Linux carries that
    across execve, so a worker started by a parent that built the 2.4 GB model would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def worker(case: dict) -> dict:
    """Run one case in this process; returns its measurements."""
    hf_dir = Path(case["hf_dir"])
    ids = source_ids(hf_dir, case["sentences"])
    gpu = _GpuMemory() if case["device"] == "cuda" else None
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = _worker_hf if case["engine"] == "transformers" else _worker_ct2
    load_s, seconds, lengths = run(case, ids, hf_dir)
    generated = sum(lengths)
    result = {
        "engine": case["engine"],
        "dtype": case["dtype"],
        "device": case["device"],
        "batch_size": case["batch_size"],
        "vmap": bool(case.get("vmap")),
        "sentences": len(ids),
        "beams": case["beams"],
        "threads": case["threads"],
        "source_tokens": sum(len(s) for s in ids),
        "target_tokens": generated,
        "target_tokens_per_sentence": sorted(set(lengths)),
        "load_s": round(load_s, 2),
        "translate_s": round(seconds, 3),
        "target_tokens_per_s": round(generated / seconds, 1),
        "sentences_per_s": round(len(ids) / seconds, 2),
        "peak_rss_mib": round(_peak_rss_kib() / 1024, 1),
        "rss_before_load_mib": round(rss_before / 1024, 1),
    }
    if gpu is not None:
        result["peak_gpu_mib"] = round(gpu.stop(), 1)
    return result


def run_case(case: dict, timeout: float = 1800) -> dict:
    """Run `case` in a fresh interpreter; its result, or {"error": ...}."""
    paths = [str(ROOT / "src")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env = dict(os.environ, OMP_NUM_THREADS=str(case["threads"]), PYTHONPATH=os.pathsep.join(paths))
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(case)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {**{k: case[k] for k in ("engine", "dtype", "device", "batch_size")}, "error": proc.stderr[-2000:]}
    return json.loads(lines[-1])


# ------------------------------------------------------------------ suites


def _ratios(results: list[dict], baseline: dict) -> None:
    """Add speed and memory ratios against `baseline` (same batch size) to each result, in place."""
    for r in results:
        if "error" in r or "error" in baseline:
            continue
        r["speedup_vs_transformers"] = round(r["target_tokens_per_s"] / baseline["target_tokens_per_s"], 2)
        mem = "peak_gpu_mib" if r["device"] == "cuda" else "peak_rss_mib"
        if baseline.get(mem):
            r["memory_vs_transformers"] = round(r[mem] / baseline[mem], 2)


def _equal_work(results: list[dict]) -> bool:
    """Whether every engine generated the same number of target tokens per sentence."""
    counts = {tuple(r["target_tokens_per_sentence"]) for r in results if "error" not in r}
    return len(counts) == 1


def cpu_suite(quick: bool = False, threads: int = 2, batch_size: int = 16) -> dict:
    """transformers fp32 vs CTranslate2 int8 (and int8 with a restricted vocabulary) on CPU."""
    hf_dir = build_model()
    ct2_int8 = build_ct2(hf_dir, "int8")
    vmap_size = write_target_vmap(ct2_int8)
    common = {
        "hf_dir": str(hf_dir),
        "sentences": QUICK_SENTENCES if quick else FULL_SENTENCES,
        "tokens": TARGET_TOKENS,
        "beams": BEAMS,
        "threads": threads,
        "device": "cpu",
        "batch_size": batch_size,
    }
    hf_sentences = min(common["sentences"], HF_CPU_SENTENCES)
    base = run_case({**common, "engine": "transformers", "dtype": "float32", "sentences": hf_sentences})
    others = [
        run_case({**common, "engine": "ctranslate2", "dtype": "int8", "model_dir": str(ct2_int8)}),
        run_case({**common, "engine": "ctranslate2", "dtype": "int8", "model_dir": str(ct2_int8), "vmap": True}),
    ]
    results = [base, *others]
    _ratios(results, base)
    return {
        "model": "facebook/nllb-200-distilled-600M architecture, random weights",
        "target_lang": TARGET_LANG,
        "vmap_tokens": vmap_size,
        "equal_work": _equal_work(results),
        "results": results,
    }


def gpu_suite(
    quick: bool = False,
    batch_sizes: tuple[int, ...] = (8, 32, 64),
    ct2_ok: bool = True,
    baseline: dict[int, dict] | None = None,
) -> dict:
    """transformers bf16 vs CTranslate2 float16 and int8_float16 on the GPU, across batch sizes,
    and CTranslate2 float16 at batch 64 against the memory-bandwidth bound (`bandwidth_bound`).

    With `ct2_ok` False (CTranslate2 cannot use the GPU) only transformers runs.
    `baseline` (batch size -> an earlier transformers result on the same kind of
    machine) skips the transformers runs, to save device time.
    """
    hf_dir = build_model()
    ct2_dir = build_ct2(hf_dir, "float16") if ct2_ok else None
    common = {
        "hf_dir": str(hf_dir),
        "sentences": QUICK_SENTENCES if quick else FULL_SENTENCES,
        "tokens": TARGET_TOKENS,
        "beams": BEAMS,
        "threads": 4,
        "device": "cuda",
    }
    results = []
    for size in batch_sizes:
        if baseline and size in baseline:
            base = {**baseline[size], "from_earlier_run": True}
        else:
            base = run_case({**common, "engine": "transformers", "dtype": "bfloat16", "batch_size": size})
        group = [base] + [
            run_case({**common, "engine": "ctranslate2", "dtype": dtype, "model_dir": str(ct2_dir), "batch_size": size})
            for dtype in (("float16", "int8_float16") if ct2_ok else ())
        ]
        _ratios(group, base)
        results += group
    return {
        "model": "facebook/nllb-200-distilled-600M architecture, random weights",
        "target_lang": TARGET_LANG,
        "equal_work": _equal_work(results),
        "results": results,
        "bandwidth_bound": _bound_for(results, gpu_name()),
    }


# ------------------------------------------------------------------ the memory-bandwidth bound

#: Peak memory bandwidth, bytes/s, by a fragment of the name nvidia-smi or torch reports
#: (lower case; the first fragment found in the name wins, so specific ones come first).
#: From the vendors' data sheets. BENCH_GPU_BANDWIDTH_TBS (terabytes/s) overrides it.
GPU_BANDWIDTH: tuple[tuple[str, float], ...] = (
    ("h200", 4.8e12),
    ("h100 nvl", 3.9e12),
    ("h100 pcie", 2.0e12),
    ("h100", 3.35e12),  # SXM
    ("gh200", 4.0e12),
    ("a100 80gb pcie", 1.935e12),
    ("a100-sxm4-80gb", 2.039e12),
    ("a100 80gb", 2.039e12),
    ("a100", 1.555e12),  # 40 GB
    ("l40s", 0.864e12),
    ("l40", 0.864e12),
    ("a10g", 0.6e12),
    ("a10", 0.6e12),
    ("l4", 0.3e12),
    ("rtx 4090", 1.008e12),
    ("v100", 0.9e12),
    ("t4", 0.32e12),
)


def gpu_bandwidth(name: str, env: dict[str, str] | None = None) -> tuple[float | None, str]:
    """The GPU's peak memory bandwidth (bytes/s) and where it came from; (None, why) when unknown."""
    env = os.environ if env is None else env
    override = env.get("BENCH_GPU_BANDWIDTH_TBS", "").strip()
    if override:
        return float(override) * 1e12, "BENCH_GPU_BANDWIDTH_TBS"
    lowered = name.lower()
    for fragment, bandwidth in GPU_BANDWIDTH:
        if fragment in lowered:
            return bandwidth, f"table: {fragment!r} in {name!r}"
    return None, f"{name!r} is not in GPU_BANDWIDTH; set BENCH_GPU_BANDWIDTH_TBS"


def decoder_bytes_per_step(config: dict, dtype_bytes: int = 2) -> int:
    """Weights one decoding step reads: every decoder layer (self-attention, cross-attention,
    feed-forward, layer norms) and the output projection over the whole vocabulary."""
    d, ffn, layers, vocab = config["d_model"], config["decoder_ffn_dim"], config["decoder_layers"], config["vocab_size"]
    attention = 4 * d * d + 4 * d  # q, k, v, out projections with biases
    layer = 2 * attention + (2 * d * ffn + ffn + d) + 3 * 2 * d  # self, cross, feed-forward, three norms
    return (layers * layer + vocab * d + 2 * d) * dtype_bytes


def kv_bytes_per_step(
    config: dict, batch: int, beams: int, source_tokens: float, target_tokens: int, dtype_bytes: int = 2
) -> float:
    """Keys and values one decoding step reads, averaged over the steps: the cross-attention
    cache (the encoded source) and the self-attention cache, which grows to `target_tokens`."""
    d, layers = config["d_model"], config["decoder_layers"]
    hypotheses = batch * beams
    mean_target = (target_tokens + 1) / 2
    return layers * 2 * d * (source_tokens + mean_target) * hypotheses * dtype_bytes


def bandwidth_bound(
    config: dict, bandwidth: float, batch: int, beams: int, source_tokens: float, target_tokens: int
) -> dict:
    """The most target tokens/s memory bandwidth allows: each step reads the decoder weights and
    the KV cache once and yields one token for each of `batch` sentences (float16)."""
    weights = decoder_bytes_per_step(config)
    kv = kv_bytes_per_step(config, batch, beams, source_tokens, target_tokens)
    steps_per_s = bandwidth / (weights + kv)
    return {
        "bandwidth_tb_s": round(bandwidth / 1e12, 3),
        "weights_bytes_per_step": weights,
        "kv_bytes_per_step": round(kv),
        "target_tokens_per_s_bound": round(steps_per_s * batch, 1),
    }


def _bound_for(results: list[dict], gpu_name: str, batch: int = 64) -> dict:
    """CTranslate2 float16 at `batch` against the bandwidth bound of `gpu_name`."""
    bandwidth, source = gpu_bandwidth(gpu_name)
    row = next(
        (r for r in results if r.get("engine") == "ctranslate2" and r.get("dtype") == "float16"
         and r.get("batch_size") == batch and "error" not in r),
        None,
    )  # fmt: skip
    if bandwidth is None or row is None:
        return {
            "status": "not computed",
            "why": source if bandwidth is None else f"no CTranslate2 float16 row at {batch}",
        }
    bound = bandwidth_bound(
        NLLB_600M, bandwidth, batch, row["beams"], row["source_tokens"] / row["sentences"], TARGET_TOKENS
    )
    return {
        "gpu": gpu_name,
        "bandwidth_source": source,
        "batch_size": batch,
        **bound,
        "measured_target_tokens_per_s": row["target_tokens_per_s"],
        "share_of_bound": round(row["target_tokens_per_s"] / bound["target_tokens_per_s_bound"], 3),
    }


def gpu_name() -> str:
    """The GPU's name as torch reports it ("NVIDIA H200"), or ""."""
    try:
        import torch

        return torch.cuda.get_device_name(0) if torch.cuda.is_available() else ""
    except Exception:
        return ""


#: Share of the vocabulary the vmap case keeps. With random weights and a made-up
#: tail vocabulary, `briefing.backends.ct2.write_vmap` (script filter) cannot be
#: measured realistically here, so the case keeps a fixed half of NLLB's 256k
#: tokens: an assumption (Latin-script pieces are the bulk of NLLB's vocabulary,
#: and Azerbaijani needs them); the real count needs the real vocabulary.
VMAP_SHARE = 0.5


def write_target_vmap(ct2_dir: Path) -> int:
    """A vmap keeping `VMAP_SHARE` of the vocabulary (ids in order); the number of tokens kept."""
    from briefing.backends.ct2 import VMAP, vocabulary

    tokens = vocabulary(ct2_dir)
    kept = [t for t in tokens[: int(len(tokens) * VMAP_SHARE)] if t and " " not in t]
    (ct2_dir / VMAP).write_text("\t" + " ".join(kept) + "\n", encoding="utf-8")
    return len(kept)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help="(internal) run one JSON-encoded case and print its result")
    parser.add_argument("--build", action="store_true", help="only build the model and its conversions")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))), flush=True)
    elif args.build:
        hf_dir = build_model()
        print(build_ct2(hf_dir, "int8"), build_ct2(hf_dir, "float16"))


if __name__ == "__main__":
    main()
