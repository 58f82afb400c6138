"""Stage 7: the offline extractive summariser, eligibility and citations, in every page language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.config import SummaryConfig
from briefing.document import Article, Event, Line, Page, Sentence
from briefing.glossary import Glossary
from briefing.summarise import (
    EVENT_MAX_CANDIDATES,
    ExtractiveSummariser,
    _event_candidates,
    cite,
    eligible,
    eligible_sentences,
    ineligibility,
)

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"

_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’»]?\s+(?=[\"“«‘]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Dr|St)\.$")


def split_sentences(line: str) -> list[str]:
    """A small sentence splitter for tests (the real one is `briefing.segment`'s)."""
    parts, start = [], 0
    for m in _BOUNDARY.finditer(line):
        if _ABBREVIATION.search(line[start : m.start() + 1]):
            continue
        parts.append(line[start : m.end()].strip())
        start = m.end()
    if line[start:].strip():
        parts.append(line[start:].strip())
    return parts


def make_article(
    page_id: str, text: str, foreign: dict[int, tuple[str, str]] | None = None, language: str = "en"
) -> Article:
    """An article in `language` whose kept lines are `text`'s non-blank lines, split into sentences.

    `foreign` maps a sentence index to (its language, its English translation).
    """
    page = Page(id=page_id, path=Path(f"{page_id}.txt"), text=text, sha256="0" * 64, format="txt", encoding="utf-8")
    article = Article(page=page, language=language)
    for number, line in enumerate(text.splitlines(), 1):
        article.lines.append(Line(number, line))
        for part in split_sentences(line.strip().lstrip("•").strip()) if line.strip() else []:
            sentence = Sentence(part, number, len(article.sentences), language)
            if foreign and sentence.index in foreign:
                sentence.language, sentence.english = foreign[sentence.index]
            article.sentences.append(sentence)
    return article


def event_of(*articles: Article) -> Event:
    return Event(slug="2024-05-10-talks", title="Talks", start=None, end=None, articles=list(articles))


# --- Eligibility ----------------------------------------------------------------

INELIGIBILITY_CASES = [
    # (text, its language, its English translation, the summary's language (None: its own), expected reason or None)
    (
        "The two delegations agreed to meet again in Almaty next month, the Kazakh foreign ministry said.",
        "en",
        None,
        None,
        None,
    ),
    ("“We have made tangible progress,” Bayramov told reporters after the talks in Arlington.", "en", None, None, None),
    (
        "Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani Foreign Minister Jeyhun Bayramov met in Almaty on May 10.",
        "en",
        None,
        None,
        None,
    ),
    # Every page language has its own prose, judged by its own terminals, alphabet and stop words.
    (
        "Հայաստանի և Ադրբեջանի արտաքին գործերի նախարարները երկօրյա բանակցություններից հետո պայմանավորվել են շարունակել աշխատանքը։",
        "hy",
        None,
        None,
        None,
    ),
    ("Հայաստանի ԱԳՆ-ն հայտնել է, որ հաջորդ հանդիպումը տեղի կունենա Ալմաթիում։", "hy", None, None, None),
    (
        "Xarici işlər nazirləri sülh müqaviləsinin mətni üzrə danışıqları gələn ay davam etdirməyə razılaşıblar.",
        "az",
        None,
        None,
        None,
    ),
    (
        "Министры иностранных дел двух стран договорились продолжить переговоры в ближайшие недели, заявил источник.",
        "ru",
        None,
        None,
        None,
    ),
    # Frequent content words ("принял", "президент") are in the long stop lists, but are no function words.
    ("В тот же день делегации принял президент Казахстана Касым-Жомарт Токаев.", "ru", None, None, None),
    (
        "Dışişleri bakanları, barış anlaşmasının metni üzerindeki görüşmelerin gelecek ay devam edeceğini açıkladı.",
        "tr",
        None,
        None,
        None,
    ),
    # Another language's sentence enters a summary only through a translation into the summary's language.
    ("Мы договорились продолжить переговоры в ближайшие недели, заявил министр.", "ru", None, "en", "untranslated"),
    (
        "Мы договорились продолжить переговоры в ближайшие недели, заявил министр.",
        "ru",
        "We agreed to continue the negotiations in the coming weeks, the minister said.",
        "en",
        None,
    ),
    ("Министры договорились продолжить переговоры в ближайшие недели, заявил он.", "ru", None, "hy", "untranslated"),
    # A sentence in another alphabet than its language's: misjudged language or failed translation.
    ("Հայաստանի և Ադրբեջանի արտաքին գործերի նախարարները հանդիպեցին Ժնևում։", "en", None, None, "other-script"),
    ("Kazakhstan hosted the talks between the two foreign ministers on Friday.", "ru", None, None, "other-script"),
    ("Ministers met on Friday.", "en", None, None, "too-short"),
    (
        "Photo: Ararat Mirzoyan and Jeyhun Bayramov in Almaty before the talks",
        "en",
        None,
        None,
        "no-terminal-punctuation",
    ),
    ("Foreign ministers of Armenia and Azerbaijan resume talks in Almaty", "en", None, None, "no-terminal-punctuation"),
    (
        "Երևանում մեկնարկեց խաղաղության պայմանագրի շուրջ բանակցությունների նոր փուլը",
        "hy",
        None,
        None,
        "no-terminal-punctuation",
    ),
    ("FOREIGN MINISTERS MEET IN ALMATY AS PEACE TALKS RESUME.", "en", None, None, "all-caps"),
    ("МИНИСТРЫ ВСТРЕТИЛИСЬ В АЛМАТЫ И ДОГОВОРИЛИСЬ О НОВОМ РАУНДЕ.", "ru", None, None, "all-caps"),
    ("Pashinyan And Aliyev Meet In Brussels Under EU Auspices Again.", "en", None, None, "names-or-heading"),
    ("Ararat Mirzoyan, Jeyhun Bayramov, Antony Blinken and Jake Sullivan.", "en", None, None, "names-or-heading"),
    ("Мирзоян, Байрамов, Блинкен, Салливан и Токаев.", "ru", None, None, "names-or-heading"),
    # Furniture phrased as a sentence, in the page's language or in English widgets.
    ("© 2024 Example News Agency. All rights reserved.", "en", None, None, "boilerplate"),
    ("We use cookies to improve your experience on our website.", "en", None, None, "boilerplate"),
    ("Subscribe to our daily newsletter to get the latest news.", "en", None, None, "boilerplate"),
    ("Read also: Ministers to meet again in Almaty next month.", "en", None, None, "boilerplate"),
    ("При использовании материалов сайта гиперссылка на источник обязательна.", "ru", None, None, "boilerplate"),
    (
        "Կայքի նյութերի ամբողջական կամ մասնակի արտատպումն առանց ակտիվ հղման արգելվում է։",
        "hy",
        None,
        None,
        "boilerplate",
    ),
    ("Xəbərləri ilk öyrənmək üçün Telegram kanalımıza abunə olun.", "az", None, None, "boilerplate"),
    ("Son dakika gelişmelerinden haberdar olmak için Telegram kanalımıza abone olun.", "tr", None, None, "boilerplate"),
    ("Follow @MFA_Armenia and @AzerbaijanMFA at https://x.example.com for updates.", "en", None, None, "links"),
    (
        "Published: Monday, 7 November 2022, 14:05 | Updated: Tuesday, 8 November 2022.",
        "en",
        None,
        None,
        "date-line",
    ),
    ("Dərc olunub: 12 mart 2024, saat 10:15, yenilənib: 13 mart 2024.", "az", None, None, "date-line"),
    (" ".join(["The ministers discussed the border."] * 30), "en", None, None, "too-long"),
]


@pytest.mark.parametrize(("text", "language", "english", "summary_language", "reason"), INELIGIBILITY_CASES)
def test_ineligibility_names_the_rule_that_excludes_a_sentence(text, language, english, summary_language, reason):
    sentence = Sentence(text, line=1, index=0, language=language, english=english)
    assert ineligibility(sentence, summary_language) == reason
    assert eligible(sentence, summary_language) is (reason is None)


def test_a_sentence_repeated_verbatim_in_an_article_is_a_caption_and_never_eligible():
    caption = "Ararat Mirzoyan and Jeyhun Bayramov shake hands in Almaty on Friday."
    article = make_article(
        "kz1",
        f"{caption}\n{caption}\nThe foreign ministers of Armenia and Azerbaijan held two days of talks in Almaty.\n",
    )
    texts = [s.text for s in eligible_sentences(article)]
    assert caption not in texts
    assert texts == ["The foreign ministers of Armenia and Azerbaijan held two days of talks in Almaty."]


# --- Article summaries ------------------------------------------------------------

#: A wire-style report from an outlet unlike the samples, with its page furniture.
ALMATY_PAGE = """\
Home | Politics | Economy | Region
10.05.2024, 18:42
Armenian, Azerbaijani foreign ministers end two-day talks in Almaty
Photo: Kazakh Foreign Ministry
The foreign ministers of Armenia and Azerbaijan ended two days of talks in Almaty on Friday without signing a peace treaty.
Ararat Mirzoyan and Jeyhun Bayramov discussed the delimitation of the border and the text of the peace treaty, the Kazakh foreign ministry said.
The ministers agreed to continue the talks on the peace treaty at a date to be agreed, according to a joint statement.
Kazakh President Kassym-Jomart Tokayev met both ministers before the talks and offered Almaty as a permanent venue.
The talks in Almaty were the first round hosted by Kazakhstan since the two countries began negotiating a peace treaty.
Officials said the border commissions would meet separately next week to discuss the delimitation of the border.
The central bank kept its key interest rate unchanged at 14.75 percent on Friday, citing inflation risks.
Share this article on Facebook, Twitter and Telegram.
© 2024 Example Wire. All rights reserved.
"""


def test_article_summary_keeps_article_order_cites_itself_and_excludes_furniture():
    article = make_article("kz1", ALMATY_PAGE)
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=3)).summarise_article(article)
    assert len(summary) == 3
    positions = [next(s.index for s in article.sentences if s.text == item.text) for item in summary]
    assert positions == sorted(positions)
    assert all(item.sources == ["kz1"] for item in summary)
    furniture = ("Home |", "10.05.2024", "end two-day talks", "Photo:", "Share this", "©")
    assert not any(marker in item.text for item in summary for marker in furniture)


