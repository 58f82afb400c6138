"""`outputs.meeting_days`: the meeting days the manifest gives a page claim no more than the page says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.document import Article, DateMention, Event, Metadata, Page
from briefing.outputs import meeting_days

D = dt.date
#: The event: talks on 19-20 September 2022.
HELD = (D(2022, 9, 19), D(2022, 9, 20))


def page(published: dt.date | None, dates: dict[str, dt.date] | None = None) -> Article:
    """A page with its publication date and the day-precision dates its text names."""
    meta = Metadata(published=published, dates=[DateMention(t, d, "day", 1, True) for t, d in (dates or {}).items()])
    return Article(page=Page("p", Path("p.txt"), "", "", "txt", "utf-8", published=published), meta=meta)


def event(kind: str, own: tuple[dt.date, dt.date] | None = None) -> Event:
    return Event(
        slug="e",
        title="t",
        start=HELD[0],
        end=HELD[1],
        articles=[],
        article_kinds={"p": kind},  # type: ignore[dict-item]
        article_days={"p": own} if own else {},
    )


#: (what the page is and says, its kind in the event, the days it gives itself, the meeting days it gets).
CASES = [
    ("a report", page(D(2022, 9, 21), {"on Monday": HELD[0]}), "report", HELD, list(HELD)),
    ("a preview: the days it announced", page(D(2022, 9, 10)), "preview", (D(2022, 9, 18),) * 2, [D(2022, 9, 18)]),
    ("a preview that names no day", page(D(2022, 9, 10)), "preview", None, []),
    ("a comment naming one of the days", page(D(2022, 9, 23), {"last Tuesday": HELD[1]}), "related", None, list(HELD)),
    ("the news of the day, no date written", page(D(2022, 9, 20)), "related", None, list(HELD)),
    ("the next morning's news", page(D(2022, 9, 21)), "related", None, list(HELD)),
    ("'met last week', six days later", page(D(2022, 9, 26)), "related", None, []),
    ("a later page naming another day", page(D(2022, 9, 26), {"on Friday": D(2022, 9, 23)}), "related", None, []),
    ("a page without a publication date: nothing to read its weekdays by", page(None), "related", None, list(HELD)),
]


@pytest.mark.parametrize(("article", "kind", "own", "days"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_meeting_days_claim_no_more_than_the_page_says(
    article: Article, kind: str, own: tuple[dt.date, dt.date] | None, days: list[dt.date]
) -> None:
    assert meeting_days(article, event(kind, own)) == days


def test_no_event_no_days() -> None:
    assert meeting_days(page(D(2022, 9, 20)), None) == []
