"""Stage 2, clean: judge every line of a page as article text or page furniture, in any of the five languages.

`clean(page)` returns one `Line` per line of `Page.text` (1-based numbers);
dropped lines carry a short machine-readable reason. Cleaning runs before the
page's language is known, and pages mix languages in their furniture (a
Russian page of an Armenian site says «Կիսվել»), so every language's
knowledge is asked (`briefing.lang`); what is not language knowledge is a
general signal of line shape, position and repetition. The rules, in order
(the first that applies gives the reason):

1. **blank / decoration**: empty, or no letters or digits (``* * *``).
2. **phrase families** of every language, matched against the *whole* line
   (`lang.furniture_family`), so a sentence that merely mentions "share" is
   never hit: share and copy-link, "read also" and related headings, comment
   forms, newsletter and paywall prompts, video-player and JavaScript notices,
   copyright and reuse notices, counters, clocks and weather, tags, photo
   credits, cookie notices, datelines, bylines, authors' notes, navigation and
   language switchers. A line holding a quoted statement (QUOTE_MIN_WORDS words
   inside quotation marks) is speech, never furniture, unless a label makes it a
   credit or byline (LABELLED_FAMILIES). An author's note with body paragraphs
   below it is article text.
3. **shape**: a publication stamp with a rubric or author before it
   (``Politics 9 August 2025 01:12``, ``Jane Doe | 07.11.2022``, ``Москва, 11 июля
   2025. EADaily.``), a row of
   menu items or a breadcrumb (``Politics | World | Sport``, ``Home › Society``),
   or a line that is mostly links.
4. **repeated-across-pages**: the line's `normalise_line` key is in the site's
   boilerplate set (see `site_boilerplate`).
5. **caption-duplicate**: the line repeats the previous non-blank line, or
   (when at least DUPLICATE_MIN_WORDS words long) any earlier line.
6. **teaser**: after the article body has begun, a related-block heading
   starts a block of unrelated teasers that lasts until the end, or until
   "clear body resumes": RESUME_RUN body paragraphs in a row; after headlines
   with no lead (links set into the text), LINK_RESUME_RUN in a row, or, after
   a list of LINK_LIST_LINES of them, the next body paragraph when
   LINK_LIST_BODY_AFTER remain; or at a marked end ("end of list"). The terse
   subheading right above the resumed text is the article's.
7. **zones**. The *title* is the first heading-like line after the site's
   navigation (menus, switchers, clocks), else the heading-like line nearest
   before the first body paragraph. Before the title (the header zone), the
   site's "today" date is ``dateline-header``, lines above the navigation are
   the site's branding and every line that is not heading-like is ``header``.
   With no heading-like line before the body, a heading-like first body
   paragraph (a long question) is the title.
   Between the title and the first body paragraph (the publication stamp,
   byline, place, photo and credit), a line that is neither heading-like nor
   a sentence is ``under-title``, and a line next to a photo credit is its
   ``caption`` (inside the article, the line right under a credit). Lines after
   the last body paragraph form the footer zone: anything that is not
   sentence-like (or a short sentence right under the text) is dropped as
   ``footer``, and so is a sentence right under the site's own notices
   (FOOTER_FURNITURE). A name alone on a line next to a stamp, credit, byline or
   author's note is a ``byline`` without "By". A page with
   no body paragraph at all keeps only sentence-like lines (``no-body``), so a
   page of bare menu words is found to hold nothing, not summarised.
   A notice-like paragraph with body paragraphs right above and below it
   ("All rights are protected by law, the minister said.") is article text.

Everything else is kept, including short subheadings and bullet items inside
the body. Every check is a handful of precompiled regexes on short lines, so
cleaning is O(lines); long lines (body paragraphs) skip the phrase families.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import pairwise
from urllib.parse import urlsplit

from . import lang
from .document import Line, Page
from .lang.universal import ISO_SCRIPTS, SCRIPT_RUNS, TOP_LEVEL_DOMAINS

# Reasons a line is dropped.
BLANK = "blank"
DECORATION = "decoration"
NAVIGATION = "navigation"
MENU = "menu"
SHARE = "share"
SUBSCRIBE = "subscribe"
COPYRIGHT = "copyright"
COUNTER = "counter"
COMMENT_FORM = "comment-form"
COOKIE = "cookie"
CLOCK = "clock"
PLAYER = "player"
PHOTO_CREDIT = "photo-credit"
TAGS = "tags"
LINKS = "links"
BYLINE = "byline"
BIO = "author-bio"
RELATED_BLOCK = "related-block"
RELATED_LINK = "related-link"
RELATED_END = "related-end"
TEASER = "teaser"
CAPTION = "caption"
CAPTION_DUPLICATE = "caption-duplicate"
DATELINE = "dateline"
DATELINE_HEADER = "dateline-header"
HEADER = "header"
UNDER_TITLE = "under-title"
FOOTER = "footer"
REPEATED = "repeated-across-pages"
NO_BODY = "no-body"

#: The reason for each furniture family of the language layer (`lang.FURNITURE_FAMILIES`).
FAMILY_REASONS = {
    "dateline": DATELINE,
    "byline": BYLINE,
    "bio": BIO,
    "counter": COUNTER,
    "clock": CLOCK,
    "share": SHARE,
    "related": RELATED_BLOCK,
    "related_end": RELATED_END,
    "comments": COMMENT_FORM,
    "subscribe": SUBSCRIBE,
    "player": PLAYER,
    "copyright": COPYRIGHT,
    "tags": TAGS,
    "photo": PHOTO_CREDIT,
    "cookie": COOKIE,
    "navigation": NAVIGATION,
}
#: Families whose notices can read like a sentence of the article ("The use of such
#: materials is prohibited, he said."): with body paragraphs right above and below, such
#: a paragraph is article text.
PROSE_LIKE = frozenset({COPYRIGHT, COOKIE, SUBSCRIBE})
#: Families a line keeps even when it holds a quotation: a labelled credit or byline names an outlet in quotes
#: («Фото: Jane Roe / «Новая газета»»), a speech never starts with such a label.
LABELLED_FAMILIES = frozenset({"photo", "byline", "bio"})
#: What a name alone on a line sits next to when it is a byline without "By": stamps, credits, bylines, notes.
BYLINE_NEIGHBOURS = frozenset({DATELINE, BYLINE, BIO, PHOTO_CREDIT})
#: A name alone on a line: this many words, each capitalised ("Anna Ivanova", "ANNA IVANOVA").
NAME_LINE_WORDS = (2, 3)
#: In the footer zone, a sentence right after one of these is the site's (a donation appeal's second
#: sentence, a newsletter box's pitch), not the article's: the article's last lines follow its body.
FOOTER_FURNITURE = frozenset(
    {
        SUBSCRIBE,
        COPYRIGHT,
        SHARE,
        RELATED_BLOCK,
        RELATED_LINK,
        TEASER,
        BIO,
        COMMENT_FORM,
        TAGS,
        COOKIE,
        NAVIGATION,
        MENU,
    }
)
#: What the site's navigation leaves in the text above the article: the title comes after it.
NAVIGATION_REASONS = frozenset({NAVIGATION, MENU, CLOCK})

#: A body paragraph has at least this many words and ends like a sentence (or
#: is at least BODY_LONG_WORDS long). News paragraphs run 15-60 words; menu
#: items, headlines and labels stay under 8 without sentence punctuation.
BODY_MIN_WORDS = 8
BODY_LONG_WORDS = 20
#: A bullet item ("• not to use force ...") with at least this many words and
#: lower-case letters counts as body, so lists inside an article anchor it.
BULLET_MIN_WORDS = 4
#: Sentence-like (kept in the footer zone): at least this many words, ends with
#: sentence punctuation, has a function word.
SENTENCE_MIN_WORDS = 4
#: Heading-like (a title or subheading): this many words, not all capitals,
#: with a function word, inner punctuation or a lower-case word after the first
#: (menus are runs of bare capitalised nouns).
HEADING_MIN_WORDS = 3
HEADING_MAX_WORDS = 30
#: Phrase families are tried on lines up to this many words; longer lines are
#: prose (the longest notices, reuse terms with a site name, run to about 45).
FAMILY_MAX_WORDS = 45
#: A quotation of at least this many words makes a line reported speech ("«All rights
#: are protected», he said"); outlet names in quotes («Коммерсантъ») are shorter.
QUOTE_MIN_WORDS = 4
#: A publication stamp with a label before it ("Politics 9 August 2025 01:12"): at most
#: this many words in all, and STAMP_LABEL_WORDS words of label (a rubric, an author's name).
STAMP_MAX_WORDS = 12
STAMP_LABEL_WORDS = 2
#: A menu row: at least MENU_MIN_ITEMS items of at most MENU_ITEM_WORDS words
#: between "|" separators; or a breadcrumb, at least two items between "›", "»", ">"
#: or " / ". Language switchers and menus run 2-12 items of 1-3 words; a
#: headline with a "|" has a longer part.
MENU_MIN_ITEMS = 3
MENU_ITEM_WORDS = 3
#: A row of bare capitalised words ("Home Countries Sectors Regions Opinion Podcasts", «Политика
#: Экономика Мир Общество Спорт») with at least this many words is a menu whose separators the
#: extractor dropped, when it stands above the title; headlines have a lower-case word or
#: punctuation, and one of five capitalised words and nothing else is rare. The trade-off: a
#: headline in Start Case ("Scholz Hosts Aliyev And Pashinyan In Munich") with a standfirst
#: under it is taken for a menu; alone, it is still the title.
BARE_MENU_WORDS = 5
#: In a teaser block, this many body paragraphs in a row mean the article has
#: resumed (teasers alternate headline and one-paragraph lead, so they rarely
#: give three paragraphs in a row; an inline "Read also" inside a body does).
RESUME_RUN = 3
#: Headlines with no lead are links set into the article ("Read also" and one headline): after them,
#: LINK_RESUME_RUN body paragraphs in a row resume it (teasers with leads alternate, one at a time);
#: after a list of at least LINK_LIST_LINES of them ("Recommended stories" and three headlines) the
#: next body paragraph does when at least LINK_LIST_BODY_AFTER remain (a site's blurb under a footer
#: list is one).
LINK_RESUME_RUN = 2
LINK_LIST_LINES = 3
LINK_LIST_BODY_AFTER = 2
#: A line repeating any earlier line of the page is dropped when it has at
#: least this many words (shorter repeats, like "Question:", can be structure).
DUPLICATE_MIN_WORDS = 5
#: Lines considered by `site_boilerplate`: at most this many words and characters,
#: and never a sentence of SENTENCE_MIN_WORDS+ words with sentence punctuation
#: and at least REPEAT_SENTENCE_WORDS words (shared quotes are content).
REPEAT_MAX_WORDS = 12
REPEAT_MAX_CHARS = 120
REPEAT_SENTENCE_WORDS = 6
#: A line is "mostly links" when at least this share of its tokens are URLs,
#: e-mail addresses or @handles.
LINK_SHARE = 0.5

#: Marks that may close a sentence after its terminal (quotes, brackets), and the
#: clause ends (":" before a list, ";") that end a line of running text too.
_CLOSERS = "\"”»'’)]"
_CLAUSE_ENDS = ":;"
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*+\-–—]|\d{1,3}[.)])\s+")
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
_NON_ALNUM = re.compile(r"[\W_]+")
_TLD = "|".join(TOP_LEVEL_DOMAINS)
_URLISH = re.compile(rf"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$|^@\w{{2,}}$|^\S+\.(?:{_TLD})(?:/\S*)?$", re.IGNORECASE)
#: Markdown emphasis inside a line ("**Share this:** Facebook").
_EMPHASIS = re.compile(r"\*{1,3}|_{2,3}")
_TIME_OF_DAY = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)")
_QUOTATIONS = re.compile(r"«[^«»]*»|“[^“”]*[”“]|„[^„“”]*[“”]|\"[^\"]*\"")
#: Menu separators: "|" anywhere, breadcrumb marks, and " / " with spaces (not "Baku/Yerevan").
_MENU_BARS = re.compile(r"\s*\|\s*")
#: Menu items the extractor set apart by runs of spaces ("Azərbaycan   Dünya   Siyasət").
_SPACED = re.compile(r"\s{2,}")
_CRUMBS = re.compile(r"\s+(?:[›»>/•·])\s+")
#: Text after a related heading and a separator ("Read also: ..."): a link, not a block heading.
_AFTER_SEPARATOR = re.compile(r"[:՝>»|–—-]\s*[^\W\d_]")
#: A name's or a bare menu item's word: a capital, then letters, hyphens or apostrophes ("Анна", "O'Neil",
#: "Jean-Luc", "Kültür-Sanat").
_NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")
#: Parts of a stamp with a place or outlet around it: "Москва, 11 июля 2025. EADaily."
_STAMP_PARTS = re.compile(r"[,.]\s+")


# --------------------------------------------------------------------------- language knowledge


@cache
def _sentence_end() -> re.Pattern[str]:
    """The end of running text: a sentence terminal of any known language (the Armenian ։ among them)
    with the quotes and brackets that may close it, or a clause end."""
    marks = "".join(sorted({mark for code in lang.LANGUAGES for mark in lang.get(code).sentence_terminals}))
    return re.compile(rf"(?:[{re.escape(marks)}][{re.escape(_CLOSERS)}]*|[{_CLAUSE_ENDS}])\s*$")


def _ends_sentence(text: str) -> bool:
    return _sentence_end().search(text[-40:]) is not None


@cache
def _stop_words() -> frozenset[str]:
    """Every known language's frequent words: the page's language is not known yet, and a line with any
    of them reads as prose (names and nouns among them do no harm here)."""
    return frozenset(word for code in lang.LANGUAGES for word in lang.get(code).frequent_words)


def _furniture_family(line: str) -> str | None:
    """The furniture family of `line` in any language that writes its letters (see `lang.furniture_family`).

    A language's phrases are written in its script, and the widgets every
    language shares (clocks, counters, social names) are in each language's
    families: a line of Cyrillic and Latin letters is tried in Russian and the
    Latin-script languages, a line without letters in the first language only.
    """
    scripts = {match.lastgroup for match in SCRIPT_RUNS.finditer(line)}
    languages = [code for code in lang.LANGUAGES if ISO_SCRIPTS[lang.get(code).script] in scripts]
    return lang.furniture_family(line, languages or lang.LANGUAGES[:1])


# --------------------------------------------------------------------------- public API


def normalise_line(text: str) -> str:
    """The key for comparing lines across pages and within a page.

    NFKC and casefold; every run of digits becomes ``0`` (so "Views: 1078" and
    "Views: 12" share a key, as do "© 2024" and "© 2025"); every run of
    non-alphanumeric characters becomes one space; stripped. Lines with no
    letters or digits give "".
    """
    key = unicodedata.normalize("NFKC", text).casefold()
    key = _DIGITS.sub("0", key)
    return _NON_ALNUM.sub(" ", key).strip()


def site_key(page: Page) -> str | None:
    """The site a page belongs to: its source (casefolded, no 'www.'), else its URL's host, else None."""
    if page.source and page.source.strip():
        key = page.source.strip().casefold()
        return key[4:] if key.startswith("www.") else key
    if page.url:
        try:
            host = urlsplit(page.url if "//" in page.url else f"//{page.url}").hostname
        except ValueError:
            host = None
        if host:
            return host[4:] if host.startswith("www.") else host
    return None


