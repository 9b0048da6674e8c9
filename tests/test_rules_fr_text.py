"""Every rule of the shipped schematrons has a French text (issue 19): web, ``guichet validate``, ``guichet check``."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from lxml import etree

from guichet.plugins.validate_en16931 import validate_command
from guichet.plugins.validate_en16931.engine import _BRACKETED, NOT_USED, STYLESHEETS, normalize_rule, stylesheet_path
from guichet.plugins.validate_en16931.rules_fr_text import TEXTS, reads_french, text_fr
from guichet.web import messages

XSL = "{http://www.w3.org/1999/XSL/Transform}"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
#: The EN 16931 rules proper: each has its own written text, never a group's.
EN16931 = re.compile(r"^BR-(\d\d|CO-\d\d|CL-\d\d|DEC-\d\d|(S|Z|E|AE|IC|G|O|AF|AG|B)-\d\d)$")


def _shipped_rules() -> list[tuple[str, str, str]]:
    """(stylesheet, rule id as the engine reports it, official text) for every assert and report."""
    out = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for key in STYLESHEETS:
        tree = etree.parse(stylesheet_path(key), parser)
        for node in tree.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
            rule = next((a.text.strip() for a in node.iter(f"{XSL}attribute") if a.get("name") == "id" and a.text),
                        None)
            text_el = node.find(f"{SVRL}text")
            text = " ".join("".join(text_el.itertext()).split()) if text_el is not None else ""
            bracketed = _BRACKETED.match(text)
            out.append((key, normalize_rule(bracketed.group(1) if bracketed else rule or NOT_USED), text))
    return out


SHIPPED = _shipped_rules()


def test_every_shipped_rule_reads_in_french():
    assert len(SHIPPED) > 5000  # eleven stylesheets read: a broken reader would pass an empty loop
    english, missing = [], []
    for key, rule, text in SHIPPED:
        french = text_fr(rule, text)
        if french is None:
            if not reads_french(text):  # BR-FR and a few EXTENDED-CTC-FR texts are French already
                missing.append(f"{key} {rule}: {text[:80]}")
        elif messages.ENGLISH_MARKERS.search(french):
            english.append(f"{key} {rule}: {french[:120]}")
    assert missing == []
    assert english == []


def test_every_en16931_rule_has_its_own_text():
    rules = {rule for _key, rule, _text in SHIPPED if EN16931.match(rule)}
    assert len(rules) > 200
    assert sorted(rules - set(TEXTS)) == []
    assert text_fr("BR-CO-10") == ("La somme des montants nets des lignes (BT-106) doit être égale à la somme des "
                                   "montants nets de ligne (BT-131).")
    assert "autoliquidation" in text_fr("BR-AE-02") and "numéro de TVA de l'acheteur (BT-48)" in text_fr("BR-AE-02")
    assert text_fr("BR-DEC-12") == "Au plus deux décimales pour le montant total hors TVA (BT-109)."


def test_variants_groups_and_french_messages():
    variant = text_fr("BR-FXEXT-S-08ini", "warning - Code : , rate : , [BR-FXEXT-S-08ini] - In a VAT breakdown (BG-23)")
    assert variant.startswith("Profil étendu : pour chaque taux de TVA (BT-119)") and "0,01" in variant
    assert text_fr("FX-SCH-A-000123", "[BR-45]-Each VAT breakdown (BG-23) shall have a VAT category taxable amount "
                   "(BT-116).") == text_fr("BR-45")
    assert text_fr("FX-SCH-A-000001", "Element 'ram:ID' must occur exactly 1 times.") == (
        "L'élément ram:ID doit figurer exactement 1 fois dans ce profil Factur-X.")
    assert "ne doit pas figurer" in text_fr("CII-SR-001", "[CII-SR-001] - SpecifiedTransactionID should not be present")
    # A model-layer message is French and carries the values: kept as written.
    assert text_fr("BR-CO-10", "BT-106 (12.00) ≠ somme des lignes (13.00)") is None
    assert text_fr("LEG-SIREN-SELLER", "SIREN du vendeur absent") is None
    official = "[BR-CO-10]-Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131)."
    assert messages.french(official, "BR-CO-10") == text_fr("BR-CO-10")
    assert messages.is_translated(official, "BR-CO-10")


@pytest.mark.parametrize("sample", ["Facture_UE_EN16931.pdf"])
def test_guichet_validate_prints_french_and_keeps_the_json_message(corpus, sample):
    runner = CliRunner()
    text = runner.invoke(validate_command, [str(corpus / sample)])
    assert text.exit_code == 1
    assert "BR-IC-11" in text.output
    assert "date de livraison effective (BT-72) ou la période de facturation (BG-14)" in text.output
    assert "texte officiel : [BR-IC-11]" in text.output  # the English text stays, below
    data = json.loads(runner.invoke(validate_command, [str(corpus / sample), "--json"]).output)
    found = next(f for f in data["findings"] if f["rule"] == "BR-IC-11")
    assert found["message"].startswith("[BR-IC-11]-In an Invoice")  # the official text others read
    assert found["message_fr"] == text_fr("BR-IC-11")


def test_hook_rule_text_fr():
    """``guichet check`` asks the validator's table through the hook (plugins stand alone)."""
    from guichet.core.plugins import make_plugin_manager

    pm = make_plugin_manager(load_entrypoints=False, extra=["guichet.plugins.validate_en16931"])
    assert pm.hook.rule_text_fr(rule="BR-CO-25", message="[BR-CO-25]-In case the Amount due for payment (BT-115) "
                                "is positive, either the Payment due date (BT-9) or the Payment terms (BT-20) "
                                "shall be present.") == text_fr("BR-CO-25")
    assert "date d'échéance (BT-9)" in text_fr("BR-CO-25")
    assert pm.hook.rule_text_fr(rule="ID-SIREN-CHECKSUM", message="SIREN faux : clé de contrôle") is None
