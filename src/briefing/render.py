"""Render a Batch into the `out/` layout, as a mapping of relative path -> text.

    index.md
    events/<date>-<slug>/briefing.<lang>.md
    articles/<id>/summary.<lang>.md
    articles/<id>/clean.txt
    reports/fragments.md, reports/fragments.json

Rendering is pure: the same Batch gives the same bytes. Writing (atomic, inside
`out/`) is `briefing.pipeline`'s job, and so is `manifest.json`, which holds
timings and is therefore not byte-stable.

Every piece of page text goes through `markdown.escape`. Every Markdown file
opens with front matter naming what produced it, its sources and its methods.

A sentence or title is shown as it was written when it is in the file's
language, else as its translation into it; with no translation it stays as
written, marked with its own language in the file's language ("[Russian,
untranslated]", «[ռուսերեն, չթարգմանված]»), and a notice above the summary
says that no translation model was available. One language is never shown
as another.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterable

from . import __version__
from .document import Article, Batch, Event, Fragment, SummarySentence
from .localise import Localiser, language_name
from .markdown import code_span, escape, front_matter

PEOPLE_IN_FACT_BOX = 6
PLACES_IN_FACT_BOX = 4


def render(batch: Batch, localisers: dict[str, Localiser]) -> dict[str, str]:
    """All output files but the manifest."""
    return {path: make() for path, make in plan(batch, localisers).items()}


def plan(batch: Batch, localisers: dict[str, Localiser]) -> dict[str, Callable[[], str]]:
    """All output files but the manifest, each rendered only when it is asked for: a run writes
    each file as it is rendered, and never holds the text of every file at once (about 300 MB at
    10,000 pages)."""
    files: dict[str, Callable[[], str]] = {}
    for event in batch.events:
        for lang in batch.languages:
            files[f"events/{event.slug}/briefing.{lang}.md"] = functools.partial(
                render_event, event, batch, localisers[lang]
            )
    for article in batch.articles:
        for lang in batch.languages:
            files[f"articles/{article.id}/summary.{lang}.md"] = functools.partial(
                render_article, article, batch, localisers[lang]
            )
        files[f"articles/{article.id}/clean.txt"] = functools.partial(clean_text, article)
    files["reports/fragments.md"] = functools.partial(_fragments_report, batch)
    files["reports/fragments.json"] = functools.partial(_fragments_json, batch)
    numbers = {a.id: i for i, a in enumerate(batch.articles, 1)}
    files["index.md"] = functools.partial(render_index, batch, numbers)
    return files


def _fragments_report(batch: Batch) -> str:
    return render_fragments([f for a in batch.articles for f in a.fragments], batch)


def _fragments_json(batch: Batch) -> str:
    records = [fragment_record(f) for a in batch.articles for f in a.fragments]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def clean_text(article: Article) -> str:
    """The kept lines, as in the source; dropped lines become empty so line numbers still match."""
    lines = [line.text if line.kept else "" for line in article.lines]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


# --- front matter -------------------------------------------------------------


def _source_record(article: Article) -> dict:
    record = {"id": article.id, "file": article.page.name, "sha256": article.page.sha256, "language": article.language}
    if article.page.url:
        record["url"] = article.page.url
    return record


def _front(kind: str, lang: str, sources: Iterable[Article], batch: Batch, **extra) -> str:
    fields = {
        "generator": f"briefing {__version__}",
        "kind": kind,
        "language": lang,
        **extra,
        "sources": [_source_record(a) for a in sources],
        "methods": dict(sorted(batch.methods.items())),
    }
    return front_matter(fields)


def translation_routes(sentences: Iterable[SummarySentence], lang: str) -> dict[str, str]:
    """The directions into `lang` not translated directly, for front matter: "ru->hy": "via en",
    or "untranslated: <why>". Empty when every translation was direct."""
    routes = {f"{s.language}->{lang}": s.routes[lang] for s in sentences if lang in s.routes}
    return dict(sorted(routes.items()))


# --- pieces shared by briefings and article summaries ---------------------------


def _sentence_line(sentence: SummarySentence, lang: str, loc: Localiser, cite: dict[str, int] | None) -> str:
    marks = "".join(f"[{cite[s]}]" for s in sentence.sources if s in cite) if cite else ""
    tail = f" {marks}" if marks else ""
    if sentence.language == lang:
        return f"- {escape(sentence.text)}{tail}"
    translated = sentence.translations.get(lang)
    flags = sentence.flags.get(lang)
    if translated and not flags:
        return f"- {escape(translated)}{tail}"
    if translated and flags:
        original = loc.t("original_in", language=loc.language_name(sentence.language))
        return (
            f"- **[{loc.t('flagged')}: {escape('; '.join(flags))}]** {escape(translated)}{tail}\n"
            f"  - *{original}:* {escape(sentence.text)}"
        )
    return f"- **[{_untranslated_marker(sentence.language, loc)}]** {escape(sentence.text)}{tail}"


def _untranslated_marker(language: str, loc: Localiser) -> str:
    """The mark of a sentence left as written, in the file's language: "Russian, untranslated"."""
    return loc.t("untranslated", language=loc.language_name(language))


