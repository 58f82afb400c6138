"""Stage 10: briefings in en, hy and az say which language every sentence and title is in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from briefing.config import load_config
from briefing.document import (
    OUTPUT_LANGUAGES,
    Article,
    Batch,
    DateMention,
    Event,
    Fragment,
    Metadata,
    Page,
    PartialDate,
    SummarySentence,
)
from briefing.glossary import Glossary
from briefing.localise import Localiser, labels
from briefing.markdown import escape
from briefing.pipeline import Pipeline
from briefing.render import render

#: One summary sentence per page language.
SENTENCES = {
    "en": "The foreign ministers agreed to meet again in Geneva next month.",
    "hy": "Նախարարները պայմանավորվել են հաջորդ ամիս կրկին հանդիպել Ժնևում։",
    "az": "Nazirlər gələn ay Cenevrədə yenidən görüşmək barədə razılığa gəliblər.",
    "ru": "Министры договорились снова встретиться в Женеве в следующем месяце.",
    "tr": "Bakanlar gelecek ay Cenevre'de yeniden bir araya gelme konusunda anlaştı.",
}

#: (page language, output language) -> the marker of its untranslated sentences, None where they are at home.
MARKERS = {
    ("hy", "hy"): None,
    ("hy", "en"): "Armenian, untranslated",
    ("hy", "az"): "erməni dilində, tərcümə edilməyib",
    ("az", "az"): None,
    ("az", "en"): "Azerbaijani, untranslated",
    ("az", "hy"): "ադրբեջաներեն, չթարգմանված",
    ("en", "en"): None,
    ("en", "hy"): "անգլերեն, չթարգմանված",
    ("en", "az"): "ingilis dilində, tərcümə edilməyib",
    ("ru", "en"): "Russian, untranslated",
    ("ru", "hy"): "ռուսերեն, չթարգմանված",
    ("ru", "az"): "rus dilində, tərcümə edilməyib",
    ("tr", "en"): "Turkish, untranslated",
    ("tr", "hy"): "թուրքերեն, չթարգմանված",
    ("tr", "az"): "türk dilində, tərcümə edilməyib",
}


def make_article(page_id: str, language: str, summary: list[SummarySentence], title: str = "", **meta) -> Article:
    text = "\n".join([title, *(s.text for s in summary)])
    page = Page(id=page_id, path=Path(f"{page_id}.txt"), text=text, sha256="0" * 64, format="txt", encoding="utf-8")
    return Article(page=page, language=language, meta=Metadata(title=title or None, **meta), summary=summary)


def rendered(articles: list[Article], events: list[Event] = ()) -> dict[str, str]:
    batch = Batch(articles=articles, events=list(events), languages=OUTPUT_LANGUAGES)
    return render(batch, {lang: Localiser(Glossary.load(), lang) for lang in OUTPUT_LANGUAGES})


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def summary_section(text: str) -> list[str]:
    """The lines of a file's summary section: the notice (">" lines) and the bullets."""
    headings = {labels(lang)["summary"] for lang in OUTPUT_LANGUAGES}
    (section,) = [part for part in text.split("\n## ") if part.splitlines()[0] in headings]
    return [line for line in section.splitlines()[1:] if line.startswith(("- ", "> ", "  - "))]


# --- marking -----------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "lang"), sorted(MARKERS))
def test_a_summary_is_unmarked_in_its_own_language_and_marked_with_its_language_elsewhere(language, lang):
    sentence = SummarySentence(SENTENCES[language], ["p1"], language=language)
    files = rendered([make_article("p1", language, [sentence])])
    lines = summary_section(files[f"articles/p1/summary.{lang}.md"])
    marker = MARKERS[language, lang]
    if marker is None:
        assert lines == [f"- {escape(SENTENCES[language])}"], "at home: as written, no marker, no notice"
        return
    assert f"- **[{marker}]** {escape(SENTENCES[language])}" in lines
    (notice,) = [line for line in lines if line.startswith("> ")]
    assert f"[{marker}]" in notice and notice.endswith("(1/1)")


