"""Neural summaries: abstractive per-article summaries and merged per-event summaries.

`NeuralSummariser` implements `briefing.summarise.Summariser` with Hugging Face
models loaded through `briefing.backends.loading` (safetensors only, local files
only at run time). Two kinds of model are supported for either role:

* seq2seq summarisers (BART, PEGASUS, LED/PRIMERA, T5), fed plain text;
* decoder-only instruction models (family "causal", or detected from config),
  fed a chat built with `tokenizer.apply_chat_template`; the prompt is cut off
  the generated ids.

Per article (`summarise_article`):

1. the article's English sentences are packed into chunks that fit the model's
   input limit (`input_limit`, `chunk_sentences`);
2. each chunk is summarised; when there are several, their summaries are joined
   and summarised again (repeatedly, up to `MAX_ROUNDS`) until one fits;
3. the output is split into sentences, near-duplicates removed, and every
   sentence passed through the faithfulness gate against the article; sentences
   with unsupported numbers, dates or names are dropped and recorded in
   `self.dropped`.

Per event (`summarise_event`), by `summary.event_strategy`:

* "combine": the articles' summary sentences, selected by MMR (centrality versus
  redundancy); a sentence that restates one already chosen adds its page to the
  chosen sentence's sources instead of repeating it;
* "model": the articles given to a multi-document model in one input, joined by
  the model's document separator (or numbered in a chat for causal models),
  gated against all articles, and cited.

Loading and generation are the two swappable steps (`_load`, `_generate_batch`):
`briefing.backends.ct2.CT2Summariser` overrides only those (and `describe`) to
run seq2seq models on CTranslate2, keeping chunking, the gate and the event
strategies unchanged.

`briefing.summarise.load_summariser` chooses between this, the CTranslate2 one
and the extractive summariser (through `briefing.backends.registry`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import faithfulness
from ..config import ModelSpec, RuntimeConfig, SummaryConfig
from ..document import Article, Event, SummarySentence
from ..errors import ModelError
from ..glossary import Glossary
from ..interfaces import Summariser
from ..segment import split_sentences
from ..summarise import cite
from . import loading, textops

log = logging.getLogger(__name__)

#: Decoder-only inputs are capped here even when the model's context is longer:
#: a 32k-token prompt costs minutes per article on CPU, and news articles fit.
CAUSAL_INPUT_CAP = 4096

#: Input tokens per generation batch (padding counted), on every engine; no cap on the
#: number of inputs. Four full BART inputs (1024 tokens): beam search keeps `beams`
#: decoder states per input, so this bounds memory rather than speed (not tuned further).
BATCH_TOKENS = 4096

#: Rounds of summarise-the-summaries before the last result is truncated to fit.
MAX_ROUNDS = 3

#: Content-word cosine at or above which two summary sentences say the same thing.
#: Chosen on paraphrase pairs from different outlets ("met in Washington on
#: November 7" vs "held talks in Washington on Monday, November 7"): restatements
#: score 0.55-0.8, distinct statements about the same meeting below 0.45.
DUPLICATE_SIMILARITY = 0.55

#: Generated "sentences" shorter than this (in words) are fragments, not statements.
MIN_SENTENCE_WORDS = 4

#: Model types that are encoder-decoder, for configs that do not say so.
SEQ2SEQ_TYPES = frozenset(
    {
        "bart",
        "mbart",
        "pegasus",
        "pegasus_x",
        "led",
        "t5",
        "mt5",
        "umt5",
        "m2m_100",
        "marian",
        "prophetnet",
        "bigbird_pegasus",
        "longt5",
    }
)

#: Document separators of multi-document models (PRIMERA: `<doc-sep>`; PEGASUS multi_news: ` ||||| `).
DOC_SEP_TOKEN = "<doc-sep>"
MULTI_NEWS_SEP = " ||||| "

SYSTEM_PROMPT = (
    "You summarise news reports for analysts following the Armenia-Azerbaijan peace process. "
    "Write in English. Use only facts stated in the text: do not add names, numbers or dates."
)

_STOPWORDS = frozenset(
    """the and for that with from this have has had was were are been but not its their his her they them
    than then said says will would could also into over after before about which while when where who what
    there these those such other more most some any all both each between during under very just only""".split()
)
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}|\d+")


@dataclass
class DroppedSentence:
    """A generated sentence the faithfulness gate removed."""

    where: str  # article id, or "event <slug>"
    sentence: str
    reasons: list[str]


# --------------------------------------------------------------------- model facts


def model_head(spec: ModelSpec) -> loading.Head:
    """ "causal" for decoder-only models, else "seq2seq"; read from files, no torch.

    The spec's `family` decides when set; otherwise config.json's architectures,
    `is_encoder_decoder` and `model_type`.
    """
    if spec.family is not None:
        return "causal" if spec.family == "causal" else "seq2seq"
    config = loading.read_json(spec, "config.json")
    architectures = config.get("architectures") or []
    if any(name.endswith("ForCausalLM") for name in architectures):
        return "causal"
    if config.get("is_encoder_decoder") or config.get("model_type") in SEQ2SEQ_TYPES:
        return "seq2seq"
    return "causal" if config.get("model_type") else "seq2seq"


def input_limit(loaded: loading.LoadedModel) -> int:
    """Tokens of text one input may hold, special tokens excluded.

    The smaller of `tokenizer.model_max_length` (ignored when it is the
    "unlimited" sentinel) and `config.max_position_embeddings`; capped at
    `CAUSAL_INPUT_CAP` for decoder-only models.
    """
    candidates = []
    tokenizer_max = getattr(loaded.tokenizer, "model_max_length", None)
    if isinstance(tokenizer_max, int) and 0 < tokenizer_max < 1_000_000:
        candidates.append(tokenizer_max)
    config = getattr(loaded.model, "config", None)  # a CTranslate2 engine has none: the tokenizer decides
    for attribute in ("max_position_embeddings", "max_encoder_position_embeddings", "n_positions"):
        value = getattr(config, attribute, None)
        if isinstance(value, int) and value > 0:
            candidates.append(value)
            break
    limit = min(candidates) if candidates else 512
    if loaded.family == "causal":
        limit = min(limit, CAUSAL_INPUT_CAP)
    return max(8, limit - loaded.tokenizer.num_special_tokens_to_add())


def count_tokens(tokenizer: Any, texts: Sequence[str]) -> list[int]:
    """Tokens of each text, without special tokens (one batched tokenizer call)."""
    if not texts:
        return []
    return [len(ids) for ids in tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"]]


def chunk_sentences(tokenizer: Any, sentences: Sequence[str], limit: int) -> list[str]:
    """Pack consecutive sentences into texts of at most `limit` tokens each.

    Sentence order is kept and no sentence is split unless it alone exceeds the
    limit, in which case it is cut into token windows. Every returned chunk is
    re-tokenised to confirm it fits.
    """
    pieces: list[str] = []
    for sentence, size in zip(sentences, count_tokens(tokenizer, sentences)):
        if size <= limit:
            pieces.append(sentence)
        else:
            pieces.extend(_token_windows(tokenizer, sentence, limit))
    chunks: list[list[str]] = []
    current: list[str] = []
    for piece in pieces:
        if current and count_tokens(tokenizer, [" ".join([*current, piece])])[0] > limit:
            chunks.append(current)
            current = []
        current.append(piece)
    if current:
        chunks.append(current)
    return [" ".join(chunk) for chunk in chunks]


def _token_windows(tokenizer: Any, text: str, limit: int) -> list[str]:
    ids = tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]
    step = max(1, limit - 2)  # decoding and re-encoding may merge differently at the edges
    windows = [tokenizer.decode(ids[i : i + step]).strip() for i in range(0, len(ids), step)]
    return [w for w in windows if w]


def _truncate(tokenizer: Any, text: str, limit: int) -> str:
    ids = tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]
    return text if len(ids) <= limit else tokenizer.decode(ids[: max(1, limit - 2)]).strip()


# --------------------------------------------------------------------- similarity


def content_words(text: str) -> set[str]:
    """Lower-cased content words: the bag compared by `similarity`."""
    return {w for w in (m.lower() for m in _CONTENT_WORD.findall(text)) if w not in _STOPWORDS}


def similarity(a: set[str], b: set[str]) -> float:
    """Cosine of two binary bags of words (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a) * len(b)) ** 0.5