def test_a_teaser_sharing_no_content_word_with_its_page_is_never_chosen_even_when_every_sentence_is_asked_for():
    article = make_article("kz1", ALMATY_PAGE)
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=50)).summarise_article(article)
    assert summary, "on-topic sentences are summarised"
    assert not any("interest rate" in item.text for item in summary)


def test_mmr_drops_a_restatement_of_a_sentence_already_chosen():
    text = (
        "Armenia and Azerbaijan agreed on Friday to open the Margara border crossing for humanitarian cargo.\n"
        "The crossing will be used for aid deliveries, officials from both sides said after the meeting.\n"
        "On Friday Armenia and Azerbaijan agreed to open the Margara border crossing for humanitarian cargo, officials said.\n"
        "European Union monitors will observe the first deliveries across the border crossing next week.\n"
    )
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=3)).summarise_article(make_article("ge1", text))
    margara = [item for item in summary if "Margara" in item.text]
    assert len(margara) == 1


def test_a_translated_foreign_sentence_is_summarised_in_english():
    text = (
        "Лавров заявил, что Россия готова содействовать подписанию мирного договора между Арменией и Азербайджаном.\n"
        "Russia is ready to help Armenia and Azerbaijan sign a peace treaty, Foreign Minister Sergey Lavrov said in Moscow.\n"
        "Lavrov said the peace treaty between Armenia and Azerbaijan should respect the agreements reached in Moscow.\n"
    )
    english = "Lavrov said Russia was ready to help Armenia and Azerbaijan sign a peace treaty."
    article = make_article("ru1", text, foreign={0: ("ru", english)})
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=3)).summarise_article(article)
    texts = [item.text for item in summary]
    assert english in texts
    assert not any("Лавров" in t for t in texts)