def _untranslated_notice(sentences: list[SummarySentence], lang: str, loc: Localiser) -> str | None:
    """Say, in `lang`, which sentences stay in which language for want of a translation, and which are flagged.

    One line per language left untranslated (an event may cite Russian and
    Armenian pages), with its count; the why is in the front matter.
    """
    if not sentences:
        return None
    missing = Counter(s.language for s in sentences if s.language != lang and lang not in s.translations)
    flagged = sum(1 for s in sentences if s.flags.get(lang))
    notes = [
        f"> {loc.t('untranslated_notice', language=loc.language_name(code), marker=_untranslated_marker(code, loc))}"
        f" ({count}/{len(sentences)})"
        for code, count in missing.items()
    ]
    if flagged:
        notes.append(f"> {loc.t('flagged_notice')} ({flagged}/{len(sentences)})")
    return "\n>\n".join(notes) + "\n" if notes else None


def _people(people, loc: Localiser) -> str:
    shown = []
    for person in people[:PEOPLE_IN_FACT_BOX]:
        role = loc.role(person)
        name = escape(loc.person(person.name))
        shown.append(f"{name} ({escape(role)})" if role else name)
    return "; ".join(shown) or loc.t("not_given")


def _places(places, loc: Localiser) -> str:
    return ", ".join(escape(loc.place(p)) for p in places[:PLACES_IN_FACT_BOX]) or loc.t("not_given")


def _table(rows: list[tuple[str, str]]) -> str:
    return "| | |\n|---|---|\n" + "".join(f"| **{k}** | {v} |\n" for k, v in rows)


UNTITLED_WORDS = 12  # words of the first sentence shown for a page with no headline


def display_title(article: Article) -> str:
    """The page's headline; for a page without one, the start of its first sentence, marked by an ellipsis."""
    if article.meta.title:
        return article.meta.title
    for sentence in article.sentences:
        words = sentence.text.split()
        if len(words) >= 4:
            return " ".join(words[:UNTITLED_WORDS]) + ("…" if len(words) > UNTITLED_WORDS else "")
    return article.id


def _title_line(article: Article, lang: str, loc: Localiser) -> str:
    return _title(display_title(article), article.main_language, lang, loc)


def _title(title: str, language: str, lang: str, loc: Localiser) -> str:
    """A title from a page, escaped, and said to be in its `language` where that is not the file's `lang`."""
    escaped = escape(title)
    return escaped if language == lang else f"{escaped} *({loc.t('written_in', language=loc.language_name(language))})*"


def _event_title_language(event: Event) -> str:
    """The language of the event's title: its page's (a headline, or a page's first words where it has none),
    else English, the language of a title `briefing.events` composes from names."""
    title = event.title.rstrip("…")
    for article in event.articles:
        if article.meta.title == event.title or title in article.page.text:
            return article.main_language
    return "en"


# --- event briefing -------------------------------------------------------------