def article_sources(article: Article) -> list[str]:
    """The article's English text, sentence by sentence (translated quotes in English)."""
    texts = [s.english or s.text for s in article.sentences if s.language == "en" or s.english]
    if not texts and article.lines:
        texts = [article.kept_text]
    return texts


# --------------------------------------------------------------------- summariser


class NeuralSummariser(Summariser):
    """Abstractive summaries from local Hugging Face models, gated for faithfulness.

    Raises ModelError at construction when a model is missing or cannot be loaded.
    `dropped` accumulates every sentence the faithfulness gate removed.
    """

    name = "transformers"
    requires = loading.NEURAL_PACKAGES
    #: BART-large-CNN, PEGASUS, PRIMERA and the instruction prompt are English:
    #: fed Russian they return English-looking noise, so other pages go extractive.
    languages = frozenset({"en"})

    def __init__(self, cfg: SummaryConfig, runtime: RuntimeConfig, names: Iterable[str] | None = None):
        if cfg.article_model is None:
            raise ModelError(f"summary.backend is {cfg.backend!r} but summary.article_model is not set")
        super().__init__(cfg, runtime)
        self.article_model = self._load_or_explain(cfg.article_model)
        self.event_model = None
        if cfg.event_strategy == "model":
            self.event_model = self._load_or_explain(cfg.event_model or cfg.article_model)
        self.names = tuple(_glossary_people() if names is None else names)
        self.dropped: list[DroppedSentence] = []

    @classmethod
    def ensure_present(cls, spec: ModelSpec) -> None:
        """The model's config and safetensors weights (or, if allowed, pickle ones) are here."""
        loading.ensure_present(spec)

    # -- Summariser interface

    def summarise_article(self, article: Article) -> list[SummarySentence]:
        self._refuse_other_languages([article], article.id)
        sources = article_sources(article)
        if not sources:
            return []
        raw = self.summarise_text(self.article_model, sources, self.cfg.article_sentences)
        kept = self._gate(raw, sources, article.id)
        return [SummarySentence(text, [article.id]) for text in kept[: self.cfg.article_sentences]]

    def summarise_event(self, event: Event) -> list[SummarySentence]:
        self._refuse_other_languages(event.articles, f"event {event.slug}")
        if self.cfg.event_strategy == "model" and self.event_model is not None:
            return self._event_by_model(event)
        return combine(event, self.cfg.event_sentences, self.cfg.mmr_lambda, self.names)

    def label(self) -> str:
        return self.article_model.spec.id

    def _refuse_other_languages(self, articles: Sequence[Article], where: str) -> None:
        """ModelError for a page this model cannot read: `briefing.summarise.Dispatch` sends those elsewhere."""
        other = sorted({a.main_language for a in articles if not self.supports(a.main_language)})
        if other:
            raise ModelError(f"{where}: {self.label()} does not summarise {', '.join(other)} pages")

    def describe(self) -> str:
        text = self._describe_model(self.article_model)
        if self.event_model is not None:
            return f"{text}; events: {self._describe_model(self.event_model)}"
        return f"{text}; events: combine"

    # -- models (swappable)

    def _load(self, spec: ModelSpec) -> loading.LoadedModel:
        """The spec's tokenizer and model, ready for `_generate_batch` (ModelError when it cannot be loaded)."""
        return loading.load_model(spec, self.runtime, head=model_head(spec))

    def _load_or_explain(self, spec: ModelSpec) -> loading.LoadedModel:
        """`_load`, any failure a ModelError naming the model: a malformed model folder can make transformers raise anything."""
        try:
            return self._load(spec)
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"summary model {spec.id!r} could not be loaded: {type(exc).__name__}: {exc}") from exc

    def _describe_model(self, loaded: loading.LoadedModel) -> str:
        """One model for front matter, e.g. 'transformers facebook/bart-large-cnn@main (bart)'."""
        return loaded.describe(self.name)

    # -- generation

    def summarise_text(self, loaded: loading.LoadedModel, sentences: Sequence[str], n_sentences: int) -> str:
        """One summary of `sentences`: chunked to fit, chunk summaries re-summarised until one fits."""
        limit = self._text_limit(loaded)
        texts = chunk_sentences(loaded.tokenizer, sentences, limit)
        for round_ in range(MAX_ROUNDS):
            summaries = self._generate_many(loaded, texts, n_sentences)
            if len(summaries) == 1:
                return summaries[0]
            log.debug("round %d: %d chunk summaries, summarising them again", round_ + 1, len(summaries))
            texts = chunk_sentences(loaded.tokenizer, _sentences(" ".join(summaries)), limit)
        return _truncate(loaded.tokenizer, " ".join(texts), limit)

    def _text_limit(self, loaded: loading.LoadedModel) -> int:
        limit = input_limit(loaded)
        if loaded.family == "causal":
            overhead = len(self.prompt_ids(loaded, "", 1))
            limit = limit - overhead - self.cfg.max_new_tokens
        if limit < 16:
            raise ModelError(
                f"model {loaded.spec.id!r}: input limit too small for max_new_tokens={self.cfg.max_new_tokens}"
            )
        return limit

    def prompt_ids(self, loaded: loading.LoadedModel, text: str, n_sentences: int, *, documents: int = 1) -> list[int]:
        """The chat-template token ids a causal model is given for `text`."""
        what = "these news reports about one event" if documents > 1 else "this news report"
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"Summarise {what} in at most {n_sentences} sentences.\n\n{text}"},
        ]
        ids = loaded.tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, tokenize=True, return_dict=True
        )
        return list(ids["input_ids"])

    def _generate_many(self, loaded: loading.LoadedModel, texts: Sequence[str], n_sentences: int) -> list[str]:
        """One summary per text, in input order: batched by tokens (`BATCH_TOKENS`, longest first, no
        count cap), seq2seq inputs as they are, causal ones as their chat prompts."""
        if not texts:
            return []
        if loaded.family == "causal":
            prompts = [self.prompt_ids(loaded, text, n_sentences) for text in texts]
            return _in_token_batches([len(p) for p in prompts], lambda batch: self._generate_prompts(
                loaded, [prompts[i] for i in batch]))  # fmt: skip
        return _in_token_batches(
            count_tokens(loaded.tokenizer, texts), lambda batch: self._generate_batch(loaded, [texts[i] for i in batch])
        )

    def _generate(self, loaded: loading.LoadedModel, text: str, n_sentences: int, *, documents: int = 1) -> str:
        """One summary of `text`; for a causal model, of a chat prompt built around it."""
        if loaded.family != "causal":
            return self._generate_batch(loaded, [text])[0]
        return self._generate_prompts(loaded, [self.prompt_ids(loaded, text, n_sentences, documents=documents)])[0]

    def _generate_prompts(self, loaded: loading.LoadedModel, prompts: Sequence[list[int]]) -> list[str]:
        """Greedy completions of chat prompts, in one batch: left-padded, so every completion starts
        at the same column and the prompts are cut off together."""
        import torch

        tokenizer = loaded.tokenizer
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        width = max(len(p) for p in prompts)
        ids = torch.tensor([[pad] * (width - len(p)) + list(p) for p in prompts], device=loaded.device)
        mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts], device=loaded.device)
        output = self._run(loaded, {"input_ids": ids, "attention_mask": mask}, {"do_sample": False, "num_beams": 1})
        return [text.strip() for text in tokenizer.batch_decode(output[:, width:], skip_special_tokens=True)]

    def _generate_batch(self, loaded: loading.LoadedModel, texts: Sequence[str]) -> list[str]:
        """One summary per text of a seq2seq model, in input order (texts already fit the input limit)."""
        tokenizer = loaded.tokenizer
        inputs = dict(tokenizer(list(texts), return_tensors="pt", truncation=True, padding=True))
        inputs = {k: v.to(loaded.device) for k, v in inputs.items()}
        if getattr(loaded.model.config, "model_type", "") == "led":
            inputs["global_attention_mask"] = _global_attention(inputs["input_ids"], _doc_sep_id(tokenizer))
        output = self._run(loaded, inputs, {"num_beams": self.cfg.beams})
        return [text.strip() for text in tokenizer.batch_decode(output, skip_special_tokens=True)]

    def _run(self, loaded: loading.LoadedModel, inputs: dict[str, Any], options: dict[str, Any]) -> Any:
        import torch

        if loaded.tokenizer.pad_token_id is None:
            options["pad_token_id"] = loaded.tokenizer.eos_token_id
        try:
            with torch.inference_mode():
                return loaded.model.generate(**inputs, max_new_tokens=self.cfg.max_new_tokens, **options)
        except (RuntimeError, ValueError, IndexError) as exc:
            raise ModelError(f"model {loaded.spec.id!r} failed to generate: {exc}") from None

    # -- events by model

    def _event_by_model(self, event: Event) -> list[SummarySentence]:
        loaded = self.event_model
        assert loaded is not None
        documents = [(a, article_sources(a)) for a in event.articles]
        documents = [(a, s) for a, s in documents if s]
        if not documents:
            return []
        text = self._multi_document_input(loaded, [s for _, s in documents])
        raw = self._generate(loaded, text, self.cfg.event_sentences, documents=len(documents))
        all_sources = [sentence for _, sources in documents for sentence in sources]
        kept = self._gate(raw, all_sources, f"event {event.slug}")
        return cite_sentences(kept[: self.cfg.event_sentences], event, self.names)

    def _multi_document_input(self, loaded: loading.LoadedModel, documents: list[list[str]]) -> str:
        """The documents joined by the model's separator, each cut to an equal share of the limit."""
        separator = document_separator(loaded)
        limit = self._text_limit(loaded) - count_tokens(loaded.tokenizer, [separator])[0] * len(documents)
        share = max(8, limit // len(documents))
        texts = [_truncate(loaded.tokenizer, " ".join(sentences), share) for sentences in documents]
        if loaded.family == "causal":
            return "\n\n".join(f"Report {i}:\n{t}" for i, t in enumerate(texts, 1))
        return separator.join(texts)

    # -- gate

    def _gate(self, raw: str, sources: Sequence[str], where: str) -> list[str]:
        candidates = _dedupe(s for s in _sentences(raw) if len(s.split()) >= MIN_SENTENCE_WORDS)
        kept, dropped = faithfulness.gate(candidates, sources, self.names)
        for item in dropped:
            log.info("%s: dropped generated sentence (%s): %s", where, "; ".join(item.reasons), item.sentence)
            self.dropped.append(DroppedSentence(where, item.sentence, item.reasons))
        return kept


def _in_token_batches(lengths: Sequence[int], generate: Callable[[list[int]], list[str]]) -> list[str]:
    """`generate` over batches of item indices planned by tokens (`textops.plan_batches`), results in item order."""
    results = [""] * len(lengths)
    for batch in textops.plan_batches(lengths, BATCH_TOKENS):
        for index, summary in zip(batch, generate(batch)):
            results[index] = summary
    return results


def document_separator(loaded: loading.LoadedModel) -> str:
    """How a multi-document model expects its documents joined."""
    if _doc_sep_id(loaded.tokenizer) is not None:
        return f" {DOC_SEP_TOKEN} "
    if loaded.family == "pegasus" or "multi_news" in loaded.spec.id.lower():
        return MULTI_NEWS_SEP
    return "\n\n"


def _doc_sep_id(tokenizer: Any) -> int | None:
    token_id = tokenizer.convert_tokens_to_ids(DOC_SEP_TOKEN)
    return None if token_id in (None, tokenizer.unk_token_id) else token_id


def _global_attention(input_ids: Any, sep_id: int | None) -> Any:
    """LED/PRIMERA: global attention on the first token and on every document separator."""
    import torch

    mask = torch.zeros_like(input_ids)
    mask[:, 0] = 1
    if sep_id is not None:
        mask[input_ids == sep_id] = 1
    return mask


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in split_sentences(text, "en") if s.strip()]


