"""A spreadsheet cell's value as the sheet shows it: its number format read the way Excel
shows it in Belgium ("€ 2.500", "20%", "15 maart 2025", "15/03/2025").

An .xlsx file keeps the number 2500 and the format code ``"€" #,##0``; a quote must give what
the reader saw. Only the common codes are followed (dates and times, decimals, thousands,
percentages, currency signs and quoted words); a code beyond them (a fraction, a scientific
number) shows the number as Excel's "General" does.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")  # fmt: skip
_SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_SYSTEM_DATE = {"mm-dd-yy": "dd/mm/yyyy", "m/d/yy h:mm": "dd/mm/yyyy h:mm"}
"""Excel's built-in short date (codes 14 and 22) follows the reader's system settings, which
in Belgium write day, month and year."""
_DATE_TOKENS = re.compile(
    r'"[^"]*"|\\.|\[[^\]]*\]|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|.',
    re.IGNORECASE,
)
_NUMBER_TOKENS = re.compile(r'"[^"]*"|\\.|_.|\*.|[0#?][0#?,]*(?:\.[0#?]*)?|\.[0#?]+|.')
_DIGITS = re.compile(r"[0#?][0#?,]*(?:\.[0#?]*)?|\.[0#?]+")
_CURRENCY_TAG = re.compile(r"\[\$([^\]-]*)(?:-[^\]]*)?\]")
_OTHER_TAG = re.compile(r"\[[^\]]*\]")
_LITERAL = re.compile(r'"([^"]*)"|\\(.)|_.|\*.')


def shown(value: object, number_format: str = "General") -> str:
    """A cell's value as text, as the sheet shows it; "" for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, datetime | date | time):
        return _date(value, number_format)
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, int | float):
        return _number(float(value), number_format)
    return str(value)


def _date(value: datetime | date | time, code: str) -> str:
    code = _SYSTEM_DATE.get(code.lower(), code)
    if not re.search(r"[dmyhs]", _LITERAL.sub("", code), re.IGNORECASE):
        code = "dd/mm/yyyy" if isinstance(value, date) else "h:mm"
    moment = value if isinstance(value, datetime) else None
    day = value if isinstance(value, date) else None
    clock = value if isinstance(value, time) else (moment.time() if moment else None)
    tokens = _DATE_TOKENS.findall(code.split(";")[0])
    twelve = any(token.lower() == "am/pm" for token in tokens)
    parts: list[str] = []
    for index, token in enumerate(tokens):
        lower = token.lower()
        before = next((t.lower() for t in reversed(tokens[:index]) if t.isalpha()), "")
        after = next((t.lower() for t in tokens[index + 1 :] if t.isalpha()), "")
        minutes = lower in ("m", "mm") and (before.startswith("h") or after.startswith("s"))
        if lower.startswith(("y", "d")) and lower not in ("ddd", "dddd") and day is None:
            continue
        if minutes and clock is not None:
            parts.append(f"{clock.minute:0{len(lower)}d}")
        elif lower.startswith("h") and clock is not None:
            hour = (clock.hour % 12 or 12) if twelve else clock.hour
            parts.append(f"{hour:0{len(lower)}d}")
        elif lower == "am/pm" and clock is not None:
            parts.append("AM" if clock.hour < 12 else "PM")
        elif lower.startswith("s") and clock is not None:
            parts.append(f"{clock.second:0{len(lower)}d}")
        elif day is not None and lower.startswith(("y", "m", "d")):
            parts.append(_date_part(day, lower))
        elif token.startswith('"'):
            parts.append(token[1:-1])
        elif token.startswith("\\"):
            parts.append(token[1:])
        elif not token.startswith("["):
            parts.append(token)
    return "".join(parts).strip()


def _date_part(day: date, token: str) -> str:
    if token == "yyyy":
        return f"{day.year:04d}"
    if token == "yy":
        return f"{day.year % 100:02d}"
    if token.startswith("m"):
        short, name = _SHORT_MONTHS[day.month - 1], _MONTHS[day.month - 1]
        by_code = {"m": str(day.month), "mm": f"{day.month:02d}", "mmm": short, "mmmmm": name[0]}
        return by_code.get(token, name)
    name = _DAYS[day.weekday()]
    return {"d": str(day.day), "dd": f"{day.day:02d}", "ddd": name[:2]}.get(token, name)


def _number(value: float, code: str) -> str:
    sections = _sections(code)
    section = sections[0]
    negative = value < 0
    if negative and len(sections) > 1:
        section, value = sections[1], -value  # the negative section writes its own sign
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    section = _OTHER_TAG.sub("", _CURRENCY_TAG.sub(lambda m: f'"{m.group(1)}"', section))
    tokens = _NUMBER_TOKENS.findall(section)
    digits = [token for token in tokens if _DIGITS.fullmatch(token)]
    if section.strip().lower() in ("general", "standaard", "@") or len(digits) != 1:
        return _general(value)
    if "%" in tokens:
        value *= 100
    pattern = digits[0].rstrip(",")
    value /= 1000 ** (len(digits[0]) - len(pattern))  # "#,##0," shows thousands
    whole, _, decimals = pattern.partition(".")
    # Excel rounds halves up ("0.00" shows 0,125 as 0,13), Python's format to even
    rounded = Decimal(repr(abs(value))).quantize(Decimal(1).scaleb(-len(decimals)), ROUND_HALF_UP)
    text = f"{rounded:{',' if ',' in whole else ''}f}"
    text = text.translate(str.maketrans(",.", ".,"))
    if value == 0 and "0" not in pattern:
        text = ""  # "#" and "?" show no digit for nothing (an accounting format's "-")
    words = (text if _DIGITS.fullmatch(token) else _literal(token) for token in tokens)
    shown_number = " ".join("".join(words).split())
    # one section for every number: the sign opens it, before a currency sign ("-€ 2.500")
    return f"-{shown_number}" if negative and len(sections) == 1 and rounded else shown_number


def _sections(code: str) -> list[str]:
    """A format code's sections (positive; negative; zero; text), split outside quotes."""
    return re.findall(r'(?:"[^"]*"|\\.|[^;])+', code) or ["General"]


def _literal(token: str) -> str:
    """What a piece of a format code writes: quoted text, an escaped character or a plain sign
    ("€", "%", "-"); padding (``_x``, ``*x``) becomes a space."""
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    if token.startswith(("_", "*")):
        return " "
    return token


def _general(value: float) -> str:
    """A number as Excel's "General" format shows it: whole numbers without decimals, the
    rest with up to ten significant digits, a comma before the decimals."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}".replace(".", ",")
