"""Azerbaijani (North, Latin script)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._base import DateGrammar, Language
from ._common import bio, ends_with_vowel, harmony2, harmony4, people, share_run, stems_by_rules

_W = r"[^\W\d_]+"
_APOSTROPHE = re.compile(r"['’]")


def cases(word: str) -> list[str]:
    """Genitive, accusative, dative, locative, ablative and comitative of `word`, with vowel harmony.

    A vowel-final word takes a buffer (n, y): "cümənin", "cüməyə". A
    possessive compound ("bazar ertəsi", "cümə axşamı") takes the pronominal
    n before every case: "bazar ertəsinə", "çərşənbə axşamından".
    """
    a = harmony2(word, "a", "ə")
    i = harmony4(word, "ı i u ü")
    if " " in word:
        return [f"{word}n{i}n", f"{word}n{i}", f"{word}n{a}", f"{word}nd{a}", f"{word}nd{a}n"]
    n, y = ("n", "y") if ends_with_vowel(word) else ("", "")
    return [f"{word}{n}{i}n", f"{word}{n}{i}", f"{word}{y}{a}", f"{word}d{a}", f"{word}d{a}n", f"{word}{y}l{a}"]


def month_forms(number: int, cldr: tuple[str, ...]) -> Iterable[str]:
    """Case forms: "avqustun" (avqustun 8-də), "mayın", "iyunda", "sentyabrdan", and "avqust ayında"."""
    month = max(cldr, key=len)
    yield from cases(month)
    yield from (f"{month} {word}" for word in ("ayı", "ayında", "ayının", "ayından", "ayına", "ayınadək", "ayındakı"))


def weekday_forms(number: int, cldr: tuple[str, ...]) -> Iterable[str]:
    """Case forms: "bazar ertəsinə", "çərşənbə axşamından", "cüməyə", "şənbədən"."""
    return cases(max(cldr, key=len))


DATES = DateGrammar(
    day_suffix=r"-?(?:[iıuü](?:n(?:d[əa]n?|[əa]))?|d[əa]n|d[əa]k|d[əa]|[əa]|y[əa]|n[əa]|c[iıuü]|s[iıuü])",
    year_suffix=r"-?c[iıuü](?:\s+il(?:in|də|dən|i)?)?(?![^\W\d_])|\s+il(?:in|də|dən|i)?(?![^\W\d_])",
    month_day=True,
    year_first=True,
    range_joiner=r"\s*[-–—]\s*|-?d[əa]n\s+",
    stamp_words=tuple(
        "dərc olunub olunmuşdur edilib edilmişdir tarix tarixi yenilənib yeniləndi yenilənmə son yayımlanıb "
        "yerləşdirilib saat il ilin ildə ci cı cu cü də da dən dan i ı u ü n nə na in ın un ün "
        # a relative age beside the date: "8 noyabr 2022, 14:20 (2 saat əvvəl)"
        "əvvəl dəqiqə gün "
        # a desk's or correspondent's byline before the date: "Siyasət şöbəsi 11.05.2024", "APA-nın Bakı bürosu 11 may 2024"
        "şöbə şöbəsi bürosu xidməti redaksiya redaksiyası müxbiri müxbirimiz".split()
    ),
    published_label=r"dərc\s+(?:olunub|olunmuşdur|edilib|edilmişdir|tarixi)|yayımlan(?:ıb|ma\s+tarixi)|yerləşdirilib|tarix",
    updated_label=r"yenilən(?:ib|di|mə)|son\s+yenilənmə|redaktə\s+olunub",
    weekday_cues={"keçən": "last", "ötən": "last", "gələn": "next", "növbəti": "next", "bu": "this", "həmin": ""},
    weekday_after=r"gün(?:ü|ündə|ündən|ünə|ünün)?|səhər(?:i)?",
    # "bazar" is also "market": Sunday is "bazar günü".
    weekday_context={form: "after" for form in ("bazar", *cases("bazar"))},
    # "sabah" (tomorrow) is more often "morning", and a newspaper's name: left out.
    relative_days={"srağagün": -2, "srağa gün": -2, "dünən": -1, "bu gün": 0, "bugün": 0, "birigün": 2},
)

MEETING = (
    r"görüş(?!əcək)\w*|danışıq\w*|müzakirə(?!\s+edəcək)\w*|sammit\w*|zirvə\s+görüş\w*",
    r"keçiril(?:ib|di|miş)\w*|keçir(?:di|ib)\w*|baş\s+tut(?:ub|du|muş)\w*|qəbul\s+e(?:dib|tdi|tmiş)\w*",
    r"imzala(?:dı|yıb|nıb|ndı|mış)\w*|səfər(?:i|ə|də|dən)?|səfər\s+e(?:dib|tdi)\w*|telefon\s+danışığı\w*|telefonla\s+danış(?:ıb|dı)\w*",
    r"keçirilən\w*|imzalanan\w*|baş\s+tutan\w*",
)
PREVIEW = (
    r"görüşəcək\w*|keçiriləcək\w*|keçirəcək\w*|baş\s+tutacaq\w*|qəbul\s+edəcək\w*|səfər\s+edəcək\w*",
    r"ev\s+sahibliyi\s+edəcək\w*|iştirak\s+edəcək\w*|müzakirə\s+edəcək\w*|imzalanacaq\w*|imzalayacaq\w*",
    r"növbəti\s+görüş\w*",
)
#: Words of a plan that announce a meeting only beside a meeting word ("sabah xəzri əsəcək" is weather).
PLAN = (
    r"gözlənilir|nəzərdə\s+tutulur|planlaşdırılır|gələn\s+(?:həftə|ay|il)\w*|növbəti\s+(?:həftə|ay)\w*",
    r"yaxın\s+(?:günlərdə|vaxtlarda)|sabah",
)
#: Verbs of speaking, then of commenting and briefings: a day beside one is when someone spoke ("Miller said
#: on Monday"), not when they met, where the sentence names the meeting's day too.
SPEECH = (
    r"bildir(?:ib|di)\w*|deyib|dedi\w*|açıqla(?:yıb|dı)\w*|təsdiqlə(?:yib|di)\w*|qeyd\s+e(?:dib|tdi)\w*|vurğula(?:yıb|dı)\w*|yazıb|yazdı",
    r"şərh\s+e(?:dib|tdi)\w*|cavablandır(?:ıb|dı)\w*|brifinq\w*",
)

BACKGROUND = (
    r"müharibə\w*|münaqişə\w*|toqquşma\w*|atəşkəs\w*|atəşin\s+dayandırılması\w*|hərbi\s+əməliyyat\w*|döyüş\w*",
    r"işğal\w*|azad\s+edil\w*|tarixən|müstəqillik\w*|sovet\w*|sssr|dağıl\w*",
    r"həlak\w*|şəhid\w*|doğul\w*|anadan\s+ol\w*|vəfat\w*|ildönüm\w*|soyqırım\w*|qaçqın\w*|məcburi\s+köçkün\w*",
    r"(?:19|20)\d\d-c[iıuü]\s+ild[əe]\w*|44\s+günlük|vətən\s+müharibə\w*|(?:birinci|ikinci)\s+qarabağ\s+müharibə\w*",
    r"son(?:uncu)?\s+dəfə|əvvəlki\s+(?:görüş|raund|danışıq)\w*|bundan\s+(?:əvvəl|öncə)|\w+(?:mış|miş|muş|müş)d[ıiuü](?:lar|lər)?",
    r"xatırladaq|xatırladırıq|qeyd\s+edək\s+ki",
)

_CHANNELS = r"(?=.{0,160}(?:telegram|kanal|youtube|facebook|instagram|twitter|whatsapp|tiktok|xəbər|bizi|abunə))"

FURNITURE = {
    "share": (
        share_run(
            "paylaş paylaşın bölüş bölüşün linki keçidi linkini kopyala kopyalayın kopyalandı link keçid çap çapa et "
            "versiyası göndər dostuna dostlarına e-poçtla yadda saxla sosial şəbəkələrdə".split()
        ),
        r"(?:linki|keçidi|linkini)\s+kopyala(?:yın)?|(?:link|keçid)\s+kopyalandı!?|kopyalandı!?|kopyala",
        r"çap\s+(?:et|versiyası|üçün)|çapa\s+göndər|(?:dostuna|dostlarına)\s+göndər|e-poçtla\s+göndər",
        r"yadda\s+saxla|seçilmişlərə\s+əlavə\s+et",
    ),
    "related": (
        r"(?:həmçinin|bunu\s+da|bunları\s+da)\s+oxu(?:yun)?|oxu\s+həmçinin|(?:ardını|davamını)\s+oxu(?:yun)?|(?:daha\s+)?ətraflı",
        r"(?:oxşar|digər|son|əsas|populyar|maraqlı|bütün|aktual|günün)\s+xəbərlər(?:i)?|xəbər\s+lenti|lent|gündəm",
        r"ən\s+çox\s+(?:oxunan|baxılan|müzakirə\s+olunan)(?:lar)?|populyar|mövzu\s+ilə\s+bağlı|mövzuya\s+aid",
        r"xəbərin\s+davamını\s+(?:izləyin|oxuyun)|redaktorun\s+seçimi|(?:əvvəlki|növbəti)\s+xəbər|(?:sizə\s+)?maraqlı\s+ola\s+bilər|tövsiyə\s+edirik|sizin\s+üçün",
        r"(?:həmçinin\s+oxuyun|həmçinin\s+oxu|oxu\s+həmçinin|mövzu\s+ilə\s+bağlı)\s*[:>»|–—-]\s*.{1,200}",
    ),
    "related_end": (r"siyahının\s+sonu|podkastın\s+sonu",),
    "comments": (
        r"şərhlər(?:\s*\(\d+\))?|\d+\s+şərh|şərh\s+yoxdur|şərh(?:\s+(?:yaz(?:ın)?|bildir|əlavə\s+et|et))?",
        r"(?:şərhinizi|rəyinizi)\s+(?:yazın|bildirin)|şərhiniz|rəyiniz|cavabla(?:ndır)?|göndər|adınız\s*\*?",
        r"e-poçt(?:\s+ünvanınız)?\s*\*?",
        r"e-poçt\s+ünvanınız\s+dərc\s+(?:edilməyəcək|olunmayacaq).{0,120}|vacib\s+sahələr.{0,40}",
        r"(?:səhv|xəta|yazı\s+səhvi)\s+(?:tapdınız|gördünüz|aşkar\s+etdiniz).{0,120}|(?:mətndə|orfoqrafik)\s+(?:səhv|xəta).{0,120}",
    ),
    "copyright": (
        r".{0,120}(?:bütün|müəllif)\s+hüquqlar(?:ı)?\s+(?:qorunur|qorunmuşdur|mühafizə\s+olunur)(?![\s,]*[^\W\d_]).{0,120}",
        r"(?=.{0,160}(?:istifadə|yayılması|təkrar\s+dərc|köçürül))(?=.{0,220}(?:material|məlumat|xəbər|yazı))"
        r"(?=.{0,220}(?:istinad\w*\s+(?:\S+\s+){0,3}(?:mütləq|vacib|zəruri)|hiperlink|aktiv\s+keçid|icazəsi\s+olmadan"
        r"|razılığı\s+olmadan|qadağandır)).{1,300}",
        r".{0,100}(?:redaksiyanın|müəllifin)\s+(?:mövqeyi|fikri).{0,160}",
    ),
    "clock": (
        rf"{_W}\s+vaxtı|hava(?:\s+proqnozu)?|{_W}(?:da|də)\s+hava|valyuta\s+məzənnələri|məzənnə(?:lər)?|bu\s+gün",
        r"(?:(?:dollar|avro|rubl|lirə|neft|brent|qızıl)\s*[:=]?\s*\d+(?:[.,]\d+)?\s*)+",
    ),
    "player": (
        r"brauzeriniz\s+.{0,80}dəstəkləmir.{0,40}|javascript\S{0,4}\s+(?:aktivləşdir|işə\s+sal)\w*.{0,80}",
        r"video(?:nu|ya)?(?:\s+(?:izlə(?:yin)?|bax(?:ın)?))?|izlə(?:yin)?|foto(?:qalereya|lent)|yüklənir(?:\.{3}|…)?",
    ),
    "subscribe": (
        _CHANNELS
        + r"(?:[^.!?:—–]{0,40}[.!?:—–]\s*)?(?:bizi\s+(?:\S+\s+){0,2}izləyin|bizə\s+qoşulun|abunə\s+ol(?:un)?|kanalımıza"
        r"|izləyin|qoşulun)\b.{0,160}",
        r"abunə\s+ol(?:un)?|abunə|bizi\s+izləyin",
        _CHANNELS + r".{0,120}(?:abunə\s+olun|izləyin|qoşulun)[.!]?",
        # Donation and paywall notices.
        r"(?:[^.!?]{0,80}[.!?]\s+)?bizi\s+dəstəkləyin.{0,160}|.{0,160}(?:yalnız\s+)?abunəçilər(?:imiz)?(?:ə|\s+üçün).{0,160}",
    ),
    "counter": (
        r"(?:baxış(?:\s+sayı)?|baxılıb|oxunub|oxunma(?:\s+sayı)?)\s*[:-]?\s*\d[\d\s.,]*(?:\s+dəfə)?",
        r"\d[\d\s.,]*\s+(?:baxış|dəfə\s+oxunub|oxunma)",
    ),
    "tags": (r"(?:teqlər|etiketlər|açar\s+sözlər|mövzular)\s*:\s*.{1,250}",),
    "photo": (
        r"(?:foto|fotolar|video|mənbə|şəkil)\s*[:/©]\s*.{1,120}",
        r".{1,250}[.!]?\s+foto\s*[:/©]\s*[^.!?]{1,100}",
    ),
    "cookie": (r"(?=.{0,200}(?:kuki|çərəz|cookie))(?=.{0,250}(?:istifadə|razı|qəbul|siyasət)).{1,300}",),
    "byline": (
        rf"(?:müəllif(?:lər)?|hazırladı|hazırlayan|tərcümə\s+etdi|tərcüməçi|müxbir|söhbətləşdi)(?:\s*:\s*|\s+){people('və')}",
    ),
    "bio": (
        # "Leyla Məmmədova, Publika.az-ın siyasi müxbiridir. ..." (the trade with its copula: a sentence about the author)
        bio(r"\s*[,—–-]\s*", r"(?:müxbir|jurnalist|redaktor|köşə\s+yazarı|şərhçi)\w*d[iıuü]r"),
    ),
    "navigation": (
        r"(?:ana|əsas)\s+səhifə|menyu|axtar(?:ış)?(?:\s+edin)?|daxil\s+ol|giriş|çıxış|qeydiyyat|profil|arxiv|rss",
        r"(?:bizim\s+)?haqqımızda|əlaqə(?:lər)?|reklam(?:\s+yerləşdirin)?|məxfilik\s+siyasəti|istifadə\s+qaydaları",
        r"əsas\s+məzmuna\s+keç|yuxarı(?:\s+qayıt)?|geri(?:\s+qayıt)?|növbəti|əvvəlki|daha\s+çox|hamısı|bütün\s+xəbərlər",
        r"(?:reklamı\s+)?bağla|canlı(?:\s+yayım)?|gecə\s+rejimi|bölmə\s*:\s*.{1,40}|ianə\s+et",
    ),
}

ROLES = (
    (
        "Deputy Foreign Minister",
        r"xarici\s+işlər\s+nazir(?:i|inin)?\s+müavin\w*|xin\s+rəhbərinin\s+müavin\w*",
    ),
    ("Deputy Prime Minister", r"baş\s+nazir(?:in)?\s+müavin\w*"),
    ("Vice President", r"(?:birinci\s+)?vitse-prezident\w*"),
    ("National Security Adviser", r"milli\s+təhlükəsizlik\s+(?:məsələləri\s+)?üzrə\s+(?:müşavir|köməkçi)\w*"),
    ("Security Council Secretary", r"təhlükəsizlik\s+şurasının\s+katib\w*"),
    ("Secretary-General", r"baş\s+katib\w*"),
    ("Secretary of State", r"dövlət\s+katib\w*"),
    ("Foreign Minister", r"xarici\s+işlər\s+nazir(?!lik|liy)\w*|xin\s+rəhbər\w*"),
    ("Defence Minister", r"müdafiə\s+nazir(?!lik|liy)\w*"),
    ("Prime Minister", r"baş\s+nazir(?!lik|liy)\w*|hökumət\s+başçı\w*"),
    ("Speaker of Parliament", r"(?:milli\s+məclisin|parlamentin|məclisin)\s+sədr\w*|spiker\w*"),
    ("Presidential Aide", r"prezidentin\s+(?:köməkçi|müşavir)\w*|prezident\s+administrasiyasının\s+rəhbər\w*"),
    ("President", r"prezident(?!lik|liy)\w*|dövlət\s+başçı\w*"),
    ("Spokesperson", r"mətbuat\s+(?:katib\w*|xidmətinin\s+rəhbər\w*)|sözçü\w*|rəsmi\s+nümayəndə\w*"),
    ("High Representative", r"ali\s+nümayəndə\w*"),
    ("Special Representative", r"xüsusi\s+(?:nümayəndə|elçi|təmsilçi)\w*|elçi\w*"),
    ("Ambassador", r"səfir(?!lik|liy)\w*"),
    ("Chancellor", r"kansler\w*"),
)

#: Case suffixes on names. Those with a buffer consonant (n, y) follow a vowel.
_STEM_RULES = [
    (suffix, "")
    for suffix in (
        "ın in un ün nın nin nun nün ı i u ü nı ni nu nü a ə ya yə da də dan dən la lə yla ylə dakı dəki".split()
    )
]
_BASE_ENDINGS = ("yan", "ov", "ev", "in", "ova", "eva", "li", "lı", "lu", "lü", "zadə", "oğlu", "qızı", "ski")


def _harmonic(stem: str, suffix: str) -> bool:
    """The suffix fits the stem: its buffer matches a final vowel, its vowel the stem's last vowel."""
    buffered = suffix[0] == "y" or (suffix[0] == "n" and suffix[1] in "ıiuüaə")
    if buffered != ends_with_vowel(stem) and (buffered or suffix[0] in "ıiuüaə"):
        return False
    vowel = next(ch for ch in suffix if ch in "ıiuüaə")
    if vowel in "aə":
        return harmony2(stem, "a", "ə") == vowel
    return harmony4(stem, "ı i u ü") == vowel


