"""Builders for tiny, random-weight summarisation models with real tokenizers.

Like `tiny_models` (translation), each builder trains a byte-level BPE on the
sample corpus (`tiny_models.training_text`), instantiates the real model class
with tiny dimensions, and saves model and tokenizer with `save_pretrained`
(safetensors) into a directory that loads exactly like a hub snapshot, through
`AutoTokenizer` and `AutoModelFor...`. Weights are random: output is gibberish.

    build_tiny_bart(dir, *, positions=64, doc_sep=False) -> Path
    build_tiny_led(dir, *, positions=256) -> Path
    build_tiny_causal(dir, *, positions=512) -> Path
"""

from __future__ import annotations

import json
from pathlib import Path

from tiny_models import training_text

#: Tiny dimensions: real architectures, built in about a second.
TINY = {"d_model": 16, "layers": 1, "heads": 2, "ffn": 32}
BPE_VOCAB = 600
#: Saved in each model's generation_config (as real summarisers ship one): random
#: weights otherwise repeat one token ("\n\n\n..."), which tests could not split
#: into sentences.
NO_REPEAT_NGRAM = 2
#: Logit bonus for favoured tokens: random logits of a d_model=16 model span a few
#: units, so 12 makes the favoured tokens win every step.
FAVOUR_BIAS = 12.0

#: ChatML, as Qwen2.5 Instruct models ship it (system/user/assistant turns).
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


def _train_bpe(out_dir: Path, special_tokens: list[str]) -> tuple[Path, Path]:
    """Byte-level BPE files (vocab.json, merges.txt) trained on the sample corpus."""
    from tokenizers import ByteLevelBPETokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(
        training_text().splitlines(),
        vocab_size=BPE_VOCAB,
        min_frequency=1,
        special_tokens=special_tokens,
        show_progress=False,
    )
    bpe.save_model(str(out_dir))
    return out_dir / "vocab.json", out_dir / "merges.txt"


def _vocab_size(tokenizer) -> int:
    return max(tokenizer.get_vocab().values()) + 1


