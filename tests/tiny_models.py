"""Builders for tiny, random-weight models with real architectures and real tokenizers.

Tests use these to run `briefing`'s neural backends end to end without a network:
each builder trains a SentencePiece model on the sample corpus (plus a little
Armenian, Azerbaijani and Russian text written here), builds the family's tokenizer
from it, instantiates the real model class with tiny dimensions, and saves both with
`save_pretrained` (safetensors) into a directory that loads exactly like a hub
snapshot. Weights are random, so output is gibberish: tests assert plumbing (codes,
forced BOS, order, placeholders, QA flags), never translation quality.

Stable API (other test modules import it):

    train_sentencepiece(out_dir, vocab_size=400, extra_symbols=(), *, model_type="unigram") -> Path
    build_tiny_nllb(dir) / build_tiny_m2m100(dir) / build_tiny_marian(dir) / build_tiny_madlad(dir) -> Path
    build_pickle_only(dir, source) / build_truncated(dir, source) -> Path  (hub layouts that must be refused)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

#: The sample pages, located relative to this file so tests run from any cwd.
CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"

#: Non-English text so the vocabularies cover Armenian, Azerbaijani and Cyrillic letters.
EXTRA_TEXT = """\
Հայաստանի և Ադրբեջանի արտաքին գործերի նախարարները հանդիպեցին Ժնևում։
Կողմերը պայմանավորվեցին արագացնել խաղաղության պայմանագրի շուրջ բանակցությունները։
Նախարարը հայտարարեց, որ երկխոսությունը կշարունակվի հաջորդ շաբաթ։
Սահմանազատման հանձնաժողովները կհանդիպեն մարտի 12-ին, ասել է խոսնակը։
Հանդիպմանը մասնակցել են 6500 դիտորդներ և լրագրողներ։
Azərbaycan və Ermənistan xarici işlər nazirləri Cenevrədə görüşüblər.
Tərəflər sülh müqaviləsi üzrə danışıqları sürətləndirməyə razılaşıblar.
Nazir bildirib ki, dialoq gələn həftə davam etdiriləcək.
Sərhədlərin delimitasiyası üzrə komissiyalar martın 12-də görüşəcək, deyə sözçü qeyd edib.
Görüşdə 6500 müşahidəçi və jurnalist iştirak edib.
Министры иностранных дел двух стран встретились в Женеве.
Стороны договорились ускорить переговоры по мирному договору.
Комиссии по делимитации границы встретятся 12 марта, сообщил представитель.
Dışişleri bakanları barış anlaşması konusunda yeniden bir araya geldi; taslağın çoğunda uzlaştılar.
Wikipedia-style citations [1] [2] [3] and (parentheses) appear in web text: see [12].
"""


def training_text() -> str:
    """The text every tiny tokenizer is trained on: the sample corpus plus `EXTRA_TEXT`."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))]
    return "\n".join([*pages, EXTRA_TEXT])


def train_sentencepiece(
    out_dir: Path,
    vocab_size: int = 400,
    extra_symbols: Sequence[str] = (),
    *,
    model_type: str = "unigram",
    name: str = "spm",
) -> Path:
    """Train a SentencePiece model into `out_dir` and return the path of `<name>.model`.

    Ids follow SentencePiece's defaults: <unk>=0, <s>=1, </s>=2, no pad piece.
    `extra_symbols` become user-defined pieces (never split), e.g. placeholders or
    language tags such as ">>hye<<". `model_type` is "unigram" or "bpe".
    Deterministic for the same inputs (single thread, no sampling).
    """
    import sentencepiece as spm

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    text_file = out_dir / f"{name}.train.txt"
    text_file.write_text(training_text(), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text_file),
        model_prefix=str(out_dir / name),
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        user_defined_symbols=list(extra_symbols),
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    text_file.unlink()
    return out_dir / f"{name}.model"


# ---------------------------------------------------------------- model builders

#: Tiny dimensions: real architectures, a few thousand parameters, built in well under a second.
TINY = {"d_model": 16, "layers": 1, "heads": 2, "ffn": 32, "positions": 256}


def _spm_vocab(model_file: Path, specials: Sequence[str]) -> dict[str, int]:
    """A fairseq-style vocab.json: `specials` first, then every SentencePiece piece not among them."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model_file))
    vocab = {token: i for i, token in enumerate(specials)}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    return vocab


def _save(model, tokenizer, out_dir: Path) -> Path:
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def build_tiny_nllb(out_dir: Path) -> Path:
    """A random M2M100-architecture model with an NllbTokenizer (all 202 FLORES-200 codes)."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    out_dir = Path(out_dir)
    spm_dir = out_dir / "_spm"
    train_sentencepiece(spm_dir, model_type="bpe", name="sentencepiece.bpe")
    tokenizer = NllbTokenizer.from_pretrained(str(spm_dir), extra_special_tokens=list(FAIRSEQ_LANGUAGE_CODES))
    _remove_tree(spm_dir)
    torch.manual_seed(0)
    config = M2M100Config(
        vocab_size=_vocab_size(tokenizer),
        **encoder_decoder_dims(),
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )
    return _save(M2M100ForConditionalGeneration(config), tokenizer, out_dir)


