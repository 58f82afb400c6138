"""Stage 2, clean: furniture dropped with a reason, article text kept."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from briefing.clean import clean, normalise_line, site_boilerplate, site_key
from briefing.document import Page
from briefing.ingest import read_page

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

TITLE = "Mirzoyan and Bayramov resume talks on a peace treaty in Geneva"
BODY = [
    "The foreign ministers of Armenia and Azerbaijan met in Geneva on Tuesday for a new round of talks on a peace treaty.",
    "Officials from both delegations said the meeting focused on border delimitation and the opening of transport links.",
    "Swiss diplomats hosted the session, which lasted more than five hours according to a statement from the ministry.",
    "Neither side gave details of the draft, but both said they would meet again before the end of the month.",
]


def make_page(lines: list[str], source: str | None = None, url: str | None = None, title: str | None = None) -> Page:
    text = "\n".join(lines)
    return Page(
        id="p",
        path=Path("p.txt"),
        text=text,
        sha256="0",
        format="txt",
        encoding="utf-8",
        source=source,
        url=url,
        title=title,
    )


def judged(lines: list[str], **kwargs) -> dict[str, tuple[bool, str | None]]:
    """Each line's text -> (kept, reason), for pages whose lines are distinct."""
    result = clean(make_page(lines), **kwargs)
    return {line.text: (line.kept, line.reason) for line in result}


def in_body(line: str) -> list[str]:
    """`line` placed between body paragraphs, so position rules do not decide for it."""
    return [TITLE, "", BODY[0], "", line, "", *BODY[1:]]


# ---------------------------------------------------------------- phrase families and shapes

DROPPED_IN_BODY = [
    ("Home | News | Politics | Economy", "menu"),
    ("World / Europe", "menu"),
    ("EN | RU | AZ", "navigation"),
    ("Skip to main content", "navigation"),
    ("Toggle navigation", "navigation"),
    ("dark_mode", "navigation"),
    ("Advertisement", "navigation"),
    ("Loading...", "player"),
    ("Главная", "navigation"),
    ("Google Play", "navigation"),
    ("A+ A-", "navigation"),
    ("A- A A+", "navigation"),
    ("Type to search", "navigation"),
    ("What are you looking for?", "navigation"),
    ("Facebook Twitter WhatsApp Telegram", "share"),
    ("VK · OK · Telegram", "share"),
    ("Share", "share"),
    ("Share this article", "share"),
    ("Share on Facebook", "share"),
    ("Print this page", "share"),
    ("Copy link", "share"),
    ("Link copied!", "share"),
    ("Поделиться", "share"),
    ("Enjoyed this article? Share it with your friends!", "share"),
    ("**Share this:** Twitter Facebook", "share"),
    ("Follow us on Telegram", "subscribe"),
    ("Subscribe to our newsletter", "subscribe"),
    ("Sign up for our daily newsletter", "subscribe"),
    ("Подписывайтесь на наш канал в Telegram", "subscribe"),
    ("© 2024 Example Media Group", "copyright"),
    ("Copyright 2023 Caucasus Wire. All rights reserved.", "copyright"),
    ("При использовании материалов ссылка на источник обязательна", "copyright"),
    ("Views: 1,245", "counter"),
    ("2.3K views", "counter"),
    ("Просмотров: 523", "counter"),
    ("👁 1078", "counter"),
    ("Leave a comment", "comment-form"),
    ("Your email address will not be published.", "comment-form"),
    ("Required fields are marked *", "comment-form"),
    ("Post Comment", "comment-form"),
    ("Comments are closed.", "comment-form"),
    ("Photo: Reuters", "photo-credit"),
    ("Photo credit: AFP/Getty Images", "photo-credit"),
    ("Tags: Armenia, Azerbaijan, peace talks", "tags"),
    ("#Armenia #Azerbaijan #peace", "tags"),
    ("https://t.me/example_news", "links"),
    ("Read also: Pashinyan and Aliyev to meet in Brussels next week", "related-link"),
    ("Politics 14 March 2023 09:30", "dateline"),
    ("Jane Doe | 14.03.2023", "dateline"),
    ("* * *", "decoration"),
]


@pytest.mark.parametrize(("line", "reason"), DROPPED_IN_BODY)
def test_furniture_is_dropped_with_its_family(line: str, reason: str) -> None:
    assert judged(in_body(line))[line] == (False, reason)


KEPT_IN_BODY = [
    "“We share this goal, and we are ready to sign,” Mirzoyan said.",
    "Many Armenians share this view.",
    "The latest round of talks ended without a signed agreement.",
    "Parliament amended the copyright law on Tuesday, a change unrelated to the talks.",
    "Both sides agreed to follow up with a meeting of experts.",
    "Print media in Baku reported the meeting on their front pages.",
    "Search for the missing continued along the border.",
    "Views differ on how the border should be drawn.",
    "Comments from the ministry were not immediately available.",
    "Photo opportunities were limited, officials said.",
    "The use of such materials is prohibited under the ceasefire.",
    "Background",
    "What comes next",
    "Talks in Brussels",
    "  • to open the railway through Nakhchivan within a year",
]


@pytest.mark.parametrize("line", KEPT_IN_BODY)
def test_article_lines_that_look_risky_are_kept(line: str) -> None:
    assert judged(in_body(line))[line] == (True, None)


NOTICES_AFTER_THE_BODY = [
    ("All materials on this website are protected. All rights reserved.", "copyright"),
    ("Reproduction of materials is permitted only with a hyperlink to the source.", "copyright"),
    ("We use cookies to improve your experience. By continuing you agree to our cookie policy.", "cookie"),
    ("Support our newsroom: your monthly donation keeps this site independent.", "subscribe"),
    ("The full text of this story is available only to our subscribers.", "subscribe"),
]


