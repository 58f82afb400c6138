"""Synthetic corpora for the pipeline benchmarks, recombined from the sample pages.

`generate(out_dir, n_pages, seed)` writes `n_pages` .txt pages. Each page belongs
to one of `N_SITES` made-up sites, each with its own navigation menu, share
buttons, footer and (for some) interface strings in Armenian, Russian or
Azerbaijani, as real scraped pages have. The article body is a headline, a
dateline, a lead sentence naming a meeting (place and date drawn per event, so
a corpus holds many events, about `PAGES_PER_EVENT` pages each) and sentences
taken from the sample corpus, shuffled. A third of the pages carry YAML front
matter (url, published). Output depends only on (sample corpus, n_pages, seed).

`generate_mixed(out_dir, n_pages, seed)` writes pages in the five page languages, as the
real stream mixes them (`MIXED_SHARES`): each is built from the development-set pages
of one language (tests/devset/pages/<lang>/, never the holdout), recombined: their
content lines shuffled across pages of that language, inside one of `N_SITES` sites per
language that carries its own furniture lines (taken from the same pages).

`mutate(dir, share, seed)` rewrites a share of the pages (one extra sentence
each) for the incremental-rerun benchmark.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEVSET_PAGES = ROOT / "tests" / "devset" / "pages"

#: Share of each page language in the mixed corpora: English and the two languages of the
#: parties lead, as in the outlets the tool follows; Russian and Turkish regional press after.
MIXED_SHARES = {"en": 0.3, "az": 0.2, "hy": 0.2, "ru": 0.2, "tr": 0.1}
#: Content lines per mixed page (development-set pages have 5-15).
MIXED_BODY_LINES = (5, 14)
#: Years the mixed pages' meetings are moved into, one year and day shift per meeting, so that
#: a corpus holds about n / PAGES_PER_EVENT meetings as the English one does, not the few
#: meetings the development set reports (events of hundreds of pages at 10,000 pages).
MIXED_YEARS = (2015, 2025)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DAY = re.compile(r"\b(?:[1-9]|[12]\d|3[01])\b")


def _redate(line: str, year: int, shift: int) -> str:
    """`line` with every year written as `year` and every day of the month moved by `shift` (within 1-28)."""
    line = _YEAR.sub(str(year), line)
    return _DAY.sub(lambda m: str((int(m.group(0)) - 1 + shift) % 28 + 1), line)


N_SITES = 8
#: Pages per event on average: a few outlets report each meeting.
PAGES_PER_EVENT = 6
#: Body length in sentences (sample pages have 8-20).
BODY_SENTENCES = (6, 16)

PLACES = [
    "Washington",
    "Brussels",
    "Geneva",
    "Moscow",
    "Prague",
    "Chisinau",
    "Almaty",
    "Granada",
    "Sochi",
    "Tbilisi",
    "Istanbul",
    "Berlin",
    "Munich",
    "Abu Dhabi",
    "Kazan",
    "Vienna",
]
LEADS = [
    "The foreign ministers of Armenia and Azerbaijan met in {place} on {date} to continue talks on a peace treaty.",
    "Armenian and Azerbaijani delegations held a new round of negotiations in {place} on {date}.",
    "Talks between Yerevan and Baku resumed in {place} on {date}, officials said.",
    "Prime Minister Nikol Pashinyan and President Ilham Aliyev met in {place} on {date}.",
]
TITLES = [
    "Armenia and Azerbaijan hold talks in {place}",
    "{place} hosts new round of Armenia-Azerbaijan peace talks",
    "Ministers meet in {place} as peace treaty talks continue",
    "Peace process: Baku and Yerevan negotiators gather in {place}",
]
MENU_WORDS = [
    "Home",
    "News",
    "Politics",
    "Economy",
    "Region",
    "World",
    "Opinion",
    "Video",
    "Photo",
    "Society",
    "Sport",
    "Culture",
    "Analytics",
    "Interviews",
    "Contacts",
    "About us",
    "Search",
]
SHARE = ["Share", "Facebook", "Twitter", "Telegram", "WhatsApp", "Print", "Copy link", "E-mail"]
#: Interface strings in other scripts, as scraped pages carry them.
FOREIGN_UI = [
    ["Մատչելիության հղումներ", "Անցնել հիմնական բովանդակությանը", "Որոնում"],
    ["Ссылка скопирована", "Поделиться", "Читайте также", "Все новости"],
    ["Bütün xəbərlər", "Paylaş", "Axtarış", "Ən çox oxunan"],
]
TEASERS = ["Read also: {s}", "Related: {s}", "Most read: {s}", "See also: {s}"]


@dataclass
class Site:
    name: str
    domain: str
    header: list[str]
    share: list[str]
    footer: list[str]
    foreign: list[str]
    date_style: str


@dataclass
class Event:
    place: str
    date: dt.date


def sample_text() -> tuple[list[str], list[str]]:
    """(content sentences, short boilerplate-like lines) from the sample corpus."""
    sentences, short = [], []
    for page in sorted(CORPUS.glob("*.txt")):
        for line in page.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            words = len(line.split())
            if words >= 12:
                sentences += [s for s in re.split(r"(?<=[.!?»”\"])\s+", line) if len(s.split()) >= 6]
            elif 0 < words <= 4:
                short.append(line)
    if not sentences:
        raise RuntimeError(f"no sentences in {CORPUS}")
    return sentences, short


def make_sites(rng: random.Random, short_lines: list[str]) -> list[Site]:
    sites = []
    for i in range(N_SITES):
        name = f"{rng.choice(['Caucasus', 'Regional', 'South', 'Daily', 'Eurasia', 'News'])} {rng.choice(['Herald', 'Monitor', 'Post', 'Wire', 'Today', 'Review'])} {i}"
        domain = re.sub(r"\W+", "", name.lower()) + ".example"
        header = rng.sample(MENU_WORDS, rng.randint(5, 10)) + rng.sample(short_lines, min(3, len(short_lines)))
        footer = [
            f"© {rng.randint(2015, 2025)} {name}. All rights reserved.",
            f"Any use of materials is allowed only with a hyperlink to {domain}",
        ]
        foreign = rng.choice(FOREIGN_UI) if i % 2 == 0 else []
        style = rng.choice(["%d %B %Y %H:%M", "%B %d, %Y", "%A, %B %d, %Y", "%d.%m.%Y"])
        sites.append(Site(name, domain, header, rng.sample(SHARE, 4), footer, list(foreign), style))
    return sites


def make_events(rng: random.Random, n: int) -> list[Event]:
    start = dt.date(2021, 1, 1)
    days = sorted(rng.sample(range(0, 5 * 365), n))
    return [Event(rng.choice(PLACES), start + dt.timedelta(days=d)) for d in days]


def render_page(rng: random.Random, site: Site, event: Event, sentences: list[str], index: int) -> str:
    date_text = f"{event.date.strftime('%B')} {event.date.day}"
    published = event.date + dt.timedelta(days=rng.randint(0, 2))
    title = rng.choice(TITLES).format(place=event.place)
    body = [rng.choice(LEADS).format(place=event.place, date=date_text)]
    body += rng.sample(sentences, min(len(sentences), rng.randint(*BODY_SENTENCES)))
    teaser = rng.choice(TEASERS).format(s=rng.choice(TITLES).format(place=rng.choice(PLACES)))
    page_header_date = (published + dt.timedelta(days=rng.randint(30, 400))).strftime("%A, %B %d, %Y")
    lines = [*site.foreign[:2], page_header_date, *site.header, "", title, "", published.strftime(site.date_style), ""]
    for k, sentence in enumerate(body):
        lines += [sentence, ""]
        if k == len(body) // 2:
            lines += [teaser, ""]
    lines += site.share + site.foreign[2:] + [""] + site.footer
    text = "\n".join(lines) + "\n"
    if index % 3 == 0:
        slug = re.sub(r"\W+", "-", title.lower()).strip("-")
        text = (
            f"---\nurl: https://{site.domain}/{published.isoformat()}/{slug}-{index}\npublished: {published.isoformat()}\n---\n"
            + text
        )
    return text


def _empty_folder(out_dir: Path) -> Path:
    """`out_dir`, created, without the .txt pages of an earlier corpus."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.txt"):
        old.unlink()
    return out_dir


