"""Machinery and language-neutral data shared by the language modules.

Every regex built here is linear: alternations of literal words, bounded
gaps, and token loops whose tokens cannot split one run of text two ways.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .universal import LANGUAGE_LABELS

#: Azerbaijani and Turkish case pairs that `str.lower` gets wrong: İ -> i, I -> ı.
TURKIC_LOWER = str.maketrans({"İ": "i", "I": "ı"})


def alternation(forms: Iterable[str]) -> str:
    """A regex alternation of literal forms, longest first, any run of spaces in a form matching any whitespace."""
    escaped = {re.escape(form).replace(r"\ ", r"\s+") for form in forms if form}
    return "|".join(sorted(escaped, key=lambda f: (-len(f), f)))


def words_re(fragments: Iterable[str]) -> re.Pattern[str]:
    """A search pattern for regex fragments that start and end on word boundaries."""
    body = "|".join(f"(?:{fragment})" for fragment in fragments)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


# --- inflection helpers -------------------------------------------------------------

_BACK = "aıou"
_FRONT = "eəiöü"


def last_vowel(word: str) -> str | None:
    """The last of the Turkic vowels in `word` (folded), or None."""
    for ch in reversed(word):
        if ch in _BACK or ch in _FRONT:
            return ch
    return None


def harmony2(word: str, back: str, front: str) -> str:
    """The two-way (a/e) harmonised form of a suffix for `word`."""
    vowel = last_vowel(word)
    return back if vowel is None or vowel in _BACK else front


def harmony4(word: str, forms: str) -> str:
    """The four-way harmonised suffix from `forms` = "ı i u ü" variants ("ın in un ün")."""
    ı, i, u, ü = forms.split()
    vowel = last_vowel(word) or "a"
    return {"a": ı, "ı": ı, "o": u, "u": u, "e": i, "ə": i, "i": i, "ö": ü, "ü": ü}[vowel]


def ends_with_vowel(word: str) -> bool:
    return bool(word) and word[-1] in _BACK + _FRONT


def stems_by_rules(
    word: str,
    rules: Iterable[tuple[str, str]],
    accept: Callable[[str, str], bool] | None = None,
    base_endings: tuple[str, ...] = (),
    longest_suffix_first: bool = True,
    min_letters: int = 3,
) -> tuple[str, ...]:
    """Candidate bases of `word` from (suffix, replacement) rules, most likely first; `word` itself included.

    A rule applies when `word` ends with the suffix and leaves at least
    `min_letters` letters, and `accept(stem, suffix)` (vowel harmony, a
    consonant before the ending...) agrees. Stems that end like a name
    (`base_endings`: -yan, -ov, -in) rank first. A stem that does not is
    *doubtful*, ranked after `word` itself, when `word` already ends like a
    name: "Պուտին" is more likely Putin than the dative of "Պուտ".
    """
    lowered = word.lower()
    ordered = sorted(rules, key=lambda rule: -len(rule[0]) if longest_suffix_first else len(rule[0]))
    stems: list[str] = []
    for suffix, replacement in ordered:
        if not lowered.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] + replacement
        if sum(ch.isalpha() for ch in stem) < min_letters:
            continue
        if accept is None or accept(stem.lower(), suffix):
            stems.append(stem)
    named = [stem for stem in stems if base_endings and stem.lower().endswith(base_endings)]
    others = [stem for stem in stems if stem not in named]
    if base_endings and lowered.endswith(base_endings):
        return tuple(dict.fromkeys([*named, word, *others]))
    return tuple(dict.fromkeys([*named, *others, word]))


# --- datelines ----------------------------------------------------------------------------

#: Words any dateline may hold, whatever its language: time zones, clock marks, ISO's "T".
STAMP_WORDS = frozenset(
    "gmt utc z t am pm a.m p.m et est edt ct cet cest eet eest bst msk amt azt get trt ist pt pst pdt cst cdt".split()
)

# --- furniture shared by every language ------------------------------------------------------

_SOCIAL = (
    "facebook fb twitter x telegram whatsapp viber linkedin vk vkontakte odnoklassniki ok reddit pinterest "
    "tumblr threads bluesky mastodon messenger skype email e-mail mail rss instagram youtube tiktok "
    "flipboard wechat weibo google news google+"
).split()
_SEPARATORS = r"[\s|/·•,;:'’–—-]+"


def share_run(words: Iterable[str]) -> str:
    """A line made only of share words and social network names ("Share: Facebook | X | Copy link").

    Tokens are literal words each followed by separators (or the end), so the
    loop cannot split a run of letters two ways: linear.
    """
    return rf"(?:(?:{alternation([*_SOCIAL, *words])})(?:{_SEPARATORS}|$))+"


_NAME_WORD = r"[^\W\d_][\w'’./-]*"


def bio(copula: str, jobs: str) -> str:
    """An author's note: a name of two or three words, `copula` ("is a", " — ", ", ") and, within a few words, one of
    `jobs` ("correspondent", «журналист»), then the rest of the line. Such a note is furniture only where no body
    follows it (`clean`): "Jane Doe is a journalist at ..." inside an article is its text."""
    name = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}"
    return rf"{name}{copula}(?:[\w'’.-]+\s+){{0,5}}?(?:{jobs})\w*(?!\w).{{0,250}}"


def people(joiners: str) -> str:
    """Up to six names of one to four words each, joined by commas, "&" or one of `joiners` ("and", "и"): a byline's names."""
    person = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
    return rf"{person}(?:\s*(?:,|&|\s(?:{joiners})\s)\s*{person}){{0,5}}"