@pytest.mark.parametrize(("line", "reason"), NOTICES_AFTER_THE_BODY)
def test_notices_that_read_like_sentences_are_dropped_after_the_body(line: str, reason: str) -> None:
    assert judged([TITLE, *BODY, line, "Share", "© 2025 Caucasus Wire"])[line] == (False, reason)


# ---------------------------------------------------------------- the five languages

#: A title and four body paragraphs per language, so that position rules do not decide for a line.
ARTICLES = {
    "en": (TITLE, BODY),
    "hy": (
        "Միրզոյանն ու Բայրամովը Ժնևում վերսկսեցին բանակցությունները",
        [
            "Հայաստանի և Ադրբեջանի արտաքին գործերի նախարարները երեքշաբթի Ժնևում հանդիպեցին խաղաղության պայմանագրի "
            "շուրջ նոր փուլի համար։",
            "Պատվիրակությունների ներկայացուցիչների խոսքով՝ քննարկումները կենտրոնացած էին սահմանազատման և "
            "տրանսպորտային ուղիների բացման վրա։",
            "Շվեյցարացի դիվանագետները հյուրընկալել էին նիստը, որը, ըստ նախարարության հաղորդագրության, տևել է ավելի "
            "քան հինգ ժամ։",
            "Կողմերը նախագծի մանրամասներ չեն հրապարակել, սակայն պայմանավորվել են կրկին հանդիպել մինչև ամսվա վերջ։",
        ],
    ),
    "az": (
        "Bayramov və Mirzoyan Cenevrədə danışıqları bərpa ediblər",
        [
            "Azərbaycan və Ermənistanın xarici işlər nazirləri çərşənbə axşamı Cenevrədə sülh müqaviləsi üzrə yeni "
            "danışıqlar raunduna başlayıblar.",
            "Nümayəndə heyətlərinin sözlərinə görə, görüşdə sərhədlərin delimitasiyası və nəqliyyat yollarının "
            "açılması müzakirə olunub.",
            "İsveçrə diplomatlarının ev sahibliyi etdiyi görüş nazirliyin açıqlamasına görə beş saatdan çox davam edib.",
            "Tərəflər layihənin təfərrüatlarını açıqlamayıblar, lakin ayın sonunadək yenidən görüşməyə razılaşıblar.",
        ],
    ),
    "ru": (
        "Мирзоян и Байрамов возобновили переговоры в Женеве",
        [
            "Министры иностранных дел Армении и Азербайджана во вторник провели в Женеве новый раунд переговоров по "
            "мирному договору.",
            "По словам представителей делегаций, стороны обсудили делимитацию границы и открытие транспортных "
            "коммуникаций в регионе.",
            "Встречу принимали швейцарские дипломаты, и, как сообщили в министерстве, она продолжалась более пяти часов.",
            "Детали проекта стороны не раскрыли, однако договорились встретиться снова до конца месяца.",
        ],
    ),
    "tr": (
        "Bayramov ve Mirzoyan Cenevre'de müzakerelere yeniden başladı",
        [
            "Azerbaycan ve Ermenistan dışişleri bakanları salı günü Cenevre'de barış anlaşması için yeni bir müzakere "
            "turu gerçekleştirdi.",
            "Heyetlerden yetkililer, görüşmede sınırın belirlenmesi ve ulaşım hatlarının açılmasının ele alındığını "
            "söyledi.",
            "İsviçreli diplomatların ev sahipliği yaptığı toplantı, bakanlığın açıklamasına göre beş saatten uzun sürdü.",
            "Taraflar taslağın ayrıntılarını açıklamadı ancak ay sonundan önce yeniden bir araya gelme konusunda anlaştı.",
        ],
    ),
}


def judged_in(language: str, line: str) -> tuple[bool, str | None]:
    """How `line` is judged between two body paragraphs of an article in `language`; the article stays whole."""
    title, body = ARTICLES[language]
    result = judged([title, "", body[0], "", line, "", *body[1:]])
    assert all(result[paragraph] == (True, None) for paragraph in body)
    return result[line]


