"""Portal languages: the catalogues agree, the user's language is stored, babel formats."""

from datetime import date
from decimal import Decimal

import pytest

from app import i18n
from partnerledger import vocabulary
from partnerledger.ops_store import users


def test_the_catalogues_hold_the_same_keys():
    en, pt = (set(i18n.catalogue(lang)) for lang in ("en", "pt_BR"))
    # component labels: English comes from the vocabulary, Portuguese translates every one
    assert en == {k for k in pt if not k.startswith("label.")}
    assert {f"label.{label}" for label in vocabulary.component_labels().values()} <= pt


def test_every_activity_column_has_a_label():
    from app import scope

    for lang in users.LANGUAGES:
        words = i18n.Words(lang)
        for m in scope.ACTIVITY_MEASURES:
            assert words(f"measure.{m}") and words(f"column.{m}")
        for d, column in scope.DIMENSIONS.items():
            assert words(f"dimension.{d}") and words(f"column.{column}")


def test_locale_formats():
    en, pt = i18n.Words("en"), i18n.Words("pt_BR")
    assert (en.number(Decimal("1234.56"), 2), pt.number(Decimal("1234.56"), 2)) == (
        "1,234.56",
        "1.234,56",
    )
    assert en.money(Decimal("-1234.5"), "USD") == "-$1,234.50"
    assert pt.money(Decimal("1234.5"), "BRL") == "R$\xa01.234,50"
    assert (en.month(date(2026, 5, 1)), pt.month(date(2026, 5, 1))) == ("May 2026", "maio 2026")


def test_a_user_language_defaults_to_english_and_can_change(home):
    u = users.add_user(home, "ana", "partner", "long-password-1", partner_id="P1", actor="t")
    assert u["language"] == "en"
    u = users.add_user(
        home, "bia", "partner", "long-password-1", partner_id="P2", language="pt_BR", actor="t"
    )
    assert u["language"] == "pt_BR"
    assert users.set_language(home, "ana", "pt_BR", actor="t")["language"] == "pt_BR"
    assert users.user(home, "ana")["language"] == "pt_BR"
    with pytest.raises(ValueError, match="not one of"):
        users.set_language(home, "ana", "fr", actor="t")
    # the language table sits beside the chain without touching it
    from partnerledger.ops_store import chain

    assert chain.verify_chain(home) == []


def test_the_cli_adds_a_user_with_a_language(home, monkeypatch):
    import io

    from partnerledger import users_cli

    monkeypatch.setattr("sys.stdin", io.StringIO("long-password-1\n"))
    import argparse

    parser = argparse.ArgumentParser()
    users_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(
        ["users", "add", "caio", "--role", "partner", "--partner", "P3", "--language", "pt_BR",
         "--home", str(home)]
    )  # fmt: skip
    assert args.func(args) == 0
    assert users.user(home, "caio")["language"] == "pt_BR"