def site_boilerplate(pages: Iterable[Page], min_pages: int = 3) -> dict[str | None, frozenset[str]]:
    """Per site, the `normalise_line` keys of short lines found on at least `min_pages` of its pages.

    Only short non-sentence lines count (see REPEAT_MAX_WORDS and
    REPEAT_SENTENCE_WORDS): a paragraph or quote that several pages carry is
    content, not furniture. Every site seen gets an entry (possibly empty);
    None collects pages of unknown site. One pass over all lines: O(total lines).
    """
    by_site: dict[str | None, list[frozenset[str]]] = defaultdict(list)
    for page in pages:
        by_site[site_key(page)].append(repeat_candidates(page))
    return {site: repeated_lines(candidates, min_pages) for site, candidates in by_site.items()}


def repeat_candidates(page: Page) -> frozenset[str]:
    """The keys of `page`'s lines that count towards its site's repetition statistics.

    The per-page half of `site_boilerplate`, so that a worker can find them where it
    reads the page and only the counting (`repeated_lines`) is done per site.
    """
    return frozenset(key for key in {_repeat_candidate(line) for line in page.text.split("\n")} if key)


def repeated_lines(candidates: Iterable[frozenset[str]], min_pages: int = 3) -> frozenset[str]:
    """The keys found on at least `min_pages` of one site's pages, given each page's `repeat_candidates`."""
    counts: dict[str, int] = defaultdict(int)
    for keys in candidates:
        for key in keys:
            counts[key] += 1
    return frozenset(key for key, n in counts.items() if n >= min_pages)