def build_tiny_bart(out_dir: Path, *, positions: int = 64, doc_sep: bool = False, favour: str | None = None) -> Path:
    """A random BartForConditionalGeneration with a BartTokenizer; inputs limited to `positions` tokens.

    `doc_sep=True` adds PRIMERA's `<doc-sep>` special token, making it look like a
    multi-document model. `favour` biases the output layer towards that text's
    tokens (BART's `final_logits_bias`), so the model "says" them whatever it
    reads: a stand-in for a model that hallucinates, e.g. a number.
    """
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    out_dir = Path(out_dir)
    vocab, merges = _train_bpe(out_dir / "_bpe", ["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    tokenizer = BartTokenizer(vocab=str(vocab), merges=str(merges), model_max_length=positions)
    if doc_sep:
        tokenizer.add_special_tokens({"additional_special_tokens": ["<doc-sep>"]})
    _remove_tree(out_dir / "_bpe")
    torch.manual_seed(0)
    config = BartConfig(
        vocab_size=_vocab_size(tokenizer), d_model=TINY["d_model"], encoder_layers=TINY["layers"],
        decoder_layers=TINY["layers"], encoder_attention_heads=TINY["heads"], decoder_attention_heads=TINY["heads"],
        encoder_ffn_dim=TINY["ffn"], decoder_ffn_dim=TINY["ffn"], max_position_embeddings=positions,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id, forced_bos_token_id=tokenizer.bos_token_id,
        forced_eos_token_id=tokenizer.eos_token_id,
    )  # fmt: skip
    model = BartForConditionalGeneration(config)
    if favour:
        with torch.no_grad():
            model.final_logits_bias[0, tokenizer(favour, add_special_tokens=False)["input_ids"]] = FAVOUR_BIAS
    model.generation_config.no_repeat_ngram_size = NO_REPEAT_NGRAM
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def build_tiny_led(out_dir: Path, *, positions: int = 256) -> Path:
    """A random LEDForConditionalGeneration with PRIMERA's layout: a BART BPE tokenizer with
    `<doc-sep>`, sliding-window encoder attention, long encoder and short decoder positions."""
    import torch
    from transformers import LEDConfig, LEDForConditionalGeneration, LEDTokenizer

    out_dir = Path(out_dir)
    vocab, merges = _train_bpe(out_dir / "_bpe", ["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    tokenizer = LEDTokenizer(vocab=str(vocab), merges=str(merges), model_max_length=positions)
    tokenizer.add_special_tokens({"additional_special_tokens": ["<doc-sep>"]})
    _remove_tree(out_dir / "_bpe")
    torch.manual_seed(0)
    config = LEDConfig(
        vocab_size=_vocab_size(tokenizer), d_model=TINY["d_model"], encoder_layers=TINY["layers"],
        decoder_layers=TINY["layers"], encoder_attention_heads=TINY["heads"], decoder_attention_heads=TINY["heads"],
        encoder_ffn_dim=TINY["ffn"], decoder_ffn_dim=TINY["ffn"], attention_window=[16] * TINY["layers"],
        max_encoder_position_embeddings=positions, max_decoder_position_embeddings=64,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )  # fmt: skip
    model = LEDForConditionalGeneration(config)
    model.generation_config.no_repeat_ngram_size = NO_REPEAT_NGRAM
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def build_tiny_causal(out_dir: Path, *, positions: int = 512) -> Path:
    """A random Qwen2ForCausalLM with a Qwen2Tokenizer whose chat template is ChatML."""
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM, Qwen2Tokenizer

    out_dir = Path(out_dir)
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    vocab, merges = _train_bpe(out_dir / "_bpe", specials)
    tokenizer = Qwen2Tokenizer(
        vocab=str(vocab),
        merges=str(merges),
        unk_token=None,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        model_max_length=positions,
    )
    tokenizer.add_special_tokens({"additional_special_tokens": specials[1:]})
    tokenizer.chat_template = CHATML_TEMPLATE
    _remove_tree(out_dir / "_bpe")
    torch.manual_seed(0)
    config = Qwen2Config(
        vocab_size=_vocab_size(tokenizer), hidden_size=TINY["d_model"], intermediate_size=TINY["ffn"],
        num_hidden_layers=TINY["layers"], num_attention_heads=TINY["heads"], num_key_value_heads=TINY["heads"],
        max_position_embeddings=positions, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
        bos_token_id=None, tie_word_embeddings=True,
    )  # fmt: skip
    model = Qwen2ForCausalLM(config)
    model.generation_config.no_repeat_ngram_size = NO_REPEAT_NGRAM
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def describe(model_dir: Path) -> dict:
    """config.json of a built model (for assertions)."""
    return json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- session fixtures
# Imported by test modules (`from tiny_generators import tiny_bart_dir`), so each
# model is built once per session and only when a test asks for it.

import pytest  # noqa: E402

#: What `lying_bart_dir` keeps saying, whatever it reads: numbers no article states.
LIE = " Officials said 9,876 soldiers and 4,321 tanks were sent."


@pytest.fixture(scope="session")
def tiny_bart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_bart(tmp_path_factory.mktemp("tiny-bart"))


@pytest.fixture(scope="session")
def tiny_primera_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny BART whose tokenizer has PRIMERA's `<doc-sep>` token."""
    return build_tiny_bart(tmp_path_factory.mktemp("tiny-primera"), positions=128, doc_sep=True)


@pytest.fixture(scope="session")
def tiny_led_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real LED (PRIMERA-style) model, not a BART stand-in."""
    return build_tiny_led(tmp_path_factory.mktemp("tiny-led"))


@pytest.fixture(scope="session")
def lying_bart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_bart(tmp_path_factory.mktemp("lying-bart"), favour=LIE)


@pytest.fixture(scope="session")
def tiny_causal_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_causal(tmp_path_factory.mktemp("tiny-causal"))