_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
_TEMPERATURE = r"[+−-]?\d{1,2}(?:[.,]\d)?\s*°\s*[cfс]?"
_CURRENCY = r"(?:usd|eur|rub|gbp|try|amd|azn|gel|cny|chf|\$|€|₽|֏|₼|£|₺)"
_AMOUNT = r"\s*(?:(?:1\s*=|[:=])\s*)?\d+(?:[.,]\d+)?"
#: "USD 403.5 ▲", "$1 = 387.92 ֏": a currency sign after the amount only when no amount follows it (then it begins the next rate).
_RATE = rf"{_CURRENCY}{_AMOUNT}(?:\s*[֏₼₽$€£₺](?!{_AMOUNT}))?(?:\s*[▲▼↑↓]|\s*[+−]\s*\d+(?:[.,]\d+)?%?)?"
_NUMERIC_DATE = r"\d{1,2}[./]\d{1,2}[./]\d{2,4}"
_WIDGET = rf"(?:{_TIME}|{_TEMPERATURE}|{_RATE}|{_NUMERIC_DATE})"
#: Up to three words before a reading ("Time in Yerevan:"), never a currency code, so each word has one reading.
_LABEL_WORDS = rf"(?:(?!{_CURRENCY}(?![^\W\d_]))[^\W\d_]+[\s,:.–—]+){{0,3}}"
#: A few words after the last reading: "+5°C, light rain", "2°C Karla karışık yağmur".
_TRAILING_WORDS = r"(?:[\s,;]+[^\W\d_]+){0,3}"

#: Photo and news agencies, as credits name them ("Jane Roe / AFP", "(Getty Images)", "dh/jsi (AFP, Reuters)").
AGENCIES = alternation(
    (
        "afp",
        "ap",
        "ap photo",
        "reuters",
        "getty images",
        "epa",
        "epa-efe",
        "efe",
        "dpa",
        "xinhua",
        "anadolu",
        "anadolu agency",
        "aa",
        "pool",
        "picture alliance",
        "picture-alliance",
        "imago",
        "shutterstock",
        "tass",
        "итар-тасс",
        "тасс",
        "риа новости",
        "ria novosti",
        "sputnik",
        "спутник",
        "interfax",
        "интерфакс",
        "photolure",
        "apa",
        "azertac",
        "armenpress",
    )
)
_AGENCY = rf"(?:{AGENCIES})(?![^\W\d_])"
_AGENCY_LIST = rf"{_AGENCY}(?:\s*[,/]\s*{_AGENCY})*"

