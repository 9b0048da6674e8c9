"""Invoices and Sirene stock files for the controls tests and benchmarks (tests/ is on sys.path).

- :func:`french_invoice`: a valid French B2B invoice issued after the 2026 reform
  date, built in code (every amount consistent, every identifier checksum-valid).
- :func:`corpus_invoice`: a French corpus sample, read through the plugins, with
  its placeholder identifiers repaired: the FNFE samples carry SIRETs such as
  99999999800010 whose Luhn key is false; we keep each SIREN (valid) and replace
  the SIRET by a valid one of the same SIREN, so that the unchanged sample is a
  valid invoice and every mutation is the only defect.
- :func:`write_stock_files`: generated StockUniteLegale / StockEtablissement
  files with the real INSEE header (the columns our importer does not read are
  present but empty or constant).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from guichet.core.model.invoice import (
    Address, AllowanceCharge, Delivery, Identifier, Invoice, Line, Note, Party, PaymentMeans, Totals, VatBreakdown,
)

SELLER_SIREN = "732829320"
SELLER_VAT = "FR44732829320"
BUYER_SIREN = "552081317"  # the conftest company
BUYER_VAT = "FR03552081317"
SELLER_IBAN = "FR7630006000011234567890189"
OTHER_IBAN = "FR7610107001011234567890129"
D = Decimal


def siret_of(siren: str, start: int = 10) -> str:
    """The first checksum-valid SIRET of ``siren`` with a NIC from ``start`` (validated by stdnum)."""
    for nic in range(start, 100000):
        candidate = f"{siren}{nic:05d}"
        if std_siret.is_valid(candidate):
            return candidate
    raise ValueError(siren)


def french_invoice(number: str = "FA-2026-0042", issue: dt.date = dt.date(2026, 10, 15)) -> Invoice:
    """A valid French purchase invoice of the conftest company (buyer 552081317)."""
    return Invoice(
        number=number, issue_date=issue, type_code="380", currency="EUR",
        due_date=issue + dt.timedelta(days=30), process_id="M1",
        profile="urn:cen.eu:en16931:2017", payment_terms="Paiement à 30 jours",
        notes=[
            Note("Indemnité forfaitaire pour frais de recouvrement : 40 €", "PMT"),
            Note("Pénalités de retard : trois fois le taux d'intérêt légal", "PMD"),
            Note("Pas d'escompte pour paiement anticipé", "AAB"),
        ],
        seller=Party(
            name="Fournisseur Exemple SAS", legal_id=Identifier(SELLER_SIREN, "0002"),
            identifiers=[Identifier(siret_of(SELLER_SIREN), "0009")], vat_id=SELLER_VAT,
            electronic_address=Identifier(SELLER_SIREN, "0225"),
            address=Address("12 rue de la Paix", city="Paris", postcode="75002", country="FR"),
        ),
        buyer=Party(
            name="Société A", legal_id=Identifier(BUYER_SIREN, "0002"), vat_id=BUYER_VAT,
            electronic_address=Identifier(BUYER_SIREN, "0225"),
            address=Address("22-30 avenue de Wagram", city="Paris", postcode="75008", country="FR"),
        ),
        delivery=Delivery(address=Address("1 quai de la Gare", city="Lyon", postcode="69002", country="FR")),
        payment_means=[PaymentMeans(type_code="30", iban=SELLER_IBAN, bic="AGRIFRPPXXX")],
        allowances_charges=[AllowanceCharge(False, D("5.00"), vat_category="S", vat_rate=D("20"), reason="Remise")],
        lines=[
            Line("1", quantity=D("10"), unit_code="C62", net_amount=D("125.00"), net_price=D("12.50"),
                 vat_category="S", vat_rate=D("20"), name="Ramettes de papier"),
            Line("2", quantity=D("1"), unit_code="C62", net_amount=D("80.00"), net_price=D("80.00"),
                 vat_category="S", vat_rate=D("10"), name="Transport"),
        ],
        vat_breakdown=[
            VatBreakdown("S", D("20"), D("120.00"), D("24.00")),
            VatBreakdown("S", D("10"), D("80.00"), D("8.00")),
        ],
        totals=Totals(line_total=D("205.00"), allowance_total=D("5.00"), charge_total=D("0.00"),
                      tax_exclusive=D("200.00"), tax_total=D("32.00"), tax_inclusive=D("232.00"),
                      prepaid=D("0.00"), amount_due=D("232.00")),
        syntax="cii",
    )


def _repair(party: Party) -> None:
    """Replace a checksum-false SIRET (placeholder) by a valid SIRET of the same, valid SIREN."""
    for ident in [party.legal_id, *party.identifiers]:
        if ident is None:
            continue
        value = ident.value.replace(" ", "")
        if len(value) == 14 and value.isdigit() and not std_siret.is_valid(value) and std_siren.is_valid(value[:9]):
            ident.value = siret_of(value[:9])
            ident.scheme = "0009" if ident is not party.legal_id else "0002"


def corpus_invoice(corpus: Path, name: str) -> Invoice:
    """Read a corpus sample with the built-in plugins and repair its placeholder identifiers."""
    from guichet.core.plugins import make_plugin_manager
    from guichet.core.pipeline.reading import read_file

    path = corpus / name
    invoice = read_file(make_plugin_manager(), path.read_bytes(), path.name).invoice
    assert invoice is not None, name
    for party in (invoice.seller, invoice.buyer):
        _repair(party)
    return invoice


def mutate(invoice: Invoice) -> Invoice:
    """A deep copy to change one thing in."""
    return copy.deepcopy(invoice)


# ---------------------------------------------------------------------------
# Sirene stock files (real INSEE layouts)
# ---------------------------------------------------------------------------

UNIT_HEADER = (
    "siren,statutDiffusionUniteLegale,unitePurgeeUniteLegale,dateCreationUniteLegale,sigleUniteLegale,"
    "sexeUniteLegale,prenom1UniteLegale,prenom2UniteLegale,prenom3UniteLegale,prenom4UniteLegale,"
    "prenomUsuelUniteLegale,pseudonymeUniteLegale,identifiantAssociationUniteLegale,trancheEffectifsUniteLegale,"
    "anneeEffectifsUniteLegale,dateDernierTraitementUniteLegale,nombrePeriodesUniteLegale,categorieEntreprise,"
    "anneeCategorieEntreprise,dateDebut,etatAdministratifUniteLegale,nomUniteLegale,nomUsageUniteLegale,"
    "denominationUniteLegale,denominationUsuelle1UniteLegale,denominationUsuelle2UniteLegale,"
    "denominationUsuelle3UniteLegale,categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,"
    "nomenclatureActivitePrincipaleUniteLegale,nicSiegeUniteLegale,economieSocialeSolidaireUniteLegale,"
    "societeMissionUniteLegale,caractereEmployeurUniteLegale,activitePrincipaleNAF25UniteLegale"
).split(",")
ESTABLISHMENT_HEADER = (
    "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,"
    "anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,"
    "etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,"
    "indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,"
    "typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,"
    "libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,"
    "codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,"
    "libellePaysEtrangerEtablissement,identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,"
    "coordonneeLambertOrdonneeEtablissement,complementAdresse2Etablissement,numeroVoie2Etablissement,"
    "indiceRepetition2Etablissement,typeVoie2Etablissement,libelleVoie2Etablissement,codePostal2Etablissement,"
    "libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,"
    "codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,codePaysEtranger2Etablissement,"
    "libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,"
    "enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,"
    "nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement,activitePrincipaleNAF25Etablissement"
).split(",")


def unit_record(siren: str, name: str, state: str = "A", since: str = "2015-01-01") -> list[str]:
    """One StockUniteLegale row."""
    values = dict.fromkeys(UNIT_HEADER, "")
    values.update(siren=siren, statutDiffusionUniteLegale="O", dateCreationUniteLegale="1990-01-01",
                  dateDernierTraitementUniteLegale="2026-10-01T03:00:00", nombrePeriodesUniteLegale="2",
                  dateDebut=since, etatAdministratifUniteLegale=state, denominationUniteLegale=name,
                  categorieJuridiqueUniteLegale="5710", activitePrincipaleUniteLegale="62.01Z",
                  nomenclatureActivitePrincipaleUniteLegale="NAFRev2", nicSiegeUniteLegale="00012",
                  caractereEmployeurUniteLegale="O")
    return [values[c] for c in UNIT_HEADER]


def establishment_record(siret: str, state: str = "A", head: bool = True) -> list[str]:
    """One StockEtablissement row."""
    values = dict.fromkeys(ESTABLISHMENT_HEADER, "")
    values.update(siren=siret[:9], nic=siret[9:], siret=siret, statutDiffusionEtablissement="O",
                  etablissementSiege="true" if head else "false", codePostalEtablissement="75008",
                  libelleCommuneEtablissement="PARIS", dateDebut="2015-01-01", etatAdministratifEtablissement=state,
                  enseigne1Etablissement="", activitePrincipaleEtablissement="62.01Z")
    return [values[c] for c in ESTABLISHMENT_HEADER]


def write_stock_files(folder: Path, rows: int, *, extra_units: list[list[str]] | (None) = None,
                      extra_establishments: list[list[str]] | None = None, seed: int = 1) -> tuple[Path, Path]:
    """Write ``rows`` generated legal units and establishments (plus the extra ones) in the INSEE layout."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    units, establishments = folder / "StockUniteLegale_utf8.csv", folder / "StockEtablissement_utf8.csv"
    with units.open("w", newline="", encoding="utf-8") as fu, establishments.open("w", newline="", encoding="utf-8") as fe:
        wu, we = csv.writer(fu), csv.writer(fe)
        wu.writerow(UNIT_HEADER)
        we.writerow(ESTABLISHMENT_HEADER)
        for i in range(rows):
            siren = f"{100000000 + i * 7:09d}"  # distinct 9-digit numbers (checksums do not matter here)
            state = "C" if rng.random() < 0.3 else "A"
            wu.writerow(unit_record(siren, f"ENTREPRISE {i}", state))
            we.writerow(establishment_record(f"{siren}00012", "F" if state == "C" else "A"))
        for record in extra_units or []:
            wu.writerow(record)
        for record in extra_establishments or []:
            we.writerow(record)
    return units, establishments


def fr_vat(siren: str) -> str:
    """The French VAT number of ``siren`` (key found by trying the 100 keys with stdnum)."""
    from stdnum.fr import tva

    return next(f"FR{key:02d}{siren}" for key in range(100) if tva.is_valid(f"FR{key:02d}{siren}"))


def scaled(invoice: Invoice, factor: int) -> Invoice:
    """A copy with every quantity and amount multiplied by ``factor`` (still consistent)."""
    out = copy.deepcopy(invoice)
    for line in out.lines:
        line.quantity *= factor
        line.net_amount *= factor
    for ac in out.allowances_charges:
        ac.amount *= factor
    for row in out.vat_breakdown:
        row.taxable_amount *= factor
        row.tax_amount *= factor
    t = out.totals
    for name in ("line_total", "allowance_total", "charge_total", "tax_exclusive", "tax_total", "tax_inclusive",
                 "prepaid", "amount_due"):
        if getattr(t, name) is not None:
            setattr(t, name, getattr(t, name) * factor)
    return out