def render_event(event: Event, batch: Batch, loc: Localiser) -> str:
    lang = loc.lang
    cite = {a.id: i for i, a in enumerate(event.articles, 1)}
    summary = briefing_sentences(event, lang)
    title, title_language = event_title(event, lang)
    parts = [
        _front(
            "event-briefing",
            lang,
            event.articles,
            batch,
            event={"slug": event.slug, "start": _iso(event.start), "end": _iso(event.end)},
            summary_method=event.summary_method,
            **({"translation_routes": routes} if (routes := translation_routes(summary, lang)) else {}),
        ),
        f"# {loc.t('briefing')}: {_where_heading(event, loc)}{_when(event, loc)}",
        "",
        f"## {_title(title, title_language, lang, loc)}",
        "",
        _table(fact_box(event, loc)),
        f"## {loc.t('summary')}",
        "",
        _untranslated_notice(summary, lang, loc),
        "\n".join(_sentence_line(s, lang, loc, cite) for s in summary) or f"*{loc.t('no_summary')}*",
        "",
    ]
    quotes = [f for a in event.articles for f in a.fragments if f.kind == "content"]
    if quotes:
        parts += [f"## {loc.t('foreign_quotes')}", "", *(_quote_line(f, cite, loc) for f in quotes), ""]
    parts += [
        f"## {loc.t('articles')}",
        "",
        *(
            f"{i}. [{_title_line(a, lang, loc)}](../../articles/{a.id}/summary.{lang}.md)"
            for i, a in enumerate(event.articles, 1)
        ),
        "",
    ]
    if event.notes and lang == "en":
        parts += ["## Grouping notes", "", *(f"- {escape(n)}" for n in event.notes), ""]
    return _join(parts)


#: The most sentences a briefing shows: its own language's block (up to `summary.event_sentences`) and,
#: after it, facts that only other languages state, most central first, up to this many in all.
BRIEFING_SENTENCES = 9


def briefing_sentences(event: Event, lang: str) -> list[SummarySentence]:
    """The event summary as the `lang` briefing shows it: sentences written in `lang` (or translated into it)
    first, from reports; then those of other languages that state a fact no shown sentence cites; previews last.

    `briefing.summarise` makes a block per language, its lead first; a fact stated
    alike in two languages is kept in both, each citing the pages of both, so
    a sentence citing the same pages as one shown in another language repeats it.
    """

    def preview(s: SummarySentence) -> bool:
        return bool(s.sources) and event.article_kinds.get(s.sources[0]) == "preview"

    native = [s for s in event.summary if s.language == lang and not preview(s)]
    blocks: dict[str, list[SummarySentence]] = {}
    for s in event.summary:
        if s.language != lang and not preview(s):
            blocks.setdefault(s.language, []).append(s)
    # each other language's lead first, in turn: the facts of every language before the details of one
    others = [s for turn in itertools.zip_longest(*blocks.values()) for s in turn if s is not None]
    previews = [s for s in event.summary if preview(s)]
    shown: list[SummarySentence] = []
    languages_citing: dict[frozenset[str], set[str]] = {}  # pages cited together -> languages of the sentences
    for sentence in native + others + previews:
        if len(shown) >= max(BRIEFING_SENTENCES, len(native)):
            break
        cited = frozenset(sentence.sources)
        if len(cited) > 1 and languages_citing.get(cited, {sentence.language}) != {sentence.language}:
            continue  # the same fact, shown already in another language
        shown.append(sentence)
        languages_citing.setdefault(cited, set()).add(sentence.language)
    return shown


def event_title(event: Event, lang: str) -> tuple[str, str]:
    """(title, its language) for the `lang` briefing: the headline of a report in `lang`, else the event's title.

    Never a preview's or a related page's headline: those announce or concern
    something other than the meeting as it happened.
    """
    for article in event.articles:
        if (
            article.language == lang
            and article.meta.title
            and event.article_kinds.get(article.id, "report") == "report"
        ):
            return article.meta.title, lang
    return event.title, _event_title_language(event)


def fact_box(event: Event, loc: Localiser) -> list[tuple[str, str]]:
    """When, Where (the venue), Who (participants; people only mentioned apart), Host, Sources; unknown said so."""
    unknown = loc.t("unknown")
    rows = [
        (loc.t("when"), _when(event, loc)),
        (loc.t("where"), _venue(event, loc) or unknown),
        (loc.t("who"), _people(event.participants, loc) if event.participants else unknown),
    ]
    if event.mentioned:
        rows.append((loc.t("also_mentioned"), _people(event.mentioned, loc)))
    rows += [
        (loc.t("host"), escape(loc.country(event.host)) if event.host else unknown),
        (loc.t("sources"), "<br>".join(_source_line(i, a, loc) for i, a in enumerate(event.articles, 1))),
    ]
    return rows