def test_an_untranslated_quotation_in_another_language_never_enters_an_english_summary():
    text = (
        "Министры иностранных дел Армении и Азербайджана встретились в Алматы в пятницу.\n"
        "The foreign ministers of Armenia and Azerbaijan met in Almaty on Friday for two days of talks.\n"
        "The ministers discussed the text of the peace treaty and the delimitation of the border.\n"
    )
    article = make_article("kz2", text, foreign={0: ("ru", "")})
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=3)).summarise_article(article)
    assert [item.text for item in summary] == [s.text for s in article.sentences[1:]]
    assert all(item.language == "en" for item in summary)


# --- Summaries in the page's own language ---------------------------------------------

#: One report per page language, with a menu, a teaser for another story, a share line and a copyright line.
#: (sentences of the report, the teaser, the furniture lines)
OWN_LANGUAGE_PAGES = {
    "en": (
        [
            "The foreign ministers of Armenia and Azerbaijan held a new round of peace treaty negotiations in Geneva.",
            "The ministers' negotiations lasted two days and were mediated by Switzerland.",
            "The sides discussed border delimitation and the reopening of transport links, the Armenian foreign ministry said.",
            "At the end of the negotiations the ministers agreed to continue work on the text of the peace treaty.",
            "The next round of negotiations could take place in Geneva at the end of the month, diplomats said.",
        ],
        "On Friday a young painters' exhibition of contemporary art opened in Yerevan.",
        ["Home | Politics | World", "Share: Facebook | X | Telegram", "© 2026 Example News. All rights reserved."],
    ),
    "hy": (
        [
            "Հայաստանի և Ադրբեջանի արտաքին գործերի նախարարները Ժնևում անցկացրել են բանակցությունների նոր փուլ խաղաղության պայմանագրի շուրջ։",
            "Նախարարների բանակցությունները տևել են երկու օր և անցել են շվեյցարական կողմի միջնորդությամբ։",
            "Նախարարները քննարկել են սահմանազատման և տրանսպորտային հաղորդակցությունների բացման հարցերը, հայտնում են ՀՀ ԱԳՆ-ից։",
            "Բանակցությունների արդյունքում նախարարները պայմանավորվել են շարունակել աշխատանքը խաղաղության պայմանագրի տեքստի վրա։",
            "Բանակցությունների հաջորդ փուլը կարող է տեղի ունենալ Ժնևում ամսվա վերջին, նշել են դիվանագետները։",
        ],
        "Ուրբաթ օրը Երևանում բացվեց երիտասարդ նկարիչների ժամանակակից արվեստի ցուցահանդեսը։",
        [
            "Գլխավոր | Քաղաքականություն | Հասարակություն",
            "Կիսվել",
            "© 2026 «Օրինակ լուրեր»։ Բոլոր իրավունքները պաշտպանված են։",
        ],
    ),
    "az": (
        [
            "Azərbaycan və Ermənistanın xarici işlər nazirləri Cenevrədə sülh müqaviləsi üzrə danışıqların yeni raundunu keçiriblər.",
            "Nazirlərin danışıqları iki gün davam edib və İsveçrə tərəfinin vasitəçiliyi ilə keçib.",
            "Nazirlər sərhədlərin delimitasiyası və nəqliyyat kommunikasiyalarının açılması məsələlərini müzakirə ediblər.",
            "Danışıqların yekununda nazirlər sülh müqaviləsinin mətni üzərində işi davam etdirməyə razılaşıblar.",
            "Danışıqların növbəti raundu ayın sonunda Cenevrədə keçirilə bilər, diplomatlar bildiriblər.",
        ],
        "Cümə günü Bakıda gənc rəssamların müasir incəsənət sərgisi açılıb.",
        [
            "Əsas səhifə | Siyasət | İqtisadiyyat",
            "Paylaş: Facebook | Telegram | WhatsApp",
            "© 2026 Nümunə Xəbər. Bütün hüquqlar qorunur.",
        ],
    ),
    "ru": (
        [
            "Министры иностранных дел Армении и Азербайджана провели в Женеве новый раунд переговоров о мирном договоре.",
            "Переговоры министров продолжались два дня и прошли при посредничестве швейцарской стороны.",
            "Стороны обсудили делимитацию границы и открытие транспортных коммуникаций, сообщили в МИД Армении.",
            "По итогам переговоров министры договорились продолжить работу над текстом мирного договора.",
            "Следующий раунд переговоров может пройти в Женеве в конце месяца, отметили дипломаты.",
        ],
        "В пятницу в Ереване открылась выставка современной живописи молодых художников.",
        [
            "Главная | Политика | Экономика",
            "Поделиться: Facebook | Telegram | VK",
            "© 2026 Пример Новости. Все права защищены.",
        ],
    ),
    "tr": (
        [
            "Azerbaycan ve Ermenistan dışişleri bakanları Cenevre'de barış anlaşması üzerine yeni bir müzakere turu gerçekleştirdi.",
            "Bakanların müzakereleri iki gün sürdü ve İsviçre'nin arabuluculuğunda yapıldı.",
            "Taraflar sınırların belirlenmesi ve ulaşım bağlantılarının açılması konularını müzakere etti.",
            "Müzakerelerin sonunda bakanlar barış anlaşmasının metni üzerindeki çalışmaları sürdürme konusunda uzlaştı.",
            "Müzakerelerin bir sonraki turunun ay sonunda yine Cenevre'de yapılabileceği belirtildi.",
        ],
        "Cuma günü İstanbul'da genç ressamların çağdaş sanat sergisi açıldı.",
        ["Ana Sayfa | Gündem | Dünya", "Paylaş: Facebook | X | WhatsApp", "© 2026 Örnek Haber. Tüm hakları saklıdır."],
    ),
}