#: Family -> fragments that hold in every language (symbols, numbers, and the
#: English strings of widespread web widgets that leak into pages of any language).
FURNITURE: dict[str, tuple[str, ...]] = {
    "share": (share_run(()),),
    "counter": (
        r"(?:👁️?|👀|👍|💬|🔥)\s*\d[\d\s.,]*[kmкм]?",
        r"\d[\d\s.,]*[kmкм]?",
    ),
    "clock": (rf"{_LABEL_WORDS}{_WIDGET}(?:[\s,|/·•]+{_LABEL_WORDS}{_WIDGET})*{_TRAILING_WORDS}",),
    "comments": (
        r".{0,120}\bctrl\s*\+\s*enter\b.{0,80}",
        r".{0,80}\bdisqus\b.{0,80}",
    ),
    "player": (
        # video.js and HTML5 player strings, as trafilatura extracts them.
        r"video player is loading\.?|play video|play|pause|mute|unmute|fullscreen|non-fullscreen|exit fullscreen"
        r"|picture-in-picture|chapters|descriptions|captions|subtitles|audio track|playback rate|\d(?:\.\d+)?x"
        r"|current time\s*\d+:\d{2}|duration\s*-?\s*\d+:\d{2}|remaining time\s*-?\s*\d+:\d{2}|stream type\s*live"
        r"|seek to live, currently (?:behind|playing) live|(?:loaded|progress)\s*:?\s*\d+(?:\.\d+)?\s*%"
        r"|\d{1,2}:\d{2}(?::\d{2})?\s*/\s*\d{1,2}:\d{2}(?::\d{2})?"
        r"|(?:descriptions|captions|subtitles) off, selected|(?:captions|subtitles) settings, opens (?:captions|subtitles) settings dialog"
        r"|this is a modal window\.?|beginning of dialog window\..{0,80}|end of dialog window\.?|close modal dialog"
        r"|the media could not be loaded.{0,120}|no compatible source was found for this media\.?"
        r"|reset restore all settings to the default values|text edge style|font family|transparency|opaque|semi-transparent"
        r"|no\s+(?:media\s+)?sources?\s+(?:(?:is|are)\s+)?(?:currently\s+)?available|media\s+(?:is\s+)?(?:currently\s+)?unavailable",
        r"(?=.{0,160}\b(?:javascript|html5|js)\b)(?=.{0,200}(?:enable|disabled|support|browser|включ|отключ|браузер|brauzer|tarayıcı|etkinleştir|aktivləşdir|բրաուզեր|դիտարկիչ|միացրեք)).{1,250}",
    ),
    "copyright": (
        r".{0,100}(?:©|℗|\(c\)\s*\d{4}|\bcopyright\s*(?:\(c\)\s*)?\d{4}).{0,200}|copyright\b.{0,200}",
        r"\d{1,2}\s*\+",
    ),
    "tags": (r"(?:#[^\W_][\w-]*[\s,]*){2,}",),
    # The list widget's closing string, which leaks untranslated into pages of every language.
    "related_end": (r"end\s+of\s+list",),
    "photo": (
        # "Jane Roe / Getty Images", "Jane Roe/AP Photo/picture alliance": a photographer and the agency.
        rf"(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD}\s*/\s*{_AGENCY}(?:\s*/\s*[^/]{{1,30}}){{0,2}}",
        # The agencies behind a report, with the editors' initials: "(AFP, Reuters)", "dh/jsi (AFP, dpa)", "(France 24 with AFP)".
        rf"(?:[^\W\d_]{{1,4}}(?:/[^\W\d_]{{1,4}})+\s*)?\((?:[^()]{{0,40}}\s)?{_AGENCY_LIST}\)",
        # A caption that ends with its credit: "... in Almaty (Getty Images)", "... in Almaty. © Ministry / AFP".
        rf".{{1,250}}\s\((?:[^()]{{1,60}}/\s*)?{_AGENCY_LIST}\)|.{{1,250}}\s©\s*[^©.!?]{{1,80}}",
    ),
    "navigation": (
        # A language switcher: "ՀԱՅ | РУС | ENG", "Türkçe | English | العربية".
        rf"(?:(?:{alternation(LANGUAGE_LABELS)})(?:{_SEPARATORS}|$))+",
        # Font-size buttons and the names of icon-font glyphs ("A+ A-", "dark_mode", "arrow-icon").
        r"(?:(?:a[+−-]?|aa|t[+−-]|[+−-]|xs|sm|md|lg|xl|xxl)(?:[\s|/·•,;:–—-]+|$))+",
        r"[a-z0-9]+(?:_[a-z0-9]+)+|[a-z]+-(?:line|icon|btn|button|fill|outline|o)",
        r"(?:(?:download\s+on\s+the\s+|get\s+it\s+on\s+)?(?:app\s+store|google\s+play|play\s+market|apple\s+podcasts|spotify)"
        r"(?:[\s|/·•,]+|$))+",
    ),
    "cookie": (
        r"(?=.{0,200}\bcookies?\b)(?=.{0,250}\b(?:use|uses|using|accept|consent|policy|settings|preferences|agree|experience|browsing)\b)"
        r".{1,300}",
    ),
}
