"""Dates in five languages (briefing.lang.dates): datelines, dates in sentences, weekdays."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.lang import dates
from briefing.lang.dates import (
    DatePoint,
    date_order_evidence,
    find_dates,
    find_relative_days,
    find_relative_months,
    find_weekdays,
    page_date_order,
    publication_stamp,
    resolve_month,
    resolve_weekday,
)

D = dt.date

# --- publication stamps ------------------------------------------------------------------

STAMP_CASES = [
    # English
    ("en", "Published June 27, 2023 | 07:30 PM", D(2023, 6, 27)),
    ("en", "August 08, 2025 11:17 PM GMT+03:00", D(2025, 8, 8)),
    ("en", "Friday, 31 May 2023, 09:17 GMT+4 | Updated: Friday, 31 May 2023, 11:45 GMT+4", D(2023, 5, 31)),
    ("en", "Updated 9 June 2023 | Published 8 June 2023", D(2023, 6, 8)),
    ("en", "Nov 8, 2022", D(2022, 11, 8)),
    ("en", "8 November 2022 02:14 (UTC +04:00)", D(2022, 11, 8)),
    ("en", "2022-11-07T10:00:00+04:00", D(2022, 11, 7)),
    ("en", "02/05/2023", D(2023, 2, 5)),
    ("en", "07.11.2022 10:24", D(2022, 11, 7)),
    ("en", "Posted on November 7th, 2022 at 10:24 am", D(2022, 11, 7)),
    # Russian
    ("ru", "Опубликовано: 7 ноября 2022 г., 11:07 мск", D(2022, 11, 7)),
    ("ru", "7 ноября 2022, 11:07", D(2022, 11, 7)),
    ("ru", "Пн, 07.11.2022 11:07", D(2022, 11, 7)),
    ("ru", "02/05/2023", D(2023, 5, 2)),
    ("ru", "11.05.2024, 16:20 (обновлено: 11.05.2024, 17:02)", D(2024, 5, 11)),
    ("ru", "Четверг, 18 сентября 2025", D(2025, 9, 18)),
    ("ru", "28 апреля, 2023 17:26", D(2023, 4, 28)),
    ("ru", "Дата публикации: 11 мая 2024 16:20 Дата обновления: 12 мая 2024", D(2024, 5, 11)),
    # Armenian
    ("hy", "12:19, 06 հունիս 2023", D(2023, 6, 6)),
    ("hy", "Դրված է 06.06.2023 12:19", D(2023, 6, 6)),
    ("hy", "2023 թ. հունիսի 6", D(2023, 6, 6)),
    ("hy", "Հրապարակվել է՝ 03.07.2023 | 17:32", D(2023, 7, 3)),
    ("hy", "21:14 10.07.2025 (թարմացված է՝ 21:40 10.07.2025)", D(2025, 7, 10)),
    ("hy", "Կիրակի, 29 նոյեմբերի 2026", D(2026, 11, 29)),
    ("hy", "09 Օգոստոսի, 2025 00:58", D(2025, 8, 9)),
    # Azerbaijani
    ("az", "22:24 18 Sentyabr 2025", D(2025, 9, 18)),
    ("az", "Bazar ertəsi, 07 noyabr 2022, 11:07", D(2022, 11, 7)),
    ("az", "08 avqust, 2025 23:17", D(2025, 8, 8)),
    ("az", "6 iyun 2023-cü il", D(2023, 6, 6)),
    ("az", "Dərc olunub: 10.08.2025 / 12:06", D(2025, 8, 10)),
    ("az", "14:52 / 03.07.2023", D(2023, 7, 3)),
    # Turkish
    ("tr", "8 Ağustos 2025", D(2025, 8, 8)),
    ("tr", "Yayınlanma: 08.08.2025 14:05", D(2025, 8, 8)),
    ("tr", "Yayın tarihi: 8 Ağustos 2025 Cuma", D(2025, 8, 8)),
    ("tr", "11 Mayıs 2024 Cumartesi 13:27", D(2024, 5, 11)),
    ("tr", "27.04.2023 - 16:22 | Son Güncelleme: 28.04.2023 - 16:22", D(2023, 4, 27)),
    ("tr", "Oluşturulma Tarihi: Haziran 29, 2023 22:05", D(2023, 6, 29)),
    # US time zones after a.m./p.m.
    ("en", "Updated: Mar. 5, 2024 at 8:03 a.m. ET", D(2024, 3, 5)),
    ("en", "Mar. 5, 2024, 6:40 p.m. PT", D(2024, 3, 5)),
    ("en", "Posted: 05 Mar 2024 18:40 (Baku time)", D(2024, 3, 5)),
    ("en", "Date of publication: 5 March 2024", D(2024, 3, 5)),
    # two-digit years, in stamps only
    ("ru", "03.04.25 09:10", D(2025, 4, 3)),
    ("tr", "19/03/24 - 08:45", D(2024, 3, 19)),
    ("az", "Dərc olunub: 21.02.26", D(2026, 2, 21)),
    # a relative age beside the date
    ("tr", "19/03/2024 08:45 (4 saat önce)", D(2024, 3, 19)),
    ("ru", "3 апреля 2025, 09:10 (2 часа назад)", D(2025, 4, 3)),
    ("az", "21 fevral 2026, 16:30 (5 saat əvvəl)", D(2026, 2, 21)),
    ("hy", "21.02.2026, 16:30 (2 ժամ առաջ)", D(2026, 2, 21)),
    ("en", "Feb 21, 2026 (6 hours ago)", D(2026, 2, 21)),
]


@pytest.mark.parametrize(("code", "line", "expected"), STAMP_CASES)
def test_publication_stamp(code, line, expected):
    assert publication_stamp(line, code) == expected


@pytest.mark.parametrize(("code", "line", "expected"), STAMP_CASES)
def test_the_rules_alone_read_every_stamp(code, line, expected, monkeypatch):
    """The rules built from the language tables read each stamp as dateparser does, where dateparser reads it."""
    monkeypatch.setattr(dates, "_dateparser", lambda *args: None)
    assert publication_stamp(line, code) == expected


NOT_A_STAMP_CASES = [
    ("en", "The talks were held on 7 May 2023 in Brussels."),
    ("en", "By John Smith | Nov 8, 2022"),
    ("en", "Views: 1078"),
    ("en", "November 7"),
    ("en", "2023"),
    ("ru", "7 ноября"),
    ("ru", "Министры встретились 7 ноября 2022 года."),
    ("hy", "նոյեմբերի 7-ին"),
    ("az", "avqustun 8-də"),
    ("tr", "Ağustos'ta görüştüler"),
    ("en", "6 hours ago"),
    ("tr", "4 saat önce"),
    ("ru", "Счёт матча 03.04.25 был 2:1, сообщили в клубе."),
]


@pytest.mark.parametrize(("code", "line"), NOT_A_STAMP_CASES)
def test_not_a_publication_stamp(code, line):
    assert publication_stamp(line, code) is None


def test_stamp_date_order_follows_the_page():
    assert publication_stamp("02/05/2023", "en", date_order="DMY") == D(2023, 5, 2)


# --- dates in sentences ---------------------------------------------------------------------

# (language, text, [(text as written, (year, month, day), end (year, month, day) or None)])
FIND_CASES = [
    # English
    ("en", "The ministers met on November 7, 2022 in Washington.", [("November 7, 2022", (2022, 11, 7), None)]),
    ("en", "They met on 7 November.", [("7 November", (None, 11, 7), None)]),
    ("en", "Talks were held May 1-4.", [("May 1-4", (None, 5, 1), (None, 5, 4))]),
    ("en", "Talks were held 1–4 May 2023.", [("1–4 May 2023", (2023, 5, 1), (2023, 5, 4))]),
    ("en", "from Nov. 30 - Dec. 2, 2022", [("Nov. 30 - Dec. 2, 2022", (2022, 11, 30), (2022, 12, 2))]),
    (
        "en",
        "30 December 2022 to 2 January 2023",
        [("30 December 2022 to 2 January 2023", (2022, 12, 30), (2023, 1, 2))],
    ),
    ("en", "from December 30 to January 2, 2023", [("December 30 to January 2, 2023", (2022, 12, 30), (2023, 1, 2))]),
    (
        "en",
        "in June 2023 and on the 7th of November",
        [("June 2023", (2023, 6, None), None), ("7th of November", (None, 11, 7), None)],
    ),
    ("en", "She may 5 times say so; May I?", []),
    ("en", "The 2020 war lasted 44 days.", []),
    ("en", "It was signed on 2023-06-27.", [("2023-06-27", (2023, 6, 27), None)]),
    ("en", "Scores were 5-4 and 12/3.", []),
    ("en", "There is no 31 June 2023.", []),
    # Russian
    ("ru", "Министры встретились 7 ноября 2022 года.", [("7 ноября 2022 года", (2022, 11, 7), None)]),
    ("ru", "Переговоры прошли 1-4 мая.", [("1-4 мая", (None, 5, 1), (None, 5, 4))]),
    ("ru", "с 30 ноября по 2 декабря 2022 г.", [("30 ноября по 2 декабря 2022 г.", (2022, 11, 30), (2022, 12, 2))]),
    ("ru", "в июне 2023 года", [("июне 2023 года", (2023, 6, None), None)]),
    ("ru", "Встреча 7-го ноября", [("7-го ноября", (None, 11, 7), None)]),
    ("ru", "В 2020 году началась война.", []),
    ("ru", "Документ от 07.11.2022", [("07.11.2022", (2022, 11, 7), None)]),
    # Armenian
    ("hy", "Նախարարները հանդիպեցին նոյեմբերի 7-ին։", [("նոյեմբերի 7-ին", (None, 11, 7), None)]),
    ("hy", "Բանակցությունները մայիսի 1-4-ը", [("մայիսի 1-4-ը", (None, 5, 1), (None, 5, 4))]),
    ("hy", "մայիսի 1-ից 4-ը", [("մայիսի 1-ից 4-ը", (None, 5, 1), (None, 5, 4))]),
    ("hy", "2023 թ. հունիսի 6-ին", [("2023 թ. հունիսի 6-ին", (2023, 6, 6), None)]),
    ("hy", "հունիսի 6, 2023", [("հունիսի 6, 2023", (2023, 6, 6), None)]),
    ("hy", "6 հունիսի 2023", [("6 հունիսի 2023", (2023, 6, 6), None)]),
    (
        "hy",
        "մայիսի 1-4-ը, 2023 թ. հունիսի 6-ին",
        [("մայիսի 1-4-ը", (None, 5, 1), (None, 5, 4)), ("2023 թ. հունիսի 6-ին", (2023, 6, 6), None)],
    ),
    # Azerbaijani
    ("az", "Nazirlər avqustun 8-də görüşüb.", [("avqustun 8-də", (None, 8, 8), None)]),
    ("az", "mayın 1-dən 4-dək", [("mayın 1-dən 4-dək", (None, 5, 1), (None, 5, 4))]),
    ("az", "1-4 may tarixlərində", [("1-4 may", (None, 5, 1), (None, 5, 4))]),
    (
        "az",
        "iyunun 27-də, 2023-cü il iyunun 6-da",
        [("iyunun 27-də", (None, 6, 27), None), ("2023-cü il iyunun 6-da", (2023, 6, 6), None)],
    ),
    ("az", "6 iyun 2023-cü ildə", [("6 iyun 2023-cü ildə", (2023, 6, 6), None)]),
    ("az", "Mayın 9-da Bakıda", [("Mayın 9-da", (None, 5, 9), None)]),
    # Turkish
    ("tr", "Bakanlar 8 Ağustos'ta görüştü.", [("8 Ağustos'ta", (None, 8, 8), None)]),
    ("tr", "27-29 Haziran tarihlerinde", [("27-29 Haziran", (None, 6, 27), (None, 6, 29))]),
    ("tr", "27 Haziran - 1 Temmuz 2025", [("27 Haziran - 1 Temmuz 2025", (2025, 6, 27), (2025, 7, 1))]),
    ("tr", "8 Ağustos 2025'te imzalandı", [("8 Ağustos 2025'te", (2025, 8, 8), None)]),
    ("tr", "Haziran 2023'te", [("Haziran 2023'te", (2023, 6, None), None)]),
    ("tr", "Ocak ayında ocak yandı.", []),
]


def _point(point: DatePoint | None):
    return None if point is None else (point.year, point.month, point.day)


@pytest.mark.parametrize(("code", "text", "expected"), FIND_CASES)
def test_find_dates(code, text, expected):
    found = find_dates(text, code)
    assert [(f.text, _point(f.date), _point(f.end)) for f in found] == expected
    assert all(text[f.span[0] : f.span[1]] == f.text for f in found)


def test_a_day_without_a_year_stays_partial():
    (found,) = find_dates("They met on November 7.", "en")
    assert found.partial and found.date.to_date() is None and found.date.precision == "day"


# --- numeric date order -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "text", "order"),
    [
        ("en", "Updated 12/25/2023; earlier 02/05/2023", "MDY"),
        ("en", "Updated 25/12/2023; earlier 02/05/2023", "DMY"),
        ("en", "02/05/2023", "MDY"),
        ("en", "25.12.2023 and 02/05/2023", "MDY"),
        ("ru", "02/05/2023", "DMY"),
        ("ru", "12/25/2023", "MDY"),
        ("tr", "25/12/2023 and 12/25/2023", "DMY"),
    ],
)
def test_page_date_order(code, text, order):
    assert page_date_order(text, code) == order


@pytest.mark.parametrize(
    ("code", "text", "order"),
    [
        # an English site that writes the day first writes its numeric dates day first too
        ("en", "Posted 04/03/2024. The border commissions met on 1 March and again on 3 March.", "DMY"),
        ("en", "Posted 04/03/2024. The border commissions met on March 1 and again on March 3.", "MDY"),
        # one quoted date in the other style does not outvote the page
        ("en", "Posted 04/03/2024. Met on 1 March, 2 March and 3 March; a wire said March 4.", "DMY"),
        ("en", "Posted 04/03/2024. Met on 1 March; a wire said March 4.", None),
        ("en", "Posted 04/03/2024.", None),
        # numbers only one order reads come first
        ("en", "Posted 14/03/2024 after talks on March 1 and March 3.", "DMY"),
        # elsewhere the language fixes the order: Azerbaijani prose writes "martın 1-də", numbers stay day first
        ("az", "Dərc olunub: 04/03/2024. Görüş martın 1-də keçirilib.", None),
        ("ru", "04/03/2024", None),
    ],
)
def test_date_order_evidence(code, text, order):
    assert date_order_evidence(text, code) == order


def test_numeric_dates_follow_the_page_order():
    page = "Posted 25/12/2023. The ministers met on 02/05/2023."
    dates = [f.date.to_date() for f in find_dates(page, "en")]
    assert dates == [D(2023, 12, 25), D(2023, 5, 2)]
    assert [f.date.to_date() for f in find_dates("met on 02/05/2023", "en", date_order="DMY")] == [D(2023, 5, 2)]


# --- weekdays ---------------------------------------------------------------------------------------

WEEKDAY_CASES = [
    ("en", "He said on Thursday that talks would resume.", [("on Thursday", 3, "")]),
    ("en", "They met last Monday; Tuesday's talks failed.", [("last Monday", 0, "last"), ("Tuesday", 1, "")]),
    ("en", "Sun and Sat columns", []),
    ("ru", "Министры встретились в понедельник.", [("в понедельник", 0, "")]),
    ("ru", "Во вторник и в прошлую пятницу", [("Во вторник", 1, ""), ("в прошлую пятницу", 4, "last")]),
    ("ru", "в среду; окружающая среда; в среде экспертов", [("в среду", 2, "")]),
    ("hy", "Նախարարները երկուշաբթի հանդիպեցին։", [("երկուշաբթի", 0, "")]),
    ("hy", "շաբաթ օրը; անցյալ շաբաթ; հինգշաբթի օրը", [("շաբաթ օրը", 5, ""), ("հինգշաբթի օրը", 3, "")]),
    ("az", "Nazirlər bazar ertəsi görüşüb.", [("bazar ertəsi", 0, "")]),
    ("az", "bazar günü; bazar iqtisadiyyatı; cümə axşamı", [("bazar günü", 6, ""), ("cümə axşamı", 3, "")]),
    ("az", "keçən çərşənbə", [("keçən çərşənbə", 2, "last")]),
    ("tr", "Bakanlar pazartesi günü görüştü.", [("pazartesi günü", 0, "")]),
    ("tr", "pazar günü; pazar yeri; geçen cuma", [("pazar günü", 6, ""), ("geçen cuma", 4, "last")]),
]


@pytest.mark.parametrize(("code", "text", "expected"), WEEKDAY_CASES)
def test_find_weekdays(code, text, expected):
    found = find_weekdays(text, code)
    assert [(w.text, w.weekday, w.relation) for w in found] == expected
    assert all(text[w.span[0] : w.span[1]] == w.text for w in found)


TUESDAY = D(2022, 11, 8)


@pytest.mark.parametrize(
    ("weekday", "relation", "expected"),
    [
        (0, "", D(2022, 11, 7)),  # "on Monday" in a Tuesday page: the day before
        (1, "", TUESDAY),  # "on Tuesday": the same day
        (2, "", D(2022, 11, 2)),  # "on Wednesday": last week's
        (1, "last", D(2022, 11, 1)),
        (1, "next", D(2022, 11, 15)),
        (3, "next", D(2022, 11, 10)),
    ],
)
def test_resolve_weekday(weekday, relation, expected):
    assert resolve_weekday(weekday, TUESDAY, relation) == expected


# --- relative days ------------------------------------------------------------------------------

#: (language, text, expected (text, offset)); words that mostly mean something else are no days.
RELATIVE_DAY_CASES = [
    ("en", "The ministers met in Almaty today.", [("today", 0)]),
    ("en", "Yesterday Mirzoyan flew to Almaty; talks resume tomorrow.", [("Yesterday", -1), ("tomorrow", 1)]),
    ("en", "They spoke the day before yesterday.", [("the day before yesterday", -2)]),
    ("en", "Today's briefing", [("Today", 0)]),
    ("en", "Todays and yesterdays are not words here.", []),
    # An outlet's name is not a day; a capitalised day at a sentence's start still is.
    ("en", "Mirzoyan told USA Today that the ministers met in Abu Dhabi.", []),
    ("en", "Azerbaijan Today reports the talks. Today, the ministers met.", [("Today", 0)]),
    ("en", "Talks went on in Washington today, Armenia Today said.", [("today", 0)]),
    ("tr", "Görüşmeyi Türkiye Bugün gazetesi duyurdu.", []),
    ("ru", "Министры встретились сегодня в Алматы.", [("сегодня", 0)]),
    ("ru", "Вчера и позавчера шли переговоры, завтра их продолжат.", [("Вчера", -1), ("позавчера", -2), ("завтра", 1)]),
    ("ru", "Сегодняшние переговоры", []),
    ("hy", "Նախարարները երեկ հանդիպեցին Ալմաթիում։", [("երեկ", -1)]),
    ("hy", "Այսօր բանակցությունները կշարունակվեն, վաղը՝ ոչ։", [("Այսօր", 0), ("վաղը", 1)]),
    ("hy", "Երեկոյան նախարարները հանդիպեցին։", []),  # "in the evening", not "yesterday"
    ("hy", "Նախօրեին հանդիպում է եղել։", []),  # "on the eve": of what, the page does not count
    ("az", "Nazirlər bu gün Almatıda görüşüb.", [("bu gün", 0)]),
    ("az", "Dünən və srağagün danışıqlar aparılıb, bugün yekunlaşıb.", [("Dünən", -1), ("srağagün", -2), ("bugün", 0)]),
    ("az", "Sabah qəzeti yazır ki, görüş sabah saat 10-da başlayıb.", []),  # a newspaper; the morning
    ("az", "Bu günə qədər razılıq yoxdur.", []),  # "to date"
    ("tr", "Bakanlar bugün Almatı'da görüştü.", [("bugün", 0)]),
    ("tr", "Dün başlayan görüşmeler yarın sürecek.", [("Dün", -1), ("yarın", 1)]),
    ("tr", "Evvelsi gün taraflar bir araya geldi.", [("Evvelsi gün", -2)]),
    ("tr", "Sabah gazetesine göre görüşme sabah başladı; dünya izliyor.", []),
    ("tr", "Bugüne kadar anlaşma yok.", []),
]


#: (language, text, expected (text, month, relation)): a month named by "last"/"next", never a date with its day.
RELATIVE_MONTH_CASES = [
    ("en", "At the end of last May the ministers met.", [("last May", 5, "last")]),
    ("en", "Talks resume next June; they met last May 5.", [("next June", 6, "next")]),
    ("en", "The last may be the hardest.", []),
    ("hy", "Նրանք հանդիպել էին անցյալ մայիսին։", [("անցյալ մայիսին", 5, "last")]),
    ("az", "Nazirlər ötən may ayında görüşüb.", [("ötən may ayında", 5, "last")]),
    ("tr", "Bakanlar geçen mayıs ayında görüştü.", [("geçen mayıs ayında", 5, "last")]),
]


@pytest.mark.parametrize(("code", "text", "expected"), RELATIVE_MONTH_CASES)
def test_find_relative_months(code, text, expected):
    found = find_relative_months(text, code)
    assert [(m.text, m.month, m.relation) for m in found] == expected
    assert all(text[slice(*m.span)] == m.text for m in found)


@pytest.mark.parametrize(
    ("month", "reference", "relation", "expected"),
    [
        (5, dt.date(2023, 6, 20), "last", dt.date(2023, 5, 1)),
        (5, dt.date(2023, 5, 20), "last", dt.date(2022, 5, 1)),
        (9, dt.date(2023, 6, 20), "last", dt.date(2022, 9, 1)),
        (6, dt.date(2023, 5, 20), "next", dt.date(2023, 6, 1)),
        (5, dt.date(2023, 5, 20), "next", dt.date(2024, 5, 1)),
    ],
)
def test_resolve_month(month, reference, relation, expected):
    assert resolve_month(month, reference, relation) == expected


@pytest.mark.parametrize(("code", "text", "expected"), RELATIVE_DAY_CASES)
def test_find_relative_days(code, text, expected):
    found = find_relative_days(text, code)
    assert [(d.text, d.offset) for d in found] == expected
    assert all(text[slice(*d.span)] == d.text for d in found)
