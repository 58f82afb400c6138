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
"""

from __future__ import annotations

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
Dışişleri bakanları barış anlaşması konusunda yeniden bir araya geldi.
"""


def training_text() -> str:
    """The text every tiny tokenizer is trained on: the sample corpus plus `EXTRA_TEXT`."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))]
    return "\n".join(pages + [EXTRA_TEXT])


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
