"""A spreadsheet cell reads as the sheet shows it in Belgium: its number format followed,
Dutch separators and month names."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from indexer.cell_format import shown

ACCOUNTING = '_-* #,##0.00 [$€-813]_-;-* #,##0.00 [$€-813]_-;_-* "-"?? [$€-813]_-;_-@_-'


@pytest.mark.parametrize(
    ("value", "code", "seen"),
    [
        (2500, '"€" #,##0', "€ 2.500"),
        (2500, "[$€-813] #,##0.00", "€ 2.500,00"),
        (1234.5, '#,##0.00 "€"', "1.234,50 €"),
        (1234.5, ACCOUNTING, "1.234,50 €"),
        (0, ACCOUNTING, "- €"),
        (0.2, "0%", "20%"),
        (0.125, "0.0%", "12,5%"),
        (-1500, "#,##0;[Red]-#,##0", "-1.500"),
        (-1500, '"€" #,##0;("€" #,##0)', "(€ 1.500)"),
        (3, '0" woningen"', "3 woningen"),
        (15, "General", "15"),
        (0.3, "General", "0,3"),
        (True, "General", "WAAR"),
        # as Excel shows them: halves rounded up, the sign before a currency sign, thousands
        (2.5, "0", "3"),
        (0.125, "0.00", "0,13"),
        (-2500, '"€" #,##0', "-€ 2.500"),
        (1234567, "#,##0,", "1.235"),
        (None, "General", ""),
    ],
)
def test_numbers_read_with_their_format(value: object, code: str, seen: str) -> None:
    assert shown(value, code) == seen


@pytest.mark.parametrize(
    ("value", "code", "seen"),
    [
        (datetime(2025, 3, 15), "mm-dd-yy", "15/03/2025"),
        (datetime(2025, 3, 15), "d mmmm yyyy", "15 maart 2025"),
        (
            datetime(2025, 3, 15, 19, 30),
            'dddd d mmmm yyyy "om" h:mm',
            "zaterdag 15 maart 2025 om 19:30",
        ),
        (date(2025, 3, 15), "[$-813]d mmm yy", "15 mrt 25"),
        (datetime(2025, 3, 15), "General", "15/03/2025"),
        (time(9, 0), "h:mm", "9:00"),
        (time(14, 5), "hh:mm", "14:05"),
        (datetime(2025, 3, 15, 14, 30), "h:mm AM/PM", "2:30 PM"),
        (datetime(2025, 3, 15), "mmmmm", "m"),
    ],
)
def test_dates_and_times_read_the_belgian_way(value: object, code: str, seen: str) -> None:
    assert shown(value, code) == seen
