"""Cache policy: what a run's results are keyed by, and when a cached one may be used.

A page's finished Article is keyed by its bytes, its id, the lines its site repeats
and the run's `signature`; an event's merged summary by its articles' ids and bytes
and the signature. An entry is used only if it decodes (an older version's does
not) and belongs to what it is looked up for: the cache is a file others may write
to, and an entry planted there (another page's id, `../..`) must neither steer where
outputs go nor stop the run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from . import __version__
from .cache import Cache, decode, encode, schema_fingerprint
from .cache import key as cache_key
from .document import Article, Event, Page, SummarySentence
from .glossary import Glossary
from .stages import RunContext, RunModels

log = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA = schema_fingerprint(Article, Event, SummarySentence)

#: What `run` caches: a page's finished Article, an event's merged summary, and the
#: fingerprint of the last complete run (which lets an unchanged night skip all work).
CACHE_STAGES = ("article", "event", "translation", "run")

#: A cache entry that none of the last CACHE_KEEP_RUNS complete runs used is deleted,
#: so the cache holds the current corpus plus at most a week of nightly churn. A week,
#: not one run: a page missing from the scrape for a few nights, or a second job sharing
#: the cache (another corpus, another --lang), still finds its results.
CACHE_KEEP_RUNS = 7


def signature(context: RunContext, models: RunModels) -> str:
    """Everything besides a page's bytes that its results depend on."""
    return cache_key(
        __version__,
        SCHEMA,
        context.cfg.signature(),
        glossary_digest(context.glossary),
        models.summariser.describe(),
        models.translator.describe(),
    )


def glossary_digest(glossary: Glossary) -> str:
    return cache_key([(e.kind, dict(e.forms), e.aliases, e.country, e.city, e.demonyms) for e in glossary.entries])


class CachePolicy:
    """The cache as one run uses it (`cache` None: nothing is read or stored, keys are still given)."""

    def __init__(self, cache: Cache | None, signature: str):
        self.cache = cache
        self.signature = signature

    def page_key(self, page: Page, site_lines: frozenset[str]) -> str:
        return cache_key("article", page.sha256, page.id, sorted(site_lines), self.signature)

    def event_key(self, event: Event) -> str:
        return cache_key("event", [(a.id, a.page.sha256) for a in event.articles], self.signature)

    def article(self, page: Page, key: str) -> Article | None:
        """The page's cached Article (its path set to this run's), or None to compute it."""
        article = self._cached("article", key, Article, _is_of(page))
        if article is not None:
            article.page.path = page.path
        return article

    def event_summary(self, event: Event, key: str) -> list[SummarySentence] | None:
        return self._cached("event", key, list[SummarySentence], _cites_only(event))

    def store_articles(self, fresh: list[tuple[str, Article]]) -> None:
        if self.cache is not None and fresh:
            self.cache.put_many("article", {key: encode(article) for key, article in fresh})

    def store_events(self, fresh: list[tuple[str, Event]]) -> None:
        if self.cache is not None and fresh:
            self.cache.put_many("event", {key: encode(event.summary) for key, event in fresh})

    def _cached(self, stage: str, key: str, cls: type[T], fits: Callable[[T], bool]) -> T | None:
        """The cached result under (stage, key), or None to recompute it: a miss, an entry that
        does not decode (an older version), or one that does not `fit` what it is cached for."""
        if self.cache is None:
            return None
        text = self.cache.get(stage, key)
        if text is None:
            return None
        try:
            value = decode(text, cls)
        except ValueError as exc:  # an entry from an incompatible version: recompute
            log.warning("ignoring unreadable cache entry (%s): %s", stage, exc)
            return None
        if not fits(value):
            log.warning("ignoring a cache entry (%s) that does not belong to what it is cached for", stage)
            return None
        return value


def _is_of(page: Page) -> Callable[[Article], bool]:
    """Whether a cached Article is this page's (its id decides where its outputs go)."""
    return lambda article: (article.page.id, article.page.sha256) == (page.id, page.sha256)


def _cites_only(event: Event) -> Callable[[list[SummarySentence]], bool]:
    """Whether a cached event summary cites only the event's own articles."""
    ids = {a.id for a in event.articles}
    return lambda summary: all(set(s.sources) <= ids for s in summary)