def name_stems(word: str) -> tuple[str, ...]:
    """Bayramovun, Mirzoyanla, Paşinyanın, Trampın, Əliyevlə -> the name; Aliyeva (e, then a: no harmony) stays.

    The shortest suffix is tried first: "Paşinyanın" is Paşinyan-ın, not Paşinya-nın.
    """
    base = _APOSTROPHE.split(word, maxsplit=1)[0]
    if base != word and sum(ch.isalpha() for ch in base) >= 3:
        return (base, word)  # "Trump'ın": some outlets mark a foreign name's suffix as Turkish does
    return stems_by_rules(word, _STEM_RULES, accept=_harmonic, base_endings=_BASE_ENDINGS, longest_suffix_first=False)


#: "üç gün davam edən", "üçgünlük danışıqlar"; not "üç gün sonra".
LENGTHS = tuple(
    (days, rf"{word}\s*gün\w*(?!\s+(?:sonra|əvvəl|öncə))")
    for days, word in enumerate(("iki", "üç", "dörd", "beş", "altı", "yeddi"), start=2)
)


LANGUAGE = Language(
    code="az",
    name="Azerbaijani",
    script="Latn",
    letters="[A-VX-Za-vx-zÇçƏəĞğİıÖöŞşÜü]",
    sentence_terminals=".!?…",
    date_order="DMY",
    dates=DATES,
    stoplist="Azerbaijani",
    month_rule=month_forms,
    weekday_rule=weekday_forms,
    meeting_phrases=MEETING,
    preview_phrases=PREVIEW,
    plan_phrases=PLAN,
    speech_phrases=SPEECH,
    background_phrases=BACKGROUND,
    furniture_phrases=FURNITURE,
    role_phrases=ROLES,
    length_phrases=LENGTHS,
    venue_endings=("da", "də", "ta", "tə"),
    stems=name_stems,
    # Azerbaijani letters as English and Russian spellings of the same names write them ("^" = at the start).
    romanise={
        "^ə": "a",
        "ə": "e",
        "x": "h",
        "c": "j",
        "ç": "ch",
        "ş": "sh",
        "ğ": "g",
        "q": "g",
        "ı": "i",
        "ö": "o",
        "ü": "u",
        "j": "zh",
    },
    turkic_case=True,
    close_languages=("tr",),
    abbreviations=frozenset(
        """
        b.e. e.ə. b.e.ə. məs. prof. dos. akad. gen. c. səh. küç. şəh. ray. res. resp. min. mln. mlrd.
        kv. t.e. t.ü. e.d. dr. mr.
        """.split()
    ),
    closing_abbreviations=("və s.", "və sair.", "və.s."),
)
