"""A fixed French paper invoice for the coding and conversion tests (issue 13), and its 200-dpi scan.

Written here rather than taken from ``invoice_generator.py``: the generator's seeds change
whenever its layouts do, and these tests need one invoice whose content never moves.
Two lines at 20 %, every legal mention, a French seller (SIREN 380129866), the buyer is the
tests' dossier company (« Société A »).
"""

from __future__ import annotations

import io

#: What the paper says, keyed like ``guichet extract --json``.
TRUTH = {
    "invoice_number": "F-2026-0142",
    "issue_date": "2026-03-02",
    "due_date": "2026-04-01",
    "document_type_code": "380",
    "currency": "EUR",
    "seller_name": "Atelier Roussel SAS",
    "seller_siren": "380129866",
    "seller_vat_id": "FR89380129866",
    "buyer_name": "Société A",
    "total_without_tax": "620.00",
    "total_tax": "124.00",
    "total_with_tax": "744.00",
    "iban": "FR7630006000011234567890189",
}
#: The VAT row as an operator codes it.
VAT_ROW = {"rate": "20", "taxable_amount": "620.00", "tax_amount": "124.00"}

_HTML = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 18mm }} body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 10pt }}
table {{ border-collapse: collapse; width: 100% }} td, th {{ padding: 3px 6px; border-bottom: 1px solid #999 }}
.r {{ text-align: right }} .blocks {{ margin: 8mm 0 }}
</style></head><body>
<div class="blocks"><div><b>Atelier Roussel SAS</b><br>12 rue des Lilas<br>69003 Lyon<br>
SIREN 380 129 866 · TVA FR89380129866</div>
{buyer}</div>
<h1>FACTURE</h1>
<p>Facture n° : F-2026-0142<br>Date de facture : 02/03/2026<br>Date d'échéance : 01/04/2026</p>
<table><tr><th>Désignation</th><th class="r">Quantité</th><th class="r">Prix unitaire HT</th>
<th class="r">Montant HT</th></tr>
<tr><td>Maintenance annuelle</td><td class="r">1</td><td class="r">120,00</td><td class="r">120,00</td></tr>
<tr><td>Conseil en organisation</td><td class="r">2</td><td class="r">250,00</td><td class="r">500,00</td></tr>
</table>
<table style="width: 45%; margin-left: 55%; margin-top: 6mm">
<tr><td>Total HT</td><td class="r">620,00 €</td></tr>
<tr><td>TVA 20 %</td><td class="r">124,00 €</td></tr>
<tr><td><b>Total TTC</b></td><td class="r"><b>744,00 €</b></td></tr>
<tr><td>Net à payer</td><td class="r">744,00 €</td></tr></table>
<p>Paiement par virement à 30 jours. IBAN FR76 3000 6000 0112 3456 7890 189 · BIC BNPAFRPP</p>
<p style="font-size: 8pt">Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire pour frais
de recouvrement : 40 €. Pas d'escompte pour paiement anticipé. Atelier Roussel SAS, capital 10 000 €,
RCS Lyon 380 129 866.</p>
</body></html>"""
_BUYER = "<div style=\"margin-top: 8mm\">Client :<br>Société A<br>5 avenue Foch<br>75016 Paris{siren}</div>"


def paper_pdf(*, buyer: bool = True, buyer_siren: str | None = None) -> bytes:
    """The invoice as a text-layer PDF (WeasyPrint); ``buyer=False`` leaves the buyer out; ``buyer_siren``
    prints the buyer's SIREN under its address (mention 1° of art. 242 nonies A since the reform)."""
    import weasyprint

    block = _BUYER.format(siren=f"<br>SIREN {buyer_siren[:3]} {buyer_siren[3:6]} {buyer_siren[6:]}" if buyer_siren else "")
    return weasyprint.HTML(string=_HTML.format(buyer=block if buyer else "<div></div>")).write_pdf()


def scanned(pdf: bytes, dpi: int = 200) -> bytes:
    """An image-only PDF of ``pdf``'s pages at ``dpi``, grey, as an office scanner makes it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document]
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out.getvalue()