def clean(page: Page, site_boilerplate: frozenset[str] = frozenset()) -> list[Line]:
    """Every line of `page.text`, numbered from 1, kept or dropped with a reason.

    `site_boilerplate` is the set of `normalise_line` keys repeated across this
    page's site (from the function of the same name). See the module docstring
    for the rules, applied in order.
    """
    texts = page.text.split("\n")
    shapes = [_Shape(text) for text in texts]
    reasons: list[str | None] = [_line_reason(shape, site_boilerplate) for shape in shapes]
    _mark_duplicates(shapes, reasons)
    body = [reasons[i] is None and shapes[i].body for i in range(len(shapes))]
    first_body = next((i for i, is_body in enumerate(body) if is_body), None)
    if first_body is None:
        _mark_no_body(shapes, reasons)
    else:
        _mark_teasers(shapes, reasons, body, first_body)
        body = [body[i] and reasons[i] is None for i in range(len(shapes))]
        _keep_inner_bios(shapes, reasons, body)
        _keep_prose_in_body(shapes, reasons, body)
        last_body = max(i for i, is_body in enumerate(body) if is_body)
        _mark_header(shapes, reasons, body, first_body, title_hint=page.title)
        _mark_credit_captions(shapes, reasons, first_body)
        _mark_footer(shapes, reasons, last_body)
    _mark_name_lines(shapes, reasons)
    return [Line(number=i + 1, text=text, kept=reasons[i] is None, reason=reasons[i]) for i, text in enumerate(texts)]