def _dedupe(sentences: Iterable[str]) -> list[str]:
    """Drop sentences that restate an earlier one (random and small models repeat themselves)."""
    kept: list[tuple[str, set[str]]] = []
    for sentence in sentences:
        words = content_words(sentence)
        if all(similarity(words, other) < DUPLICATE_SIMILARITY for _, other in kept):
            kept.append((sentence, words))
    return [sentence for sentence, _ in kept]


def _glossary_people() -> list[str]:
    """Names of the glossary's people, for the faithfulness gate; [] when the glossary cannot load."""
    try:
        return [name for e in Glossary.load().entries if e.kind == "person" for name in (e.en, *e.aliases)]
    except Exception as exc:
        log.warning("glossary unavailable for the faithfulness gate: %s", exc)
        return []


# --------------------------------------------------------------------- events by combining


@dataclass
class _Candidate:
    text: str
    sources: list[str]
    words: set[str]
    order: int
    language: str  # of the article summary sentence it is: an extractive one keeps its page's


def combine(event: Event, n_sentences: int, mmr_lambda: float, names: Sequence[str] = ()) -> list[SummarySentence]:
    """The event summary from its articles' summaries: MMR selection with merged citations.

    Relevance is a sentence's mean similarity to the other articles' summary
    sentences (what several outlets report ranks first); redundancy its highest
    similarity to a sentence already chosen. A candidate that restates a chosen
    sentence (similarity >= DUPLICATE_SIMILARITY) is not chosen; its page joins
    the chosen sentence's sources. Finally pages whose text supports a sentence's
    claims and resembles it are cited too. Each sentence keeps the language of the
    article summary it comes from.
    """
    pool = [
        _Candidate(s.text, list(s.sources) or [a.id], content_words(s.text), i, s.language)
        for i, (a, s) in enumerate((a, s) for a in event.articles for s in a.summary)
    ]
    if not pool:
        return []
    relevance = {id(c): _centrality(c, pool) for c in pool}
    chosen: list[_Candidate] = []
    remaining = list(pool)
    while remaining and len(chosen) < n_sentences:
        best, best_score, best_overlap = None, float("-inf"), 0.0
        for c in remaining:
            overlap = max((similarity(c.words, s.words) for s in chosen), default=0.0)
            score = mmr_lambda * relevance[id(c)] - (1 - mmr_lambda) * overlap
            if score > best_score:
                best, best_score, best_overlap = c, score, overlap
        assert best is not None
        remaining.remove(best)
        if best_overlap >= DUPLICATE_SIMILARITY:
            _merge_sources(best, chosen)
            continue
        chosen.append(best)
    for c in remaining:  # restatements left unchosen still corroborate what was chosen
        _merge_sources(c, chosen, only_duplicates=True)
    cited = cite_sentences([c.text for c in chosen], event, names)
    return [
        SummarySentence(c.text, list(dict.fromkeys(c.sources + s.sources)), language=c.language)
        for c, s in zip(chosen, cited)
    ]