def test_the_notice_says_in_the_files_language_which_language_the_sentences_are_in_and_why():
    sentence = SummarySentence(SENTENCES["ru"], ["p1"], language="ru")
    files = rendered([make_article("p1", "ru", [sentence])])
    notice = {lang: summary_section(files[f"articles/p1/summary.{lang}.md"])[0] for lang in OUTPUT_LANGUAGES}
    assert "No translation model was available" in notice["en"] and "in Russian" in notice["en"]
    assert "Թարգմանության մոդել հասանելի չէր" in notice["hy"] and "ռուսերեն են" in notice["hy"]
    assert "Tərcümə modeli mövcud olmadığı üçün" in notice["az"] and "rus dilindədir" in notice["az"]
    for text in notice.values():
        assert "English" not in text and "անգլերեն" not in text and "ingilis" not in text


def test_a_translated_sentence_is_shown_translated_and_a_flagged_one_beside_its_original_language():
    fine = SummarySentence(SENTENCES["ru"], ["p1"], {"en": "The ministers agreed to meet again."}, language="ru")
    doubtful = SummarySentence(
        "Переговоры продолжатся в Женеве.", ["p1"], {"hy": "Բանակցությունները կշարունակվեն։"}, {"hy": ["numbers"]}, "ru"
    )
    files = rendered([make_article("p1", "ru", [fine, doubtful])])
    english = summary_section(files["articles/p1/summary.en.md"])
    assert "- The ministers agreed to meet again." in english
    armenian = "\n".join(summary_section(files["articles/p1/summary.hy.md"]))
    assert "Բանակցությունները կշարունակվեն։" in armenian
    assert f"*Բնօրինակը՝ ռուսերեն:* {escape(doubtful.text)}" in armenian


def test_an_event_marks_each_sentence_with_its_own_language_and_says_so_for_each():
    sentences = [
        SummarySentence(SENTENCES["hy"], ["a"], language="hy"),
        SummarySentence(SENTENCES["ru"], ["r"], language="ru"),
        SummarySentence(SENTENCES["en"], ["e"], language="en"),
    ]
    articles = [make_article(i, lang, [s]) for i, lang, s in zip("are", ("hy", "ru", "en"), sentences)]
    event = Event("2026-05-10-geneva", "Geneva talks", dt.date(2026, 5, 10), None, articles, summary=sentences)
    files = rendered(articles, [event])
    lines = summary_section(files["events/2026-05-10-geneva/briefing.az.md"])
    assert f"- **[erməni dilində, tərcümə edilməyib]** {escape(SENTENCES['hy'])} [1]" in lines
    assert f"- **[rus dilində, tərcümə edilməyib]** {escape(SENTENCES['ru'])} [2]" in lines
    assert f"- **[ingilis dilində, tərcümə edilməyib]** {escape(SENTENCES['en'])} [3]" in lines
    notices = [line for line in lines if line.startswith("> ")]
    assert len(notices) == 3 and all(n.endswith("(1/3)") for n in notices)
    english = summary_section(files["events/2026-05-10-geneva/briefing.en.md"])
    assert f"- {escape(SENTENCES['en'])} [3]" in english
    assert sum(line.startswith("> ") for line in english) == 2, "Armenian and Russian, not English"


TITLE_CASES = [
    # (page language, output language, how the title is marked)
    ("ru", "en", " *(Russian)*"),
    ("ru", "hy", " *(ռուսերեն)*"),
    ("ru", "az", " *(rus dilində)*"),
    ("hy", "hy", ""),
    ("hy", "en", " *(Armenian)*"),
    ("en", "hy", " *(անգլերեն)*"),
    ("en", "en", ""),
]


@pytest.mark.parametrize(("language", "lang", "mark"), TITLE_CASES)
def test_a_title_shown_in_another_language_is_marked_with_that_language(language, lang, mark):
    title = {"ru": "Министры встретились в Женеве", "hy": "Նախարարները հանդիպեցին Ժնևում", "en": "Ministers meet"}[
        language
    ]
    articles = [make_article("p1", language, [SummarySentence(SENTENCES[language], ["p1"], language=language)], title)]
    event = Event("2026-05-10-geneva", title, dt.date(2026, 5, 10), None, articles, summary=articles[0].summary)
    files = rendered(articles, [event])
    assert f"# {escape(title)}{mark}\n" in files[f"articles/p1/summary.{lang}.md"]
    assert f"## {escape(title)}{mark}\n" in files[f"events/2026-05-10-geneva/briefing.{lang}.md"]