# --------------------------------------------------------------------------- line shape


class _Shape:
    """Cheap features of one line, computed once."""

    __slots__ = ("all_caps", "body", "heading", "key", "sentence", "stripped", "text", "words")

    def __init__(self, text: str):
        self.text = text
        self.stripped = text.strip()
        self.words = len(self.stripped.split())
        self.key = normalise_line(self.stripped) if self.words <= REPEAT_MAX_WORDS * 4 else None
        letters = [c for c in self.stripped[:400] if c.isalpha()]
        upper = sum(1 for c in letters if c.isupper())
        self.all_caps = len(letters) >= 4 and upper >= 0.8 * len(letters)
        ends = _ends_sentence(self.stripped)
        has_stop = self.words > 0 and _has_stop_word(self.stripped)
        has_lower = any(c.islower() for c in letters)
        bullet = bool(_BULLET.match(self.stripped))
        self.body = not self.all_caps and (
            (self.words >= BODY_MIN_WORDS and (ends or self.words >= BODY_LONG_WORDS))
            or (bullet and self.words >= BULLET_MIN_WORDS and has_lower and has_stop)
        )
        self.sentence = self.words >= SENTENCE_MIN_WORDS and ends and has_stop and has_lower and not self.all_caps
        inner_punct = any(c in self.stripped for c in ",:;‘’“”\"'«»–—-?")
        lower_word = any(word[0].islower() for word in self.stripped.split()[1:])
        self.heading = (
            HEADING_MIN_WORDS <= self.words <= HEADING_MAX_WORDS
            and not self.all_caps
            and has_lower
            and (has_stop or inner_punct or lower_word)
        )