def own_language_article(language: str) -> Article:
    report, teaser, (menu, share, copyright_line) = OWN_LANGUAGE_PAGES[language]
    text = "\n".join([menu, *report, teaser, share, copyright_line]) + "\n"
    return make_article(f"{language}1", text, language=language)


@pytest.mark.parametrize("language", sorted(OWN_LANGUAGE_PAGES))
def test_a_page_is_summarised_in_its_own_language_without_its_furniture_or_teaser(language):
    report = OWN_LANGUAGE_PAGES[language][0]
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=50)).summarise_article(
        own_language_article(language)
    )
    assert [item.text for item in summary] == report, "every report sentence, in page order, nothing else"
    assert all(item.language == language and item.sources == [f"{language}1"] for item in summary)
    assert all(item.translations == {} for item in summary), "nothing is presented as translated"


@pytest.mark.parametrize("language", sorted(OWN_LANGUAGE_PAGES))
def test_the_most_central_sentence_of_a_page_in_any_language_is_about_its_story(language):
    report, _teaser, _furniture = OWN_LANGUAGE_PAGES[language]
    (top,) = ExtractiveSummariser(SummaryConfig(article_sentences=1)).summarise_article(own_language_article(language))
    assert top.text in report


def test_a_sentence_that_shares_only_inflected_forms_with_its_page_is_on_topic_and_a_teaser_is_not():
    text = (
        "Министры иностранных дел провели переговоры о мирном договоре в Женеве.\n"
        "Переговоры министров продолжались два дня при посредничестве Швейцарии.\n"
        "Министры обсудили делимитацию границы и открытие коммуникаций.\n"
        "Итоги переговоров министры обсудят с президентами на следующей неделе.\n"
        "О мирном договоре стороны намерены договориться до конца года.\n"
        "На переговорах министрами также обсуждался гуманитарный вопрос пленных.\n"
        "В пятницу в Ереване открылась выставка молодых художников.\n"
    )
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=50)).summarise_article(
        make_article("ru3", text, language="ru")
    )
    texts = [item.text for item in summary]
    assert "На переговорах министрами также обсуждался гуманитарный вопрос пленных." in texts
    assert not any("выставка" in t for t in texts), (
        "a weekday name shared with the page does not make a teaser on-topic"
    )