# --- front matter ---------------------------------------------------------------------------


def test_article_front_matter_records_the_page_language_its_publication_date_and_the_dates_it_mentions():
    dates = [
        DateMention("10 мая 2026", dt.date(2026, 5, 10), "day", 3, True),
        DateMention("1–4 мая", dt.date(2026, 5, 1), "day", 4, True, end=dt.date(2026, 5, 4)),
        DateMention("в апреле 2026 года", dt.date(2026, 4, 1), "month", 5, True),
    ]
    partial = [PartialDate("12 июня", 6, 12, 6)]
    sentence = SummarySentence(SENTENCES["ru"], ["p1"], language="ru")
    dated = make_article("p1", "ru", [sentence], published=dt.date(2026, 5, 11), dates=dates, partial_dates=partial)
    undated = make_article("p2", "hy", [SummarySentence(SENTENCES["hy"], ["p2"], language="hy")])
    files = rendered([dated, undated])
    for lang in OUTPUT_LANGUAGES:
        meta = front(files[f"articles/p1/summary.{lang}.md"])
        assert meta["language"] == lang and meta["page_language"] == "ru"
        assert meta["published"] == "2026-05-11"
        assert meta["dates_mentioned"] == ["2026-05-10", "2026-05-01/2026-05-04", "2026-04", "--06-12"]
        assert meta["sources"][0]["language"] == "ru"
        empty = front(files[f"articles/p2/summary.{lang}.md"])
        assert (empty["page_language"], empty["published"], empty["dates_mentioned"]) == ("hy", None, [])


# --- end to end ---------------------------------------------------------------------------

#: Small pages from five imaginary outlets, one per language: (file name, language, headline, body).
PAGES = [
    (
        "hy-lurer.txt",
        "hy",
        "Ժնևում ավարտվեց արտգործնախարարների հանդիպումը",
        [
            "Հայաստանի և Ադրբեջանի արտաքին գործերի նախարարները երեքշաբթի Ժնևում քննարկել են խաղաղության պայմանագրի տեքստը։",
            "Նախարարների հանդիպումը տևել է մոտ չորս ժամ և անցել է Շվեյցարիայի արտաքին գործերի նախարարության միջնորդությամբ։",
            "Կողմերը պայմանավորվել են, որ սահմանազատման հանձնաժողովները կհանդիպեն հաջորդ ամիս։",
            "Հայաստանի ԱԳՆ-ն հայտնել է, որ բանակցությունները եղել են կառուցողական և անկեղծ։",
        ],
    ),
    (
        "az-xeberler.txt",
        "az",
        "Cenevrədə xarici işlər nazirlərinin görüşü başa çatıb",
        [
            "Azərbaycan və Ermənistanın xarici işlər nazirləri çərşənbə axşamı Cenevrədə sülh müqaviləsinin mətnini müzakirə ediblər.",
            "Nazirlərin görüşü təxminən dörd saat davam edib və İsveçrə Xarici İşlər Nazirliyinin vasitəçiliyi ilə keçib.",
            "Tərəflər sərhədlərin delimitasiyası üzrə komissiyaların gələn ay görüşəcəyi barədə razılığa gəliblər.",
            "Azərbaycan XİN bildirib ki, danışıqlar konstruktiv və səmimi şəraitdə keçib.",
        ],
    ),
    (
        "ru-novosti.txt",
        "ru",
        "В Женеве завершилась встреча глав МИД Армении и Азербайджана",
        [
            "Министры иностранных дел Армении и Азербайджана во вторник обсудили в Женеве текст мирного договора.",
            "Встреча министров продолжалась около четырех часов и прошла при посредничестве МИД Швейцарии.",
            "Стороны договорились, что комиссии по делимитации границы встретятся в следующем месяце.",
            "В МИД Армении сообщили, что переговоры прошли в конструктивной и откровенной атмосфере.",
        ],
    ),
    (
        "tr-haber.txt",
        "tr",
        "Cenevre'de dışişleri bakanlarının görüşmesi sona erdi",
        [
            "Azerbaycan ve Ermenistan dışişleri bakanları salı günü Cenevre'de barış anlaşmasının metnini görüştü.",
            "Bakanların görüşmesi yaklaşık dört saat sürdü ve İsviçre Dışişleri Bakanlığının arabuluculuğunda gerçekleşti.",
            "Taraflar, sınır belirleme komisyonlarının gelecek ay bir araya gelmesi konusunda anlaştı.",
            "Azerbaycan Dışişleri Bakanlığı, müzakerelerin yapıcı ve samimi bir atmosferde geçtiğini açıkladı.",
        ],
    ),
    (
        "en-wire.txt",
        "en",
        "Armenian and Azerbaijani foreign ministers end talks in Geneva",
        [
            "The foreign ministers of Armenia and Azerbaijan discussed the text of a peace treaty in Geneva on Tuesday.",
            "The meeting of the ministers lasted about four hours and was mediated by the Swiss foreign ministry.",
            "The sides agreed that the border delimitation commissions would meet next month.",
            "The Armenian foreign ministry said the negotiations had been constructive and frank.",
        ],
    ),
]