def _has_stop_word(text: str) -> bool:
    stop_words = _stop_words()
    return any(word in stop_words for word in _WORD.findall(text[:300].casefold()))


def _repeat_candidate(text: str) -> str | None:
    """The key of a line that may count as site boilerplate, or None."""
    stripped = text.strip()
    if not stripped or len(stripped) > REPEAT_MAX_CHARS:
        return None
    words = len(stripped.split())
    if words > REPEAT_MAX_WORDS:
        return None
    if words >= REPEAT_SENTENCE_WORDS and _ends_sentence(stripped):
        return None
    return normalise_line(stripped) or None


# --------------------------------------------------------------------------- rules


def _line_reason(shape: _Shape, boilerplate: frozenset[str]) -> str | None:
    """Rules 1-4: blank, phrase families, shape, repetition across the site."""
    if not shape.stripped:
        return BLANK
    if _WORD.search(shape.stripped) is None:
        return DECORATION
    if shape.words <= FAMILY_MAX_WORDS:
        family = _furniture_family(_EMPHASIS.sub("", shape.stripped))
        if family is not None and (family in LABELLED_FAMILIES or not _quotes_speech(shape.stripped)):
            reason = FAMILY_REASONS.get(family, family)
            if reason == RELATED_BLOCK and (_AFTER_SEPARATOR.search(shape.stripped) or _glued(shape.stripped[:40])):
                return RELATED_LINK
            return reason
    if shape.words <= STAMP_MAX_WORDS and _is_labelled_stamp(shape.stripped):
        return DATELINE
    if _is_menu(shape.stripped):
        return MENU
    if _links_share(shape.stripped) >= LINK_SHARE:
        return LINKS
    if shape.key and shape.key in boilerplate and shape.words <= REPEAT_MAX_WORDS:
        return REPEATED
    return None


def _glued(text: str) -> bool:
    """A link glued to its label by the extractor ("Read moreArmenia agrees ..."): a lower-case letter, then a capital."""
    return any(a.islower() and b.isupper() for a, b in pairwise(text))


def _quotes_speech(text: str) -> bool:
    """Whether `text` holds a quoted statement (a quotation of QUOTE_MIN_WORDS+ words)."""
    return any(len(m.group().split()) >= QUOTE_MIN_WORDS for m in _QUOTATIONS.finditer(text))