#: (page language, line, reason): furniture in every language, and in another language than the page's.
FURNITURE_BY_LANGUAGE = [
    ("en", "Share this story: Facebook | X | WhatsApp", "share"),
    ("en", "Link copied to clipboard", "share"),
    ("en", "Read also: Baku and Yerevan exchange draft proposals", "related-link"),
    ("en", "Spotted a typo? Highlight it and press Ctrl+Enter", "comment-form"),
    ("en", "Yerevan 14:20 | +12°C", "clock"),
    ("en", "Please enable JavaScript to watch this video", "player"),
    ("en", "Sign up for our morning newsletter", "subscribe"),
    ("en", "12 March 2024, 10:05", "dateline"),
    ("en", "© 2025 Новости-Армения. Все права защищены.", "copyright"),  # a Russian notice on an English page
    ("en", "Կիսվել", "share"),  # an Armenian button on an English page
    ("hy", "Կիսվել Facebook-ում", "share"),
    ("hy", "Պատճենել հղումը", "share"),
    ("hy", "Կարդացեք նաև՝ Մոսկվայում քննարկել են սահմանազատման հարցերը", "related-link"),
    ("hy", "Սխալ եք նկատել տեքստում։ Ընտրեք այն և սեղմեք Ctrl+Enter", "comment-form"),
    ("hy", "Երևան 09:40 | +5°C", "clock"),
    ("hy", "Բաժանորդագրվեք մեր Telegram ալիքին", "subscribe"),
    ("hy", "Դիտումներ՝ 1 204", "counter"),
    ("hy", "Լուսանկարը՝ Photolure", "photo-credit"),
    ("hy", "15 մարտի 2024, 18:30", "dateline"),
    ("hy", "Անցնել հիմնական բովանդակությանը", "navigation"),
    ("hy", "Ссылка скопирована", "share"),  # a Russian confirmation on an Armenian page
    ("az", "Paylaş: Facebook | Telegram", "share"),
    ("az", "Linki kopyala", "share"),
    ("az", "Həmçinin oxuyun: Bakıda yeni metro stansiyası açılır", "related-link"),
    ("az", "Səhv tapdınız? Mətni seçib Ctrl+Enter düyməsini basın", "comment-form"),
    ("az", "Bakı 19:05 +14°C", "clock"),
    ("az", "Baxış sayı: 5 930", "counter"),
    ("az", "Foto: AZƏRTAC", "photo-credit"),
    ("az", "Telegram kanalımıza abunə olun", "subscribe"),
    ("az", "Ana səhifə › Siyasət › Xarici siyasət", "menu"),
    ("az", "Müəllif: Günel Əliyeva", "byline"),
    ("az", "Read more", "related-block"),
    ("ru", "Поделиться в соцсетях", "share"),
    ("ru", "Читайте также: В Ереване обсудили транспортные коридоры", "related-link"),
    ("ru", "Нашли опечатку? Выделите фрагмент и нажмите Ctrl+Enter", "comment-form"),
    ("ru", "Баку 16:40 | +21°C", "clock"),
    ("ru", "Подписывайтесь на наш канал в Telegram", "subscribe"),
    ("ru", "Для просмотра видео включите JavaScript", "player"),
    ("ru", "Просмотров: 8 452", "counter"),
    ("ru", "Фото: пресс-служба МИД", "photo-credit"),
    ("ru", "Главная / Политика / В мире", "menu"),
    ("ru", "Paylaş", "share"),
    ("tr", "Paylaş: Facebook | X | WhatsApp", "share"),
    ("tr", "İlgili haber: Bakü'de enerji zirvesi başladı", "related-link"),
    ("tr", "Hata gördünüz mü? Seçip Ctrl+Enter tuşlarına basın", "comment-form"),
    ("tr", "Ankara 11:30 | 8°C", "clock"),
    ("tr", "Tarayıcınız video oynatmayı desteklemiyor", "player"),
    ("tr", "Okunma sayısı: 2.340", "counter"),
    ("tr", "Fotoğraf: AA", "photo-credit"),
    ("tr", "Bizi Google Haberler'de takip edin", "subscribe"),
    ("tr", "Kafkas Postası'na abone ol", "subscribe"),
    ("ru", "Политика   Экономика   В мире   Общество", "menu"),
    ("az", "Azərbaycan   Dünya   Siyasət   İnsan haqları   Video", "menu"),
    ("tr", "Reklamı kapat", "navigation"),
]


@pytest.mark.parametrize(("language", "line", "reason"), FURNITURE_BY_LANGUAGE)
def test_furniture_of_every_language_is_dropped(language: str, line: str, reason: str) -> None:
    assert judged_in(language, line) == (False, reason)


#: Running text that holds furniture words ("share", "all rights reserved", "views", "comments") stays.
RUNNING_TEXT_BY_LANGUAGE = [
    ("en", "The ministers agreed to share information on missing persons, the ministry said."),
    ("en", "All rights reserved to the parties under the 1994 ceasefire remain in force, the court ruled."),
    ("en", "Subscribers to the state newspaper learned of the deal a day later, the editor said."),
    ("en", "Related talks on the railway will take place in Tbilisi next week."),
    ("hy", "Նախարարները համաձայնեցին կիսվել տեղեկություններով անհետ կորածների մասին։"),
    ("hy", "Բոլոր իրավունքները պաշտպանված են օրենքով, հայտարարել է նախարարը։"),
    ("hy", "Ադրբեջանական կողմը պաշտոնապես դեռ չի մեկնաբանել հանդիպման արդյունքները։"),
    ("az", "Nazirlər itkin düşmüş şəxslər barədə məlumat paylaşmağa razılaşıblar."),
    ("az", "Bütün hüquqlar qorunur, deyə nazir jurnalistlərə bildirib."),
    ("az", "Baxış bucaqları fərqli olsa da, tərəflər danışıqları davam etdirəcəklərini bildiriblər."),
    ("ru", "Все права защищены законом, заявил министр юстиции Армении."),
    ("ru", "Министры договорились поделиться данными о пропавших без вести."),
    ("ru", "Комментарии экспертов к итогам встречи разделились."),
    ("tr", "Bakanlar kayıp kişilere ilişkin bilgileri paylaşma konusunda anlaştı."),
    ("tr", "Tüm hakları saklıdır ifadesi anlaşma metninde yer almıyor, dedi yetkili."),
    ("tr", "Yorumlar farklı olsa da taraflar müzakerelere devam edecek."),
]


@pytest.mark.parametrize(("language", "line"), RUNNING_TEXT_BY_LANGUAGE)
def test_running_text_with_furniture_words_is_kept(language: str, line: str) -> None:
    assert judged_in(language, line) == (True, None)


@pytest.mark.parametrize(("language", "line"), RUNNING_TEXT_BY_LANGUAGE)
def test_running_text_with_furniture_words_is_kept_as_the_last_paragraph(language: str, line: str) -> None:
    title, body = ARTICLES[language]
    assert judged([title, *body, line, "© 2025 Caucasus Wire"])[line] == (True, None)


def test_short_armenian_closing_paragraph_ending_in_the_armenian_full_stop_is_kept() -> None:
    title, body = ARTICLES["hy"]
    closing = "Նախորդ հանդիպումը տեղի էր ունեցել Բեռլինում։"  # a sentence: it ends in ։, not "."
    result = judged([title, *body, closing, "Կիսվել", "© 2025 Լրատու"])
    assert result[closing] == (True, None)


