"""Script-independent keys for proper names: Mirzoyan, Мирзояном, Միրզոյանի and Mirzoyanla meet.

`name_key(token, lang)` strips the token's inflection (`Language.name_stems`),
spells the language's own letters the way English and Russian spellings of
names do (`Language.romanise`: Azerbaijani ə, x, c, q; Turkish ç, ş, ğ),
transliterates with anyascii, and then folds the few variants that
transliteration leaves between scripts (`_EQUIVALENCES`).

It keys one word, the surname: "Ilham Aliyev" is keyed as "Aliyev". A
surname alone cannot always tell two people apart: Russian writes the
genitive of Aliyev (Алиева) like the feminine Aliyeva, so in Russian both key
as Aliyev, and only the first name (Ilham, Leyla) can separate them. In the
Latin-script languages "Aliyeva" keeps its own key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from . import Language, get

_EDGES = re.compile(r"^[\W\d_]+|[^\w'’]+$|['’]+$")
#: Letter pairs that a Latin-script language's own romanisation must leave alone: Turkish and
#: Azerbaijani write their own sounds ç, ş, so a "ch" in their text is a foreign name spelled as
#: at home ("Charles Michel'in"), not c (j) + h.
_FOREIGN_DIGRAPHS = ("ch",)
_NOT_LETTERS = re.compile(r"[^a-z]+")

#: Rewrites, in order, that make transliteration variants of one name meet.
_EQUIVALENCES = [
    (re.compile(r"dzh"), "j"),  # Джейхун -> Dzheykhun, Jeyhun
    (re.compile(r"kh"), "h"),  # Хикмет -> Khikmet, Hikmet; Xankəndi (x -> h) and Khankendi
    (re.compile(r"gh"), "g"),  # Էրդողան -> Erdoghan, Erdoğan
    (re.compile(r"ch"), "sh"),  # Michel, Мишель (Mishel'), Mişel: French ch; Кочарян and Kocharyan both meet in "sh"
    (re.compile(r"c(?!h)(?=[eiy])"), "s"),  # English soft c
    (re.compile(r"c(?!h)"), "k"),  # Macron, Макрон
    (re.compile(r"w"), "v"),  # Witkoff, Վիտկոֆ
    (re.compile(r"^u(?=[aeio])"), "v"),  # Уиткофф (Uitkoff), Уильям: Russian writes an English W as У
    (re.compile(r"y"), "i"),  # Aliyev, Aliev; Pashinyan, Pashinian
    (re.compile(r"^ie"), "e"),  # Yerevan, Ереван (Erevan)
    (re.compile(r"u(?=[^aeiou]{2})"), "a"),  # Trump, Трамп (Tramp): English u before two consonants
    (re.compile(r"(.)\1+"), r"\1"),  # Kallas, Каллас, Կալաս
]


def name_key(token: str, lang: str | Language) -> str:
    """A key for the proper name `token` (its last word) that its spellings in en, hy, az, ru and tr share."""
    keys = name_keys(token, lang)
    return keys[0] if keys else ""


def name_keys(token: str, lang: str | Language) -> tuple[str, ...]:
    """The keys of every candidate base form of `token` (its last word), most likely first.

    For matching an inflected name against known ones: the first guess may
    keep a case ending that a later candidate strips ("Vaşinqtonda").
    """
    language = get(lang)
    words = token.split()
    word = _EDGES.sub("", words[-1]) if words else ""
    if not word:
        return ()
    stems = language.name_stems(word)
    return tuple(dict.fromkeys(_canonical(_ascii(language.fold(stem), language)) for stem in stems))


def latin(name: str, lang: str | Language) -> str:
    """`name` spelled in Latin letters as English text spells it: as written when its language uses them,
    else transliterated, capitals kept ("Мурат Нуртлеу" -> "Murat Nurtleu", «Ջեյհուն» -> "Jeyhun")."""
    language = get(lang)
    if language.script == "Latn":
        return name
    from anyascii import anyascii

    table = _romanisation(language)

    def spelled(word: str) -> str:
        folded = language.fold(word)
        if table is not None:
            folded = table.sub(lambda m: _romanised(m, language.romanise), folded)
        result = anyascii(folded)
        return result[:1].upper() + result[1:] if word[:1].isupper() else result

    return re.sub(r"[^\s-]+", lambda m: spelled(m.group()), name)


def _ascii(word: str, language: Language) -> str:
    """`word` in lower-case ASCII letters: the language's own romanisation first (in one pass), then anyascii."""
    from anyascii import anyascii

    table = _romanisation(language)
    if table is not None:
        word = table.sub(lambda m: _romanised(m, language.romanise), word)
    return _NOT_LETTERS.sub("", anyascii(word).lower())


def _romanised(m: re.Match[str], romanise: Mapping[str, str]) -> str:
    """The Latin spelling of the letters `m` matched ("^"-keys apply at the start of the word only)."""
    letters = m.group()
    if m.start() == 0 and "^" + letters in romanise:
        return romanise["^" + letters]
    return romanise.get(letters, letters)


@cache
def _romanisation(language: Language) -> re.Pattern[str] | None:
    keys = {key.lstrip("^") for key in language.romanise}
    if not keys:
        return None
    if language.script == "Latn":
        keys |= {pair for pair in _FOREIGN_DIGRAPHS if pair[0] in keys}
    return re.compile("|".join(map(re.escape, sorted(keys, key=len, reverse=True))))


def _canonical(word: str) -> str:
    for pattern, replacement in _EQUIVALENCES:
        word = pattern.sub(replacement, word)
    return word