def _is_labelled_stamp(text: str) -> bool:
    """A publication stamp with a label the dateline patterns do not know: a rubric or author before it.

    "Politics 9 August 2025 01:12" (up to STAMP_LABEL_WORDS words, then a dateline with a
    time of day: a headline ending in a date has no time), or "Jane Doe | 07.11.2022"
    (a dateline and short labels between "|" marks).
    """
    parts = [part for part in _MENU_BARS.split(text) if part.strip()]
    if len(parts) > 1:
        families = [_furniture_family(part) for part in parts]
        return "dateline" in families and all(f is not None or _menu_item(p) for f, p in zip(families, parts))
    parts = [part.strip().rstrip(".") for part in _STAMP_PARTS.split(text) if part.strip()]
    if 1 < len(parts) <= 3:
        families = [_furniture_family(part) for part in parts]
        if families.count("dateline") == 1 and all(
            family == "dateline" or _is_label(part) for family, part in zip(families, parts)
        ):
            return True
    words = text.split()
    for cut in range(1, STAMP_LABEL_WORDS + 1):
        rest = " ".join(words[cut:])
        if _TIME_OF_DAY.search(rest) and _furniture_family(rest) == "dateline":
            return True
    return False


def _is_label(text: str) -> bool:
    """A place or an outlet's name beside a stamp: up to STAMP_LABEL_WORDS words, the first capitalised."""
    words = text.split()
    return 0 < len(words) <= STAMP_LABEL_WORDS and words[0][:1].isupper() and _menu_item(text)


def _is_menu(text: str) -> bool:
    """A row of menu items ("News | Politics | Sport") or a breadcrumb ("Home › Society", "World / Europe")."""
    for separator, minimum in ((_MENU_BARS, MENU_MIN_ITEMS), (_CRUMBS, 2), (_SPACED, MENU_MIN_ITEMS)):
        items = [item for item in separator.split(text) if item.strip()]
        if len(items) >= minimum and all(_menu_item(item) for item in items):
            return True
    return False


def _capitalised_words(shape: _Shape) -> int:
    """How many words the line has when each is a capitalised word of letters (`_NAME_TOKEN`), else 0."""
    words = shape.stripped.split()
    return len(words) if all(word[0].isupper() and _NAME_TOKEN.fullmatch(word) for word in words) else 0


def _bare_run(shape: _Shape) -> bool:
    """BARE_MENU_WORDS or more capitalised words and nothing else: no lower-case word, no punctuation."""
    return _capitalised_words(shape) >= BARE_MENU_WORDS


def _menu_item(item: str) -> bool:
    """A short label: a few words, no sentence end or colon ("Armenia / Azerbaijan: talks resume" is a headline)."""
    words = item.split()
    return (
        0 < len(words) <= MENU_ITEM_WORDS and ":" not in item and not _ends_sentence(item) and bool(_WORD.search(item))
    )


def _links_share(text: str) -> float:
    tokens = text.split()
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if _URLISH.match(t.strip("()[]<>,;"))) / len(tokens)


def _mark_duplicates(shapes: list[_Shape], reasons: list[str | None]) -> None:
    """Rule 5: a line repeating the previous non-blank line, or a long-enough earlier line."""
    seen: set[str] = set()
    previous: str | None = None
    for i, shape in enumerate(shapes):
        if not shape.stripped:
            continue
        key = shape.key if shape.key is not None else shape.stripped
        if reasons[i] is None and key and (key == previous or (shape.words >= DUPLICATE_MIN_WORDS and key in seen)):
            reasons[i] = CAPTION_DUPLICATE
        previous = key
        seen.add(key)


def _is_name_line(shape: _Shape) -> bool:
    """A person's name alone: NAME_LINE_WORDS capitalised words of letters, no digits or punctuation."""
    return NAME_LINE_WORDS[0] <= _capitalised_words(shape) <= NAME_LINE_WORDS[1]


def _mark_name_lines(shapes: list[_Shape], reasons: list[str | None]) -> None:
    """A byline without "By": a name alone on its line, next to a stamp, a credit, a byline or an author's note."""
    lines = [i for i, shape in enumerate(shapes) if shape.stripped]
    for before, line, after in zip([None, *lines], lines, [*lines[1:], None]):
        if reasons[line] is not None or not _is_name_line(shapes[line]):
            continue
        if any(other is not None and reasons[other] in BYLINE_NEIGHBOURS for other in (before, after)):
            reasons[line] = BYLINE


def _keep_inner_bios(shapes: list[_Shape], reasons: list[str | None], body: list[bool]) -> None:
    """An author's note is the page's only after the article: one with body paragraphs below it is article text."""
    below = False
    for i in range(len(reasons) - 1, -1, -1):
        if reasons[i] == BIO and below:
            reasons[i], body[i] = None, shapes[i].body
        below = below or body[i]


