"""The language layer (briefing.lang): registry, word lists, sentence kinds, furniture, roles, name stems."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from briefing import lang
from briefing.errors import BriefingError

# --- registry and completeness --------------------------------------------------------


def test_languages_are_the_five_briefing_reads():
    assert lang.LANGUAGES == ("en", "hy", "az", "ru", "tr")
    assert [lang.get(code).code for code in lang.LANGUAGES] == list(lang.LANGUAGES)


def test_get_accepts_any_case_and_a_language():
    ru = lang.get("RU")
    assert ru is lang.get("ru") and lang.get(ru) is ru


def test_unknown_language_names_the_known_ones():
    with pytest.raises(lang.UnknownLanguage) as caught:
        lang.get("xx")
    assert isinstance(caught.value, BriefingError)
    assert "'xx'" in str(caught.value) and "en, hy, az, ru, tr" in str(caught.value)


FIELDS = [
    "code",
    "name",
    "script",
    "letters",
    "stop_words",
    "sentence_terminals",
    "months",
    "weekdays",
    "month_re",
    "weekday_re",
    "date_order",
    "meeting_words",
    "preview_words",
    "plan_words",
    "speech_words",
    "background_words",
    "furniture",
    "roles",
]


@pytest.mark.parametrize("code", lang.LANGUAGES)
@pytest.mark.parametrize("field", FIELDS)
def test_every_language_has_every_field(code, field):
    value = getattr(lang.get(code), field)
    if isinstance(value, re.Pattern):
        assert value.pattern
    else:
        assert value


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_tables_are_complete(code):
    language = lang.get(code)
    assert set(language.months.values()) == set(range(1, 13))
    assert set(language.weekdays.values()) == set(range(7))
    assert set(language.furniture) == set(lang.FURNITURE_FAMILIES)
    assert all(pattern.pattern for pattern in language.furniture.values())
    assert set(language.roles) == set(lang.ROLE_KEYS)
    assert language.script in ("Latn", "Armn", "Cyrl")
    assert language.date_order in ("DMY", "MDY")
    assert re.fullmatch(language.letters + "+", language.name) or language.script != "Latn"


def test_importing_the_package_is_cheap():
    """`briefing --help` must stay fast: no dateparser, Babel or jusText until a table is used."""
    code = (
        "import sys, briefing.lang, briefing.lang.dates, briefing.lang.names;"
        "print(sorted(m for m in ('dateparser', 'babel', 'justext', 'anyascii', 'lingua') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- stop words, scripts, terminals ---------------------------------------------------------

STOP_WORD_CASES = [
    ("en", "the", True),
    ("en", "which", True),
    ("en", "blinken", False),
    ("ru", "и", True),
    ("ru", "который", True),
    ("hy", "և", True),
    ("hy", "որը", True),
    ("az", "və", True),
    ("az", "ilə", True),
    ("tr", "ve", True),
    ("tr", "için", True),
]


@pytest.mark.parametrize(("code", "word", "expected"), STOP_WORD_CASES)
def test_stop_words_come_from_the_justext_lists(code, word, expected):
    assert (word in lang.get(code).stop_words) is expected


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_stop_words_are_clean_words_of_the_language(code):
    language = lang.get(code)
    letters = re.compile(rf"{language.letters}+(?:['’-]{language.letters}+)*")
    assert all(letters.fullmatch(word) for word in language.stop_words)
    assert all(word == language.fold(word) for word in language.stop_words)


def test_armenian_sentence_ends():
    hy = lang.get("hy")
    assert set("։.!?…") <= set(hy.sentence_terminals)
    assert "՞" not in hy.sentence_terminals and "՜" not in hy.sentence_terminals


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [("az", "İLHAM ƏLİYEV", "ilham əliyev"), ("tr", "IĞDIR", "ığdır"), ("en", "IRAN", "iran"), ("ru", "МИД", "мид")],
)
def test_fold_keeps_length_and_turkic_i(code, text, expected):
    assert lang.get(code).fold(text) == expected


# --- months and weekdays -------------------------------------------------------------------

MONTH_CASES = [
    ("en", "November", 11),
    ("en", "Sept", 9),
    ("en", "Dec", 12),
    ("ru", "ноября", 11),
    ("ru", "ноябрь", 11),
    ("ru", "ноябре", 11),
    ("ru", "мая", 5),
    ("ru", "мае", 5),
    ("ru", "нояб", 11),
    ("hy", "նոյեմբերի", 11),
    ("hy", "նոյեմբերին", 11),
    ("hy", "մայիսի", 5),
    ("hy", "հունիս", 6),
    ("az", "avqustun", 8),
    ("az", "mayın", 5),
    ("az", "iyunun", 6),
    ("az", "aprelin", 4),
    ("az", "sentyabrda", 9),
    ("az", "avqust ayında", 8),
    ("tr", "Ağustos'ta", 8),
    ("tr", "ağustosta", 8),
    ("tr", "Haziran ayında", 6),
    ("tr", "ocağın", 1),
    ("tr", "Eylül'de", 9),
    ("tr", "Mart'ta", 3),
]


@pytest.mark.parametrize(("code", "form", "month"), MONTH_CASES)
def test_month_forms(code, form, month):
    language = lang.get(code)
    assert language.months[language.fold(form)] == month


WEEKDAY_CASES = [
    ("en", "Thursday", 3),
    ("en", "Tues", 1),
    ("ru", "понедельник", 0),
    ("ru", "вторник", 1),
    ("ru", "среду", 2),
    ("ru", "пятницы", 4),
    ("ru", "воскресенье", 6),
    ("hy", "երկուշաբթի", 0),
    ("hy", "ուրբաթին", 4),
    ("hy", "կիրակի", 6),
    ("az", "bazar ertəsi", 0),
    ("az", "çərşənbə axşamı", 1),
    ("az", "cümə axşamı", 3),
    ("az", "cüməyə", 4),
    ("az", "şənbə", 5),
    ("tr", "pazartesi", 0),
    ("tr", "salıya", 1),
    ("tr", "cumartesi", 5),
]


@pytest.mark.parametrize(("code", "form", "weekday"), WEEKDAY_CASES)
def test_weekday_forms(code, form, weekday):
    language = lang.get(code)
    assert language.weekdays[language.fold(form)] == weekday


@pytest.mark.parametrize(
    ("code", "text", "found"),
    [
        ("en", "Talks resumed in May.", ["May"]),
        ("en", "She may come, he said.", []),
        ("en", "On NOVEMBER 7 they met.", ["NOVEMBER"]),
        ("ru", "встреча 7 ноября", ["ноября"]),
        ("az", "avqustun 8-də", ["avqustun"]),
        ("hy", "նոյեմբերի 7-ին", ["նոյեմբերի"]),
    ],
)
def test_month_re_finds_whole_words(code, text, found):
    language = lang.get(code)
    scanned = text if language.capitalised_names else language.fold(text)
    assert [m.group() for m in language.month_re.finditer(scanned)] == found


# --- sentence kinds ------------------------------------------------------------------------------

# (language, sentence, meeting, preview, background)
KIND_CASES = [
    ("en", "The foreign ministers met in Washington on Monday.", True, False, False),
    ("en", "Negotiations took place behind closed doors.", True, False, False),
    ("en", "The leaders are expected to meet next week in Brussels.", False, True, False),
    ("en", "Blinken will host the ministers at Blair House.", False, True, False),
    ("en", "The 2020 war killed more than 6,500 people.", False, False, True),
    ("en", "Armenia gained independence in 1991.", False, False, True),
    ("ru", "Министры встретились в Вашингтоне.", True, False, False),
    ("ru", "Стороны провели переговоры в Москве.", True, False, False),
    ("ru", "Встреча состоялась в понедельник.", True, False, False),
    ("ru", "Лидеры встретятся в Брюсселе на следующей неделе.", False, True, False),
    ("ru", "Ожидается, что переговоры пройдут в Алматы.", True, True, False),
    ("ru", "В 2020 году началась война.", False, False, True),
    ("hy", "Նախարարները հանդիպեցին Վաշինգտոնում։", True, False, False),
    ("hy", "Հանդիպում է տեղի ունեցել Բրյուսելում։", True, False, False),
    ("hy", "Բանակցությունները շարունակվում են։", True, False, False),
    ("hy", "Ղեկավարները կհանդիպեն Պրահայում։", False, True, False),
    ("hy", "Հանդիպումը կկայանա հաջորդ շաբաթ։", True, True, False),
    ("hy", "2020 թվականին պատերազմ սկսվեց։", False, False, True),
    ("az", "Nazirlər Vaşinqtonda görüşdü.", True, False, False),
    ("az", "Tərəflər danışıqlar aparıb.", True, False, False),
    ("az", "Görüş keçirilib.", True, False, False),
    ("az", "Liderlər gələn həftə görüşəcək.", False, True, False),
    ("az", "Sammit Bakıda keçiriləcək.", True, True, False),
    ("az", "2020-ci ildə müharibə başladı.", False, False, True),
    ("tr", "Bakanlar Washington'da görüştü.", True, False, False),
    ("tr", "Liderler bir araya geldi ve müzakere etti.", True, False, False),
    ("tr", "Liderler gelecek hafta görüşecek.", False, True, False),
    ("tr", "Zirveye Ankara ev sahipliği yapacak; ABD ağırlayacak.", True, True, False),
    ("tr", "2020 yılında savaş çıktı.", False, False, True),
    # A word of a plan or of the future announces a meeting only beside a meeting word.
    ("en", "Heavy rain is expected in Yerevan tomorrow.", False, False, False),
    ("en", "The talks are expected to resume next week.", True, True, False),
    ("en", "The two sides may sign the treaty in Chisinau later this week.", False, True, False),
    ("az", "Sentyabrın 19-da Gəncədə güclü külək gözlənilir.", False, False, False),
    ("az", "Görüşün gələn həftə Bakıda keçirilməsi gözlənilir.", True, True, False),
    ("hy", "Վաղը Երևանում սպասվում է ուժեղ քամի։", False, False, False),
    ("ru", "Завтра в Баку ожидается сильный ветер.", False, False, False),
    ("ru", "Переговоры запланированы на следующей неделе.", True, True, False),
    ("tr", "Yarın Kars'ta kar yağışı bekleniyor.", False, False, False),
    ("tr", "Görüşmenin yarın Ankara'da yapılması bekleniyor.", True, True, False),
]


@pytest.mark.parametrize(("code", "sentence", "meeting", "preview", "background"), KIND_CASES)
def test_sentence_kinds(code, sentence, meeting, preview, background):
    language = lang.get(code)
    text = language.fold(sentence)
    assert bool(language.meeting_words.search(text)) is meeting
    assert language.announces(text) is preview
    assert bool(language.background_words.search(text)) is background


#: (language, sentence, the verb of speaking in it): verbs of commenting and briefings say when someone spoke.
SPEECH_CASES = [
    ("en", "The spokesman commented on the talks on Wednesday.", "commented"),
    ("ru", "Захарова в среду прокомментировала переговоры.", "прокомментировала"),
    ("ru", "На брифинге в среду Захарова ответила на вопросы.", "брифинге"),
    ("hy", "Բադալյանը չորեքշաբթի անդրադարձել է բանակցություններին։", "անդրադարձել"),
    ("hy", "Ճեպազրույցի ժամանակ խոսնակը պատասխանել է հարցերին։", "ճեպազրույցի"),
    ("az", "Sözçü çərşənbə günü görüşü şərh edib.", "şərh edib"),
    ("az", "Abdullayeva brifinqdə jurnalistlərin suallarını cavablandırıb.", "brifinqdə"),
    ("tr", "Bakan çarşamba günü görüşmeyi değerlendirdi.", "değerlendirdi"),
    ("tr", "Bakan yaptığı açıklamada görüşmeyi olumlu buldu.", "açıklamada"),
]


@pytest.mark.parametrize(("code", "sentence", "verb"), SPEECH_CASES)
def test_verbs_of_commenting_are_speech_words(code, sentence, verb):
    language = lang.get(code)
    found = language.speech_words.search(language.fold(sentence))
    assert found is not None and found.group() == language.fold(verb)


def test_background_year_is_not_a_full_date():
    """ "in 2020" is background; "2023 թ. հունիսի 6-ին" is the date of a meeting."""
    assert lang.get("hy").background_words.search("2020-ին") is not None
    assert lang.get("hy").background_words.search(lang.get("hy").fold("2023 թ. հունիսի 6-ին հանդիպեցին")) is None
    assert lang.get("ru").background_words.search("6 июня 2023 года встретились") is None


# --- furniture ---------------------------------------------------------------------------------------

FURNITURE_CASES = [
    # English
    ("en", "Share", "share"),
    ("en", "Article continues after this advertisement", "navigation"),
    ("en", "Continue reading below", "navigation"),
    ("en", "Share this article", "share"),
    ("en", "Share: Facebook | X | Telegram | Copy link", "share"),
    ("en", "Share on Facebook | Share on X | Copy link", "share"),
    ("en", "Link copied to clipboard!", "share"),
    ("en", "Click to share on WhatsApp (Opens in new window)", "share"),
    ("en", "Print this page", "share"),
    ("en", "Read also: Pashinyan and Aliyev meet in Prague", "related"),
    ("en", "Related articles", "related"),
    ("en", "More news", "related"),
    ("en", "You may also like", "related"),
    ("en", "Most Read", "related"),
    ("en", "Leave a Reply Cancel reply", "comments"),
    ("en", "Comments (3)", "comments"),
    ("en", "See comments (6)", "comments"),
    ("en", "Your email address will not be published. Required fields are marked *", "comments"),
    ("en", "Found a mistake? Select it and press Ctrl+Enter", "comments"),
    ("en", "© 2024 Azernews. All rights reserved.", "copyright"),
    ("en", "All rights reserved. Material may be reproduced with a hyperlink to Hetq.am", "copyright"),
    ("en", "Reproduction of the materials without written permission is prohibited.", "copyright"),
    ("en", "Time in Yerevan: 11:07", "clock"),
    ("en", "Yerevan, 30.11.2026 21:48 | +3°C", "clock"),
    ("en", "Baku: +5°C, light rain", "clock"),
    ("en", "USD 403.5 | EUR 438.2", "clock"),
    ("en", "Your browser does not support the video tag.", "player"),
    ("en", "To view this video please enable JavaScript, and consider upgrading to a web browser", "player"),
    ("en", "Video Player is loading.", "player"),
    ("en", "Subscribe to our Telegram channel: news from the South Caucasus every day", "subscribe"),
    ("en", "Follow AzerNews on X and Telegram", "subscribe"),
    ("en", "Sign up for our newsletter", "subscribe"),
    ("en", "Views: 1078", "counter"),
    ("en", "1,078 views", "counter"),
    ("en", "Published June 27, 2023 | 07:30 PM", "dateline"),
    ("en", "Friday, 31 May 2023, 09:17 GMT+4", "dateline"),
    ("en", "Monday, 30 November 2026 | Baku +7°C", "dateline"),
    ("en", "Tags: Azerbaijan, Armenia, USA, peace treaty", "tags"),
    ("en", "Photo: US Department of State", "photo"),
    ("en", "We use cookies to improve your experience on our site. Accept All Cookies | Settings", "cookie"),
    # Russian
    ("ru", "Поделиться", "share"),
    ("ru", "Ссылка скопирована", "share"),
    ("ru", "Поделиться: Facebook | Telegram | WhatsApp | X", "share"),
    ("ru", "Версия для печати", "share"),
    ("ru", "Читайте также", "related"),
    ("ru", "Читайте также: Пашинян и Алиев встретились в Праге", "related"),
    ("ru", "Другие новости рубрики", "related"),
    ("ru", "Самое читаемое", "related"),
    ("ru", "Нашли ошибку? Выделите ее и нажмите Ctrl+Enter", "comments"),
    ("ru", "Комментарии (0)", "comments"),
    ("ru", "Чтобы участвовать в дискуссии, авторизуйтесь или зарегистрируйтесь", "comments"),
    ("ru", "© ТАСС, 2025. Все права защищены.", "copyright"),
    ("ru", "При использовании материалов гиперссылка на NEWS.am обязательна.", "copyright"),
    ("ru", "Перепечатка материалов возможна только с письменного разрешения редакции.", "copyright"),
    ("ru", "Ереван 11:07", "clock"),
    ("ru", "Баку, 14:05 • +18°C", "clock"),
    ("ru", "USD 81,35 ▼ EUR 94,62 ▲", "clock"),
    ("ru", "Ваш браузер не поддерживает видео.", "player"),
    ("ru", "Для просмотра включите JavaScript", "player"),
    ("ru", "Подписывайтесь на наш канал в Telegram", "subscribe"),
    ("ru", "Интерфакс в Telegram", "subscribe"),
    ("ru", "Наши новости в Telegram — подписывайтесь", "subscribe"),
    ("ru", "Просмотров: 5 432", "counter"),
    ("ru", "Опубликовано: 7 ноября 2022, 11:07", "dateline"),
    ("ru", "Среда, 3 июня 2026 | USD 386,20 | EUR 421,15", "dateline"),
    ("ru", "Теги: Армения, Азербайджан", "tags"),
    ("ru", "Фото: Reuters", "photo"),
    # Armenian
    ("hy", "Կիսվել", "share"),
    ("hy", "Կիսվել Facebook-ում | X | Telegram", "share"),
    ("hy", "Հղումը պատճենված է", "share"),
    ("hy", "Կարդացեք նաև", "related"),
    ("hy", "Ավելին այս թեմայով", "related"),
    ("hy", "Ամենաընթերցվածը", "related"),
    ("hy", "Սխալ եք նկատել տեքստում, նշեք այն և սեղմեք Ctrl+Enter", "comments"),
    ("hy", "Մեկնաբանություններ", "comments"),
    ("hy", "© 2025 CivilNet. Բոլոր իրավունքները պաշտպանված են։", "copyright"),
    ("hy", "Նյութը պատճենելիս հղումը Sputnik Արմենիային պարտադիր է", "copyright"),
    (
        "hy",
        "«Արմենպրես» լրատվական գործակալության նյութերի ամբողջական կամ մասնակի վերարտադրման դեպքում հղումը պարտադիր է։",
        "copyright",
    ),
    ("hy", "Երևան +36°C", "clock"),
    ("hy", "Երևանում ժամը 11:07", "clock"),
    ("hy", "$1 = 387.92 ֏   €1 = 427.15 ֏   ₽1 = 4.79 ֏", "clock"),
    ("hy", "Ձեր բրաուզերը չի աջակցում տեսանյութը", "player"),
    ("hy", "Բաժանորդագրվեք մեր Telegram ալիքին", "subscribe"),
    ("hy", "Բաժանորդագրվեք Sputnik Արմենիայի Telegram-ալիքին", "subscribe"),
    ("hy", "Դիտումներ՝ 3 418", "counter"),
    ("hy", "12:19, 06 հունիս 2023", "dateline"),
    ("hy", "Հրապարակվել է՝ 03.07.2023 | 17:32", "dateline"),
    ("hy", "Պիտակներ՝ Արարատ Միրզոյան, Ջեյհուն Բայրամով", "tags"),
    ("hy", "Լուսանկարը՝ Reuters", "photo"),
    # Azerbaijani
    ("az", "Paylaş", "share"),
    ("az", "Paylaş:", "share"),
    ("az", "Link kopyalandı", "share"),
    ("az", "Çap et", "share"),
    ("az", "Həmçinin oxuyun", "related"),
    ("az", "Ən çox oxunan", "related"),
    ("az", "Maraqlı ola bilər", "related"),
    ("az", "Xəta tapdınız? Mətni seçin və Ctrl+Enter düyməsini basın", "comments"),
    ("az", "Şərh yaz", "comments"),
    ("az", "© 2006-2026 APA Group. Bütün hüquqlar qorunur.", "copyright"),
    ("az", "Trend İnformasiya Agentliyinin materiallarından istifadə zamanı istinad mütləqdir.", "copyright"),
    ("az", "Bakı 14:05 +27°C", "clock"),
    ("az", "Bakı: 09:12 | Vaşinqton: 01:12", "clock"),
    ("az", "Brauzeriniz video teqini dəstəkləmir", "player"),
    ("az", "Bizi Telegram-da izləyin", "subscribe"),
    ("az", "Telegram kanalımıza abunə olun", "subscribe"),
    ("az", "Report.az-ın WhatsApp kanalına qoşulun", "subscribe"),
    ("az", "Baxış sayı: 2 415", "counter"),
    ("az", "Oxunub: 4 712", "counter"),
    ("az", "22:24 18 Sentyabr 2025", "dateline"),
    ("az", "Bazar ertəsi, 30 noyabr 2026", "dateline"),
    ("az", "Teqlər: Ceyhun Bayramov, Ararat Mirzoyan", "tags"),
    ("az", "Foto: AZƏRTAC", "photo"),
    # Turkish
    ("tr", "Paylaş", "share"),
    ("tr", "Paylaş Tweet", "share"),
    ("tr", "Bağlantı kopyalandı", "share"),
    ("tr", "İlgili Haberler", "related"),
    ("tr", "Daha Fazla Haber", "related"),
    ("tr", "Bunlar da ilginizi çekebilir", "related"),
    ("tr", "Haberde hata mı var? Seçip Ctrl+Enter tuşlarına basın.", "comments"),
    ("tr", "Yorumlar (0)", "comments"),
    ("tr", "© Anadolu Ajansı 2026. Tüm hakları saklıdır.", "copyright"),
    ("tr", "Tüm hakları saklıdır. Haberlerin izinsiz kullanılması yasaktır.", "copyright"),
    ("tr", "İstanbul 16°C Parçalı bulutlu", "clock"),
    ("tr", "Dolar 42,41 | Euro 49,06 | Gram Altın 5.612", "clock"),
    ("tr", "Tarayıcınız video etiketini desteklemiyor.", "player"),
    ("tr", "Video oynatıcıyı görüntülemek için lütfen JavaScript'i etkinleştirin.", "player"),
    ("tr", "Hürriyet'i Google News'te takip edin", "subscribe"),
    ("tr", "WhatsApp kanalımıza katılın", "subscribe"),
    ("tr", "Okunma: 1078", "counter"),
    ("tr", "8 Ağustos 2025", "dateline"),
    ("tr", "Yayınlanma: 08.08.2025 14:05", "dateline"),
    ("tr", "Oluşturulma Tarihi: Haziran 29, 2023 22:05", "dateline"),
    ("tr", "Etiketler: Azerbaycan, Ermenistan, ABD", "tags"),
    ("tr", "Fotoğraf: AA", "photo"),
    ("tr", "Görsel kaynağı, Reuters", "photo"),
    ("tr", "Fotoğraf altı yazısı, Bakanlar görüşme öncesinde basına poz verdi", "photo"),
    ("ru", "Читайте Известия в Telegram.", "subscribe"),
    # English furniture of large outlets: audio versions, reading time, newsletter promos, credits, captions.
    ("en", "Listen to this article", "player"),
    ("en", "Listen to this article · 4 min", "player"),
    ("en", "Press play to listen to this article", "player"),
    ("en", "Voiced by artificial intelligence.", "player"),
    ("en", "7 min read", "player"),
    ("en", "Reading time: 3 minutes", "player"),
    ("en", "Click here to share on social media", "share"),
    ("en", "Click here to search", "navigation"),
    ("en", "Skip links", "navigation"),
    ("en", "Navigation menu", "navigation"),
    ("en", "Save articles to read later and create your own reading list.", "navigation"),
    ("en", "Sign up to The Morning Brief", "subscribe"),
    ("en", "Free daily newsletter", "subscribe"),
    ("en", "after newsletter promotion", "subscribe"),
    ("en", "Privacy Notice: Newsletters may contain information about charities and online ads.", "subscribe"),
    ("en", "Karen Mills in Vienna, Austria, contributed to this report.", "byline"),
    ("en", "Wire reporters contributed reporting.", "byline"),
    ("en", "About the author:", "byline"),
    ("en", "Image source, EPA", "photo"),
    ("en", "Image caption, The two delegations before the talks", "photo"),
    ("en", "The ministers shake hands before the talks. Photograph: Jane Roe/Reuters", "photo"),
    ("en", "The ministers before the talks in Vienna [Jane Roe/EPA]", "photo"),
    ("en", "in Politics, World, Top News", "tags"),
    ("en", "Manage cookies", "cookie"),
    ("en", "Reject all", "cookie"),
    ("en", "Topics:", "tags"),
    ("en", "Explore more on these topics", "tags"),
    ("en", "Reuse this content", "share"),
    ("en", "Gift this article", "share"),
    ("en", "Keep reading", "related"),
    ("en", "Loading comments...", "comments"),
    ("en", "WATCH: Ministers arrive for the second day of talks", "player"),
    ("en", "Listen to the podcast", "player"),
    ("en", "(Photo: EPA)", "photo"),
    ("en", "Photo by Jane Roe/AFP", "photo"),
    ("en", "EPA via Getty Images", "photo"),
    ("en", "Sources: AP, Reuters", "byline"),
    ("en", "Updated 3 hours ago", "byline"),
    ("en", "This article is more than 2 years old", "byline"),
    ("en", "Contact the author", "byline"),
    ("en", "Open in app", "navigation"),
    ("en", "Sign in to save this article", "navigation"),
    ("en", "ADVERTISEMENT - SCROLL TO CONTINUE", "navigation"),
    ("en", "Story continues below advertisement", "navigation"),
    ("en", "Have a news tip? Contact us", "navigation"),
    ("en", "Do not sell my personal information", "navigation"),
    ("en", "Print Friendly, PDF & Email", "share"),
    ("en", "Newsletter sign-up", "subscribe"),
    ("en", "Already a subscriber? Log in", "subscribe"),
    ("en", "You have 3 free articles left this month", "subscribe"),
    ("en", "Listen (4 min)", "player"),
    ("en", "Originally published at Caucasus Wire", "byline"),
    ("en", "Republished with permission", "byline"),
    # Credits, bylines without "By", authors' notes, sign-up boxes and block markers of further outlets.
    ("en", "Jane Roe / Getty Images", "photo"),
    ("ru", "Jane Roe / AFP", "photo"),
    ("en", "Image: Jane Roe/AP Photo/picture alliance", "photo"),
    ("en", "dh/jsi (AFP, Reuters)", "photo"),
    ("en", "(Caucasus Wire with AFP)", "photo"),
    ("en", "The ministers shake hands before the talks in Almaty on Friday (Getty Images)", "photo"),
    ("ru", "Автор фото, Reuters", "photo"),
    ("ru", "Подпись к фото, Министры перед началом переговоров", "photo"),
    ("ru", "Автор, Анна Иванова", "byline"),
    ("ru", "Источник: Caucasus Wire", "byline"),
    ("ru", "Специальный корреспондент", "byline"),
    ("en", "Senior Caucasus Correspondent", "byline"),
    ("en", "Text by: Caucasus Wire", "byline"),
    ("en", "Jane Doe is a correspondent covering the South Caucasus for Caucasus Wire.", "bio"),
    ("en", "Karen Roe is a researcher in security studies based in Tbilisi.", "bio"),
    ("ru", "Анна Иванова — обозреватель отдела политики, пишет о Южном Кавказе.", "bio"),
    ("tr", "Ayşe Kaya, sitemizin dış haberler editörüdür.", "bio"),
    ("tr", "Ayşe Kaya kimdir?", "bio"),
    ("az", "Leyla Məmmədova, saytın siyasi müxbiridir.", "bio"),
    ("hy", "Լրագրողը հինգ տարի լուսաբանում է տարածաշրջանի անվտանգության հարցերը։", "bio"),
    (
        "en",
        "I would like to be emailed about offers, events and updates from Caucasus Wire. Read our privacy notice",
        "subscribe",
    ),
    ("en", "Receive the essential regional news every morning", "subscribe"),
    ("en", "Take the news everywhere with you! Download the Caucasus Wire app", "subscribe"),
    ("en", "This article is part of Caucasus Wire Pro", "subscribe"),
    ("ru", "Поддержите «Нашу газету»! Мы работаем благодаря читателям.", "subscribe"),
    ("en", "The content you requested does not exist or is not available anymore.", "player"),
    ("ru", "Подкаст", "player"),
    ("en", "Skip next section Explore more", "related"),
    ("en", "Read moreArmenia agrees to return four villages", "related"),
    ("ru", "Пропустить Подкаст и продолжить чтение", "related"),
    ("en", "list of 3 items", "related"),
    ("en", "end of list", "related_end"),
    ("ru", "Конец истории Подкаст", "related_end"),
    ("en", "A version of this article appears in print on May 15, 2023, Section A, Page 8", "copyright"),
    ("ru", "Газета «Вестник» №145 от 11.08.2025, стр. 6", "copyright"),
]


@pytest.mark.parametrize(("code", "line", "family"), FURNITURE_CASES)
def test_furniture_lines(code, line, family):
    assert lang.get(code).furniture_family(line) == family


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("en", "Feb 21, 2026 (6 hours ago)"),
        ("ru", "21 февраля 2026, 16:30 (2 часа назад)"),
        ("hy", "21.02.2026, 16:30 (2 ժամ առաջ)"),
        ("az", "21 fevral 2026, 16:30 (5 saat əvvəl)"),
        ("tr", "21/02/2026 16:30 (4 saat önce)"),
    ],
)
def test_a_stamp_with_its_relative_age_is_a_dateline(code, line):
    """Sites print how old the story is beside its date; the line is still only a stamp."""
    assert lang.get(code).furniture_family(line) == "dateline"


def test_only_english_takes_its_numeric_date_order_from_its_prose():
    """English sites write 07/11/2022 either way, as they write "7 November" or "November 7"; in the
    other four languages numeric dates are day first, whatever order the prose puts the month in."""
    assert [code for code in lang.LANGUAGES if lang.get(code).dates.numeric_order_follows_prose] == ["en"]


NOT_FURNITURE_CASES = [
    ("en", "The story continues below the surface: the talks resume in Brussels in July, officials said."),
    ("en", "Armenia will share the draft with Azerbaijan before the talks, the minister said."),
    ("en", "The copyright dispute between the two broadcasters was settled in court last year."),
    ("en", "Blinken said the United States would follow the talks closely and support both sides."),
    ("en", "Read the full statement of the foreign ministers, published by the State Department on Monday."),
    ("en", "The ministers met on 7 November 2022 in Washington."),
    ("en", "Pashinyan and Aliyev met in Prague."),
    ("en", "Print media in Armenia reported the meeting widely."),
    ("en", "Sign up to the treaty was the condition Baku set, and Yerevan refused it."),
    ("en", "Thirty minutes later the ministers returned to the table."),
    ("en", "Officials said the talks would resume in Vienna, Geneva and Brussels."),
    ("en", "I agree with the minister that the border must be marked first."),
    ("en", "Accept the treaty or face isolation, the opposition leader told parliament."),
    ("en", "Watch the border closely, the envoy warned the two delegations."),
    ("en", "Sources close to the delegation said the talks were tense."),
    ("en", "Follow-up talks are planned for June in Brussels, the ministry said."),
    ("en", "Download speeds in Nagorno-Karabakh remained slow, residents complained."),
    ("ru", "Армения поделится проектом договора с Азербайджаном до начала переговоров."),
    ("ru", "Стороны обсудили подписание мирного договора и делимитацию границы."),
    ("ru", "Мы в Баку готовы к миру, заявил министр."),
    ("ru", "Министры встретились 7 ноября 2022 года в Вашингтоне."),
    ("hy", "Միրզոյանը և Բայրամովը հանդիպեցին Վաշինգտոնում նոյեմբերի 7-ին։"),
    ("hy", "Նախարարը կիսվել է իր տպավորություններով բանակցություններից հետո։"),
    ("az", "Bayramov bildirib ki, sülh sazişinin mətni ilə bağlı məlumat mütləq ictimaiyyətə açıqlanacaq."),
    ("az", "Nazirlər noyabrın 7-də Vaşinqtonda görüşüblər."),
    ("az", "Prezident İlham Əliyev bu barədə paylaşım edib."),
    ("tr", "Dışişleri Bakanı Fidan, Ermenistan'ın izin verdiği haberini yalanladı ve açıklama yaptı."),
    ("tr", "Bakanlar 8 Ağustos'ta Beyaz Saray'da görüştü."),
    ("tr", "Ocak ayında yapılan görüşmede taraflar anlaşmaya vardı."),
    # Sentences that come near the new credit, byline and note patterns.
    ("en", "The minister flew from Paris / Brussels to Baku on Friday."),
    ("en", "Jane Doe said the correspondent had been detained in Baku."),
    ("az", "Bütün hüquqlar qorunur, deyə nazir jurnalistlərə bildirib."),
    ("tr", "Bakan, gazetecilere yaptığı açıklamada ilerleme kaydedildiğini söyledi."),
    ("ru", "Министр сообщил журналистам, что переговоры продолжатся (подробности пока неизвестны)."),
]


@pytest.mark.parametrize(("code", "line"), NOT_FURNITURE_CASES)
def test_running_text_is_not_furniture(code, line):
    assert lang.get(code).furniture_family(line) is None


@pytest.mark.parametrize(
    ("line", "languages", "family"),
    [
        ("Ссылка скопирована", ("hy", "ru"), "share"),
        ("Կիսվել", ("ru", "hy"), "share"),
        ("Your browser does not support the video tag.", ("hy", "en"), "player"),
        ("Bakı 22:24 | 18 Sentyabr 2025", ("ru", "az"), "clock"),
        ("Read more", ("az", "en"), "related"),
        ("Министры встретились в Вашингтоне.", lang.LANGUAGES, None),
    ],
)
def test_furniture_in_any_of_the_page_languages(line, languages, family):
    assert lang.furniture_family(line, languages) == family


def test_furniture_patterns_stay_linear_on_hostile_lines():
    """Every family on 300-character lines built to make a backtracking regex explode."""
    pieces = ["share ", "read also ", "1:00 ", "© ", "ctrl+enter ", "7 ", "ноября ", "|", "telegram ", "+5°c "]
    pieces += [
        "usd 1 ",
        "usd 1 usd ",
        "$1 = 2 ",
        "-5 ",
        "a 1:00 | ",
        "թ. ",
        "-ին ",
        "'ta ",
        "abunə olun ",
        "a",
        "1-",
        ":",
        "x ",
    ]
    lines = [(piece * 300)[:299] + "!" for piece in pieces]
    for code in lang.LANGUAGES:
        language = lang.get(code)
        language.furniture_family("warm up")
        for line in lines:
            start = time.perf_counter()
            language.furniture_family(line)
            language.find_roles(line)
            language.meeting_words.search(line)
            assert time.perf_counter() - start < 0.05, (code, line[:30])


# --- roles -------------------------------------------------------------------------------------------

ROLE_CASES = [
    ("en", "Armenian Foreign Minister Ararat Mirzoyan", ["Foreign Minister"]),
    ("en", "Deputy Foreign Minister Mnatsakan Safaryan", ["Deputy Foreign Minister"]),
    (
        "en",
        "U.S. Secretary of State Antony Blinken and National Security Advisor Jake Sullivan",
        ["Secretary of State", "National Security Adviser"],
    ),
    ("en", "the State Department spokesman and the EU special envoy", ["Spokesperson", "Special Representative"]),
    ("en", "Prime Minister Nikol Pashinyan and President Ilham Aliyev", ["Prime Minister", "President"]),
    ("en", "Vice President J.D. Vance", ["Vice President"]),
    ("en", "Assistant to the President Hikmet Hajiyev", ["Presidential Aide"]),
    ("ru", "министр иностранных дел Армении Арарат Мирзоян", ["Foreign Minister"]),
    ("ru", "с главой МИД Азербайджана Джейхуном Байрамовым", ["Foreign Minister"]),
    ("ru", "заместитель министра иностранных дел России Михаил Галузин", ["Deputy Foreign Minister"]),
    ("ru", "госсекретарь США Энтони Блинкен", ["Secretary of State"]),
    ("ru", "премьер-министр Армении и президент Азербайджана", ["Prime Minister", "President"]),
    ("ru", "официальный представитель МИД России Мария Захарова", ["Spokesperson"]),
    ("ru", "после встречи посол США заявил", ["Ambassador"]),
    ("ru", "вице-премьер Армении Мгер Григорян", ["Deputy Prime Minister"]),
    ("hy", "ՀՀ արտաքին գործերի նախարար Արարատ Միրզոյանը", ["Foreign Minister"]),
    ("hy", "ԱԳ նախարարի տեղակալ Մնացական Սաֆարյանը", ["Deputy Foreign Minister"]),
    ("hy", "ԱՄՆ պետքարտուղար Էնթոնի Բլինքենը", ["Secretary of State"]),
    ("hy", "վարչապետ Նիկոլ Փաշինյանը և նախագահ Իլհամ Ալիևը", ["Prime Minister", "President"]),
    ("hy", "ԱԳ նախարարության խոսնակ Անի Բադալյանը", ["Spokesperson"]),
    ("hy", "Ազգային ժողովի նախագահ Ալեն Սիմոնյանը", ["Speaker of Parliament"]),
    ("az", "Xarici işlər naziri Ceyhun Bayramov", ["Foreign Minister"]),
    ("az", "Azərbaycanın xarici işlər nazirinin müavini Elnur Məmmədov", ["Deputy Foreign Minister"]),
    ("az", "ABŞ dövlət katibi Entoni Blinken", ["Secretary of State"]),
    ("az", "Baş nazir Nikol Paşinyan və Prezident İlham Əliyev", ["Prime Minister", "President"]),
    ("az", "Prezidentin köməkçisi Hikmət Hacıyev", ["Presidential Aide"]),
    ("az", "XİN-in mətbuat katibi Ayxan Hacızadə", ["Spokesperson"]),
    ("tr", "Dışişleri Bakanı Hakan Fidan", ["Foreign Minister"]),
    ("tr", "ABD Dışişleri Bakanı Marco Rubio", ["Secretary of State"]),
    ("tr", "Dışişleri Bakan Yardımcısı", ["Deputy Foreign Minister"]),
    ("tr", "Cumhurbaşkanı Erdoğan ve Başbakan Paşinyan", ["President", "Prime Minister"]),
    ("tr", "Dışişleri Bakanlığı Sözcüsü Öncü Keçeli", ["Spokesperson"]),
    ("tr", "Bakü Büyükelçisi", ["Ambassador"]),
]


@pytest.mark.parametrize(("code", "text", "roles"), ROLE_CASES)
def test_role_titles(code, text, roles):
    assert [key for _start, _end, key in lang.get(code).find_roles(text)] == roles


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("ru", "После встречи стороны подписали заявление."),
        ("hy", "Արտաքին գործերի նախարարությունը հայտարարություն է տարածել։"),
        ("az", "Xarici İşlər Nazirliyi bəyanat yayıb."),
        ("tr", "Dışişleri Bakanlığı açıklama yaptı."),
        ("hy", "Դեսպանատունը փակ է։"),
    ],
)
def test_ministries_and_embassies_are_not_people(code, text):
    assert lang.get(code).find_roles(text) == []


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_roles_cover_every_role_key(code):
    assert {key for key, _fragment in lang.get(code).role_phrases} == set(lang.ROLE_KEYS)


# --- name stems ------------------------------------------------------------------------------------

STEM_CASES = [
    ("hy", "Միրզոյանի", "Միրզոյան"),
    ("hy", "Միրզոյանը", "Միրզոյան"),
    ("hy", "Միրզոյանին", "Միրզոյան"),
    ("hy", "Բայրամովի", "Բայրամով"),
    ("hy", "Ալիևի", "Ալիև"),
    ("hy", "Ռուբիոյի", "Ռուբիո"),
    ("hy", "Պուտին", "Պուտին"),
    ("hy", "Մակրոն", "Մակրոն"),
    ("ru", "Мирзояном", "Мирзоян"),
    ("ru", "Байрамова", "Байрамов"),
    ("ru", "Пашиняну", "Пашинян"),
    ("ru", "Алиевым", "Алиев"),
    ("ru", "Трампом", "Трамп"),
    ("ru", "Зеленского", "Зеленский"),
    ("ru", "Захаровой", "Захарова"),
    ("ru", "Нуртлеу", "Нуртлеу"),
    ("ru", "Каллас", "Каллас"),
    ("az", "Bayramovun", "Bayramov"),
    ("az", "Mirzoyanla", "Mirzoyan"),
    ("az", "Paşinyanın", "Paşinyan"),
    ("az", "Trampın", "Tramp"),
    ("az", "Əliyevlə", "Əliyev"),
    ("az", "Kallasa", "Kallas"),
    ("az", "Putin", "Putin"),
    ("az", "Aliyeva", "Aliyeva"),
    ("az", "Nurtleu", "Nurtleu"),
    ("az", "Ceyhun", "Ceyhun"),
    ("tr", "Trump'ın", "Trump"),
    ("tr", "Aliyev'in", "Aliyev"),
    ("tr", "Paşinyan'a", "Paşinyan"),
    ("tr", "Erdoğan", "Erdoğan"),
    ("en", "Trump's", "Trump"),
    ("en", "Aliyev", "Aliyev"),
]


@pytest.mark.parametrize(("code", "word", "stem"), STEM_CASES)
def test_name_stems(code, word, stem):
    stems = lang.get(code).name_stems(word)
    assert stems[0] == stem
    assert word in stems


@pytest.mark.parametrize("code", lang.LANGUAGES)
@pytest.mark.parametrize("word", ["Ала", "Ալի", "Aya", "Bakıya", "Ուն", "Ana'ya", "Ес"])
def test_name_stems_never_cut_below_three_letters(code, word):
    assert all(sum(ch.isalpha() for ch in stem) >= 3 for stem in lang.get(code).name_stems(word) if stem != word)


#: (language, function words the stoplist gives, its content words that are no stop words: names, dates, nouns).
STOP_WORD_CASES = [
    ("en", ["the", "of", "which"], ["american", "australian"]),
    ("hy", ["և", "է", "որ"], ["ադրբեջանի", "մայիսի", "հոկտեմբերի"]),
    ("az", ["və", "bu", "ki"], ["azərbaycan", "bakı", "mayın", "bazar", "almaniya"]),
    ("ru", ["и", "в", "что"], ["москве", "ноября", "азербайджана", "автомобиль"]),
    ("tr", ["ve", "bu", "için"], ["türkiye", "mayıs", "pazar", "albümleri"]),
]


@pytest.mark.parametrize(("code", "function", "content"), STOP_WORD_CASES)
def test_stop_words_are_function_words_not_names_dates_or_nouns(code, function, content):
    stop_words = lang.get(code).stop_words
    assert set(function) <= stop_words
    assert not set(content) & stop_words
    assert stop_words <= lang.get(code).frequent_words  # the whole list still tells languages apart
