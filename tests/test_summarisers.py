"""Neural summarisers on tiny random-weight models: chunking, chat prompts, the gate, events, fallback."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from briefing import faithfulness
from briefing.backends import loading
from briefing.backends import summarisers as S
from briefing.config import ModelSpec, RuntimeConfig, SummaryConfig
from briefing.document import Article, Event, Line, Page, Sentence, SummarySentence
from briefing.errors import ModelError
from briefing.segment import split_sentences
from briefing.summarise import Dispatch, ExtractiveSummariser, load_summariser
from tiny_generators import LIE

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
RUNTIME = RuntimeConfig(device="cpu", threads=1)  # tiny models: threads only add overhead

#: Three outlets on one (invented) round of talks, none of them in the sample corpus.
OUTLETS = {
    "wire-1": "Foreign ministers Jeyhun Bayramov and Ararat Mirzoyan met in Almaty on 10 May. "
    "The two-day talks were hosted by Kazakhstan. The border commissions will meet again on 21 June.",
    "daily-2": "Armenia's Ararat Mirzoyan and Azerbaijan's Jeyhun Bayramov met in Almaty on May 10. "
    "Kazakh President Kassym-Jomart Tokayev greeted both delegations before the talks.",
    "portal-3": "Mirzoyan and Bayramov held talks in Almaty on 10 May, hosted by Kazakhstan. "
    "Some 6,500 displaced people are waiting for a peace deal, aid groups said.",
}


def article(page_id: str, text: str, language: str = "en") -> Article:
    sentences = [Sentence(s, 1, i, language) for i, s in enumerate(split_sentences(text, language))]
    page = Page(page_id, Path(f"{page_id}.txt"), text, "0" * 64, "txt", "utf-8")
    return Article(page=page, lines=[Line(1, text)], language=language, sentences=sentences)


def corpus_articles() -> list[Article]:
    return [article(p.stem, p.read_text(encoding="utf-8")) for p in CORPUS]


def summary_config(model_dir: Path, **changes) -> SummaryConfig:
    values = {
        "backend": "transformers",
        "article_model": ModelSpec(id=str(model_dir)),
        "max_new_tokens": 24,
        "beams": 1,
    }
    return SummaryConfig(**(values | changes))


@pytest.fixture(autouse=True)
def _fresh_models() -> None:
    loading.clear_loaded()


# --------------------------------------------------------------------- pure parts


def test_combine_merges_restatements_and_cites_every_outlet() -> None:
    articles = [article(pid, text) for pid, text in OUTLETS.items()]
    for a in articles:  # what an article summariser produced: each outlet's own sentences
        a.summary = [SummarySentence(s.text, [a.id]) for s in a.sentences]
    event = Event("2025-05-10-almaty", "Almaty talks", None, None, articles)
    result = S.combine(event, n_sentences=4, mmr_lambda=0.7)
    texts = [s.text for s in result]
    # The meeting, told three ways, appears once, citing all three outlets.
    meeting = [s for s in result if "Almaty" in s.text and "met" in s.text]
    assert len(meeting) == 1
    assert set(meeting[0].sources) == set(OUTLETS)
    assert len(texts) == len(set(texts)) <= 4
    # Every other sentence cites its origin first, and only pages whose text supports its claims.
    for s in result:
        assert s.sources and s.sources[0] in OUTLETS
        for page in s.sources:
            assert faithfulness.check(s.text, article_sources_of(articles, page)) == [], (s, page)


def test_combine_keeps_the_language_of_each_article_summary_sentence() -> None:
    english = article("wire-1", OUTLETS["wire-1"])
    english.summary = [SummarySentence(english.sentences[0].text, ["wire-1"])]
    russian = article("ru-1", RUSSIAN, "ru")
    russian.summary = [SummarySentence(russian.sentences[0].text, ["ru-1"], language="ru")]
    result = S.combine(Event("e", "e", None, None, [english, russian]), n_sentences=4, mmr_lambda=0.7)
    assert sorted((s.language, s.sources[0]) for s in result) == [("en", "wire-1"), ("ru", "ru-1")]


def article_sources_of(articles: list[Article], page: str) -> list[str]:
    return S.article_sources(next(a for a in articles if a.id == page))


def test_cite_drops_pages_that_do_not_support_the_claims() -> None:
    articles = [article(pid, text) for pid, text in OUTLETS.items()]
    event = Event("e", "e", None, None, articles)
    (cited,) = S.cite_sentences(["Some 6,500 displaced people are waiting for a peace deal in Almaty."], event)
    assert cited.sources == ["portal-3"]


MODEL_HEAD_CASES = [
    (ModelSpec(id="Qwen/Qwen2.5-1.5B-Instruct", family="causal"), "causal"),
    (ModelSpec(id="facebook/bart-large-cnn", family="bart"), "seq2seq"),
    (ModelSpec(id="allenai/PRIMERA", family="led"), "seq2seq"),
]


@pytest.mark.parametrize(("spec", "head"), MODEL_HEAD_CASES)
def test_model_head_from_family(spec: ModelSpec, head: str) -> None:
    assert S.model_head(spec) == head


# --------------------------------------------------------------------- fallback


def test_missing_model_falls_back_to_extractive_with_a_warning(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    warnings: list[str] = []
    cfg = summary_config(tmp_path / "no-such-model")
    with caplog.at_level(logging.WARNING, logger="briefing.backends.registry"):
        summariser = load_summariser(cfg, RUNTIME, strict=False, warn=warnings.append)
    assert isinstance(summariser, ExtractiveSummariser)
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "no-such-model" in record.getMessage() and "extractive" in record.getMessage()
    assert warnings == [record.getMessage()]


def test_missing_model_under_strict_raises(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not available locally"):
        load_summariser(summary_config(tmp_path / "no-such-model"), RUNTIME, strict=True)


def test_extractive_backend_needs_no_model() -> None:
    assert isinstance(load_summariser(SummaryConfig(backend="extractive"), RUNTIME, strict=True), ExtractiveSummariser)


@pytest.mark.slow
def test_unloadable_model_falls_back_too(tiny_bart_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(tiny_bart_dir, broken)
    (broken / "config.json").write_text('{"model_type": "bart", "d_model": "sixteen"}')
    with caplog.at_level(logging.WARNING):
        assert isinstance(load_summariser(summary_config(broken), RUNTIME, strict=False), ExtractiveSummariser)
    with pytest.raises(ModelError):
        load_summariser(summary_config(broken), RUNTIME, strict=True)


# --------------------------------------------------------------------- seq2seq


@pytest.mark.slow
def test_long_article_is_chunked_within_the_input_limit(tiny_bart_dir: Path) -> None:
    summariser = S.NeuralSummariser(summary_config(tiny_bart_dir), RUNTIME, names=())
    loaded = summariser.article_model
    limit = S.input_limit(loaded)
    assert limit == 64 - 2  # model_max_length minus <s> and </s>
    sentences = S.article_sources(corpus_articles()[2])
    chunks = S.chunk_sentences(loaded.tokenizer, sentences, limit)
    assert len(chunks) > 1
    assert all(n <= limit for n in S.count_tokens(loaded.tokenizer, chunks))
    # Nothing lost, order kept (an over-long sentence may be cut inside a word).
    assert "".join("".join(chunks).split()) == "".join("".join(sentences).split())


@pytest.mark.slow
def test_a_sentence_longer_than_the_limit_is_cut_into_windows(tiny_bart_dir: Path) -> None:
    summariser = S.NeuralSummariser(summary_config(tiny_bart_dir), RUNTIME, names=())
    tokenizer = summariser.article_model.tokenizer
    long_sentence = " ".join(["Mirzoyan and Bayramov discussed the border commissions in Almaty"] * 12)
    chunks = S.chunk_sentences(tokenizer, [long_sentence], 40)
    assert len(chunks) > 2 and all(n <= 40 for n in S.count_tokens(tokenizer, chunks))


@pytest.mark.slow
def test_every_model_input_fits_and_summary_cites_the_article(tiny_bart_dir: Path) -> None:
    summariser = S.NeuralSummariser(summary_config(tiny_bart_dir, article_sentences=2), RUNTIME, names=())
    model = summariser.article_model.model
    shapes: list[tuple[int, int]] = []
    original = model.generate

    def spy(**kwargs):
        shapes.append(tuple(kwargs["input_ids"].shape))
        return original(**kwargs)

    model.generate = spy
    try:
        target = corpus_articles()[2]
        summary = summariser.summarise_article(target)
    finally:
        model.generate = original
    assert shapes[0][0] > 1  # several chunks, generated as one batch
    assert len(shapes) >= 2  # then their summaries summarised again
    assert max(length for _, length in shapes) <= 64
    assert len(summary) <= 2
    assert all(s.sources == [target.id] for s in summary)
    assert summariser.describe().startswith(f"transformers {tiny_bart_dir}@local (bart)")


@pytest.mark.slow
def test_invented_numbers_are_dropped_and_reported(lying_bart_dir: Path) -> None:
    summariser = S.NeuralSummariser(summary_config(lying_bart_dir, max_new_tokens=40), RUNTIME, names=())
    target = article("wire-1", OUTLETS["wire-1"])
    summary = summariser.summarise_article(target)
    sources = S.article_sources(target)
    assert all(faithfulness.check(s.text, sources) == [] for s in summary)
    assert summariser.dropped, "the lying model's sentences should have been dropped"
    assert all(d.where == "wire-1" for d in summariser.dropped)
    assert any(reason.startswith("number") for d in summariser.dropped for reason in d.reasons)
    assert LIE  # the builder biased the model towards this text


@pytest.mark.slow
def test_event_model_joins_documents_with_doc_sep(tiny_primera_dir: Path) -> None:
    cfg = summary_config(tiny_primera_dir, event_strategy="model")
    summariser = S.NeuralSummariser(cfg, RUNTIME, names=())
    loaded = summariser.event_model
    assert S.document_separator(loaded) == " <doc-sep> "
    documents = [S.article_sources(article(pid, text)) for pid, text in OUTLETS.items()]
    joined = summariser._multi_document_input(loaded, documents)
    assert joined.count("<doc-sep>") == len(OUTLETS) - 1
    assert S.count_tokens(loaded.tokenizer, [joined])[0] <= S.input_limit(loaded)
    event = Event("e", "e", None, None, [article(pid, text) for pid, text in OUTLETS.items()])
    result = summariser.summarise_event(event)
    assert all(set(s.sources) <= set(OUTLETS) for s in result)
    assert "events: transformers" in summariser.describe()


@pytest.mark.slow
def test_a_real_led_event_model_gets_global_attention_on_each_document(tiny_led_dir: Path) -> None:
    """LEDForConditionalGeneration (PRIMERA's architecture), not a BART stand-in."""
    summariser = S.NeuralSummariser(summary_config(tiny_led_dir, event_strategy="model"), RUNTIME, names=())
    loaded = summariser.event_model
    assert loaded.family == "led" and type(loaded.model).__name__ == "LEDForConditionalGeneration"
    seen: list[Any] = []
    original = loaded.model.generate

    def spy(**kwargs):
        seen.append(kwargs)
        return original(**kwargs)

    loaded.model.generate = spy
    try:
        event = Event("e", "e", None, None, [article(pid, text) for pid, text in OUTLETS.items()])
        summariser.summarise_event(event)
    finally:
        loaded.model.generate = original
    (call,) = seen
    separators = call["input_ids"] == loaded.tokenizer.convert_tokens_to_ids("<doc-sep>")
    assert int(separators.sum()) == len(OUTLETS) - 1
    assert (
        bool((call["global_attention_mask"][separators] == 1).all()) and int(call["global_attention_mask"][0, 0]) == 1
    )


# --------------------------------------------------------------------- causal


@pytest.mark.slow
def test_causal_model_is_detected_from_its_config(tiny_causal_dir: Path) -> None:
    assert S.model_head(ModelSpec(id=str(tiny_causal_dir))) == "causal"
    assert S.model_head(ModelSpec(id=str(tiny_causal_dir), family="causal")) == "causal"


@pytest.mark.slow
def test_causal_prompt_uses_the_chat_template_and_output_excludes_it(tiny_causal_dir: Path) -> None:
    summariser = S.NeuralSummariser(summary_config(tiny_causal_dir, max_new_tokens=12), RUNTIME, names=())
    loaded = summariser.article_model
    assert loaded.family == "causal"
    text = OUTLETS["daily-2"]
    prompt = loaded.tokenizer.decode(summariser.prompt_ids(loaded, text, 3))
    assert prompt.startswith("<|im_start|>system\n") and prompt.endswith("<|im_start|>assistant\n")
    assert text in prompt and "at most 3 sentences" in prompt
    generated = []
    original = loaded.model.generate

    def spy(**kwargs):
        generated.append((kwargs["input_ids"], original(**kwargs)))
        return generated[-1][1]

    loaded.model.generate = spy
    try:
        output = summariser.summarise_text(loaded, [text], 3)
    finally:
        loaded.model.generate = original
    ((prompt_ids, ids),) = generated
    assert loaded.tokenizer.decode(prompt_ids[0]) == prompt  # the chat prompt is what the model read
    new_ids = ids[0, prompt_ids.shape[1] :]
    assert 0 < len(new_ids) <= 12
    assert output == loaded.tokenizer.decode(new_ids, skip_special_tokens=True).strip()  # prompt stripped
    assert "Tokayev greeted" not in output


@pytest.mark.slow
def test_causal_prompts_are_batched_left_padded(tiny_causal_dir: Path) -> None:
    """Three chunks of different lengths: one generate call, each completion as when generated alone."""
    summariser = S.NeuralSummariser(summary_config(tiny_causal_dir, max_new_tokens=8), RUNTIME, names=())
    loaded = summariser.article_model
    texts = [OUTLETS["daily-2"], "The ministers met.", OUTLETS["wire-1"][:200]]
    alone = [summariser._generate(loaded, text, 2) for text in texts]
    calls: list[tuple[int, ...]] = []
    original = loaded.model.generate

    def spy(**kwargs):
        calls.append(tuple(kwargs["input_ids"].shape))
        return original(**kwargs)

    loaded.model.generate = spy
    try:
        together = summariser._generate_many(loaded, texts, 2)
    finally:
        loaded.model.generate = original
    assert len(calls) == 1 and calls[0][0] == 3  # one batch of three prompts
    assert together == alone


def test_seq2seq_inputs_are_batched_by_tokens_without_a_count_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """40 short chunks go in one batch (the old cap was runtime.batch_size = 16); a token budget splits long ones."""
    sizes: list[int] = []
    fake = type("Loaded", (), {"family": "bart", "tokenizer": None})()
    monkeypatch.setattr(S, "count_tokens", lambda tokenizer, texts: [len(t) for t in texts])
    summariser = S.NeuralSummariser.__new__(S.NeuralSummariser)
    monkeypatch.setattr(summariser, "_generate_batch", lambda loaded, texts: sizes.append(len(texts)) or list(texts))
    short = [f"{i:02d}" for i in range(40)]
    assert summariser._generate_many(fake, short, 2) == short and sizes == [40]
    sizes.clear()
    long = ["x" * 1500, "y" * 1500, "z" * 1500]
    assert summariser._generate_many(fake, long, 2) == long and sizes == [2, 1]  # 2 * 1500 <= 4096 < 3 * 1500


@pytest.mark.slow
def test_causal_model_summarises_articles_and_events(tiny_causal_dir: Path) -> None:
    cfg = summary_config(tiny_causal_dir, event_strategy="model", max_new_tokens=16)
    summariser = load_summariser(cfg, RUNTIME, strict=True)
    assert isinstance(summariser, S.NeuralSummariser)
    articles = [article(pid, text) for pid, text in OUTLETS.items()]
    for a in articles:
        a.summary = summariser.summarise_article(a)
        assert all(s.sources == [a.id] for s in a.summary)
    result = summariser.summarise_event(Event("e", "e", None, None, articles))
    every_source = [s for a in articles for s in S.article_sources(a)]
    assert all(faithfulness.check(s.text, every_source) == [] for s in result)


# --------------------------------------------------------------------- languages

#: A Russian report of the Almaty talks: an English model must never be given it.
RUSSIAN = (
    "Министры иностранных дел Армении и Азербайджана провели переговоры в Алматы 10 мая. "
    "Встречу организовал Казахстан, делегации обсудили работу пограничных комиссий. "
    "Пограничные комиссии снова соберутся в июне, сообщили в министерстве."
)


@pytest.mark.slow
def test_an_english_model_summarises_english_pages_and_leaves_the_others_extractive(
    tiny_bart_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    summariser = S.NeuralSummariser(summary_config(tiny_bart_dir, article_sentences=2), RUNTIME, names=())
    warnings: list[str] = []
    dispatch = Dispatch(summariser, warn=warnings.append)
    english = article("wire-1", OUTLETS["wire-1"])
    russian = [article(f"ru-{i}", RUSSIAN, "ru") for i in range(2)]
    model_inputs: list[str] = []
    original = summariser.summarise_text
    summariser.summarise_text = lambda loaded, sentences, n: (
        model_inputs.append(" ".join(sentences)) or original(loaded, sentences, n)
    )
    with caplog.at_level(logging.WARNING, logger="briefing.summarise"):
        en_summary, en_method = dispatch.article(english)
        ru_results = [dispatch.article(a) for a in russian]
        event_summary, event_method = dispatch.event(Event("e", "e", None, None, [english, *russian]))
    assert en_method == summariser.describe()
    assert all(s.sources == ["wire-1"] for s in en_summary)
    for (summary, method), page in zip(ru_results, russian):
        assert method == f"extractive ({tiny_bart_dir} does not summarise Russian)"
        assert summary and all(s.language == "ru" and s.text in RUSSIAN and s.sources == [page.id] for s in summary)
    assert event_method == (
        f"English: {summariser.describe()} | Russian: extractive ({tiny_bart_dir} does not summarise Russian)"
    )
    assert any(s.language == "ru" for s in event_summary)
    assert all("Министр" not in text for text in model_inputs)  # no Russian ever reached the model
    (warning,) = warnings  # one per language, not per page or event
    assert "does not summarise Russian" in warning
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [warning]


@pytest.mark.slow
def test_a_neural_summariser_refuses_a_page_it_cannot_read(tiny_bart_dir: Path) -> None:
    summariser = S.NeuralSummariser(summary_config(tiny_bart_dir), RUNTIME, names=())
    with pytest.raises(ModelError, match=r"ru-1: .* does not summarise ru pages"):
        summariser.summarise_article(article("ru-1", RUSSIAN, "ru"))
    with pytest.raises(ModelError, match=r"event e: .* does not summarise ru"):
        summariser.summarise_event(Event("e", "e", None, None, [article("ru-1", RUSSIAN, "ru")]))


#: The Almaty talks as an Armenian outlet reports them.
ARMENIAN = (
    "Հայաստանի և Ադրբեջանի արտգործնախարարները մայիսի 10-ին Ալմաթիում բանակցություններ են վարել։ "
    "Հանդիպումը կազմակերպել է Ղազախստանը, պատվիրակությունները քննարկել են սահմանային հանձնաժողովների աշխատանքը։ "
    "Սահմանային հանձնաժողովները կրկին կհավաքվեն հունիսին, հայտնել են նախարարությունից։"
)


def mixed_event() -> Event:
    """The Almaty talks reported in Russian, Armenian and English; each English page carries the summary
    an English model wrote of it (its first sentence: the tiny models' own output never passes the gate)."""
    english = [article(pid, text) for pid, text in OUTLETS.items()]
    for a in english:
        a.summary = [SummarySentence(a.sentences[0].text, [a.id])]
    others = [article("ru-1", RUSSIAN, "ru"), article("hy-1", ARMENIAN, "hy"), article("ru-2", RUSSIAN, "ru")]
    return Event("2025-05-10-almaty", "Almaty talks", None, None, [*others, *english])


@pytest.mark.slow
def test_a_mixed_language_event_is_summarised_block_by_block_the_model_writing_the_languages_it_reads(
    tiny_bart_dir: Path,
) -> None:
    from briefing.render import briefing_sentences

    summariser = S.NeuralSummariser(summary_config(tiny_bart_dir), RUNTIME, names=())
    dispatch = Dispatch(summariser)
    event = mixed_event()
    event.summary, method = dispatch.event(event)
    pages = {a.id: a for a in event.articles}
    assert {s.language for s in event.summary} == {"en", "hy", "ru"}, "no language is dropped or relabelled"
    model_written = {s.text for a in event.articles for s in a.summary}
    for sentence in event.summary:
        origin = pages[sentence.sources[0]]
        assert sentence.language == origin.language, "each sentence keeps its page's language"
        assert all(page in pages for page in sentence.sources)
        if sentence.language == "en":
            assert sentence.text in model_written, "the English block is the model's"
        else:
            assert any(s.text == sentence.text for s in origin.sentences), "the others are the pages' own"
    assert [s.language for s in briefing_sentences(event, "hy")][:1] == ["hy"], "hy leads with Armenian"
    assert [s.language for s in briefing_sentences(event, "en")][:1] == ["en"]
    assert method == (
        f"English: {summariser.describe()} | Armenian, Russian: "
        f"extractive ({tiny_bart_dir} does not summarise Armenian or Russian)"
    )
    assert dispatch.method([a.main_language for a in event.articles]) == method, "the same for a cached summary"


@pytest.mark.slow
def test_a_multi_document_model_is_given_only_the_pages_it_reads_of_a_mixed_language_event(
    tiny_primera_dir: Path,
) -> None:
    summariser = S.NeuralSummariser(summary_config(tiny_primera_dir, event_strategy="model"), RUNTIME, names=())
    given: list[list[str]] = []
    original = summariser._multi_document_input
    summariser._multi_document_input = lambda loaded, documents: (
        given.append(  # type: ignore[method-assign]
            [" ".join(d) for d in documents]
        )
        or original(loaded, documents)
    )
    event = mixed_event()
    summary, _ = Dispatch(summariser).event(event)
    assert given == [[" ".join(S.article_sources(a)) for a in event.articles if a.language == "en"]]
    assert {"hy", "ru"} <= {s.language for s in summary}
    assert all(s.language == "en" for s in summary if s.sources[0] in OUTLETS)