def _mark_teasers(shapes: list[_Shape], reasons: list[str | None], body: list[bool], first_body: int) -> None:
    """Rule 6: from a related-block heading after the body began, teasers until body resumes or the block's
    end is marked ("end of list").

    After bare headlines (a list of links), the article's short paragraphs count towards its
    resumption too (a one-sentence paragraph is no headline). The subheading right above the
    resumed body is the article's after a list of two or more lines, or after teasers with leads
    when more than RESUME_RUN paragraphs follow it, and when it is shorter than every line of the
    block above it: a list's headline is followed by another headline, a teaser's by one lead, a
    section's heading by its paragraphs, and a section's heading is terse where a headline is a
    whole clause. (After one bare link, "Read also: X", X is the link.) Inside a block, a question
    shorter than BODY_LONG_WORDS is a headline ("Who are the parties and why have they been
    fighting?"), not a lead nor the article's return.
    """
    n = len(shapes)
    body = [body[i] and not _is_question_headline(shapes[i]) for i in range(n)]
    # run[i]: body paragraphs in a row starting at i, blank lines skipped; prose[i]: the same, sentences counted.
    run = [0] * (n + 1)
    prose = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        if not shapes[i].stripped:
            run[i], prose[i] = run[i + 1], prose[i + 1]
        else:
            if body[i]:
                run[i] = 1 + run[i + 1]
            if body[i] or (reasons[i] is None and shapes[i].sentence):
                prose[i] = 1 + prose[i + 1]
    # left[i]: body paragraphs from i to the end.
    left = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        left[i] = left[i + 1] + body[i]
    in_block = False
    headlines: int | None = 0  # lines of the block so far while none is a lead: a list of links
    previous: int | None = None  # the block's last non-blank line
    shortest = 0  # words of the block's shortest line before `previous`
    for i in range(first_body + 1, n):
        if reasons[i] == RELATED_BLOCK:
            in_block, headlines, previous, shortest = True, 0, None, 0
            continue
        if not in_block or not shapes[i].stripped:
            continue
        if reasons[i] == RELATED_END:
            in_block = False
            continue
        bare = headlines or 0  # None once a lead came: teasers, not links
        resumes = bare > 0 and (
            prose[i] >= LINK_RESUME_RUN or (bare >= LINK_LIST_LINES and left[i] >= LINK_LIST_BODY_AFTER)
        )
        if body[i] and (run[i] >= RESUME_RUN or resumes):
            in_block = False
            after_list = bare >= 2 if headlines is not None else run[i] > RESUME_RUN
            if (
                after_list
                and previous is not None
                and shapes[previous].words < shortest
                and _is_subheading(shapes[previous])
            ):
                reasons[previous] = None
            continue
        if previous is not None:
            shortest = min(shortest, shapes[previous].words) if shortest else shapes[previous].words
        if reasons[i] is None:
            reasons[i] = TEASER
            headlines = None if body[i] or headlines is None else headlines + 1
        previous = i if reasons[i] == TEASER else None


def _is_question_headline(shape: _Shape) -> bool:
    return shape.words < BODY_LONG_WORDS and shape.stripped.rstrip(_CLOSERS).endswith("?")


def _is_subheading(shape: _Shape) -> bool:
    """A section's heading ("Что будет дальше?", "Договорились продолжать"): two words or more with a
    lower-case letter, short of a body paragraph, not ending like a sentence but for a question."""
    return (
        2 <= shape.words <= HEADING_MAX_WORDS
        and not shape.all_caps
        and not shape.body
        and any(c.islower() for c in shape.stripped)
        and not _ends_sentence(shape.stripped.rstrip("?!՞"))
    )


def _keep_prose_in_body(shapes: list[_Shape], reasons: list[str | None], body: list[bool]) -> None:
    """Rule 7's exception: a notice-like paragraph with body paragraphs right above and below is article text."""
    lines = [i for i, shape in enumerate(shapes) if shape.stripped]
    for above, line, below in zip(lines, lines[1:], lines[2:]):
        if reasons[line] in PROSE_LIKE and shapes[line].body and body[above] and body[below]:
            reasons[line] = None
            body[line] = True


def _mark_header(
    shapes: list[_Shape], reasons: list[str | None], body: list[bool], first_body: int, title_hint: str | None
) -> None:
    """Rule 7, header and under-title zones: furniture and the site's "today" date before the title, stamps after it.

    With no heading-like line before the body, a first body paragraph that is heading-like is the
    title (a headline that asks a long question ends like a sentence), and the body starts after it.
    """
    title = _find_title(shapes, reasons, first_body, title_hint)
    if title is None and shapes[first_body].heading:
        title = first_body
        first_body = next((i for i in range(title + 1, len(body)) if body[i]), title + 1)
    if title is None:
        return
    navigation = _last_navigation(reasons, title)
    for i in range(title):
        if reasons[i] == DATELINE:
            reasons[i] = DATELINE_HEADER
        elif reasons[i] is None and (i < navigation or not shapes[i].heading):
            reasons[i] = HEADER
        elif reasons[i] is None and _bare_run(shapes[i]):
            reasons[i] = MENU
    _mark_captions(shapes, reasons, title, first_body)
    for i in range(title + 1, first_body):
        shape = shapes[i]
        if reasons[i] is None and not shape.heading and not shape.sentence:
            reasons[i] = UNDER_TITLE