def _when(event: Event, loc: Localiser) -> str:
    return loc.range(event.start, event.end) if event.start else loc.t("date_unknown")


def _source_line(number: int, article: Article, loc: Localiser) -> str:
    """ "[2] Headline — outlet, Russian, 8 November 2022": each source with its language and publication date."""
    published = loc.date(article.meta.published) if article.meta.published else loc.t("published_unknown")
    outlet = escape(article.page.source or article.page.name)
    return f"[{number}] {_title_line(article, loc.lang, loc)} — {outlet}, {loc.language_name(article.main_language)}, {published}"


def _join(parts: list[str | None]) -> str:
    return "\n".join(p for p in parts if p is not None).rstrip() + "\n"


def _venue(event: Event, loc: Localiser) -> str:
    """The venue in the file's language: each of its glossary places localised ("Blair House, Վաշինգտոն"),
    else as `briefing.events` wrote it; "" when unknown."""
    if event.venue_places:
        return ", ".join(escape(loc.place(p)) for p in event.venue_places)
    return escape(loc.place(event.venue)) if event.venue else ""


def _where_heading(event: Event, loc: Localiser) -> str:
    if event.venue:
        return f"{_venue(event, loc)}, "
    if event.host:
        return f"{escape(loc.country(event.host))}, "
    return ""


def _quote_line(fragment: Fragment, cite: dict[str, int], loc: Localiser) -> str:
    """A quotation in another language than its page's, with its English translation (none needed for English)."""
    language = loc.language_name(fragment.language) if fragment.language else "?"
    line = f"- [{cite.get(fragment.page_id, '?')}] {loc.t('original')} ({language}): {escape(fragment.text)}"
    if fragment.language == "en":
        return line
    translation = escape(fragment.translation) if fragment.translation else f"*{loc.t('not_translated')}*"
    return f"{line} — {loc.t('translation_en')}: {translation}"


# --- article summary ------------------------------------------------------------


def render_article(article: Article, batch: Batch, loc: Localiser) -> str:
    lang = loc.lang
    meta = article.meta
    mentioned = _mentioned_dates(article, loc)
    stripped = sum(1 for f in article.fragments if f.action == "stripped")
    parts = [
        _front(
            "article-summary",
            lang,
            [article],
            batch,
            page_language=article.language,
            published=_iso(meta.published),
            dates_mentioned=_iso_mentions(article),
            summary_method=article.summary_method,
            **({"translation_routes": routes} if (routes := translation_routes(article.summary, lang)) else {}),
        ),
        f"# {_title_line(article, lang, loc)}",
        "",
        _table(
            [
                (loc.t("published"), loc.date(meta.published) if meta.published else loc.t("published_unknown")),
                (loc.t("source"), escape(article.page.source or article.page.name)),
                (loc.t("dates_mentioned"), mentioned),
                (loc.t("where"), _places(meta.places, loc)),
                (loc.t("who"), _people(meta.people, loc)),
                (loc.t("fragments"), f"{len(article.fragments)} ({loc.t('stripped')}: {stripped})"),
            ]
        ),
        f"## {loc.t('summary')}",
        "",
        _untranslated_notice(article.summary, lang, loc),
        "\n".join(_sentence_line(s, lang, loc, None) for s in article.summary) or f"*{loc.t('no_summary')}*",
        "",
        f"[{loc.t('clean_text')}](clean.txt)",
    ]
    if article.page.warnings:
        parts += ["", *(f"> {escape(w)}" for w in article.page.warnings)]
    return _join(parts)


DATES_IN_FACT_BOX = 6


def _mentioned_dates(article: Article, loc: Localiser) -> str:
    """Distinct dates the article mentions, then the days it gives without a year (said as such)."""
    shown = list(dict.fromkeys(loc.date(d.date, d.precision) for d in article.meta.dates))
    shown += list(
        dict.fromkeys(
            f"{loc.month_day(p.month, p.day)} ({loc.t('year_not_given')})" for p in article.meta.partial_dates
        )
    )
    return ", ".join(shown[:DATES_IN_FACT_BOX]) or loc.t("not_given")