def build_tiny_m2m100(out_dir: Path) -> Path:
    """A random M2M100 model with an M2M100Tokenizer (vocab.json + spm, `__xx__` codes)."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    out_dir = Path(out_dir)
    spm_dir = out_dir / "_spm"
    model_file = train_sentencepiece(spm_dir)
    vocab = _spm_vocab(model_file, ["<s>", "<pad>", "</s>", "<unk>"])
    (spm_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = M2M100Tokenizer(vocab_file=str(spm_dir / "vocab.json"), spm_file=str(model_file))
    torch.manual_seed(0)
    config = M2M100Config(
        vocab_size=_vocab_size(tokenizer),
        **encoder_decoder_dims(),
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )
    _save(M2M100ForConditionalGeneration(config), tokenizer, out_dir)
    _remove_tree(spm_dir)
    return out_dir


def encoder_decoder_dims() -> dict[str, int]:
    """The tiny sizes, as BART/M2M100/Marian-style configs name them."""
    return {
        "d_model": TINY["d_model"],
        "encoder_layers": TINY["layers"],
        "decoder_layers": TINY["layers"],
        "encoder_attention_heads": TINY["heads"],
        "decoder_attention_heads": TINY["heads"],
        "encoder_ffn_dim": TINY["ffn"],
        "decoder_ffn_dim": TINY["ffn"],
        "max_position_embeddings": TINY["positions"],
    }


def build_tiny_marian(out_dir: Path, target_tags: Sequence[str] = ()) -> Path:
    """A random MarianMTModel laid out file for file like a Helsinki-NLP opus-mt repository.

    As opus-mt conversions are: ``</s>`` = 0, ``<unk>`` = 1, the SentencePiece pieces,
    and ``<pad>`` last (pad = decoder start = vocab_size - 1); files ``source.spm``,
    ``target.spm``, ``vocab.json``, a ``tokenizer_config.json`` naming only the
    languages (no tokenizer class: transformers finds it from config.json's
    ``model_type``), ``config.json``, ``generation_config.json`` and the weights.
    `target_tags` such as (">>hye<<", ">>azj<<") make it a multi-target model whose
    target is selected by a leading tag, like Helsinki-NLP/opus-mt-en-mul.
    """
    import shutil

    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out_dir = Path(out_dir)
    spm_dir = out_dir / "_spm"
    model_file = train_sentencepiece(spm_dir, extra_symbols=tuple(target_tags))
    vocab = _spm_vocab(model_file, ["</s>", "<unk>"])
    vocab.pop("<s>", None)  # opus-mt vocabularies have no <s>
    vocab = {token: i for i, token in enumerate(vocab)}
    vocab["<pad>"] = len(vocab)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    shutil.copyfile(model_file, out_dir / "source.spm")
    shutil.copyfile(model_file, out_dir / "target.spm")
    _remove_tree(spm_dir)
    tokenizer = MarianTokenizer(
        source_spm=str(out_dir / "source.spm"),
        target_spm=str(out_dir / "target.spm"),
        vocab=str(out_dir / "vocab.json"),
    )
    assert (tokenizer.eos_token_id, tokenizer.pad_token_id) == (0, len(vocab) - 1), "not the opus-mt layout"
    torch.manual_seed(0)
    config = MarianConfig(
        vocab_size=len(vocab),
        **encoder_decoder_dims(),
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
        forced_eos_token_id=tokenizer.eos_token_id,
        bad_words_ids=[[tokenizer.pad_token_id]],
    )
    MarianMTModel(config).save_pretrained(out_dir, safe_serialization=True)
    (out_dir / "tokenizer_config.json").write_text(
        json.dumps({"source_lang": "eng", "target_lang": "mul" if target_tags else "hye"}), encoding="utf-8"
    )
    return out_dir


#: Target tags of the tiny MADLAD-style model.
MADLAD_TAGS = ("<2en>", "<2hy>", "<2az>", "<2ru>", "<2tr>")


def build_tiny_madlad(out_dir: Path) -> Path:
    """A random T5ForConditionalGeneration with a T5Tokenizer whose vocabulary has `<2xx>` tags."""
    import torch
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    out_dir = Path(out_dir)
    spm_dir = out_dir / "_spm"
    train_sentencepiece(spm_dir, extra_symbols=("<pad>", *MADLAD_TAGS), name="spiece")
    tokenizer = T5Tokenizer.from_pretrained(str(spm_dir), extra_ids=0)
    _remove_tree(spm_dir)
    torch.manual_seed(0)
    config = T5Config(
        vocab_size=_vocab_size(tokenizer),
        d_model=TINY["d_model"],
        d_kv=8,
        d_ff=TINY["ffn"],
        num_layers=TINY["layers"],
        num_decoder_layers=TINY["layers"],
        num_heads=TINY["heads"],
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    return _save(T5ForConditionalGeneration(config), tokenizer, out_dir)


def build_pickle_only(out_dir: Path, source_dir: Path) -> Path:
    """A copy of a tiny model whose weights are only `pytorch_model.bin` (pickle), for refusal tests."""
    import shutil

    import torch
    from safetensors.torch import load_file

    out_dir = Path(out_dir)
    shutil.copytree(source_dir, out_dir, dirs_exist_ok=True)
    state = load_file(str(out_dir / "model.safetensors"))
    torch.save(state, out_dir / "pytorch_model.bin")
    (out_dir / "model.safetensors").unlink()
    return out_dir


def build_truncated(out_dir: Path, source_dir: Path, keep: float = 0.5) -> Path:
    """A copy of a tiny model whose model.safetensors is cut short, as an interrupted copy leaves it."""
    import shutil

    out_dir = Path(out_dir)
    shutil.copytree(source_dir, out_dir, dirs_exist_ok=True)
    weights = out_dir / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: int(len(data) * keep)])
    return out_dir


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _vocab_size(tokenizer) -> int:
    """Embedding rows needed: one past the largest id (language codes may sit past `len`)."""
    ids = list(tokenizer.get_vocab().values()) + list(getattr(tokenizer, "lang_token_to_id", {}).values())
    return max(ids) + 1