@pytest.fixture(scope="module")
def multilingual_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("multilingual")
    corpus = work / "corpus"
    corpus.mkdir()
    for name, _language, headline, body in PAGES:
        (corpus / name).write_text("\n\n".join([headline, *body]) + "\n", encoding="utf-8")
    cfg = load_config(None, **{"translation.backend": "none", "summary.backend": "extractive", "cache.enabled": False})
    report = Pipeline(cfg).run(corpus, work / "out", use_cache=False)
    return report, work / "out"


@pytest.mark.parametrize(("name", "language", "headline", "body"), PAGES, ids=[p[1] for p in PAGES])
def test_every_page_is_summarised_in_its_own_language_unmarked_at_home_and_marked_elsewhere(
    multilingual_run, name, language, headline, body
):
    report, out = multilingual_run
    article = next(a for a in report.batch.articles if a.page.name == name)
    assert article.language == language
    assert article.summary and all(s.language == language and s.text in body for s in article.summary)
    for lang in OUTPUT_LANGUAGES:
        text = (out / f"articles/{article.id}/summary.{lang}.md").read_text(encoding="utf-8")
        assert front(text)["page_language"] == language
        bullets = [line for line in summary_section(text) if line.startswith("- ")]
        assert len(bullets) == len(article.summary)
        marker = MARKERS[language, lang]
        for bullet, sentence in zip(bullets, article.summary):
            expected = f"- {escape(sentence.text)}" if marker is None else f"- **[{marker}]** {escape(sentence.text)}"
            assert bullet == expected


def test_the_index_names_the_language_of_every_title_that_is_not_english(multilingual_run):
    _report, out = multilingual_run
    index = (out / "index.md").read_text(encoding="utf-8").splitlines()
    names = {"hy": "Armenian", "az": "Azerbaijani", "ru": "Russian", "tr": "Turkish"}
    for _name, language, headline, _body in PAGES:
        (line,) = [line for line in index if line[:1].isdigit() and escape(headline) in line]
        assert f"{escape(headline)} *({names[language]})*" in line if language != "en" else "*(" not in line


def test_a_quotation_is_named_by_its_language_and_an_english_one_needs_no_english_translation():
    quotes = [
        Fragment("r", 2, 0, 40, "We will keep talking until we agree.", "Latin", "en", 0.95, "content", "untranslated"),
        Fragment("r", 3, 0, 30, "Мы продолжим переговоры.", "Cyrillic", "ru", 1.0, "content", "untranslated"),
    ]
    article = make_article("r", "hy", [SummarySentence(SENTENCES["hy"], ["r"], language="hy")])
    article.fragments = quotes
    event = Event("2026-05-10-geneva", "Geneva talks", dt.date(2026, 5, 10), None, [article], summary=article.summary)
    text = rendered([article], [event])["events/2026-05-10-geneva/briefing.en.md"]
    assert "- [1] original (English): We will keep talking until we agree.\n" in text
    assert "- [1] original (Russian): Мы продолжим переговоры. — English translation: *not translated*" in text