#: Whole pages as outlets of each language lay them out: (lines, indices of the lines kept).
PAGES_BY_LANGUAGE = {
    "hy": (
        [
            "Լրահոս | Քաղաքականություն | Տնտեսություն | Սպորտ",
            "ՀԱՅ | ENG | РУС",
            "Ուրբաթ, 14 մարտի 2025",
            ARTICLES["hy"][0],
            "13 մարտի 2025, 19:42",
            "Հեղինակ՝ Արմինե Սարգսյան",
            *ARTICLES["hy"][1],
            "Կիսվել",
            "Նույն թեմայով",
            "Գյումրիում բացվել է նոր զբոսայգի",
            "© 2025 Լրատու։ Բոլոր իրավունքները պաշտպանված են։",
        ],
        [3, 6, 7, 8, 9],
    ),
    "az": (
        [
            "Report.az",
            "AZ | RU | EN",
            "Bakı 11:20 +9°C",
            "Xəbər lenti | Siyasət | İqtisadiyyat | Dünya",
            "Siyasət",
            ARTICLES["az"][0],
            "14 mart 2025 11:05",
            "Foto: APA",
            *ARTICLES["az"][1],
            "Paylaş",
            "Digər xəbərlər",
            "Gəncədə yeni körpü istifadəyə verilib",
            "Materiallardan istifadə edərkən hiperlinklə istinad mütləqdir.",
        ],
        [5, 8, 9, 10, 11],
    ),
    "ru": (
        [
            "Новости | Политика | Экономика | Общество",
            "Суббота, 15 марта 2025",
            "В мире",
            ARTICLES["ru"][0],
            "15.03.2025, 09:30 (обновлено: 15.03.2025, 10:02)",
            "Министры иностранных дел Армении и Азербайджана перед началом встречи в Женеве",
            "© Фото : пресс-служба МИД Армении",
            *ARTICLES["ru"][1],
            "Поделиться",
            "Читайте также",
            "В Ереване открылась выставка армянских ковров",
            "© 2025 Пример. Все права защищены.",
        ],
        [3, 7, 8, 9, 10],
    ),
    "tr": (
        [
            "Gündem | Dünya | Ekonomi | Spor | Yazarlar",
            "Ankara 9°C Parçalı bulutlu",
            "Dünya",
            ARTICLES["tr"][0],
            "14 Mart 2025 Cuma 10:12",
            "Güncelleme: 14 Mart 2025 Cuma 11:05",
            "Örnek Haber Merkezi",
            *ARTICLES["tr"][1],
            "Bu içerik yalnızca abonelerimize özeldir.",
            "Etiketler: Azerbaycan, Ermenistan, Cenevre",
            "İlgili Haberler",
            "Karadeniz'de fırtına uyarısı yapıldı",
            "© 2025 Örnek Medya. Tüm hakları saklıdır.",
        ],
        [3, 7, 8, 9, 10],
    ),
    "en": (
        [
            "Caucasus Wire | Independent news from the South Caucasus",
            "Skip to main content",
            "World | Politics | Business | Opinion",
            "Yerevan 12:05 | +4°C",
            "Analysis",
            TITLE,
            "By Jane Doe and John Roe",
            "March 14, 2025 · 10:12 AM",
            "Photo: Caucasus Wire",
            *BODY,
            "Support our newsroom: become a member today.",
            "Related",
            "Georgia's wine harvest starts early",
            "© 2025 Caucasus Wire. All rights reserved.",
        ],
        [5, 9, 10, 11, 12],
    ),
}


@pytest.mark.parametrize("language", sorted(PAGES_BY_LANGUAGE))
def test_page_layouts_of_every_language_keep_only_the_article(language: str) -> None:
    lines, kept = PAGES_BY_LANGUAGE[language]
    result = clean(make_page(lines))
    assert [i for i, line in enumerate(result) if line.kept] == kept


def test_stamp_under_the_title_is_a_dateline_and_the_site_date_above_it_a_header_date() -> None:
    """Metadata reads the publication stamp from dropped lines, but never the site's "today" date."""
    lines, _ = PAGES_BY_LANGUAGE["hy"]
    result = {line.text: line.reason for line in clean(make_page(lines))}
    assert result["Ուրբաթ, 14 մարտի 2025"] == "dateline-header"
    assert result["13 մարտի 2025, 19:42"] == "dateline"


def test_caption_next_to_its_photo_credit_is_dropped() -> None:
    lines, _ = PAGES_BY_LANGUAGE["ru"]
    result = {line.text: line.reason for line in clean(make_page(lines))}
    assert result["Министры иностранных дел Армении и Азербайджана перед началом встречи в Женеве"] == "caption"


# ---------------------------------------------------------------- language knowledge has one home

#: Strings that only a hand-typed language list would hold: month and weekday names, stop words,
#: furniture phrases of each language, and the Unicode ranges of scripts.
LANGUAGE_WORDS = [
    "november",
    "ноября",
    "noyabr",
    "նոյեմբեր",
    "kasım",
    "monday",
    "понедельник",
    "поделиться",
    "paylaş",
    "կիսվել",
    "read also",
    "читайте также",
    "rights reserved",
    "və ilə",
    " и в во ",
    "mrs.",
    "jan.",
    "т.д.",
]
#: The Armenian and Cyrillic letter ranges, as characters or as escapes in a raw string.
SCRIPT_RANGES = ["\u0531-", "\u0400-", "\\u0531", "\\u0400"]
STAGE_MODULES = ["clean", "langid", "segment", "faithfulness"]