def test_a_foreign_page_summary_stays_in_its_language_and_carries_the_english_made_before_summarising():
    report, _teaser, _furniture = OWN_LANGUAGE_PAGES["ru"]
    english = "The foreign ministers of Armenia and Azerbaijan held a new round of peace treaty talks in Geneva."
    article = make_article("ru4", "\n".join(report) + "\n", foreign={0: ("ru", english)}, language="ru")
    summary = ExtractiveSummariser(SummaryConfig(article_sentences=5)).summarise_article(article)
    first = next(item for item in summary if item.text == report[0])
    assert first.language == "ru" and first.translations == {"en": english}


def test_summaries_are_deterministic():
    summariser = ExtractiveSummariser()
    first = summariser.summarise_article(make_article("kz1", ALMATY_PAGE))
    assert first == summariser.summarise_article(make_article("kz1", ALMATY_PAGE))


@pytest.mark.parametrize("path", sorted(CORPUS_DIR.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_sample_page_summaries_contain_only_prose_that_the_page_says_once(path):
    article = make_article(path.stem, path.read_text(encoding="utf-8"))
    summary = ExtractiveSummariser().summarise_article(article)
    assert 1 <= len(summary) <= SummaryConfig().article_sentences
    lines = [line.strip() for line in article.page.text.splitlines()]
    for item in summary:
        assert re.search(r"[.!?][\"'”’»]?$", item.text), item.text
        assert len(item.text.split()) >= 6
        assert sum(item.text in line for line in lines) == 1, f"repeated on the page: {item.text}"


# --- Event summaries and citations ---------------------------------------------------

OUTLET_A = """\
The foreign ministers of Armenia and Azerbaijan agreed in Almaty to continue talks on a peace treaty, the Kazakh foreign ministry said.
Mirzoyan told reporters that the sides had narrowed their differences on the delimitation of the border.
The talks took place behind closed doors in a government residence outside the city.
"""
OUTLET_B = """\
Armenia and Azerbaijan agreed to continue the peace treaty talks, the foreign ministry of Kazakhstan said after the Almaty meeting.
Bayramov said Baku expected Yerevan to amend its constitution before any treaty could be signed.
Azerbaijan insists that Armenia remove a reference to Nagorno-Karabakh from the preamble of its constitution.
"""
OUTLET_C = """\
The Armenian and Azerbaijani foreign ministers met in Almaty and agreed to continue their talks on a peace treaty, Kazakhstan said.
Kazakhstan offered to host further rounds of the negotiations if both sides wished to continue in Almaty.
"""


def test_event_summary_merges_a_fact_all_outlets_report_into_one_sentence_citing_all_first():
    event = event_of(make_article("a", OUTLET_A), make_article("b", OUTLET_B), make_article("c", OUTLET_C))
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=4)).summarise_event(event)
    agreed = [item for item in summary if re.search(r"agreed (?:in Almaty )?to continue", item.text)]
    assert len(agreed) == 1, "the three reports of one agreement collapse into one sentence"
    assert summary[0] is agreed[0], "what every outlet reports leads"
    assert sorted(agreed[0].sources) == ["a", "b", "c"]
    origin = next(a.id for a in event.articles if any(s.text == agreed[0].text for s in a.sentences))
    assert agreed[0].sources[0] == origin