def _find_title(shapes: list[_Shape], reasons: list[str | None], first_body: int, hint: str | None) -> int | None:
    """Index of the title: the line matching `hint` if any; else the first heading-like line after the
    site's last navigation line before the body; else the heading-like line nearest before the body."""
    if hint:
        hint_key = normalise_line(hint)
        for i in range(first_body):
            key = shapes[i].key
            if (
                reasons[i] is None
                and key
                and (key == hint_key or (shapes[i].heading and hint_key.startswith(key + " ")))
            ):
                return i
    candidates = [i for i in range(first_body) if reasons[i] is None and shapes[i].heading]
    worded = [i for i in candidates if not _bare_run(shapes[i])]  # a bare run is a menu when a headline follows
    candidates = worded or candidates
    navigation = _last_navigation(reasons, first_body)
    return next((i for i in candidates if i > navigation), candidates[-1] if candidates else None)


def _last_navigation(reasons: list[str | None], end: int) -> int:
    """Index of the last line of the site's navigation (menus, switchers, clocks) before `end`, or -1."""
    return max((i for i in range(end) if reasons[i] in NAVIGATION_REASONS), default=-1)


def _mark_captions(shapes: list[_Shape], reasons: list[str | None], title: int, first_body: int) -> None:
    """The lead photo's caption: a line under the title, not ending like a sentence, next to its photo credit."""
    lines = [i for i in range(title + 1, first_body) if shapes[i].stripped]
    for before, line, after in zip([None, *lines], lines, [*lines[1:], None]):
        if reasons[line] is not None or _ends_sentence(shapes[line].stripped):
            continue
        if any(other is not None and _is_credit(shapes[other], reasons[other]) for other in (before, after)):
            reasons[line] = CAPTION


def _mark_credit_captions(shapes: list[_Shape], reasons: list[str | None], first_body: int) -> None:
    """A photo's caption inside the article: the line right under its credit ("Image: Jane Roe/AP", then the
    caption), when it does not end like a sentence and is no body paragraph."""
    lines = [i for i in range(first_body + 1, len(shapes)) if shapes[i].stripped]
    for credit, line in pairwise(lines):
        shape = shapes[line]
        if (
            reasons[line] is None
            and _is_credit(shapes[credit], reasons[credit])
            and not shape.body
            and not _ends_sentence(shape.stripped)
        ):
            reasons[line] = CAPTION


def _is_credit(shape: _Shape, reason: str | None) -> bool:
    """A photo credit: "Photo: Reuters", or a "©" line naming the photo's source."""
    return reason == PHOTO_CREDIT or (reason == COPYRIGHT and shape.stripped.startswith("©"))


def _mark_no_body(shapes: list[_Shape], reasons: list[str | None]) -> None:
    """Rule 7 on a page without a body paragraph: only sentence-like lines survive."""
    for i, shape in enumerate(shapes):
        if reasons[i] is None and not shape.sentence:
            reasons[i] = NO_BODY


def _mark_footer(shapes: list[_Shape], reasons: list[str | None], last_body: int) -> None:
    """Rule 7, footer zone: after the last body paragraph, only sentences survive, and not those right under
    the site's own furniture (FOOTER_FURNITURE: a donation appeal's second sentence). A short sentence right
    under the article's text ("Вопрос без ответа.") is its last paragraph."""
    previous: str | None = None
    follows_text = True
    for i in range(last_body + 1, len(shapes)):
        shape = shapes[i]
        if not shape.stripped:
            continue
        sentence = shape.sentence or (follows_text and _is_short_sentence(shape))
        if reasons[i] is None and (not sentence or previous in FOOTER_FURNITURE):
            reasons[i] = FOOTER
        previous = reasons[i]
        follows_text = reasons[i] is None


def _is_short_sentence(shape: _Shape) -> bool:
    """A paragraph of two or three words that ends like a sentence ("Вопрос без ответа.", "Ни слова."), not like a
    link to more ("Share it...")."""
    text = shape.stripped
    return (
        shape.words >= 2
        and not shape.all_caps
        and _ends_sentence(text)
        and not text.endswith(("..", "…"))
        and any(c.islower() for c in text)
    )
