"""Stage 2, clean: judge every line of a page as article text or page furniture.

`clean(page)` returns one `Line` per line of `Page.text` (1-based numbers);
dropped lines carry a short machine-readable reason. The judgement uses general
signals only, in this order (the first that applies gives the reason):

1. **blank / decoration**: empty, or no letters or digits (``* * *``).
2. **keyword families**, matched against the *whole* line (after stripping
   bullets, markdown markers and edge punctuation), so a sentence that merely
   mentions a word is never hit: navigation and language switchers, social
   names, share/print/copy-link, follow/subscribe, copyright and reuse notices,
   view counters, font-size toggles, comment forms, cookie notices, search
   prompts, photo credits, tag lists, lines that are mostly links, and
   "Latest"/"Related"/"Read also" section headings.
3. **repeated-across-pages**: the line's `normalise_line` key is in the site's
   boilerplate set (see `site_boilerplate`).
4. **caption-duplicate**: the line repeats the previous non-blank line, or
   (when at least DUPLICATE_MIN_WORDS words long) any earlier line.
5. **teaser**: after the article body has begun, a related-block heading
   (rule 2) starts a block of unrelated teasers that lasts until the end, or
   until "clear body resumes": RESUME_RUN body paragraphs in a row.
6. **zones**. The *title* is the heading-like line nearest before the first
   body paragraph. Lines before the title form the header zone: there a
   date-only line is dropped as ``dateline-header`` (the site's "today" date),
   and any other line that is neither heading-like nor sentence-like (menu
   tokens, category labels) as ``header``. A date-only line *after* the title,
   such as ``31 May 2023 09:17`` under the headline, is the article's own
   timestamp and is kept. Lines after the last body paragraph form the footer
   zone: anything that is not sentence-like is dropped as ``footer``.
   A page with no body paragraph at all is all zones: there too only
   sentence-like lines survive (``no-body``), so a page of bare menu words and
   labels ("Business", "Video") is found to hold nothing, not summarised.

Everything else is kept, including short subheadings and bullet items inside
the body. Every check is a handful of precompiled regexes on short lines, so
cleaning is O(lines); long lines (body paragraphs) skip most of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

from .document import Line, Page

# Reasons a line is dropped.
BLANK = "blank"
DECORATION = "decoration"
NAVIGATION = "navigation"
SOCIAL = "social"
SHARE = "share"
SUBSCRIBE = "subscribe"
COPYRIGHT = "copyright"
COUNTER = "counter"
FONT_SIZE = "font-size"
COMMENT_FORM = "comment-form"
COOKIE = "cookie"
SEARCH = "search"
PHOTO_CREDIT = "photo-credit"
TAGS = "tags"
LINKS = "links"
RELATED_BLOCK = "related-block"
RELATED_LINK = "related-link"
TEASER = "teaser"
CAPTION_DUPLICATE = "caption-duplicate"
DATELINE_HEADER = "dateline-header"
HEADER = "header"
FOOTER = "footer"
REPEATED = "repeated-across-pages"
NO_BODY = "no-body"

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
#: Keyword families are tried only on lines up to this many words; longer
#: lines are prose. Reuse/cookie notices can be long, so they get their own limit.
FAMILY_MAX_WORDS = 16
NOTICE_MAX_WORDS = 45
#: In a teaser block, this many body paragraphs in a row mean the article has
#: resumed (teasers alternate headline and one-paragraph lead, so they rarely
#: give three paragraphs in a row; an inline "Read also" inside a body does).
RESUME_RUN = 3
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

_STOP_WORDS = frozenset(
    # en
    "a an the of to in on at for from by with and or but as is are was were be been has have had will would "
    "that this these those it its he she they we you i not no after before about over into between than "
    "said says who which what when where while also"
    # ru
    " и в во на с со по что не о об для из к ко это как а от за у до при он она они мы же ли бы был была были"
    # az / tr
    " və ilə bu bir üçün da də ki olan isə ən görə ve ile için olarak"
    # hy
    " և է են որ ի համար հետ մեջ այս նաև չի էր ու որը իր"
    # fr / de / es
    " le la les des du et est une un pour dans der die das und ist ein eine mit den von el los las y en es".split()
)

_TERMINAL = ".!?…\"”»'’):;"
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*+\-–—]|\d{1,3}[.)])\s+")
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
_NON_ALNUM = re.compile(r"[\W_]+")
_URLISH = re.compile(
    r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$|^@\w{2,}$|^\S+\.(?:com|org|net|az|am|ru|ge|tr|info|news)(?:/\S*)?$"
)


def _alternation(items: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(i).replace(r"\ ", r"\s+") for i in items), key=len, reverse=True))


_LANGUAGE_TOKENS = (
    "en eng english ru rus русский arm hy hye am հայերեն հայ az aze azə azərbaycan azərbaycanca "
    "tr türkçe fr français de deutsch ka geo ge ქართული fa فارسی ua uk українська es"
).split()
_NAV_PHRASES = [
    "home",
    "homepage",
    "main",
    "menu",
    "main menu",
    "search",
    "login",
    "log in",
    "logout",
    "sign in",
    "sign up",
    "register",
    "account",
    "my account",
    "profile",
    "contacts",
    "contact",
    "contact us",
    "about",
    "about us",
    "advertising",
    "advertise",
    "privacy policy",
    "privacy",
    "terms of use",
    "terms and conditions",
    "terms",
    "sitemap",
    "skip to content",
    "skip to main content",
    "accessibility links",
    "back to top",
    "to top",
    "top",
    "next",
    "previous",
    "prev",
    "older",
    "newer",
    "more",
    "show more",
    "load more",
    "view more",
    "view all",
    "see all",
    "all news",
    "loading",
    "please wait",
    "close",
    "open",
    "toggle navigation",
    "toggle menu",
    "night theme",
    "night mode",
    "dark mode",
    "light mode",
    "theme",
    "dark",
    "light",
    "ads",
    "ad",
    "advertisement",
    "sponsored",
    "sponsored content",
    "partner content",
    "print version",
    "archive",
    "video",
    "videos",
    "photo",
    "photos",
    "gallery",
    "multimedia",
    "podcast",
    "podcasts",
    "live",
    "opinion",
    "news",
    "politics",
    "economy",
    "world",
    "society",
    "sport",
    "sports",
    "culture",
    "region",
    "analytics",
    "interview",
    "back",
    "go back",
    "главная",
    "поиск",
    "меню",
    "войти",
    "новости",
    "реклама",
    "загрузка",
    "axtar",
    "axtarış",
    "xəbərlər",
    "əsas səhifə",
    "menyu",
    "reklam",
    "որոնում",
    "գլխավոր",
    "լուրեր",
    "մենյու",
    *_LANGUAGE_TOKENS,
]
_SOCIAL_NAMES = [
    "facebook",
    "fb",
    "twitter",
    "x",
    "youtube",
    "instagram",
    "telegram",
    "tiktok",
    "vk",
    "vkontakte",
    "ok",
    "odnoklassniki",
    "linkedin",
    "whatsapp",
    "viber",
    "reddit",
    "pinterest",
    "threads",
    "mastodon",
    "bluesky",
    "flipboard",
    "tumblr",
    "messenger",
    "skype",
    "rss",
    "google news",
    "apple store",
    "app store",
    "google play",
    "play market",
    "play store",
    "apple podcasts",
    "spotify",
    "email",
    "e-mail",
    "mail",
    "вконтакте",
    "одноклассники",
    "телеграм",
]
_RELATED_HEADINGS = [
    "latest",
    "latest news",
    "the latest",
    "latest articles",
    "latest stories",
    "more articles like this",
    "more articles",
    "more news",
    "more stories",
    "more videos",
    "more on this topic",
    "more on this story",
    "related",
    "related articles",
    "related news",
    "related stories",
    "related posts",
    "related content",
    "related topics",
    "related coverage",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "you might be interested in",
    "recommended",
    "recommended for you",
    "recommended articles",
    "popular",
    "popular news",
    "popular now",
    "most popular",
    "most read",
    "most viewed",
    "most shared",
    "top stories",
    "top news",
    "trending",
    "trending now",
    "editor's picks",
    "editors' picks",
    "editors picks",
    "must read",
    "must reads",
    "don't miss",
    "dont miss",
    "read also",
    "also read",
    "see also",
    "read next",
    "up next",
    "what to read next",
    "other news",
    "similar news",
    "in other news",
    "news feed",
    "newsfeed",
    "featured",
    "in case you missed it",
    "читайте также",
    "смотрите также",
    "по теме",
    "последние новости",
    "другие новости",
    "похожие новости",
    "лента новостей",
    "самое читаемое",
    "популярное",
    "son xəbərlər",
    "digər xəbərlər",
    "oxşar xəbərlər",
    "həmçinin oxuyun",
    "xəbər lenti",
    "ən çox oxunanlar",
    "լրահոս",
    "կարդացեք նաև",
    "նմանատիպ նյութեր",
    "վերջին լուրեր",
    "այլ նորություններ",
    "թեմայով",
]
_FONT_TOKENS = [
    "a+",
    "a-",
    "a−",
    "a",
    "aa",
    "xs",
    "s",
    "sm",
    "m",
    "md",
    "l",
    "lg",
    "xl",
    "xxl",
    "font size",
    "text size",
    "font",
    "size",
    "reset",
    "+",
    "-",
    "t+",
    "t-",
]
_SEP = r"[\s|/·•,;:\-–—]*"


def _token_run(tokens: Iterable[str]) -> re.Pattern[str]:
    """A line made only of the given tokens, separated by spaces or light punctuation."""
    alt = _alternation(tokens)
    return re.compile(rf"(?:(?:{alt})(?![^\W_]){_SEP})+")


_NAV_RUN = _token_run(_NAV_PHRASES)
_SOCIAL_RUN = _token_run(_SOCIAL_NAMES)
_FONT_RUN = _token_run(_FONT_TOKENS)
_RELATED = re.compile(
    rf"(?:{_alternation(_RELATED_HEADINGS)})(?:\s+(?:news|articles|stories|posts))?"
    r"|(?:more|also|popular|most\s+read)(?:\s+(?:news|articles|stories|videos))?\s+(?:from|in|on|about)\s+.{1,40}"
)
_RELATED_INLINE = re.compile(
    r"(?:read also|also read|see also|read more|related|читайте также|смотрите также|həmçinin oxuyun|կարդացեք նաև)\s*[:\-–—>»]\s*\S.*"
)
_UI_IDENTIFIER = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+|[a-z]+-(?:line|icon|btn|button|fill|outline|o)")

_FAMILY_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        SHARE,
        re.compile(
            r"(?:share(?:\s+(?:it|this|now|article|story|post|page|news))?(?:\s+(?:on|via|with)\s+.{1,30})?"
            r"|share\s+this\s+(?:article|story|post|page)|print(?:\s+(?:this|article|page|version|this\s+article|this\s+page))?"
            r"|copy(?:\s+the)?\s+link|link\s+copied|copied(?:\s+to\s+clipboard)?|send(?:\s+to\s+(?:a\s+)?friend)?|e-?mail\s+this(?:\s+article)?"
            r"|tweet|save|bookmark|поделиться|ссылка\s+скопирована|скопировать\s+ссылку|печать|paylaş|link\s+kopyalandı|կիսվել)"
        ),
    ),
    (
        SHARE,
        re.compile(
            r"(?:.{0,40}[?!.]\s*)?share\s+(?:it|this|the\s+(?:story|article|news|post))?\s*(?:on|via|with)\s+"
            r"(?:social\s+(?:media|networks)|your\s+friends|friends|facebook|twitter|whatsapp|telegram|x)\b.{0,20}"
        ),
    ),
    (
        SUBSCRIBE,
        re.compile(
            r"(?:follow|join|find|like)\s+us(?:\s+on\s+.{1,40})?|(?:subscribe|sign\s+up|register)(?:\s+(?:to|for|on))?(?:\s+(?:our|the|us))?"
            r"(?:\s+.{1,40})?\s+(?:newsletter|channel|page|updates|feed|telegram|youtube|digest)(?:\s+.{1,40})?"
            r"|subscribe(?:\s+now)?|get\s+(?:our|the)\s+newsletter.{0,40}|подписывайтесь.{0,60}|мы\s+в\s+соцсетях|bizi\s+izləyin.{0,40}"
        ),
    ),
    (
        COPYRIGHT,
        re.compile(
            r"(?:copyright|c\))\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)\b.{0,100}|.{0,120}\ball\s+rights\s+reserved\b.{0,120}"
            r"|.{0,60}(?:все\s+права\s+защищены|bütün\s+hüquqlar\s+qorunur|բոլոր\s+իրավունքները\s+պաշտպանված\s+են).{0,60}"
        ),
    ),
    (
        COUNTER,
        re.compile(
            r"(?:views?|reads?|read|visits?|comments?|likes?|shares?|просмотр\w*|baxış\w*|դիտում\w*)\s*[:\-]?\s*\d[\d\s.,]*[kкm]?"
            r"|\d[\d\s.,]*[kкm]?\s*(?:views?|reads?|visits?|likes?|shares?|просмотр\w*|baxış\w*|դիտում\w*)|\d[\d\s.,]*"
        ),
    ),
    (
        COMMENT_FORM,
        re.compile(
            r"leave\s+a\s+(?:reply|comment).{0,40}|(?:post|add|write|submit)\s+(?:a\s+|your\s+)?comment|cancel\s+reply"
            r"|your\s+(?:e-?mail\s+)?(?:address|email)\s+will\s+not\s+be\s+published.{0,120}|required\s+fields\s+are\s+marked.{0,10}"
            r"|comments?\s+(?:are\s+)?closed|save\s+my\s+name.{0,160}|you\s+must\s+be\s+logged\s+in.{0,80}|notify\s+me\s+of.{0,80}"
            r"|be\s+the\s+first\s+to\s+comment.{0,20}|\d*\s*comments?|(?:name|e-?mail|website|comment|message)\s*\*?"
            r"|log\s+in\s+to\s+(?:reply|comment)|(?:добавить|оставить)\s+комментарий|комментари\w*|şərh\s+yaz\w*"
        ),
    ),
    (
        SEARCH,
        re.compile(
            r"(?:search(?:\s+for)?|type\s+to\s+search|what\s+are\s+you\s+looking\s+for|enter\s+(?:a\s+)?(?:keyword|search\s+term)s?"
            r"|search\s+(?:the\s+)?(?:site|news)|найти|поиск\s+по\s+сайту|axtarış\s+edin)\s*(?:here)?"
        ),
    ),
    (
        PHOTO_CREDIT,
        re.compile(
            r"(?:photos?|images?|pictures?|video|photograph|фото|foto|լուսանկար\w*)(?:\s+(?:by|credit))?\s*[:/©].{1,60}|(?:photo|image)\s+credit.{0,60}"
        ),
    ),
    (TAGS, re.compile(r"(?:tags?|topics?|теги|метки|teqlər)\s*:.{0,200}")),
]
_COOKIE_NOTICE = re.compile(
    r"\b(?:we\s+use|this\s+(?:web)?site\s+uses|accept|consent|policy|settings|preferences|agree)\b"
)
_REUSE_NOTICE = re.compile(
    r"^(?:any\s+|the\s+)?(?:use|reproduction|copying|republication|reprinting|citing|quoting|distribution)\b.{0,60}\bmaterials?\b"
    r".{0,100}\b(?:hyperlink|link|reference|permission|consent|written)\b"
    r"|^(?:при\s+)?(?:использовани|перепечатк|цитировани)\w*.{0,60}\bматериал\w*.{0,100}\b(?:ссылк|гиперссылк|разрешени)\w*"
    r"|^materiallardan\s+istifadə.{0,120}"
)
_SHARE_PREFIX = re.compile(r"(?:share(?:\s+(?:this|on|via))?|поделиться|paylaş)[\W_]*([^\W_].*)")
_HASHTAGS = re.compile(r"(?:#[^\W_][\w-]*[\s,]*){2,}")
_BYLINE = re.compile(r"^(?:by|from|автор|müəllif|հեղինակ)\s*[:\s]\s*\S", re.IGNORECASE)

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь "
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
    "yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr "
    "հունվար փետրվար մարտ ապրիլ մայիս հունիս հուլիս օգոստոս սեպտեմբեր հոկտեմբեր նոյեմբեր դեկտեմբեր"
).split()
_DATE_FILLERS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "понедельник вторник среда четверг пятница суббота воскресенье "
    "bazar ertəsi çərşənbə axşamı cümə şənbə "
    "published updated posted last modified date on at am pm gmt utc local time today yesterday "
    "опубликовано обновлено г года yayımlanıb tarix il"
).split()
_DATE_WORDS = frozenset(_MONTHS) | frozenset(_DATE_FILLERS)
_MONTH_WORDS = frozenset(_MONTHS)


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
    counts: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for page in pages:
        site_counts = counts[site_key(page)]
        for key in {_repeat_candidate(line) for line in page.text.split("\n")}:
            if key:
                site_counts[key] += 1
    return {
        site: frozenset(key for key, n in site_counts.items() if n >= min_pages) for site, site_counts in counts.items()
    }


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
    if first_body is not None:
        _mark_teasers(shapes, reasons, body, first_body)
        body = [body[i] and reasons[i] is None for i in range(len(shapes))]
        _mark_header(shapes, reasons, first_body, title_hint=page.title)
        last_body = max(i for i, is_body in enumerate(body) if is_body)
        _mark_footer(shapes, reasons, last_body)
    else:
        _mark_no_body(shapes, reasons)
    return [Line(number=i + 1, text=text, kept=reasons[i] is None, reason=reasons[i]) for i, text in enumerate(texts)]


# --------------------------------------------------------------------------- line shape


class _Shape:
    """Cheap features of one line, computed once."""

    __slots__ = ("all_caps", "body", "core", "date", "heading", "key", "sentence", "stripped", "text", "words")

    def __init__(self, text: str):
        self.text = text
        self.stripped = text.strip()
        # `core`: casefolded, without bullets, markdown markers or edge punctuation.
        self.core = _strip_edges(_BULLET.sub("", self.stripped, count=1).casefold())
        self.words = len(self.stripped.split())
        self.key = normalise_line(self.stripped) if self.words <= REPEAT_MAX_WORDS * 4 else None
        letters = [c for c in self.stripped[:400] if c.isalpha()]
        upper = sum(1 for c in letters if c.isupper())
        self.all_caps = len(letters) >= 4 and upper >= 0.8 * len(letters)
        ends = self.stripped.endswith(tuple(_TERMINAL))
        has_stop = self.words > 0 and _has_stop_word(self.core)
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
            and not _BYLINE.match(self.stripped)
        )
        self.date = 0 < self.words <= 10 and _is_date_line(self.core)


def _strip_edges(text: str) -> str:
    """`text` from its first to its last letter or digit (linear; no regex backtracking)."""
    first = _WORD.search(text)
    last = _WORD.search(text[::-1])
    if first is None or last is None:
        return ""
    return text[first.start() : len(text) - last.start()]


def _has_stop_word(core: str) -> bool:
    return any(word in _STOP_WORDS for word in _WORD.findall(core[:300]))


def _is_date_line(core: str) -> bool:
    """True when the line is only a date (and maybe weekday, time, 'Updated:'...)."""
    tokens = _WORD.findall(core)
    if not tokens:
        return False
    has_digits = False
    has_year_or_month = False
    for token in tokens:
        if token.isdigit():
            has_digits = True
            if len(token) == 4 or len(token) == 8:
                has_year_or_month = True
        elif token in _MONTH_WORDS:
            has_year_or_month = True
        elif token not in _DATE_WORDS:
            return False
    return has_digits and has_year_or_month


def _repeat_candidate(text: str) -> str | None:
    """The key of a line that may count as site boilerplate, or None."""
    stripped = text.strip()
    if not stripped or len(stripped) > REPEAT_MAX_CHARS:
        return None
    words = len(stripped.split())
    if words > REPEAT_MAX_WORDS:
        return None
    if words >= REPEAT_SENTENCE_WORDS and stripped.endswith(tuple(_TERMINAL)):
        return None
    return normalise_line(stripped) or None


# --------------------------------------------------------------------------- rules


def _line_reason(shape: _Shape, boilerplate: frozenset[str]) -> str | None:
    """Rules 1-3: blank, keyword families, repetition across the site."""
    if not shape.stripped:
        return BLANK
    if _WORD.search(shape.stripped) is None:
        return DECORATION
    reason = _family(shape)
    if reason is not None:
        return reason
    if shape.key and shape.key in boilerplate and shape.words <= REPEAT_MAX_WORDS:
        return REPEATED
    return None


def _family(shape: _Shape) -> str | None:
    """The keyword family the whole line belongs to, or None."""
    core = shape.core
    if shape.words <= NOTICE_MAX_WORDS:
        if "©" in shape.stripped:
            return COPYRIGHT
        if _REUSE_NOTICE.match(core):
            return COPYRIGHT
        if "cookie" in core and _COOKIE_NOTICE.search(core):
            return COOKIE
        if "rights reserved" in core or "права защищены" in core:
            return COPYRIGHT
    if shape.words > FAMILY_MAX_WORDS:
        return None
    if not core:
        return COUNTER if any(c.isdigit() for c in shape.stripped) else None
    if _RELATED.fullmatch(core):
        return RELATED_BLOCK
    if _RELATED_INLINE.fullmatch(core):
        return RELATED_LINK
    if _SOCIAL_RUN.fullmatch(core):
        return SOCIAL
    if _NAV_RUN.fullmatch(core) or _UI_IDENTIFIER.fullmatch(core):
        return NAVIGATION
    if _FONT_RUN.fullmatch(core):
        return FONT_SIZE
    quoted = any(c in shape.stripped for c in '“”"«»„')
    for reason, pattern in _FAMILY_PATTERNS:
        if quoted and reason in (SHARE, SUBSCRIBE):
            continue
        if pattern.fullmatch(core):
            return reason
    share_list = _SHARE_PREFIX.match(core)
    if share_list and _SOCIAL_RUN.fullmatch(share_list.group(1)):
        return SHARE
    if _HASHTAGS.fullmatch(shape.stripped):
        return TAGS
    if _links_share(shape.stripped) >= LINK_SHARE:
        return LINKS
    return None


def _links_share(text: str) -> float:
    tokens = text.split()
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if _URLISH.match(t.strip("()[]<>,;"))) / len(tokens)


def _mark_duplicates(shapes: list[_Shape], reasons: list[str | None]) -> None:
    """Rule 4: a line repeating the previous non-blank line, or a long-enough earlier line."""
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


def _mark_teasers(shapes: list[_Shape], reasons: list[str | None], body: list[bool], first_body: int) -> None:
    """Rule 5: from a related-block heading after the body began, teasers until body resumes."""
    n = len(shapes)
    # run[i]: body paragraphs in a row starting at i, blank lines skipped.
    run = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        if not shapes[i].stripped:
            run[i] = run[i + 1]
        elif body[i]:
            run[i] = 1 + run[i + 1]
    in_block = False
    for i in range(first_body + 1, n):
        if reasons[i] == RELATED_BLOCK:
            in_block = True
            continue
        if not in_block or not shapes[i].stripped:
            continue
        if body[i] and run[i] >= RESUME_RUN:
            in_block = False
            continue
        if reasons[i] is None:
            reasons[i] = TEASER


def _mark_header(shapes: list[_Shape], reasons: list[str | None], first_body: int, title_hint: str | None) -> None:
    """Rule 6, header zone: furniture and the site's "today" date before the title."""
    title = _find_title(shapes, reasons, first_body, title_hint)
    if title is None:
        return
    for i in range(title):
        if reasons[i] is not None:
            continue
        shape = shapes[i]
        if shape.date:
            reasons[i] = DATELINE_HEADER
        elif not shape.heading and not shape.sentence and not shape.body:
            reasons[i] = HEADER


def _find_title(shapes: list[_Shape], reasons: list[str | None], first_body: int, hint: str | None) -> int | None:
    """Index of the title: the line matching `hint` if any, else the nearest heading-like line before the body."""
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
    for i in range(first_body - 1, -1, -1):
        if reasons[i] is None and shapes[i].heading and not shapes[i].date:
            return i
    return None


def _mark_no_body(shapes: list[_Shape], reasons: list[str | None]) -> None:
    """Rule 6 on a page without a body paragraph: only sentence-like lines survive."""
    for i, shape in enumerate(shapes):
        if reasons[i] is None and not shape.sentence:
            reasons[i] = NO_BODY


def _mark_footer(shapes: list[_Shape], reasons: list[str | None], last_body: int) -> None:
    """Rule 6, footer zone: after the last body paragraph, only sentences survive."""
    for i in range(last_body + 1, len(shapes)):
        if reasons[i] is None and not shapes[i].sentence:
            reasons[i] = FOOTER