def test_event_summary_cites_only_the_outlet_that_reports_a_fact():
    event = event_of(make_article("a", OUTLET_A), make_article("b", OUTLET_B), make_article("c", OUTLET_C))
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=6)).summarise_event(event)
    constitution = [item for item in summary if "constitution" in item.text]
    assert constitution, "a fact one outlet reports is still summarised"
    assert all(item.sources == ["b"] for item in constitution)
    assert len(summary) <= 6


#: A Russian outlet's report of the Almaty talks, and the English a translator would make of it.
RU_REPORT = """\
Министры иностранных дел Армении и Азербайджана договорились в Алматы продолжить переговоры о мирном договоре.
Мирзоян заявил журналистам, что стороны сблизили позиции по делимитации границы.
Переговоры прошли за закрытыми дверями в правительственной резиденции за городом.
"""
RU_REPORT_ENGLISH = [
    "The foreign ministers of Armenia and Azerbaijan agreed in Almaty to continue talks on a peace treaty.",
    "Mirzoyan told reporters that the sides had narrowed their positions on the delimitation of the border.",
    "The talks were held behind closed doors in a government residence outside the city.",
]


def test_an_event_summary_keeps_each_sentence_in_its_pages_language_and_cites_no_page_it_cannot_compare():
    event = event_of(make_article("a", OUTLET_A), make_article("r", RU_REPORT, language="ru"))
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=6)).summarise_event(event)
    assert {item.language for item in summary} == {"en", "ru"}
    for item in summary:
        origin = next(a for a in event.articles if a.id == item.sources[0])
        assert item.language == origin.language
        assert any(s.text == item.text for s in origin.sentences)
        assert item.sources == [origin.id], "with no translation, a page in another script supports nothing"


def test_with_the_english_of_a_foreign_page_its_report_of_a_fact_merges_with_the_others_and_is_cited():
    foreign = {i: ("ru", english) for i, english in enumerate(RU_REPORT_ENGLISH)}
    russian = make_article("r", RU_REPORT, foreign=foreign, language="ru")
    event = event_of(make_article("a", OUTLET_A), make_article("b", OUTLET_B), russian)
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=4)).summarise_event(event)
    agreed = [item for item in summary if re.search(r"agreed|договорились", item.text)]
    assert len(agreed) == 1, "two English reports and a Russian one of one agreement are one sentence"
    assert sorted(agreed[0].sources) == ["a", "b", "r"]
    for item in summary:
        if item.language == "ru":
            assert item.translations["en"] in RU_REPORT_ENGLISH


CITE_CASES = [
    # (summary sentence, expected sources)
    ("Mirzoyan told reporters that the sides had narrowed their differences on the delimitation of the border.", ["a"]),
    (
        "Kazakhstan offered to host further rounds of the negotiations if both sides wished to continue in Almaty.",
        ["c"],
    ),
    ("Armenia and Azerbaijan agreed in Almaty to continue their talks on a peace treaty.", ["a", "b", "c"]),
    ("The weather in the capital was unusually warm for the season.", []),
]