def generate(out_dir: Path, n_pages: int, seed: int = 0) -> list[Path]:
    """Write `n_pages` synthetic pages into `out_dir` (created; existing .txt pages removed). Returns their paths."""
    out_dir = _empty_folder(out_dir)
    rng = random.Random(seed)
    sentences, short = sample_text()
    sites = make_sites(rng, short)
    events = make_events(rng, max(1, n_pages // PAGES_PER_EVENT))
    paths = []
    for i in range(n_pages):
        site = sites[rng.randrange(len(sites))]
        event = events[rng.randrange(len(events))]
        path = out_dir / f"{i:06d}_{re.sub(r'[^a-z0-9]+', '', site.name.lower())}.txt"
        path.write_text(render_page(rng, site, event, sentences, i), encoding="utf-8")
        paths.append(path)
    return paths


@dataclass
class _LanguagePool:
    titles: list[str]
    content: list[str]
    furniture: list[str]


def devset_pools() -> dict[str, _LanguagePool]:
    """Per page language: the development-set pages' titles, content lines and furniture lines."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from devset.score import load_events, parse_page

    events = load_events()
    pools: dict[str, _LanguagePool] = {}
    for folder in sorted(p for p in DEVSET_PAGES.iterdir() if p.is_dir()):
        pool = _LanguagePool([], [], [])
        for path in sorted(folder.glob("*.txt")):
            page = parse_page(path, events)
            lines = page.raw.split("\n")
            content = [line for line, cls in zip(lines, page.classes) if cls == "C"]
            pool.titles.append(content[0])
            pool.content += content[1:]
            pool.furniture += [line for line, cls in zip(lines, page.classes) if cls == "F"]
        pools[folder.name] = pool
    return pools


def generate_mixed(out_dir: Path, n_pages: int, seed: int = 0) -> list[Path]:
    """Write `n_pages` pages mixing the five page languages into `out_dir` (existing .txt pages removed)."""
    out_dir = _empty_folder(out_dir)
    rng = random.Random(seed)
    pools = devset_pools()
    codes = sorted(MIXED_SHARES)
    sites = {
        code: [(rng.sample(pools[code].furniture, 6), rng.sample(pools[code].furniture, 4)) for _ in range(N_SITES)]
        for code in codes
    }
    meetings = [(rng.randint(*MIXED_YEARS), rng.randrange(28)) for _ in range(max(1, n_pages // PAGES_PER_EVENT))]
    paths = []
    for i in range(n_pages):
        code = rng.choices(codes, weights=[MIXED_SHARES[c] for c in codes])[0]
        pool = pools[code]
        site = rng.randrange(N_SITES)
        header, footer = sites[code][site]
        body = rng.sample(pool.content, min(len(pool.content), rng.randint(*MIXED_BODY_LINES)))
        year, shift = meetings[rng.randrange(len(meetings))]
        lines = [*header, "", rng.choice(pool.titles), ""]
        for line in body:
            lines += [_redate(line, year, shift), ""]
        text = "\n".join([*lines, *footer]) + "\n"
        path = out_dir / f"{i:06d}_{code}{site}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def mutate(out_dir: Path, share: float, seed: int = 1) -> list[Path]:
    """Append one sentence to `share` of the pages in `out_dir` (at least one); the changed paths."""
    rng = random.Random(seed)
    paths = sorted(Path(out_dir).glob("*.txt"))
    chosen = rng.sample(paths, max(1, round(len(paths) * share)))
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\nOfficials said further consultations are planned.\n", encoding="utf-8")
    return chosen


if __name__ == "__main__":
    import sys

    print(len(generate(Path(sys.argv[1]), int(sys.argv[2]))))