def _centrality(candidate: _Candidate, pool: list[_Candidate]) -> float:
    others = [o for o in pool if o is not candidate and o.sources[0] != candidate.sources[0]]
    if not others:
        return 0.0
    return sum(similarity(candidate.words, o.words) for o in others) / len(others)


def _merge_sources(candidate: _Candidate, chosen: list[_Candidate], only_duplicates: bool = False) -> None:
    if not chosen:
        return
    target = max(chosen, key=lambda s: similarity(candidate.words, s.words))
    if similarity(candidate.words, target.words) >= DUPLICATE_SIMILARITY or not only_duplicates:
        for page in candidate.sources:
            if page not in target.sources:
                target.sources.append(page)


def cite_sentences(sentences: Sequence[str], event: Event, names: Sequence[str] = ()) -> list[SummarySentence]:
    """Each sentence with the pages that support it.

    Candidates come from `briefing.summarise.cite` (the origin first, then every
    page with a similar sentence); a candidate stays only if its own text
    supports every number, date and name of the sentence
    (`faithfulness.supporting`). When none does, the best-matching page is kept,
    so a gated sentence always names where it came from; a sentence no page
    resembles keeps `sources == []`, as `cite` documents.
    """
    evidence = [faithfulness.Evidence.of(article_sources(a)) for a in event.articles]
    result = []
    for cited in cite(list(sentences), event):
        supported = {event.articles[i].id for i in faithfulness.supporting(cited.text, evidence, names)}
        sources = [page for page in cited.sources if page in supported] or cited.sources[:1]
        result.append(SummarySentence(cited.text, sources))
    return result