def _string_literals(module: str) -> list[str]:
    """Every string literal of a module's code, docstrings left out (they may quote examples)."""
    source = (Path(__file__).resolve().parents[1] / "src" / "briefing" / f"{module}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("module", STAGE_MODULES)
def test_stage_modules_keep_no_word_lists_of_their_own(module: str) -> None:
    """Stop words, month tables, scripts and furniture phrases live in briefing.lang, not in the stages."""
    literals = _string_literals(module)
    found = [word for word in LANGUAGE_WORDS if any(word in text.casefold() for text in literals)]
    found += [letters for letters in SCRIPT_RANGES if any(letters in text for text in literals)]
    assert found == [], f"briefing/{module}.py spells out language knowledge: {found}"


# ---------------------------------------------------------------- position: header, title, dateline, footer


def test_site_date_before_title_and_stamp_under_it_are_both_dropped() -> None:
    lines = [
        "Tuesday, 14 March 2023",
        "Politics",
        "",
        TITLE,
        "14.03.2023, 12:45",
        "",
        *BODY,
    ]
    result = judged(lines)
    assert result["Tuesday, 14 March 2023"] == (False, "dateline-header")
    assert result["Politics"][0] is False
    assert result[TITLE] == (True, None)
    assert result["14.03.2023, 12:45"] == (False, "dateline")


@pytest.mark.parametrize("stamp", ["Updated: March 14, 2023 10:30 GMT", "14 марта 2023, 12:45", "2023-03-14"])
def test_dateline_under_the_title_is_dropped_as_a_dateline(stamp: str) -> None:
    result = judged(["MENU", "Wednesday, March 15, 2023", TITLE, stamp, *BODY])
    assert result[stamp] == (False, "dateline")
    assert result[TITLE] == (True, None)


def test_header_menu_tokens_dropped_title_kept() -> None:
    lines = ["NEWS", "ANALYSIS", "Sports", "caucasuswire", "", TITLE, "", *BODY]
    result = judged(lines)
    assert all(not result[t][0] for t in ("NEWS", "ANALYSIS", "Sports", "caucasuswire"))
    assert result[TITLE] == (True, None)


@pytest.mark.parametrize(
    "menu",
    [
        "Home News Countries Regions Opinion Podcasts Events",
        "Gündem Ekonomi Dünya Kültür-Sanat Yaşam Spor Yazarlar",
        "Политика Экономика Мир Общество Армия Культура Спорт",
    ],
)
def test_a_row_of_bare_capitalised_words_above_the_headline_is_a_menu(menu: str) -> None:
    """A menu whose separators the extractor dropped is no headline: the headline under it is the title."""
    result = judged(["Site name", "Log in | Subscribe", menu, "", TITLE, "", *BODY])
    assert result[menu] == (False, "menu")
    assert result[TITLE] == (True, None)


def test_a_start_case_headline_with_no_headline_under_it_stays_the_title() -> None:
    """Every word capitalised ("Scholz Hosts Aliyev And Pashinyan In Munich") is a headline when no other follows."""
    headline = "Scholz Hosts Aliyev And Pashinyan In Munich"
    result = judged(["Site name", "Log in | Subscribe", headline, "", *BODY])
    assert result[headline] == (True, None)


def test_footer_keeps_a_closing_sentence_and_drops_furniture() -> None:
    lines = [
        TITLE,
        *BODY,
        "Talks will resume next week.",
        "Reporting by Jane Doe; editing by John Roe",
        "Caucasus Wire",
        "DIPLOMACY",
    ]
    result = judged(lines)
    assert result["Talks will resume next week."] == (True, None)
    assert result["Reporting by Jane Doe; editing by John Roe"] == (False, "byline")
    assert result["Caucasus Wire"] == (False, "footer")
    assert result["DIPLOMACY"] == (False, "footer")


def test_list_after_a_subheading_at_the_end_is_kept() -> None:
    items = ["- Ministers agreed to meet again in May", "- A border commission will convene in Baku"]
    result = judged([TITLE, *BODY, "Key points", *items])
    assert result["Key points"] == (True, None)
    assert all(result[item] == (True, None) for item in items)


# ---------------------------------------------------------------- related blocks and teasers


def test_related_block_after_body_drops_unrelated_teasers() -> None:
    teasers = [
        "Floods hit northern Italy as storms sweep across Europe",
        "Heavy rain caused rivers to burst their banks in Lombardy, forcing hundreds of people from their homes.",
        "Pashinyan meets Macron in Paris",
        "The Armenian prime minister discussed the peace process with the French president on Monday.",
    ]
    result = judged([TITLE, *BODY, "", "More from Caucasus Wire", "", *teasers])
    assert result["More from Caucasus Wire"] == (False, "related-block")
    assert all(result[t] == (False, "teaser") for t in teasers)
    assert all(result[b] == (True, None) for b in BODY)


def test_inline_related_heading_ends_when_body_resumes() -> None:
    lines = [TITLE, BODY[0], "Read also", "Aliyev says the treaty could be signed this year", *BODY[1:]]
    result = judged(lines)
    assert result["Read also"] == (False, "related-block")
    assert result["Aliyev says the treaty could be signed this year"] == (False, "teaser")
    assert all(result[b] == (True, None) for b in BODY)


def test_a_list_of_links_inside_the_article_ends_at_the_next_paragraphs() -> None:
    """Three headlines without a lead are a link list set into the text: the paragraphs after it are the article."""
    links = ["Floods hit northern Italy", "Pashinyan meets Macron in Paris", "Opinion: what the treaty leaves out"]
    result = judged([TITLE, BODY[0], "Recommended reading", *links, *BODY[1:3]])
    assert all(result[link] == (False, "teaser") for link in links)
    assert all(result[b] == (True, None) for b in BODY[:3])


def test_one_read_also_link_inside_the_article_ends_at_two_paragraphs() -> None:
    """«Читайте также» and one headline, then two paragraphs: the article goes on, it is no teaser's lead."""
    result = judged([TITLE, BODY[0], "Read also", "Pashinyan says a new meeting is possible", *BODY[1:3]])
    assert result["Pashinyan says a new meeting is possible"] == (False, "teaser")
    assert all(result[b] == (True, None) for b in BODY[:3])


def test_teasers_with_one_paragraph_leads_stay_teasers() -> None:
    teasers = [
        "Floods hit northern Italy as storms sweep across Europe",
        "Heavy rain caused rivers to burst their banks in Lombardy, forcing hundreds of people from their homes.",
        "Pashinyan meets Macron in Paris",
        "The Armenian prime minister discussed the peace process with the French president on Monday in Paris.",
    ]
    result = judged([TITLE, *BODY, "More from Caucasus Wire", *teasers])
    assert all(result[t] == (False, "teaser") for t in teasers)


def test_a_footer_list_of_links_keeps_dropping_a_single_paragraph_after_it() -> None:
    """Under a footer list, one paragraph left (a site's blurb) is no resumed article."""
    blurb = "Caucasus Wire is an independent news agency covering the region from offices in three capitals."
    links = ["Floods hit northern Italy", "Pashinyan meets Macron in Paris", "Opinion: what the treaty leaves out"]
    result = judged([TITLE, *BODY, "Most read", *links, blurb])
    assert result[blurb][0] is False


SUBHEADING_AFTER_LIST = [
    # (heading, links, subheading, paragraphs after it): a section's terse heading right under a list of links.
    (
        "Recommended",
        [
            "Court blocks new tariff rules in a late-night ruling",
            "Who are the parties to the dispute and why have they been fighting?",
            "What is the transit route at the centre of the agreement?",
        ],
        "A road with a new name",
        BODY[1:],
    ),
    (
        "Читайте также",
        ["Премьер назвал условия подписания мирного договора", "В столице заявили о готовности к демаркации границы"],
        "Что будет дальше",
        [
            "Министрам еще предстоит договориться о графике работы комиссий по делимитации границы между странами.",
            "Ни одной даты в документах нет.",
        ],
    ),
    (
        "İlgili haberler",
        ["Koridor nereden geçecek, kimler kullanacak?", "Bakanlar yeni tur görüşmeler için yeniden bir araya geliyor"],
        "Ankara'dan ilk tepki",
        [
            "Dışişleri Bakanlığı, imzanın bölgede kalıcı barışa katkı sağlamasını dilediğini bildiren bir açıklama yaptı.",
            "Bakanlık, sürecin yakından izleneceğini de vurguladı ve taraflara çağrıda bulundu.",
        ],
    ),
]


@pytest.mark.parametrize(("heading", "links", "subheading", "paragraphs"), SUBHEADING_AFTER_LIST)
def test_a_subheading_right_under_a_list_of_links_is_the_articles(
    heading: str, links: list[str], subheading: str, paragraphs: list[str]
) -> None:
    """The list ends where a terse heading starts the next section: the heading and its paragraphs are kept."""
    result = judged([TITLE, BODY[0], heading, *links, "", subheading, *paragraphs])
    assert all(result[link] == (False, "teaser") for link in links)
    assert result[subheading] == (True, None)
    assert all(result[paragraph] == (True, None) for paragraph in paragraphs)


def test_the_end_of_a_list_marked_as_such_ends_the_block() -> None:
    """ "end of list" closes the block: the subheading after it is the article's, however long."""
    links = ["Pashinyan meets Macron in Paris", "Analysis: Moscow watches from the sidelines"]
    subheading = "What is in the declaration the two leaders signed?"
    result = judged(
        [TITLE, BODY[0], "Recommended Stories", "list of 2 items", *links, "end of list", subheading, BODY[1]]
    )
    assert all(result[link] == (False, "teaser") for link in links)
    assert result["end of list"] == (False, "related-end")
    assert result[subheading] == (True, None)
    assert result[BODY[1]] == (True, None)


NAME_BYLINES = [
    # A name alone next to a stamp, a credit or an author's note is a byline without "By", also where the
    # stamp comes after the lead paragraph.
    ("Анна Левченко", "16:40, 9 августа 2025"),
    ("JANE WESTBROOK", "9 August 2025"),
    ("Daria Hartmann", "Photo: Reuters"),
]


@pytest.mark.parametrize(("name", "neighbour"), NAME_BYLINES)
def test_a_name_alone_next_to_a_stamp_or_credit_is_a_byline(name: str, neighbour: str) -> None:
    for lines in ([neighbour, name], [name, neighbour]):
        result = judged([TITLE, BODY[0], *lines, *BODY[1:]])
        assert result[name][0] is False  # "byline", or "caption" right under a photo credit
        assert all(result[b] == (True, None) for b in BODY)


def test_a_name_alone_between_paragraphs_is_kept() -> None:
    """Without a stamp, credit or byline beside it, a short capitalised line is the article's (a subheading)."""
    result = judged(in_body("Nikol Pashinyan"))
    assert result["Nikol Pashinyan"] == (True, None)


AUTHOR_NOTES = [
    "Jane Doe is a correspondent covering the South Caucasus for Caucasus Wire.",
    "Иван Петров — корреспондент нашего издания в Закавказье, пишет о пограничных районах с 2018 года.",
    "Ayşe Kaya, sitemizin dış haberler editörüdür. Kafkasya ve Orta Asya üzerine yazıyor.",
    "Petrov covers the European Union for Caucasus Wire.",
]


@pytest.mark.parametrize("note", AUTHOR_NOTES)
def test_an_author_note_after_the_article_is_dropped_but_kept_inside_it(note: str) -> None:
    assert judged([TITLE, *BODY, note])[note] == (False, "author-bio")
    assert judged(in_body(note))[note] == (True, None)


CREDIT_CAPTIONS = [
    ("Image: Jane Roe/AP Photo/picture alliance", "The two leaders met in the Europa building"),
    ("Jane Roe / Getty Images", "Никол Пашинян и Ильхам Алиев в Овальном кабинете, 8 августа 2025 года"),
]


@pytest.mark.parametrize(("credit", "caption"), CREDIT_CAPTIONS)
def test_a_caption_under_its_credit_inside_the_article_is_dropped(credit: str, caption: str) -> None:
    result = judged([TITLE, BODY[0], credit, caption, *BODY[1:]])
    assert result[credit] == (False, "photo-credit")
    assert result[caption] == (False, "caption")
    assert all(result[b] == (True, None) for b in BODY)


AGENCY_CREDITS = [
    "dh/jsi (AFP, Reuters)",
    "(Caucasus Wire with AFP)",
    "The ministers in Almaty on Friday (Getty Images)",
    "The foreign minister greets his Armenian and Azerbaijani counterparts before the talks in Almaty on Friday. © Ministry / AFP",
    "Министры на переговорах (Пресс-служба МИД / ТАСС)",
    "Фото: Ирина Гальперина / «Новая газета Европа»",
]


@pytest.mark.parametrize("credit", AGENCY_CREDITS)
def test_agency_and_photo_credits_are_dropped(credit: str) -> None:
    assert judged(in_body(credit))[credit] == (False, "photo-credit")


def test_a_long_question_headline_is_the_title_and_the_lines_around_it_are_furniture() -> None:
    """A headline that asks a long question ends like a sentence; it is still the title, and the rubric above it and
    the source and author under it are furniture."""
    headline = "Leaders signed a declaration at the White House. What does it mean for the region and its borders?"
    lines = ["Analysis", "", headline, "", "Source: Caucasus Wire", "Jane Doe", *BODY]
    result = judged(lines)
    assert result[headline] == (True, None)
    assert result["Analysis"] == (False, "header")
    assert result["Jane Doe"][0] is False
    assert all(result[b] == (True, None) for b in BODY)


def test_the_footer_keeps_a_short_last_paragraph_and_drops_an_appeals_second_sentence() -> None:
    closing = "Вопрос без ответа."
    appeal = "Мы выживаем благодаря вашей помощи."
    result = judged([TITLE, *BODY, closing, "Поддержите «Нашу газету»", appeal, "Помочь"])
    assert result[closing] == (True, None)
    assert result["Поддержите «Нашу газету»"] == (False, "subscribe")
    assert result[appeal] == (False, "footer")


def test_a_stamp_with_its_place_and_outlet_is_a_dateline() -> None:
    stamp = "Москва, 11 июля 2025. Caucasus Wire."
    assert judged([TITLE, stamp, *BODY])[stamp] == (False, "dateline")


def test_a_related_link_glued_to_its_label_is_one_link() -> None:
    """ "Read moreArmenia agrees ..." is one link, not the heading of a block that would swallow what follows."""
    link = "Read moreArmenia agrees to return four villages in border deal"
    result = judged([TITLE, BODY[0], link, *BODY[1:]])
    assert result[link] == (False, "related-link")
    assert all(result[b] == (True, None) for b in BODY)


def test_related_heading_before_the_body_does_not_swallow_it() -> None:
    result = judged([TITLE, "Must Read", *BODY])
    assert result["Must Read"] == (False, "related-block")
    assert all(result[b] == (True, None) for b in BODY)


# ---------------------------------------------------------------- duplicates and repetition


def test_duplicated_caption_dropped_once() -> None:
    caption = "Ararat Mirzoyan and Jeyhun Bayramov in Geneva on March 14, 2023"
    result = clean(make_page([TITLE, caption, caption, *BODY]))
    assert [(line.kept, line.reason) for line in result[1:3]] == [(True, None), (False, "caption-duplicate")]


def test_repeated_lead_later_in_page_dropped() -> None:
    result = clean(make_page([TITLE, *BODY, BODY[0]]))
    assert result[-1].reason == "caption-duplicate"
    assert result[1].kept


NORMALISED = [
    ("Views: 1078", "views 0"),
    ("  Follow   US on\tYouTube! ", "follow us on youtube"),
    ("© 2025 Caliber.az", "0 caliber az"),
    ("ＡＢＣ news", "abc news"),
    ("—", ""),
]


@pytest.mark.parametrize(("text", "key"), NORMALISED)
def test_normalise_line(text: str, key: str) -> None:
    assert normalise_line(text) == key


def _site_pages(site: str | None, extra: list[str], n: int) -> list[Page]:
    return [make_page([f"Story {i} about talks in {site}", *extra, BODY[i % len(BODY)]], source=site) for i in range(n)]


def test_site_boilerplate_finds_short_repeated_lines_per_site() -> None:
    slogan = "Caucasus Wire — independent news since 2009"
    shared_paragraph = BODY[3]
    pages = _site_pages("Caucasus Wire", [slogan, shared_paragraph], 3) + _site_pages("Other Site", [slogan], 2)
    sets = site_boilerplate(pages, min_pages=3)
    assert normalise_line(slogan) in sets["caucasus wire"]
    assert normalise_line(shared_paragraph) not in sets["caucasus wire"]
    assert normalise_line(slogan) not in sets["other site"]


def test_repeated_line_dropped_by_clean() -> None:
    slogan = "Caucasus Wire — independent news since 2009"
    pages = _site_pages("Caucasus Wire", [slogan], 4)
    boilerplate = site_boilerplate(pages)[site_key(pages[0])]
    result = {line.text: line for line in clean(make_page(in_body(slogan)), site_boilerplate=boilerplate)}
    assert (result[slogan].kept, result[slogan].reason) == (False, "repeated-across-pages")


SITE_KEYS = [
    ({"source": "Caliber.az"}, "caliber.az"),
    ({"source": "www.Azatutyun.am"}, "azatutyun.am"),
    ({"url": "https://www.news.am/eng/news/1.html"}, "news.am"),
    ({}, None),
]


@pytest.mark.parametrize(("fields", "key"), SITE_KEYS)
def test_site_key(fields: dict, key: str | None) -> None:
    assert site_key(make_page(["x"], **fields)) == key


# ---------------------------------------------------------------- the sample corpus

#: Per sample page: the non-blank lines that must be dropped (all others kept).
SAMPLE_DROPS = {
    "000_342004a9dcd302bc.txt": {1, 5, 36, 38, 40, 42},
    "001_f778857b596fc65f.txt": set(),
    "002_7e0c4e8eea2a7d2b.txt": {1, 7, 45, 46, 47, 48},
    "003_57fbbb8239863a65.txt": {*range(1, 13), 19, 20, 21, 22, 23, 27, *range(45, 59)} - {47},
    "004_408a409204c2d65a.txt": {30, 32, 34},
}


@pytest.mark.parametrize("name", sorted(SAMPLE_DROPS))
def test_sample_page_keeps_body_and_drops_furniture(name: str) -> None:
    lines = clean(read_page(CORPUS / name))
    dropped = {line.number for line in lines if not line.kept and line.text.strip()}
    assert dropped == SAMPLE_DROPS[name]
    assert all(line.reason for line in lines if not line.kept)
    assert all(line.reason == "blank" for line in lines if not line.text.strip())


SAMPLE_REASONS = [
    ("000_342004a9dcd302bc.txt", 1, "dateline-header"),
    ("000_342004a9dcd302bc.txt", 36, "related-block"),
    ("000_342004a9dcd302bc.txt", 38, "teaser"),
    ("000_342004a9dcd302bc.txt", 40, "teaser"),
    ("002_7e0c4e8eea2a7d2b.txt", 7, "caption-duplicate"),
    ("003_57fbbb8239863a65.txt", 46, "counter"),
    ("003_57fbbb8239863a65.txt", 50, "share"),
    ("004_408a409204c2d65a.txt", 32, "comment-form"),
]


@pytest.mark.parametrize(("name", "number", "reason"), SAMPLE_REASONS)
def test_sample_page_reasons(name: str, number: int, reason: str) -> None:
    assert clean(read_page(CORPUS / name))[number - 1].reason == reason


def test_sample_article_timestamp_under_title_is_a_dateline() -> None:
    line = clean(read_page(CORPUS / "003_57fbbb8239863a65.txt"))[26]
    assert (line.text, line.kept, line.reason) == ("31 May 2023 09:17", False, "dateline")


# ---------------------------------------------------------------- robustness


def test_every_line_numbered_once_in_order() -> None:
    page = make_page(["", "a", "", "b c d", ""])
    assert [line.number for line in clean(page)] == [1, 2, 3, 4, 5]
    assert [line.text for line in clean(page)] == page.text.split("\n")


def test_huge_line_is_cleaned_without_blowup() -> None:
    huge = "!" * 100_000 + " word " + "peace talks continue " * 5_000
    result = clean(make_page([TITLE, huge, *BODY]))
    assert len(result) == 2 + len(BODY)
    assert result[1].kept


# ---------------------------------------------------------------- other outlets and languages

OUTLET_PAGES = [
    (  # Azerbaijani agency style: site date, language switcher, title without function words
        [
            "Bazar ertəsi, 12 iyun 2023",
            "AZ | RU | EN",
            "Xəbərlər",
            "Ceyhun Bayramov Vaşinqtonda Ararat Mirzoyanla görüşüb",
            "12 iyun 2023 15:40",
            "Azərbaycanın xarici işlər naziri Ceyhun Bayramov Vaşinqtonda Ermənistanın xarici işlər naziri ilə görüşüb.",
            "Görüşdə sülh müqaviləsinin mətni üzrə danışıqlar davam etdirilib və tərəflər növbəti görüşü müzakirə ediblər.",
            "Paylaş",
            "Digər xəbərlər",
            "Bakıda güclü külək əsəcək",
            "Materiallardan istifadə edərkən hiperlinklə istinad mütləqdir.",
        ],
        [3, 5, 6],
    ),
    (  # Russian wire style: outlet name and rubric above the title, tags and reuse notice below
        [
            "ТАСС",
            "Политика",
            "Мирзоян и Байрамов обсудили в Москве мирный договор",
            "25 мая 2023, 14:10",
            "Министры иностранных дел Армении и Азербайджана провели переговоры в Москве при посредничестве России.",
            "Стороны обсудили подготовку мирного договора и вопросы делимитации границы, сообщили в МИД.",
            '"Мы достигли прогресса по ряду вопросов", - заявил Лавров журналистам.',
            "Читайте также",
            "Путин проведет встречу с Алиевым и Пашиняном",
            "Теги",
            "Армения",
            "При использовании материалов ссылка на ТАСС обязательна",
        ],
        [2, 4, 5, 6],
    ),
]


@pytest.mark.parametrize(("lines", "kept"), OUTLET_PAGES)
def test_other_outlet_styles(lines: list[str], kept: list[int]) -> None:
    result = clean(make_page(lines))
    assert [i for i, line in enumerate(result) if line.kept] == kept


# --- properties -----------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=200)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=40))
def test_clean_never_crashes_and_accounts_for_every_line(lines):
    page = make_page(lines)
    judged_lines = clean(page)
    expected = page.text.split("\n")
    assert [line.text for line in judged_lines] == expected
    assert [line.number for line in judged_lines] == list(range(1, len(expected) + 1))
    assert all(line.kept or line.reason for line in judged_lines)
    assert clean(page) == judged_lines  # deterministic


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_LINE, max_size=12), min_size=1, max_size=6))
def test_site_boilerplate_only_holds_lines_of_its_pages(pages_lines):
    pages = [make_page(lines, source="site") for lines in pages_lines]
    repeated = site_boilerplate(pages, min_pages=2)
    keys = {normalise_line(l) for lines in pages_lines for l in lines}
    assert set(repeated) <= {"site"}
    assert all(key in keys for key in repeated.get("site", ()))