@pytest.mark.parametrize(("text", "expected"), CITE_CASES)
def test_cite_names_origin_first_then_every_supporting_article(text, expected):
    event = event_of(make_article("a", OUTLET_A), make_article("b", OUTLET_B), make_article("c", OUTLET_C))
    (item,) = cite([text], event)
    assert item.text == text
    assert sorted(item.sources) == sorted(expected)
    if expected and len(expected) == 1:
        assert item.sources == expected


def test_cite_puts_the_article_containing_a_sentence_verbatim_first_even_when_later_in_the_event():
    event = event_of(make_article("a", OUTLET_A), make_article("b", OUTLET_B), make_article("c", OUTLET_C))
    verbatim = OUTLET_C.splitlines()[0]
    (item,) = cite([verbatim], event)
    assert item.sources[0] == "c"
    assert set(item.sources) == {"a", "b", "c"}


def test_a_large_event_is_summarised_from_a_bounded_number_of_candidates():
    articles = [make_article(f"p{i:03d}", ALMATY_PAGE) for i in range(120)]
    event = event_of(*articles)
    assert len(_event_candidates(event.articles)) <= EVENT_MAX_CANDIDATES
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=5)).summarise_event(event)
    assert 1 <= len(summary) <= 5
    assert len({item.text for item in summary}) == len(summary)
    assert all(item.sources and set(item.sources) <= {a.id for a in articles} for item in summary)


def test_an_event_without_summarisable_sentences_has_an_empty_summary():
    event = event_of(make_article("x", "Home | News | Contact\nMost read\n"))
    assert ExtractiveSummariser().summarise_event(event) == []


def test_describe_records_the_method_and_lambda():
    assert ExtractiveSummariser(SummaryConfig(mmr_lambda=0.6)).describe() == (
        "extractive (LexRank TF-IDF centrality + MMR, lambda=0.6)"
    )


def test_the_extractive_backend_loads_without_importing_a_neural_library():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from briefing.config import RuntimeConfig, SummaryConfig\n"
        "from briefing.summarise import ExtractiveSummariser, load_summariser\n"
        "s = load_summariser(SummaryConfig(backend='extractive'), RuntimeConfig())\n"
        "assert isinstance(s, ExtractiveSummariser), s\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- One fact across languages --------------------------------------------------------

#: (page name, its text): reports of one invented meeting in Washington, each a page of its own, so that the
#: metadata stage reads their days and people as it does any page's.
CROSS_LANGUAGE_PAGES = {
    "en-met": "Jeyhun Bayramov and Ararat Mirzoyan held talks in Washington on 12 March with Antony Blinken.",
    "az-met": "Ceyhun Bayramov və Ararat Mirzoyan Entoni Blinkenin iştirakı ilə Vaşinqtonda danışıqlar aparıblar.",
    "hy-met": "Ջեյհուն Բայրամովը և Արարատ Միրզոյանը մարտի 12-ին Վաշինգտոնում բանակցություններ են վարել Էնթոնի Բլինքենի հետ։",
    "ru-said": "Байрамов, Мирзоян и Блинкен заявили в Вашингтоне, что стороны договорились ускорить работу над договором.",
    "ru-later": "Джейхун Байрамов и Арарат Мирзоян провели переговоры в Вашингтоне 14 мая при участии Энтони Блинкена.",
    "tr-range": "Ceyhun Bayramov ile Ararat Mirzoyan, 10-13 Mart'ta Washington'da Antony Blinken ile görüşmeler yaptı.",
    "ru-ended": "Джейхун Байрамов и Арарат Мирзоян завершили 13 марта переговоры в Вашингтоне при участии Энтони Блинкена.",
    "en-war": "The 44-day war, which began on 27 September 2020, ended with a statement signed on 10 November 2020.",
    "az-war": "2020-ci il sentyabrın 27-də başlayan 44 günlük müharibə noyabrın 10-da imzalanan bəyanatla başa çatıb.",
    "ru-michel": "Шарль Мишель провел 12 марта переговоры с Байрамовым и Мирзояном в Брюсселе.",
    "en-michel": "Charles Michel held talks with Bayramov and Mirzoyan in Brussels on 12 March.",
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Article]:
    """The pages through the per-page stages (language, sentences, days and people), published on 20 March 2024."""
    from briefing.config import load_config
    from briefing.pipeline import Pipeline

    corpus = tmp_path_factory.mktemp("facts")
    for name, text in CROSS_LANGUAGE_PAGES.items():
        (corpus / f"{name}.txt").write_text(f"---\npublished: 2024-03-20\n---\n{text}\n", encoding="utf-8")
    cfg = load_config(None, **{"translation.backend": "none", "summary.backend": "extractive", "cache.enabled": False})
    articles, failures = Pipeline(cfg).analyse(sorted(corpus.iterdir()))
    assert not failures
    return {a.id: a for a in articles}


