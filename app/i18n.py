"""The partner portal's words and number formats, in the signed-in partner's language.

Every label of a portal page comes from one YAML catalogue per language (app/locales/
<language>.yaml, the languages of partnerledger.ops_store.users.LANGUAGES); a key missing
from a catalogue is a loud KeyError, never an English word slipped into a Portuguese page
(tests/app/test_portal_i18n.py checks that both catalogues hold the same keys). Amounts,
counts and dates are formatted by babel for the language's locale: `1,234.56` in English,
`1.234,56` in Portuguese (Brazil). Component labels come from partnerledger.vocabulary; a
catalogue translates their English labels (`label.<label>`), else the label is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import pandas as pd
import streamlit as st
import yaml
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from app import auth
from partnerledger import paths, vocabulary
from partnerledger.ops_store import users

LOCALES_DIR = Path(__file__).parent / "locales"
COUNTS = ("clicks", "registrations", "ftds", "qualified_cpas", "challenge_sales")


@cache
def catalogue(language: str) -> dict[str, str]:
    """The flat key -> text catalogue of one language."""
    if language not in users.LANGUAGES:
        raise KeyError(f"no catalogue for language {language!r}: use one of {users.LANGUAGES}")
    return yaml.safe_load((LOCALES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Words:
    """Labels and formats of one language."""

    language: str

    def __call__(self, key: str, **values: object) -> str:
        text = catalogue(self.language)[key]
        return text.format(**values) if values else text

    def component(self, name: str) -> str:
        """A component's label: the vocabulary's, translated by `label.<English label>`."""
        label = vocabulary.component_labels()[name]
        return catalogue(self.language).get(f"label.{label}", label)

    def columns(self, names: list[str]) -> dict[str, str]:
        """Human column labels (`column.<name>`) for renaming a frame before it is shown."""
        return {n: self(f"column.{n}") for n in names}

    def table(self, df: pd.DataFrame) -> pd.DataFrame:
        """An activity frame for the screen: months, days and counts formatted for the locale,
        human column labels (exports keep the raw values: partnerledger/csv_safety.py)."""
        out = df.copy()
        for column in out.columns:
            if column == "period_month":
                out[column] = [self.month(v) for v in out[column]]
            elif column == "activity_date":
                out[column] = [self.day(v) for v in out[column]]
            elif column == "lots":
                out[column] = [self.number(v, 2) for v in out[column]]
            elif column in COUNTS:
                out[column] = [self.number(v) for v in out[column]]
        return out.rename(columns=self.columns(list(out.columns)))

    def money(self, amount: Decimal | float | None, currency: str) -> str:
        if amount is None:
            return "—"
        return format_currency(Decimal(str(amount)), currency, locale=self.language)

    def number(self, value: Decimal | float | None, decimals: int = 0) -> str:
        if value is None:
            return "—"
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(Decimal(str(value)), format=pattern, locale=self.language)

    def day(self, value: date) -> str:
        return format_date(value, format="medium", locale=self.language)

    def month(self, value: date) -> str:
        return format_date(value, format="LLLL y", locale=self.language)

    def moment(self, value: datetime) -> str:
        return format_datetime(value, format="medium", locale=self.language)


def words_for(viewer: auth.Viewer) -> Words:
    """The words of the signed-in user's language (its user record, default en)."""
    record = users.user(paths.home().root, viewer.login) if viewer.login else None
    return Words(record["language"] if record else users.DEFAULT_LANGUAGE)


def language_switch(viewer: auth.Viewer, words: Words) -> None:
    """A language choice in the sidebar; a change is stored on the user and redraws the page."""
    names = {lang: catalogue(lang)["language.name"] for lang in users.LANGUAGES}
    with st.sidebar:
        chosen = st.selectbox(
            words("language.label"),
            list(users.LANGUAGES),
            index=list(users.LANGUAGES).index(words.language),
            format_func=names.__getitem__,
            key="portal_language",
        )
    if chosen != words.language and viewer.login:
        users.set_language(paths.home().root, viewer.login, chosen, actor=viewer.actor)
        st.rerun()