# --- reports and index --------------------------------------------------------------


def fragment_record(fragment: Fragment) -> dict:
    return {
        "file": fragment.page_id,
        "line": fragment.line,
        "start": fragment.start,
        "end": fragment.end,
        "text": fragment.text,
        "script": fragment.script,
        "language": fragment.language,
        "confidence": round(fragment.confidence, 3),
        "kind": fragment.kind,
        "action": fragment.action,
        "translation": fragment.translation,
        "note": fragment.note,
    }


def render_fragments(fragments: list[Fragment], batch: Batch) -> str:
    header = front_matter(
        {
            "generator": f"briefing {__version__}",
            "kind": "fragment-report",
            "methods": {"langid": batch.methods.get("langid", "")},
            "fragments": len(fragments),
        }
    )
    rows = [
        f"| {escape(f.page_id)} | {f.line} | {escape(f.text)} | {f.script} | {f.language or '?'} | "
        f"{f.confidence:.2f} | {f.kind} | {f.action} | {escape(f.translation or f.note or '')} |"
        for f in fragments
    ]
    table = "| File | Line | Text | Script | Language | Confidence | Kind | Action | Translation / note |\n"
    table += "|---|---|---|---|---|---|---|---|---|\n" + "\n".join(rows)
    return f"{header}# Language fragments\n\n{len(fragments)} fragments in {len(batch.articles)} pages.\n\n{table}\n"


def render_index(batch: Batch, numbers: dict[str, int]) -> str:
    header = front_matter(
        {
            "generator": f"briefing {__version__}",
            "kind": "index",
            "languages": list(batch.languages),
            "methods": dict(sorted(batch.methods.items())),
        }
    )
    lines = [header + "# Briefings", "", "## Events", ""]
    for event in batch.events:
        when = _iso(event.start) or "date unknown"
        if event.end and event.end != event.start:
            when += f" – {_iso(event.end)}"
        links = " · ".join(f"[{lang}](events/{event.slug}/briefing.{lang}.md)" for lang in batch.languages)
        ids = ", ".join(escape(a.id) for a in event.articles)
        title = _index_title(*event_title(event, "en"))
        lines.append(f"- **{title}** ({when}; {len(event.articles)} articles: {ids}) — {links}")
    lines += ["", "## Articles", ""]
    for article in batch.articles:
        links = " · ".join(f"[{lang}](articles/{article.id}/summary.{lang}.md)" for lang in batch.languages)
        title = _index_title(display_title(article), article.main_language)
        lines.append(f"{numbers[article.id]}. {title} (`{article.id}`) — {links}")
    if batch.failures:
        lines += ["", "## Pages that failed", ""]
        lines += [f"- {code_span(f.name)}: {escape(f.reason)}" for f in batch.failures]
    if batch.warnings:
        lines += ["", "## Warnings", ""] + [f"- {escape(w)}" for w in batch.warnings]
    lines += ["", "Reports: [language fragments](reports/fragments.md) · [manifest](manifest.json)", ""]
    return "\n".join(lines)


def _index_title(title: str, language: str) -> str:
    """A title in the index (written in English), escaped, with its language named when it is not English."""
    return escape(title) if language == "en" else f"{escape(title)} *({language_name(language, 'en')})*"


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def _iso_mentions(article: Article) -> list[str]:
    """The dates the article mentions, ISO 8601: "2022-11-07", "2022-11" (a month), "2023-05-01/2023-05-04"
    (a range), and "--11-07" for a day whose year the page does not give."""
    shown = []
    for mention in article.meta.dates:
        day = mention.date.isoformat()
        text = {"day": day, "month": day[:7], "year": day[:4]}[mention.precision]
        if mention.end and mention.end != mention.date:
            text = f"{day}/{mention.end.isoformat()}"
        shown.append(text)
    for partial in article.meta.partial_dates:
        text = f"--{partial.month:02d}-{partial.day:02d}"
        if partial.end_day:
            text += f"/--{partial.end_month or partial.month:02d}-{partial.end_day:02d}"
        shown.append(text)
    return list(dict.fromkeys(shown))