def meeting(reports: dict[str, Article], *ids: str, venue: tuple[str, ...] = ("Washington",)) -> Event:
    """The event of the talks of 10-13 March 2024 at `venue`, of the pages `ids`."""
    articles = [reports[i] for i in ids]
    start, end = dt.date(2024, 3, 10), dt.date(2024, 3, 13)
    return Event("2024-03-10-talks", "Talks", start, end, articles, venue_places=list(venue))


def facts_of(event: Event) -> list:
    from briefing.summarise import _event_candidates, _fact

    return [_fact(c, event, Glossary.load()) for c in _event_candidates(event.articles)]


SAME_FACT_CASES = [
    # (first page, second page, venue, the same fact?, why)
    ("en-met", "hy-met", ("Washington",), True, "the same day, the same three people"),
    ("en-met", "az-met", ("Washington",), True, "the meeting at its venue with the same people; one gives no day"),
    ("tr-range", "ru-ended", ("Washington",), True, "a day within the other's range of days"),
    ("en-war", "az-war", ("Washington",), True, "background with the same two days and number, no people"),
    ("en-michel", "ru-michel", ("Brussels",), True, "Michel and Мишель, Charles and Шарль, are one person"),
    ("en-met", "ru-said", ("Washington",), False, "a statement at the meeting, with the same people, is another fact"),
    ("az-met", "ru-later", ("Washington",), False, "the same people at the same venue on another day: another round"),
    ("hy-met", "ru-later", ("Washington",), False, "another day"),
    ("en-met", "az-met", ("Brussels",), False, "no date in common and not at the event's venue"),
]


@pytest.mark.parametrize(
    ("first", "second", "venue", "same", "why"),
    SAME_FACT_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2][0]}" for c in SAME_FACT_CASES],
)
def test_the_same_fact_is_told_apart_from_another_across_languages(reports, first, second, venue, same, why):
    from briefing.summarise import _same_fact

    event = meeting(reports, first, second, venue=venue)
    a, b = facts_of(event)
    assert _same_fact(a, b) is same, (why, a, b)


def test_the_run_glossary_gives_the_venue_of_a_sentence(tmp_path):
    """A place only the user's glossary knows is the event's venue in the merge of facts, as in grouping."""
    from briefing.summarise import _Candidate, _fact

    path = tmp_path / "g.yaml"
    path.write_text(
        "places:\n  - {en: Lake Sevan Resort, hy: Սևանի հանգստավայր, az: Göyçə istirahət mərkəzi, country: Armenia}\n",
        encoding="utf-8",
    )
    text = "The ministers met at Lake Sevan Resort."
    article = Article(Page("a", Path("a.txt"), text, "0" * 64, "txt", "utf-8"), sentences=[Sentence(text, 1, 0, "en")])
    event = Event("e", "e", None, None, [article], venue_places=["Lake Sevan Resort"])
    candidate = _Candidate(0, article.sentences[0], text, "en")
    assert _fact(candidate, event, Glossary.load(path)).at_venue
    assert not _fact(candidate, event, Glossary.load()).at_venue
    assert ExtractiveSummariser(glossary=Glossary.load(path)).glossary.lookup("Lake Sevan Resort", "place")


def test_a_fact_in_three_languages_is_shown_once_per_output_language_each_version_citing_every_page(reports):
    event = meeting(reports, "en-met", "az-met", "hy-met", "tr-range")
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=3)).summarise_event(event)
    assert [s.language for s in summary] == ["en", "az", "hy"], "the Turkish version of an output-language fact goes"
    assert all(set(s.sources) == {"en-met", "az-met", "hy-met", "tr-range"} for s in summary), summary
    assert [s.sources[0] for s in summary] == ["en-met", "az-met", "hy-met"], "each cites its own page first"


def test_two_facts_of_one_meeting_with_the_same_people_stay_two_sentences_citing_their_own_pages(reports):
    event = meeting(reports, "en-met", "ru-said")
    summary = ExtractiveSummariser(SummaryConfig(event_sentences=3)).summarise_event(event)
    assert sorted((s.language, tuple(s.sources)) for s in summary) == [("en", ("en-met",)), ("ru", ("ru-said",))]
