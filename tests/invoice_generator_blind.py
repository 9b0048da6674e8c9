"""A family of generated invoices written apart from the rules (issue 13), tuned on since the fourth session.

Written independently of the field rules and of ``tests/invoice_generator.py``'s layouts and
wordings: its own layouts (business software, SaaS receipts, utility bills, fuel-card
statements, artisans' letter templates…), its own label wordings in French first, then
English (Irish sellers, who bill in euros), German, Spanish and Italian, its own names,
number and date shapes. Only the plumbing is shared with the main generator, on purpose, so
that both are measured the same way: the :class:`~invoice_generator.Truth` record, the
WeasyPrint rendering of :class:`~invoice_generator.Invoice` and :func:`~invoice_generator.degrade`
(200-dpi scans, photos).

Never tuned on until the fourth session of 2026-12-05; its misses are read since (it is spent as a
blind measure, as this docstring foresaw). The never-tuned family is now
``tests/invoice_generator_unseen.py`` (« inédit »), written apart in its turn.

Seeded and deterministic: ``make_invoice(seed)`` always gives the same invoice. Run
``python tests/invoice_generator_blind.py OUT --count 20 --kinds text,scan200`` to write files
with a ``.json`` truth beside each.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import random
import re
from decimal import Decimal
from pathlib import Path

from stdnum import iban as iban_check
from stdnum import luhn
from stdnum.es import cif
from stdnum.eu import vat as eu_vat
from stdnum.ie import vat as ie_vat
from stdnum.iso7064 import mod_11_10

from invoice_generator import LANGUAGES, Invoice, Truth, grouped, money, printed_buyer, random_digits
from invoice_generator import write_set as generator_write_set

PART = "blind"
#: French first, as the appliance's users receive; the other languages a tenth each.
WEIGHTS = (0.6, 0.1, 0.1, 0.1, 0.1)

# ---------------------------------------------------------------------------
# Label wordings, per language: every label a layout prints comes from here, so that
# tests/test_invoice_generator_blind.py can prove none is shared with the main generator.
# ``{}`` marks where a value goes inside a label.
# ---------------------------------------------------------------------------

LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "title": ["Facture", "FACTURE", "Facture de vente", "Facture client", "Note d'honoraires"],
        "credit": ["Avoir", "AVOIR", "Avoir commercial", "Avoir client"],
        "number": ["N° fact.", "Fact. n°", "Numéro de pièce", "N° pièce", "Référence facture", "Numéro de la facture",
                   "N° du document", "Pièce comptable n°"],
        "date": ["Date fact.", "Date de votre facture", "Édité le", "Facture émise le", "Établie le",
                 "Facture établie le", "Date du document"],
        "due": ["Échéance(s)", "Exigible le", "À régler avant le", "Payable au plus tard le", "Date limite de règlement",
                "Échéance du règlement", "À acquitter avant le"],
        "customer": ["Code tiers", "N° de client", "N° de compte client", "Votre réf. client", "Identifiant client"],
        "order": ["Bon de commande n°", "Votre commande n°", "N° commande", "Réf. de votre commande", "Votre référence"],
        "delivery": ["Livraison le", "Livraison effectuée le", "Intervention réalisée le", "Date de prestation"],
        "period": ["Période de consommation", "Période facturée"],
        "period_words": ["du {} au {}"],
        "contract": ["N° de contrat", "Réf. contrat", "Contrat n°"],
        "to": ["Client / adresse de facturation", "Adresse de facturation du client", "Destinataire de la facture", "Doit", "Adresse client", "Client / facturation"],
        "from": ["Émetteur de la facture", "Le prestataire", "Votre fournisseur"],
        "desc": ["Désignation des travaux", "Libellé de la prestation", "Réf. article", "Nature de la prestation", "Détail"],
        "qty": ["Qté fact.", "Quantité facturée", "Qtés", "Nbre"],
        "unit": ["P.U.H.T.", "Prix unitaire H.T. (€)", "PU HT €", "Prix unit. HT"],
        "rate_col": ["Taux TVA (%)", "% TVA", "Tx TVA %", "Code TVA"],
        "amount_col": ["Mt total HT", "Total HT ligne", "Mt HT €", "Valeur HT"],
        "base": ["Base taxable HT", "Assiette", "Base imposable", "Base H.T."],
        "tax_col": ["Montant de TVA", "Mt TVA", "Taxe"],
        "rate_word": ["Taux de TVA", "Taux appliqué"],
        "ht": ["TOTAL HT €", "Total HT de la facture", "Total hors taxes (€)", "Sous-total H.T. (€)", "Net HT €", "Total H.T. (EUR)"],
        "tva": ["Total TVA €", "Montant de TVA", "Total des taxes", "T.V.A. (€)", "Total de la TVA"],
        "tva_rate": ["Montant TVA {}", "TVA au taux de {}", "dont TVA {}"],
        "ttc": ["Total TTC €", "Montant TTC (€)", "NET À PAYER (€)", "Total T.T.C. en euros", "Total à payer TTC", "Total général TTC"],
        "to_pay": ["Montant à payer", "Montant à régler TTC", "Total à régler", "Somme à payer"],
        "withdrawn": ["Prélevé le", "Sera prélevé le", "Prélèvement le"],
        "gross": ["Total brut HT", "Montant brut HT", "Sous-total brut"],
        "discount": ["Remise {}", "Remise commerciale {}", "Rabais {}"],
        "net_ht": ["Total net HT €", "Net commercial HT", "Net HT après remise"],
        "deposit": ["Acompte(s) versé(s)", "Acompte encaissé", "Déjà payé"],
        "balance": ["Reste à payer TTC", "Solde à régler", "Reste dû TTC", "Solde à nous régler"],
        "seller_vat": ["N° TVA intracommunautaire", "TVA intracom.", "N° TVA", "Identifiant TVA",
                       "TVA intracommunautaire"],
        "buyer_vat": ["N° TVA client", "TVA intracom. client", "Votre n° TVA"],
        "iban": ["IBAN"],
        "bic": ["BIC", "BIC / SWIFT"],
        "bank": ["Coordonnées bancaires (RIB)", "Règlement par virement sur le compte", "Nos références bancaires"],
        "terms": ["Règlement à 30 jours date de facture.", "Règlement par virement à réception.",
                  "Conditions de règlement : 45 jours fin de mois.",
                  "Pas d'escompte pour paiement anticipé.",
                  "En cas de retard : pénalités au taux de trois fois le taux d'intérêt légal "
                  "et indemnité forfaitaire pour frais de recouvrement de 40 €."],
        "reverse": ["Autoliquidation : TVA due par le preneur (article 283-2 du CGI).",
                    "Exonération de TVA, article 262 ter I du CGI (livraison intracommunautaire)."],
        "exempt": ["TVA non applicable en vertu de l'article 293 B du CGI.",
                   "Franchise en base de TVA – article 293 B du Code général des impôts."],
        "page": ["Page {} / {}", "Feuille {} sur {}", "p. {}/{}"],
        "origin": ["Facture d'origine", "Avoir sur facture n°", "Réf. facture initiale", "En référence à la facture"],
        "origin_date": ["du {}"],
        "capital": ["{} au capital de {}", "{} – Capital social : {}"],
        "register": ["RCS {} : {}", "R.C.S. {} B {}", "Immatriculée au RCS de {} sous le numéro {}"],
        "siret": ["SIRET (siège) : {}", "SIRET siège {}", "Siret n° {}"],
        "ape": ["APE {}", "Code NAF {}"],
        "place_date": ["Fait à {} le {}", "{} le {}"],
        "thanks": ["Merci de votre confiance.", "Nous vous remercions de votre commande.",
                   "Merci pour votre règlement."],
        "card": ["Carte n°", "N° de carte"],
        "station": ["Station", "Point de vente"],
        "product": ["Type de carburant", "Carburant"],
        "litres": ["Litres", "Volume (L)"],
        "day": ["Jour", "Date opération"],
        "statement": ["Relevé-facture carburant", "Facture récapitulative des transactions"],
        "tel": ["Tél.", "Téléphone"],
        "mail": ["Courriel", "E-mail"],
        "summary": ["Votre facture en bref", "L'essentiel de votre facture"],
        "detail": ["Détail de votre facture", "Le détail"],
        "amount_words_intro": ["Arrêtée la présente facture à la somme de"],
        "object": ["Objet : {}"],
        "subject": ["Facture n° {}", "notre facture {}"],
        # Card-paid receipts, marketplace orders, seller on the right (wider layouts, 2026-12-06).
        "receipt_title": ["Reçu", "Reçu de paiement", "Justificatif de paiement"],
        "receipt_from": ["Reçu de {}", "Votre reçu de {}", "Paiement reçu par {}"],
        "paid_on": ["Payé le", "Date du paiement", "Réglé le"],
        "method": ["Moyen de paiement", "Payé avec"],
        "card_tail": ["Visa se terminant par {}", "Mastercard •••• {}", "CB **** {}"],
        "paid_amount": ["Montant payé", "Montant débité", "Somme réglée"],
        "billed_to": ["Facture adressée à", "Titulaire du compte", "Facturée au nom de"],
        "help": ["Une question ? Écrivez-nous à {}", "Besoin d'aide ? Contactez {}"],
        "sold_by": ["Vendu par {}", "Vendu et expédié par {}", "Vendeur : {}"],
        "sold_vat": ["N° TVA du vendeur", "TVA vendeur"],
        "on_behalf": ["Facture émise par {} au nom et pour le compte du vendeur.", "{} agit en qualité d'intermédiaire ; la présente facture est celle du vendeur."],
        "order_no": ["N° de commande", "Commande n°", "Référence de la commande"],
        "ordered_on": ["Commande du", "Date de commande"],
        "bill_addr": ["Coordonnées de facturation", "Facturation"],
        "ship_addr": ["Livrer à", "Expédié à"],
        "issuer": ["Société émettrice", "Informations vendeur", "Votre prestataire"],
    },
    "en": {
        "title": ["Invoice", "INVOICE", "VAT Invoice", "Sales Invoice"],
        "credit": ["Credit Note", "CREDIT NOTE", "Credit Memo"],
        "number": ["Invoice Nbr", "Our invoice no.", "Inv. number", "Doc. number", "Invoice reference no."],
        "date": ["Invoice issue date", "Issued on", "Tax point date", "Invoice date of issue", "Date raised"],
        "due": ["Payment required by", "Date due", "Settle by", "Payable by", "Please pay by"],
        "customer": ["Account number", "Customer account", "Cust. ref."],
        "order": ["Your PO ref.", "Your order ref.", "Purchase order no."],
        "delivery": ["Delivered on", "Service date"],
        "period": ["Billing period", "Usage period"],
        "period_words": ["{} to {}"],
        "contract": ["Contract no.", "Agreement ref."],
        "to": ["Invoice address", "Invoice addressed to", "Billing address", "Deliver & invoice to"],
        "from": ["Invoice from", "Supplier details"],
        "desc": ["Item description", "Description of goods/services", "Service"],
        "qty": ["Quantity (units)", "No. of units", "Hrs/Qty"],
        "unit": ["Unit price (EUR)", "Rate (EUR)", "Price each"],
        "rate_col": ["VAT rate %", "VAT rate"],
        "amount_col": ["Line net (EUR)", "Net value", "Amount (net)"],
        "base": ["Net (EUR)", "Taxable amount"],
        "tax_col": ["VAT (EUR)", "VAT charged"],
        "rate_word": ["Rate (EUR)", "VAT band"],
        "ht": ["Sub-total (excl. VAT)", "Net invoice total", "Total net of VAT", "Total ex VAT", "Net amount before VAT"],
        "tva": ["Total of VAT", "Total VAT (EUR)", "VAT charged in total"],
        "tva_rate": ["VAT charged @ {}", "Plus VAT at {}"],
        "ttc": ["Total now due", "Total of this invoice", "Total inc VAT", "Gross total", "Total (EUR)"],
        "to_pay": ["Total amount payable", "Please pay"],
        "withdrawn": ["Direct debit on", "Will be collected on"],
        "gross": ["Gross subtotal", "Subtotal before discount"],
        "discount": ["Discount {}", "Less discount {}"],
        "net_ht": ["Net after discount", "Discounted net"],
        "deposit": ["Paid on account", "Less: deposit paid", "Payments received to date"],
        "balance": ["Balance now due", "Outstanding balance (EUR)", "Amount outstanding"],
        "seller_vat": ["VAT No.", "VAT Reg. No.", "VAT registration number"],
        "buyer_vat": ["Customer VAT No.", "Your VAT no."],
        "iban": ["IBAN"],
        "bic": ["BIC", "SWIFT/BIC"],
        "bank": ["Our bank details", "Pay by bank transfer to", "Remittance details"],
        "terms": ["Payment terms: 30 days net.", "Kindly use the invoice number as the payment reference.",
                  "Interest may be charged on late payments."],
        "reverse": ["Reverse charge: VAT to be accounted for by the recipient (Art. 196, Directive 2006/112/EC).",
                    "Intra-Community supply of goods, exempt under Art. 138 Directive 2006/112/EC."],
        "exempt": [],
        "page": ["Pg. {} of {}", "Sheet {}/{}"],
        "origin": ["Credit against invoice", "Original invoice", "Relates to invoice"],
        "origin_date": ["dated {}"],
        "capital": [],
        "register": ["Registered in Ireland No. {}", "Company Reg. No. {}", "CRO number {}"],
        "siret": [],
        "ape": [],
        "place_date": ["{} – {}"],
        "thanks": ["Thanks again for your business!", "Many thanks for your custom."],
        "card": ["Card no.", "Fuel card"],
        "station": ["Site", "Forecourt"],
        "product": ["Fuel", "Grade"],
        "litres": ["Litres", "Volume (l)"],
        "day": ["Txn date", "Date/time"],
        "statement": ["Fuel card statement and invoice", "Transaction invoice"],
        "tel": ["Tel.", "Ph."],
        "mail": ["Email", "E-mail address"],
        "summary": ["Your bill at a glance", "Bill summary"],
        "detail": ["Your bill in detail", "Itemised charges"],
        "amount_words_intro": [],
        "object": ["Re: {}"],
        "subject": ["our invoice {}", "Invoice ref {}"],
        "receipt_title": ["Payment receipt", "Proof of payment"],
        "receipt_from": ["Payment received by {}", "Paid to {}", "Your payment to {}"],
        "paid_on": ["Paid on", "Payment date"],
        "method": ["Charged to"],
        "card_tail": ["Visa ending in {}", "Mastercard •••• {}", "Amex - {}"],
        "paid_amount": ["Amount charged", "Total paid", "Charged amount"],
        "billed_to": ["Invoiced customer", "Billed party"],
        "help": ["Need help? Email {}"],
        "sold_by": ["Sold by {}", "Sold and shipped by {}", "Seller: {}"],
        "sold_vat": ["Seller VAT no.", "Seller's VAT number"],
        "on_behalf": ["Invoice issued by {} on behalf of the seller.", "{} acts as an intermediary; this invoice is issued in the name of the seller."],
        "order_no": ["Order number", "Order #", "Order ID"],
        "ordered_on": ["Date ordered", "Order placed on"],
        "bill_addr": ["Billing address", "Billing details"],
        "ship_addr": ["Delivery address", "Shipped to"],
        "issuer": ["Supplier info", "Payee", "Merchant"],
    },
    "de": {
        "title": ["Rechnung", "RECHNUNG", "Rechnung (Original)"],
        "credit": ["Gutschrift", "Rechnungskorrektur", "Stornorechnung"],
        "number": ["RgNr.", "Unsere Rechnungsnummer", "Belegnr.", "Re.-Nr.", "Vorgangsnummer"],
        "date": ["Rg.-Datum", "Beleg vom", "Rechnung ausgestellt am", "Rechnung vom"],
        "due": ["Fällig spätestens am", "Fälligkeit der Zahlung", "Bitte zahlbar bis", "Zahlung bis spätestens"],
        "customer": ["Ihre Kundennummer", "Kd.-Nr.", "Debitor"],
        "order": ["Ihr Auftrag", "Auftragsnummer", "Bestell-Nr."],
        "delivery": ["Liefertag", "Leistung erbracht am"],
        "period": ["Abrechnungszeitraum", "Verbrauchszeitraum"],
        "period_words": ["{} bis {}"],
        "contract": ["Vertragsnummer", "Vertrags-Nr."],
        "to": ["Rechnung geht an", "Rechnungsanschrift", "Leistungsempfänger"],
        "from": ["Leistungserbringer", "Rechnungsaussteller"],
        "desc": ["Artikelbezeichnung", "Leistungsbeschreibung", "Artikel / Leistung"],
        "qty": ["Menge/Einh.", "Anz.", "Stückzahl"],
        "unit": ["Einzelpreis netto", "E-Preis €", "Preis/Einh."],
        "rate_col": ["USt.-Satz", "MwSt.-Satz", "USt %"],
        "amount_col": ["Gesamtpreis", "Betrag netto", "Pos.-Summe netto"],
        "base": ["Netto €", "Bemessungsgrundlage"],
        "tax_col": ["USt.-Betrag (EUR)", "USt.-Betrag"],
        "rate_word": ["Steuersatz", "Satz"],
        "ht": ["Nettobetrag gesamt", "Summe der Positionen (netto)", "Zwischensumme netto", "Gesamtbetrag netto", "Netto-Warenwert"],
        "tva": ["Umsatzsteuer gesamt", "Summe USt.", "MwSt.-Betrag"],
        "tva_rate": ["zzgl. {} USt.", "+ MwSt. {}", "Umsatzsteuer {}"],
        "ttc": ["Rechnungsbetrag brutto", "Brutto gesamt", "Endbetrag (EUR)", "Bruttosumme", "Gesamtsumme brutto"],
        "to_pay": ["Bitte zahlen Sie", "Zahlbetrag (EUR)"],
        "withdrawn": ["Abbuchung am", "Lastschrifteinzug am"],
        "gross": ["Summe vor Rabatt", "Warenwert brutto vor Rabatt"],
        "discount": ["Rabatt {}", "abzgl. Rabatt {}"],
        "net_ht": ["Netto nach Rabatt", "Rabattierter Nettobetrag"],
        "deposit": ["Abschlagszahlung", "abzgl. Anzahlung", "bereits geleistete Zahlungen"],
        "balance": ["Restzahlung", "Verbleibender Zahlbetrag", "Offener Restbetrag"],
        "seller_vat": ["USt-IdNr.", "USt.-ID", "Umsatzsteuer-ID", "USt-Identifikationsnummer"],
        "buyer_vat": ["Ihre USt-IdNr.", "USt-IdNr. des Kunden"],
        "iban": ["IBAN"],
        "bic": ["BIC", "SWIFT-BIC"],
        "bank": ["Unsere Bankverbindung", "Bitte überweisen Sie auf folgendes Konto"],
        "terms": ["Zahlbar innerhalb von 14 Tagen ohne Abzug.", "Bei Zahlung innerhalb von 8 Tagen 2 % Skonto.",
                  "Bitte geben Sie bei Zahlung die Rechnungsnummer an."],
        "reverse": ["Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG).",
                    "Innergemeinschaftliche Lieferung, steuerfrei nach § 4 Nr. 1b UStG."],
        "exempt": ["Gemäß § 19 UStG wird keine Umsatzsteuer berechnet (Kleinunternehmerregelung)."],
        "page": ["S. {} von {}", "Blatt {}/{}"],
        "origin": ["Korrektur zu Rechnung", "Bezug: Rechnung Nr.", "Ursprungsrechnung"],
        "origin_date": ["vom {}"],
        "capital": [],
        "register": ["Handelsregister: Amtsgericht {}, HRB {}", "Registergericht: {} – HRB {}"],
        "siret": ["Steuernummer {}", "St.-Nr. {}"],
        "ape": ["GF: {}", "Inhaber: {}"],
        "place_date": ["{} den {}", "{} – {}"],
        "thanks": ["Herzlichen Dank für Ihren Auftrag!", "Danke für Ihr Vertrauen!"],
        "card": ["Karten-Nr.", "Tankkarte"],
        "station": ["Tankstelle", "Station/Ort"],
        "product": ["Kraftstoff", "Sorte"],
        "litres": ["Liter", "Menge (l)"],
        "day": ["Tankdatum", "Datum/Uhrzeit"],
        "statement": ["Sammelrechnung Tankkarte", "Tankabrechnung"],
        "tel": ["Tel.", "Telefon"],
        "mail": ["E-Mail", "Mail"],
        "summary": ["Ihre Rechnung auf einen Blick", "Übersicht"],
        "detail": ["Einzelaufstellung", "Rechnungsdetails"],
        "amount_words_intro": [],
        "object": ["Betreff: {}", "Betrifft: {}"],
        "subject": ["Rechnung Nr. {}", "unsere Rechnung Nr. {}"],
        "receipt_title": ["Quittung", "Zahlungsbeleg", "Zahlungsbestätigung"],
        "receipt_from": ["Quittung von {}", "Ihr Zahlungsbeleg von {}", "Beleg von {}"],
        "paid_on": ["Bezahlt am", "Zahlungsdatum", "Belastet am"],
        "method": ["Zahlungsmethode", "Bezahlt mit"],
        "card_tail": ["Visa endet auf {}", "Mastercard •••• {}", "Kreditkarte **** {}"],
        "paid_amount": ["Bezahlter Betrag", "Belasteter Betrag", "Gezahlt"],
        "billed_to": ["Rechnungsadressat", "Abgerechnet an"],
        "help": ["Fragen? Schreiben Sie uns an {}", "Hilfe benötigt? E-Mail an {}"],
        "sold_by": ["Verkauft von {}", "Verkauf und Versand durch {}", "Verkäufer: {}"],
        "sold_vat": ["USt-IdNr. des Verkäufers", "Verkäufer USt-ID"],
        "on_behalf": ["Rechnung ausgestellt von {} im Namen und für Rechnung des Verkäufers.", "{} handelt als Vermittler; Aussteller dieser Rechnung ist der Verkäufer."],
        "order_no": ["Bestellung Nr.", "Auftrags-ID", "Bestell-ID"],
        "ordered_on": ["Bestellung vom", "Datum der Bestellung"],
        "bill_addr": ["Rechnungsanschrift des Kunden", "Anschrift für die Rechnung"],
        "ship_addr": ["Versand an", "Lieferung an"],
        "issuer": ["Aussteller", "Anbieter", "Verkaufende Firma"],
    },
    "es": {
        "title": ["Factura", "FACTURA", "Factura completa"],
        "credit": ["Factura rectificativa", "Abono", "Factura de abono"],
        "number": ["Número fra.", "Nº doc.", "Factura nº", "Nº fra.", "Serie/número"],
        "date": ["Fecha fra.", "Factura emitida el", "F. expedición", "Fecha de expedición de la factura"],
        "due": ["Vencimientos", "Vencimiento el", "Vto. factura", "Pagar antes del"],
        "customer": ["Cliente nº", "Nº cliente", "Cód. de cliente"],
        "order": ["Su pedido nº", "Nº pedido", "Ref. pedido"],
        "delivery": ["Entregado el", "Fecha de realización del servicio"],
        "period": ["Periodo de facturación", "Periodo de consumo"],
        "period_words": ["del {} al {}"],
        "contract": ["Nº contrato", "Contrato"],
        "to": ["Factura a nombre de", "Datos fiscales del cliente", "Cliente / Destinatario"],
        "from": ["Emisor de la factura", "Datos del proveedor"],
        "desc": ["Concepto / descripción", "Descripción del servicio", "Ref. artículo"],
        "qty": ["Cant. (uds)", "Unidades", "Nº uds."],
        "unit": ["Precio unit.", "P. unitario", "Precio/ud."],
        "rate_col": ["% I.V.A.", "Tipo IVA"],
        "amount_col": ["Importe (€)", "Neto sin impuestos", "Subtotal línea"],
        "base": ["Base H.T.", "Base imp. (€)"],
        "tax_col": ["Cuota (€)", "Cuota de IVA"],
        "rate_word": ["Tipo (%)", "Tipo impositivo"],
        "ht": ["Base imponible (€)", "Suma bases imponibles", "Suma importes", "Importe neto total"],
        "tva": ["Total cuotas IVA", "Cuota total IVA", "Impuestos (IVA)"],
        "tva_rate": ["Cuota I.V.A. al {}", "Cuota IVA {}"],
        "ttc": ["Total de la factura", "Importe total de la factura", "TOTAL A PAGAR (€)", "Total IVA incl."],
        "to_pay": ["Importe a pagar", "Importe a abonar"],
        "withdrawn": ["Se cargará el", "Fecha de cargo"],
        "gross": ["Suma bruta", "Importe bruto"],
        "discount": ["Descuento {}", "Dto. comercial {}"],
        "net_ht": ["Neto tras descuento", "Importe neto con descuento"],
        "deposit": ["Anticipo recibido", "Entrega a cuenta", "Ya abonado"],
        "balance": ["Queda pendiente", "Importe pendiente", "Saldo a pagar"],
        "seller_vat": ["NIF", "CIF", "NIF/CIF", "N.I.F.", "NIF-IVA"],
        "buyer_vat": ["NIF cliente", "CIF del cliente"],
        "iban": ["IBAN"],
        "bic": ["BIC", "SWIFT"],
        "bank": ["Datos para la transferencia", "Forma de pago: transferencia a la cuenta"],
        "terms": ["Forma de pago: transferencia bancaria a 30 días.", "Pago al contado.",
                  "Forma de pago: recibo domiciliado."],
        "reverse": ["Inversión del sujeto pasivo (art. 84.Uno.2º Ley 37/1992).",
                    "Entrega intracomunitaria exenta según art. 25 Ley 37/1992."],
        "exempt": [],
        "page": ["Pág. {} de {}", "Hoja {}/{}"],
        "origin": ["Rectifica a la factura", "Factura rectificada", "Factura original"],
        "origin_date": ["de fecha {}"],
        "capital": [],
        "register": ["Inscrita en el Registro Mercantil de {}, hoja {}", "R. M. {}, hoja {}"],
        "siret": [],
        "ape": [],
        "place_date": ["{}, a {}", "En {} a {}"],
        "thanks": ["Muchas gracias por confiar en nosotros.", "Le agradecemos su confianza."],
        "card": ["Nº tarjeta", "Tarjeta"],
        "station": ["Estación", "Punto de venta"],
        "product": ["Carburante", "Producto"],
        "litres": ["Litros", "Volumen (l)"],
        "day": ["Fecha operación", "Fecha/hora"],
        "statement": ["Factura resumen de repostajes", "Factura de operaciones con tarjeta"],
        "tel": ["Tel.", "Teléfono"],
        "mail": ["Correo", "Email"],
        "summary": ["Resumen de su factura", "Su factura en resumen"],
        "detail": ["Detalle de la factura", "Desglose"],
        "amount_words_intro": [],
        "object": ["Asunto: {}", "Ref.: {}"],
        "subject": ["factura número {}", "nuestra factura {}"],
        "receipt_title": ["Recibo", "Justificante de pago", "Comprobante de pago"],
        "receipt_from": ["Recibo de {}", "Tu recibo de {}", "Pago recibido por {}"],
        "paid_on": ["Pagado el", "Fecha del cargo", "Cobrado el"],
        "method": ["Método de pago", "Pagado con"],
        "card_tail": ["Visa terminada en {}", "Mastercard •••• {}", "Tarjeta **** {}"],
        "paid_amount": ["Importe pagado", "Importe cobrado", "Total pagado"],
        "billed_to": ["Factura emitida a", "Cliente facturado"],
        "help": ["¿Preguntas? Escríbenos a {}", "¿Necesitas ayuda? Contacta con {}"],
        "sold_by": ["Vendido por {}", "Vendido y enviado por {}", "Vendedor: {}"],
        "sold_vat": ["NIF del vendedor", "CIF vendedor"],
        "on_behalf": ["Factura emitida por {} en nombre y por cuenta del vendedor.", "{} actúa como intermediario; esta factura es del vendedor."],
        "order_no": ["Número de pedido", "Ref. del pedido"],
        "ordered_on": ["Pedido del", "Pedido hecho el"],
        "bill_addr": ["Dirección de facturación", "Datos de facturación"],
        "ship_addr": ["Enviar a", "Enviado a"],
        "issuer": ["Datos de la empresa emisora", "Empresa emisora", "Prestador del servicio"],
    },
    "it": {
        "title": ["Fattura", "FATTURA", "Fattura differita", "Fattura accompagnatoria"],
        "credit": ["Nota di credito", "NOTA DI CREDITO"],
        "number": ["Numero della fattura", "Fatt. n.", "N. del documento", "Num. doc.", "Documento n."],
        "date": ["Fattura del", "Documento del", "Documento emesso il", "Data del documento"],
        "due": ["Scadenze", "Scade il", "Scadenza del pagamento", "Pagabile entro il"],
        "customer": ["Cod. anagrafica cliente", "Cod. cli.", "Cliente n."],
        "order": ["Vostro ordine n.", "Rif. ordine", "Ordine n."],
        "delivery": ["Consegna del", "Data DDT"],
        "period": ["Periodo di fatturazione", "Periodo di riferimento"],
        "period_words": ["dal {} al {}"],
        "contract": ["Codice contratto", "N. contratto"],
        "to": ["Spett.le Ditta", "Intestata a", "Cessionario / committente", "Destinatario fattura"],
        "from": ["Cedente / prestatore", "Dati fornitore"],
        "desc": ["Descrizione dei beni/servizi", "Articolo / descrizione"],
        "qty": ["Q.tà (pz)", "Quantità (n.)"],
        "unit": ["Prezzo unit. (€)", "Prezzo un."],
        "rate_col": ["Aliquota IVA", "IVA %", "Aliq."],
        "amount_col": ["Importo €", "Totale riga", "Importo netto"],
        "base": ["Imponibile (€)", "Base imponibile"],
        "tax_col": ["Imposta (€)", "IVA dovuta"],
        "rate_word": ["Aliquota %", "Cod. IVA"],
        "ht": ["Totale imponibile (€)", "Totale merci", "Totale imponibile documento", "Netto totale"],
        "tva": ["Totale IVA (€)", "Totale imposta", "IVA complessiva"],
        "tva_rate": ["IVA aliquota {}", "Imposta {}"],
        "ttc": ["Totale documento (€)", "Totale fattura €", "Totale da corrispondere", "Netto da pagare"],
        "to_pay": ["Importo da pagare", "Totale da versare"],
        "withdrawn": ["Addebito il", "Addebito diretto il"],
        "gross": ["Totale lordo", "Imponibile lordo"],
        "discount": ["Sconto {}", "Sconto incondizionato {}"],
        "net_ht": ["Imponibile scontato", "Netto dopo sconto"],
        "deposit": ["Acconto già versato", "Acconti ricevuti", "Già versato"],
        "balance": ["Saldo", "Saldo dovuto", "Residuo da versare"],
        "seller_vat": ["P.IVA", "Partita IVA", "P. IVA", "C.F. e P.IVA"],
        "buyer_vat": ["P.IVA cliente", "Vs. P.IVA"],
        "iban": ["IBAN"],
        "bic": ["BIC", "SWIFT"],
        "bank": ["Estremi bancari", "Pagamento tramite bonifico su"],
        "terms": ["Modalità di pagamento: bonifico bancario 30 gg d.f.", "Pagamento: RiBa 60 gg f.m.",
                  "Condizioni di pagamento: rimessa diretta."],
        "reverse": ["Inversione contabile – art. 17 c. 6 DPR 633/72.",
                    "Operazione non imponibile art. 41 DL 331/93 (cessione intracomunitaria)."],
        "exempt": ["Operazione in franchigia da IVA, regime forfettario (art. 1 c. 54-89 L. 190/2014)."],
        "page": ["Pag. {} di {}", "Foglio {}/{}"],
        "origin": ["Storno fattura n.", "Rif. fattura", "Fattura stornata"],
        "origin_date": ["del {}"],
        "capital": ["Cap. Soc. {} i.v. – {}"],
        "register": ["Iscritta al Registro Imprese di {} al n. {}", "R.E.A. {} n. {}"],
        "siret": [],
        "ape": [],
        "place_date": ["{} – {}", "{} lì {}"],
        "thanks": ["Grazie per averci scelto.", "Grazie per aver scelto i nostri servizi."],
        "card": ["Carta n.", "N. carta carburante"],
        "station": ["Impianto", "Stazione di servizio"],
        "product": ["Tipo prodotto", "Carburante erogato"],
        "litres": ["Litri", "Quantità (l)"],
        "day": ["Data rifornimento", "Data/ora"],
        "statement": ["Fattura riepilogativa rifornimenti", "Riepilogo transazioni carta"],
        "tel": ["Tel.", "Telefono"],
        "mail": ["Email", "PEC"],
        "summary": ["La tua bolletta in sintesi", "Sintesi del documento"],
        "detail": ["Dettaglio della fattura", "Dettaglio importi"],
        "amount_words_intro": [],
        "object": ["Oggetto: {}"],
        "subject": ["ns. fattura n. {}", "ns. fattura {}"],
        "receipt_title": ["Ricevuta", "Ricevuta di pagamento", "Conferma di pagamento"],
        "receipt_from": ["Ricevuta da {}", "La tua ricevuta di {}", "Pagamento ricevuto da {}"],
        "paid_on": ["Pagato il", "Addebitato il", "Data dell'addebito"],
        "method": ["Metodo di pagamento", "Pagato con"],
        "card_tail": ["Visa che termina con {}", "Mastercard •••• {}", "Carta **** {}"],
        "paid_amount": ["Importo pagato", "Importo addebitato", "Totale pagato"],
        "billed_to": ["Fatturato a", "Fattura intestata a"],
        "help": ["Domande? Scrivici a {}", "Serve aiuto? Contatta {}"],
        "sold_by": ["Venduto da {}", "Venduto e spedito da {}", "Venditore: {}"],
        "sold_vat": ["P.IVA del venditore", "Partita IVA venditore"],
        "on_behalf": ["Fattura emessa da {} in nome e per conto del venditore.", "{} agisce come intermediario; la fattura è del venditore."],
        "order_no": ["Numero ordine", "Ordine n.", "ID ordine"],
        "ordered_on": ["Ordine effettuato il", "Ordine del"],
        "bill_addr": ["Indirizzo di fatturazione", "Dati di fatturazione"],
        "ship_addr": ["Spedire a", "Consegnare a"],
        "issuer": ["Dati del fornitore", "Dati del cedente", "Azienda emittente"],
    },
}

MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
}
WEEKDAYS = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche".split(),
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split(),
    "es": "lunes martes miércoles jueves viernes sábado domingo".split(),
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica".split(),
}

# ---------------------------------------------------------------------------
# People, places, goods: this family's own.
# ---------------------------------------------------------------------------

COUNTRY = {"fr": "FR", "en": "IE", "de": "DE", "es": "ES", "it": "IT"}
RATES = {"fr": ["20", "10", "5.5", "2.1"], "en": ["23", "13.5", "9"], "de": ["19", "7"], "es": ["21", "10", "4"],
         "it": ["22", "10", "5", "4"]}
PLACES = {
    "fr": [("74000", "Annecy"), ("73000", "Chambéry"), ("56000", "Vannes"), ("29000", "Quimper"), ("49000", "Angers"),
           ("37000", "Tours"), ("86000", "Poitiers"), ("64000", "Pau"), ("26000", "Valence"), ("57000", "Metz"),
           ("51100", "Reims"), ("14000", "Caen"), ("87000", "Limoges"), ("30000", "Nîmes"), ("25000", "Besançon")],
    "en": [("D02 XY45", "Dublin 2"), ("T12 K8AF", "Cork"), ("H91 E2K3", "Galway"), ("V94 T9PX", "Limerick"),
           ("X91 F8WD", "Waterford"), ("R95 A39F", "Kilkenny")],
    "de": [("79098", "Freiburg"), ("34117", "Kassel"), ("97070", "Würzburg"), ("99084", "Erfurt"),
           ("33602", "Bielefeld"), ("89073", "Ulm"), ("18055", "Rostock")],
    "es": [("50001", "Zaragoza"), ("47001", "Valladolid"), ("29001", "Málaga"), ("03001", "Alicante"),
           ("48001", "Bilbao"), ("30001", "Murcia")],
    "it": [("24121", "Bergamo"), ("35121", "Padova"), ("37121", "Verona"), ("41121", "Modena"), ("06121", "Perugia"),
           ("38122", "Trento")],
}
STREETS = {
    "fr": ["{} rue Lamartine", "ZA des Trois Chênes, lot {}", "{} impasse des Tisserands",
           "Parc d'activités du Moulin, bât. {}", "{} quai de la Fosse", "{} route de Sallanches"],
    "en": ["Unit {}, Ballymount Business Park", "{} Harcourt Street", "{} Main Street", "{} Mill Road"],
    "de": ["Industriestraße {}", "Am Mühlbach {}", "Lindenweg {}", "Gutenbergring {}"],
    "es": ["Calle Mayor, {}", "Avda. de la Constitución, {}", "Polígono Los Llanos, nave {}"],
    "it": ["Via Garibaldi {}", "Corso Vittorio Emanuele II {}", "Via dell'Artigianato {}", "Piazza Cavour {}"],
}
TRADES = {
    "fr": ["Plomberie", "Électricité", "Paysages", "Serrurerie", "Maçonnerie", "Couverture", "Informatique",
           "Traiteur", "Carrosserie", "Nettoyage", "Formation", "Peinture", "Chauffage", "Vitrerie"],
    "en": ["Joinery", "Electrical", "Print Works", "Logistics", "Software", "Catering", "Engineering", "Facilities"],
    "de": ["Haustechnik", "Elektrotechnik", "Metallbau", "Druckerei", "Logistik", "Gebäudereinigung", "Dachdeckerei"],
    "es": ["Instalaciones", "Reformas", "Suministros", "Transportes", "Asesoría", "Gráficas", "Climatización"],
    "it": ["Impianti", "Arredamenti", "Trasporti", "Servizi Informatici", "Tipografia", "Edilizia"],
}
SURNAMES = {
    "fr": ["Vasseur", "Perrin", "Lacroix", "Carpentier", "Aubert", "Lemaire", "Barbier", "Renaud", "Hoarau",
           "Le Goff", "Marchand", "Colin", "Tessier", "Joly"],
    "en": ["O'Brien", "Murphy", "Kelly", "Walsh", "Byrne", "Ryan", "Doyle", "Gallagher"],
    "de": ["Hoffmann", "Becker", "Schäfer", "Wagner", "Krause", "Lehmann", "Vogel", "Brandt"],
    "es": ["Ortega", "Navarro", "Castillo", "Molina", "Ruiz", "Serrano", "Delgado"],
    "it": ["Colombo", "Ferrari", "Esposito", "Ricci", "Marino", "Greco", "Bruno"],
}
GIVEN = {"fr": ["Julien", "Nathalie", "Thierry", "Aurélie", "Mehdi", "Solène"], "en": ["Aoife", "Ciarán", "Niamh"],
         "de": ["Jens", "Katrin", "Uwe"], "es": ["Lucía", "Javier", "Marta"], "it": ["Giulia", "Matteo", "Chiara"]}
BRANDS = ["Altivéa", "Nexora", "Kerlan", "Opaline", "Vitaméa", "Sylvane", "Ardéco", "Lumenor", "Brévalis",
          "Quantia", "Orvane", "Tellis"]
FORMS = {"fr": ["SARL", "SAS", "SASU", "EURL", "SA", "SCOP"], "en": ["Ltd", "Limited", "DAC"],
         "de": ["GmbH", "GmbH & Co. KG", "AG", "UG (haftungsbeschränkt)"], "es": ["S.L.", "S.A.", "S.L.U."],
         "it": ["S.r.l.", "S.p.A.", "S.n.c.", "S.r.l.s."]}
BUYERS = {
    "fr": ["Hôtel des Remparts", "SCI Les Marronniers", "Restaurant Le Galion", "Clinique vétérinaire des Tilleuls",
           "Domaine de la Garenne", "Crèche Les Petits Loups", "Garage du Rond-Point", "Fromagerie Bastide"],
    "en": ["Harbour View Hotel", "Greenfield Dental Practice", "Riverside Crèche", "Atlantic Seafoods"],
    "de": ["Pension Seeblick", "Zahnarztpraxis Dr. Roth", "Bäckerei Kornblume", "Autohaus Süd"],
    "es": ["Hostal La Alameda", "Clínica Dental Sonrisa", "Bodegas Peñalba", "Talleres El Cruce"],
    "it": ["Albergo Belvedere", "Studio Dentistico Sorriso", "Cantina Colle Verde", "Officina Meccanica Rossi"],
}
GOODS = {
    "fr": ["Remplacement ballon d'eau chaude 200 L", "Main d'œuvre (heure)", "Déplacement forfaitaire",
           "Tableau électrique 3 rangées", "Tonte et taille de haies", "Licence logiciel annuelle",
           "Plateau repas", "Nettoyage vitres", "Peinture acrylique mate 10 L", "Session de formation (jour)",
           "Cylindre de serrure haute sécurité", "Abonnement mensuel", "Livres jeunesse", "Fourniture de bois"],
    "en": ["Labour (hours)", "Call-out charge", "Kitchen units fitted", "Monthly support plan",
           "Business cards (500)", "Pallet delivery", "Buffet lunch for 20", "Site survey"],
    "de": ["Arbeitszeit Monteur (Std.)", "Anfahrtspauschale", "Wartung Heizungsanlage", "Flyer A5, 1000 Stk.",
           "Fensterreinigung", "Softwarelizenz (jährlich)", "Palettenversand", "Material laut Aufmaß"],
    "es": ["Mano de obra (horas)", "Desplazamiento", "Mantenimiento caldera", "Tarjetas de visita",
           "Portes", "Alquiler de andamio", "Cuota mensual de soporte"],
    "it": ["Manodopera (ore)", "Diritto di chiamata", "Manutenzione caldaia", "Biglietti da visita",
           "Trasporto su bancale", "Canone assistenza mensile", "Noleggio ponteggio"],
}
FUELS = {"fr": ["Gazole", "SP95-E10", "SP98", "AdBlue"], "en": ["Diesel", "Unleaded", "AdBlue"],
         "de": ["Diesel", "Super E10", "Super Plus"], "es": ["Gasóleo A", "Sin plomo 95"],
         "it": ["Gasolio", "Benzina senza piombo"]}
BICS = {"fr": ["CCBPFRPPANN", "AGRIFRPP881", "CMCIFR2A"], "en": ["AIBKIE2D", "BOFIIE2D"],
        "de": ["COBADEFFXXX", "GENODEF1S04"], "es": ["CAIXESBBXXX", "BSCHESMM"], "it": ["BCITITMM", "UNCRITMM"]}
#: Fonts installed on the machine that the main generator does not use.
FONTS = ["Liberation Sans", "Liberation Serif", "FreeSans", "FreeSerif", "URW Bookman", "Nimbus Sans Narrow",
         "Liberation Sans Narrow", "DejaVu Sans Condensed", "Nimbus Mono PS"]
COLOURS = ["#1d4e89", "#7a1f3d", "#2f6b3b", "#b35c00", "#4b3f72", "#00707a", "#333333"]


# ---------------------------------------------------------------------------
# Identifiers with valid keys (python-stdnum computes them)
# ---------------------------------------------------------------------------


def siren(rng: random.Random) -> str:
    base = random_digits(rng, 8)
    return base + luhn.calc_check_digit(base)


def vat_id(language: str, rng: random.Random, siren_: str | None = None) -> str:
    """A VAT identifier of the language's country, valid for python-stdnum."""
    while True:
        if language == "fr":
            number = siren_ or siren(rng)
            candidate = f"FR{(12 + 3 * (int(number) % 97)) % 97:02d}{number}"
        elif language == "en":
            body = random_digits(rng, 7)
            candidate = "IE" + body + ie_vat.calc_check_digit(body)
        elif language == "de":
            body = random_digits(rng, 8)
            candidate = "DE" + body + mod_11_10.calc_check_digit(body)
        elif language == "es":
            body = rng.choice("AB") + "".join(str(rng.randint(0, 9)) for _ in range(7))
            candidate = "ES" + body + cif.calc_check_digits(body)[0]
        else:
            body = "".join(str(rng.randint(0, 9)) for _ in range(7)) + f"{rng.randint(1, 100):03d}"
            candidate = "IT" + body + luhn.calc_check_digit(body)
        if eu_vat.is_valid(candidate):
            return candidate


def iban(language: str, rng: random.Random) -> str:
    """An IBAN of the language's country whose national and international keys hold."""
    country = COUNTRY[language]
    while True:
        if country == "FR":
            bank, branch, account = random_digits(rng, 5), random_digits(rng, 5), random_digits(rng, 11)
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
            bban = f"{bank}{branch}{account}{key:02d}"
        elif country == "IE":
            bban = rng.choice(["AIBK", "BOFI", "IPBS"]) + random_digits(rng, 6) + random_digits(rng, 8)
        elif country == "DE":
            bban = random_digits(rng, 18)
        elif country == "ES":
            bban = random_digits(rng, 20)
        else:
            bban = rng.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") + random_digits(rng, 10) + random_digits(rng, 12)
        candidate = country + iban_check.calc_check_digits(country + "00" + bban) + bban
        if iban_check.is_valid(candidate):
            return candidate


# ---------------------------------------------------------------------------
# Printed forms of amounts and dates, per language
# ---------------------------------------------------------------------------

#: (thousands separator, decimal separator, currency pattern) per language; ``{}`` is the number.
AMOUNT_STYLES = {
    "fr": [("\u202f", ",", "{} €"), (" ", ",", "{} €"), ("\u00a0", ",", "{} EUR"), (" ", ",", "{}"),
           (".", ",", "{} €"), ("", ",", "{} €")],
    "en": [(",", ".", "€{}"), (",", ".", "EUR {}"), (",", ".", "{}"), ("", ".", "€ {}")],
    "de": [(".", ",", "{} €"), (".", ",", "{} EUR"), ("", ",", "{} €"), (".", ",", "EUR {}")],
    "es": [(".", ",", "{} €"), (".", ",", "{}€"), ("", ",", "{} EUR")],
    "it": [(".", ",", "€ {}"), (".", ",", "{} €"), (".", ",", "EUR {}"), ("", ",", "€ {}")],
}


def amount(value: Decimal, style: tuple[str, str, str], *, currency: bool = True) -> str:
    thousands, decimal, pattern = style
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = thousands.join([whole, *groups]) + decimal + cents
    return (pattern.format(sign + text) if currency else sign + text)


def _written(day: dt.date, language: str, variant: int) -> str:
    month = MONTHS[language][day.month - 1]
    if language == "fr":
        first = "1er" if day.day == 1 else str(day.day)
        return [f"{first} {month} {day.year}", f"{WEEKDAYS['fr'][day.weekday()]} {first} {month} {day.year}",
                f"{day.day:02d} {month} {day.year}"][variant % 3]
    if language == "en":
        suffix = "th" if 10 < day.day % 100 < 14 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
        return [f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}",
                f"{day.day}{suffix} {month} {day.year}"][variant % 3]
    if language == "de":
        return [f"{day.day}. {month} {day.year}", f"{WEEKDAYS['de'][day.weekday()]}, {day.day}. {month} {day.year}",
                f"{day.day:02d}. {month} {day.year}"][variant % 3]
    if language == "es":
        return [f"{day.day} de {month} de {day.year}", f"{day.day} {month} {day.year}",
                f"{WEEKDAYS['es'][day.weekday()]}, {day.day} de {month} de {day.year}"][variant % 3]
    return [f"{day.day} {month} {day.year}", f"{WEEKDAYS['it'][day.weekday()]} {day.day} {month} {day.year}",
            f"{day.day:02d} {month[:3]} {day.year}"][variant % 3]


def date_text(day: dt.date, language: str, style: str, variant: int) -> str:
    """``style``: ``num`` (the country's numeric form), ``iso``, ``short`` (two-digit year) or ``words``."""
    if style == "words":
        return _written(day, language, variant)
    if style == "iso":
        return day.isoformat()
    if style == "short":
        return day.strftime("%d.%m.%y" if language == "de" else "%d/%m/%y")
    if language == "de":
        return day.strftime("%d.%m.%Y")
    if language == "en":
        return [day.strftime("%d/%m/%Y"), f"{day.day:02d}-{MONTHS['en'][day.month - 1][:3]}-{day.year}"][variant % 2]
    if language == "it":
        return [day.strftime("%d/%m/%Y"), day.strftime("%d.%m.%Y"), f"{day.day}/{day.month}/{day.year}"][variant % 3]
    if language == "es":
        return [day.strftime("%d/%m/%Y"), day.strftime("%d-%m-%Y"), f"{day.day}/{day.month}/{day.year}"][variant % 3]
    return [day.strftime("%d/%m/%Y"), day.strftime("%d-%m-%Y"), day.strftime("%d/%m/%Y")][variant % 3]


def rate_text(rate: str, language: str) -> str:
    text = rate if language == "en" else rate.replace(".", ",")
    return f"{text} %" if language in ("fr", "de") else f"{text}%"


# ---------------------------------------------------------------------------
# The invoice's content
# ---------------------------------------------------------------------------

BASE_LAYOUTS = ("gestion", "recu_saas", "odoo", "qb", "artisan", "energie", "carburant", "grille", "lettre",
                "bandeau", "deux_colonnes", "ticket")
#: Layouts added on 2026-12-06 (parties): a receipt paid by card, a marketplace's order invoice « sold by » a third
#: party, a seller's block at the right with the buyer's on the left. Drawn for a quarter of the seeds by a draw of
#: their own, so that the other seeds keep the invoice they had.
WIDE_LAYOUTS = ("recu_en_ligne", "place_de_marche", "emetteur_droite")
LAYOUTS = BASE_LAYOUTS + WIDE_LAYOUTS
#: Marketplaces that invoice in the name of their sellers (their legal form per language).
MARKETPLACES = ["Marketly", "Achatéo", "Bazarion", "Kompraz", "Mercavia"]
MARKET_FORMS = {"fr": "SAS", "en": "Ltd", "de": "GmbH", "es": "S.L.", "it": "S.r.l."}
#: Card-paid receipts: online services' names.
SERVICES = ["Cloudora", "Pixelkraft", "Mailvia", "Taskora", "Datafly", "Hostavia", "Formlane"]


def _number(rng: random.Random, day: dt.date, credit: bool, language: str) -> str:
    n = rng.randint(1, 9999)
    yy, yyyy = f"{day.year % 100:02d}", str(day.year)
    prefix = {"fr": ("F", "FA", "FAC", "AV"), "en": ("INV", "SI", "IN", "CN"), "de": ("RE", "R", "RG", "GS"),
              "es": ("FV", "A", "F", "R"), "it": ("FT", "FE", "N", "NC")}[language]
    head = prefix[3] if credit else rng.choice(prefix[:3])
    shapes = [f"{head}{yyyy}-{n:04d}", f"{head}-{yy}-{n:05d}", f"{head}/{yyyy}/{n:05d}",
              f"{yyyy}{day.month:02d}-{n:03d}", f"{head}{yy}{day.month:02d}{n % 100:02d}", f"{n:06d}", f"{head} {n}/{yy}"]
    # A number with a space inside is rarer on real invoices than the others.
    return rng.choices(shapes, [3, 3, 3, 2, 3, 3, 1])[0]


def _seller(language: str, rng: random.Random, exempt: bool) -> tuple[str, str]:
    """(name as printed, legal form or "")."""
    surname, trade = rng.choice(SURNAMES[language]), rng.choice(TRADES[language])
    if exempt:
        return f"{rng.choice(GIVEN[language])} {surname}", ""
    shapes = {
        "fr": [f"{trade} {surname}", f"{surname} {trade}", f"Ets {surname} & Fils", f"{rng.choice(BRANDS)}",
               f"{rng.choice(BRANDS)} {trade}"],
        "en": [f"{surname} {trade}", f"{rng.choice(BRANDS)} {trade}", f"{surname} & Sons"],
        "de": [f"{surname} {trade}", f"{trade} {surname}", f"{rng.choice(BRANDS)} {trade}"],
        "es": [f"{trade} {surname}", f"{rng.choice(BRANDS)} {trade}", f"Hermanos {surname}"],
        "it": [f"{trade} {surname}", f"{rng.choice(BRANDS)} {trade}", f"F.lli {surname}"],
    }[language]
    return rng.choice(shapes), rng.choice(FORMS[language])


def add_labels(labels: dict[str, dict[str, list[str]]]) -> None:
    """Adds a layout module's label wordings to the family's (:data:`LABELS`), per language; a key the family
    already has is refused, so that no module changes another's wordings."""
    for language, own in labels.items():
        assert not LABELS[language].keys() & own.keys(), LABELS[language].keys() & own.keys()
        LABELS[language].update(own)
        _ADDED.update((language, key) for key in own)


#: The (language, key) pairs layout modules added (:func:`add_labels`): not this module's own wordings.
_ADDED: set[tuple[str, str]] = set()


def wordings(labels: dict[str, dict[str, list[str]]]) -> set[str]:
    """Every wording of a per-language label table (for the tests that none is shared with another family)."""
    return {text for words in labels.values() for variants in words.values() for text in variants}


def module_language(family: str, seed: int, weights: dict[str, float]) -> str:
    """The language of a layout module's page for ``seed``, drawn by ``weights`` from the seed and the family's name."""
    rng = random.Random(f"blind-{family}-{seed}")
    return rng.choices(list(weights), list(weights.values()))[0]


def module_draw(family: str, seed: int, layouts: tuple[str, ...], weights: tuple[float, ...]) -> tuple[str, str]:
    """(layout, language) of a layout module's page for ``seed``, drawn from the seed and the family's name: the layout
    among ``layouts``, the language among :data:`LANGUAGES` by ``weights``."""
    own = random.Random(f"blind-{family}-{seed}")
    return own.choice(layouts), own.choices(LANGUAGES, weights)[0]


def numbered_invoice(seed: int, language: str, layout: str) -> Invoice:
    """A layout module's invoice of ``seed``: the family's draws, the module's page, the number it printed as the truth's."""
    invoice = make_invoice(seed, language=language, layout=layout)
    invoice.truth.invoice_number = invoice.context["number"]
    return invoice


#: The seed ranges whose invoices a module of their own draws (imported when first asked: each module imports this
#: one): (first seed, first seed after, module, whether its make_invoice takes ``language=``). Seeds below 70000 and
#: from 100000 on are drawn here.
LAYOUT_MODULES = (
    (70_000, 74_000, "invoice_generator_blind_trades", False),  # utility bills, hotel folios, marketplaces
    (74_000, 75_000, "invoice_generator_blind_utility", False),  # utility bills, second layout
    (75_000, 80_000, "invoice_generator_blind_works", False),  # ERP grids, works, repair orders
    (80_000, 85_000, "invoice_generator_blind_buyers", True),  # buyers' blocks
    (85_000, 90_000, "invoice_generator_blind_sellers", True),  # sellers named in the small print
    (90_000, 92_000, "invoice_generator_blind_recall", False),  # the number with no known label
    (92_000, 94_000, "invoice_generator_blind_rivals", False),  # the number among rival identifiers
    (94_000, 96_000, "invoice_generator_blind_dates", False),  # the issue date among rival dates
    (96_000, 98_000, "invoice_generator_blind_parties", True),  # the buyer's whole block
    (98_000, 99_000, "invoice_generator_blind_vat", False),  # VAT breakdowns printed in many ways
    (99_000, 100_000, "invoice_generator_blind_leaders", False),  # dotted leaders, for scans
    (100_000, 102_000, "invoice_generator_blind_numfr", False),  # French numbers among many kinds of documents
    (102_000, 104_000, "invoice_generator_blind_numshape", False),  # the number's value in many shapes, among rivals
    (104_000, 105_000, "invoice_generator_blind_totals3", False),  # payments left, 0 % lines, franchise, factor, GLN
    (105_000, 106_000, "invoice_generator_blind_totals", False),  # totals blocks: charges, deposits, grids
    (106_000, 107_000, "invoice_generator_blind_buyer2", True),  # buyer blocks set apart by type and place
    (107_000, 108_000, "invoice_generator_blind_totals2", False),  # two currencies, no VAT, VAT included, payments
    (108_000, 109_000, "invoice_generator_blind_buyer3", True),  # buyer blocks where convert refuses them
    (109_000, 109_500, "invoice_generator_blind_reelsbuyer", True),  # buyer blocks as invoicing software prints them
    (109_500, 110_000, "invoice_generator_blind_numwild", False),  # the number as invoicing software prints it, among rivals
    (110_000, 111_000, "invoice_generator_blind_dateswild", False),  # several dates as invoicing software prints them
    (111_000, 112_000, "invoice_generator_blind_shuffle", False),  # invoicing software's pages, blocks shuffled
    (112_000, 113_000, "invoice_generator_blind_country", True),  # buyers' countries told by phones, domains
    (113_000, 114_000, "invoice_generator_blind_folio", False),  # hotel folios and restaurant notes, among their codes
    (114_000, 115_000, "invoice_generator_blind_statement", False),  # operators' statements: water, energy, telecom
    (115_000, 116_000, "invoice_generator_blind_datelow", False),  # issue dates a reading left unsure: letters, titles, marketplaces
    (116_000, 117_000, "invoice_generator_blind_billto", True),  # billing, shipping and seller blocks in a row, boxes, far countries
    (117_000, 118_000, "invoice_generator_blind_frsoft", False),  # French invoicing software's pages (Dolibarr, Odoo…)
    (119_000, 120_000, "invoice_generator_blind_caisse", False),  # till receipts, restaurant notes, PMS folios
    (120_000, 121_000, "invoice_generator_blind_boutique", False),  # online shops' invoices among their orders' numbers and dates
    (121_000, 122_000, "invoice_generator_blind_erp", False),  # ERPs' invoices: header grids of many boxes (Tryton, Axelor…)
    (122_000, 123_000, "invoice_generator_blind_energie", False),  # energy, water and telecom bills: it, es, de, fr
    (123_000, 124_000, "invoice_generator_blind_acheteur", True),  # buyers by the posts' norms, public buyers, twins
    (127_000, 129_000, "invoice_generator_blind_concur", False),  # the invoice's number among the page's other references
)


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> Invoice:
    """The invoice of ``seed``: same seed, same invoice."""
    if layout is None:
        for first, after, module, takes_language in LAYOUT_MODULES:
            if first <= seed < after:
                make = importlib.import_module(module).make_invoice
                if takes_language:
                    return make(seed, language=language)
                if language is not None:
                    raise ValueError(f"{module} draws each seed's language: language= is not taken for seed {seed}")
                return make(seed)
    rng = random.Random(f"blind-{seed}")
    sellers = random.Random(f"blind-sellers-{seed}")  # the draws of the layouts added from SELLERS_FROM on
    language = language or rng.choices(LANGUAGES, WEIGHTS)[0]
    if seed >= SELLERS_FROM and layout is None:
        language = sellers.choices(SELLER_LANGUAGES, SELLER_WEIGHTS)[0]
    extra = random.Random(f"blind-wide-{seed}")
    dated = random.Random(f"blind-dates-{seed}")  # the draws of the layouts added from DATES_FROM on
    if layout is None and seed >= SELLERS_FROM:
        layout = sellers.choice(SELLER_LAYOUTS)
    elif layout is None and seed >= DATES_FROM:
        layout = rng.choice(DATE_LAYOUTS)
    elif layout is None and seed >= NUMBER_FROM:
        layout = rng.choice(NUMBER_LAYOUTS)
    elif layout is None and seed >= FORMS_FROM:
        layout = rng.choice(FORM_LAYOUTS)
    elif layout is None and seed >= BUYERS_FROM:
        layout = rng.choice(BUYER_LAYOUTS)
    elif layout is None and seed >= KINDS_FROM:
        layout = rng.choice(KIND_LAYOUTS)
    elif layout is None:
        layout = rng.choice(BASE_LAYOUTS)
        if extra.random() < 0.25:
            layout = extra.choice(WIDE_LAYOUTS)
    labels = LABELS[language]

    def pick(key: str) -> str:
        return rng.choice(labels[key])

    issue = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1000))
    credit = layout in ("avoir_grille", "avoir_titre") or (
        layout not in ("energie", "carburant", "ticket", "recu_en_ligne", *KIND_LAYOUTS, *NUMBER_LAYOUTS) and rng.random() < 0.1)
    exempt = bool(labels["exempt"]) and not credit and layout not in ("energie", "carburant", "pied_etranger") and rng.random() < 0.08
    reverse = not exempt and layout not in ("energie", "carburant", "ticket", "recu_en_ligne") and rng.random() < 0.08
    days = rng.choice([0, 15, 30, 30, 45, 60])
    due = issue + dt.timedelta(days=days) if days and rng.random() < 0.8 else None
    if layout == "energie":
        due = issue + dt.timedelta(days=rng.choice([10, 14, 15]))
    if layout == "recu_en_ligne":
        due = None  # paid by card when issued
    seller, form = _seller(language, rng, exempt)
    legal_name = f"{seller} {form}".strip()
    seller_siren = siren(rng) if language == "fr" else None
    seller_vat = None if exempt else vat_id(language, rng, seller_siren)
    foreign = _foreign_seller(language, dated) if layout == "pied_etranger" else None
    if foreign is not None:  # a seller of another country, billing in the language: its own VAT number, no SIREN
        seller_siren, seller_vat = None, re.sub(r"[-.\s]", "", foreign["vat"])  # as read: « CHE123456789MWST »
    buyer_lang = rng.choice([lang for lang in LANGUAGES if lang != language]) if reverse else language
    buyer = rng.choice(BUYERS[buyer_lang])
    buyer_form = rng.choice(FORMS[buyer_lang]) if rng.random() < 0.3 else ""
    buyer_name = f"{buyer} {buyer_form}".strip()
    if layout in ("place_de_marche", "recu_en_ligne") and not reverse and extra.random() < 0.5:
        buyer_name = f"{extra.choice(GIVEN[buyer_lang])} {extra.choice(SURNAMES[buyer_lang])}"  # a private buyer
    if layout == "recu_en_ligne" and extra.random() < 0.6:  # an online service's name
        seller = extra.choice(SERVICES) + ("" if extra.random() < 0.5 else f" {rng.choice(TRADES[language])}")
        legal_name = f"{seller} {form}".strip()
    buyer_vat = vat_id(buyer_lang, rng) if reverse or rng.random() < 0.35 else None
    party = _buyer_party(seed, language, buyer_lang if reverse else None) if layout in BUYER_LAYOUTS + FORM_LAYOUTS else None
    if party is not None:
        buyer_name = party["name"]
        if party["country"] != COUNTRY[buyer_lang]:
            buyer_vat = None  # a buyer abroad, outside the family's countries: no VAT number drawn for it
    number = _number(rng, issue, credit, language)
    if layout in NUMBER_LAYOUTS:  # drawn apart, so that every other draw of the seed stays what it was
        number = _varied_number(random.Random(f"blind-number-{seed}"), issue, credit, language)

    # Lines: a fuel-card statement has many; some invoices run over several pages.
    rates = RATES[language]
    used = [rates[0]] if rng.random() < 0.65 else rng.sample(rates, min(len(rates), rng.choice([2, 2, 3])))
    if exempt or reverse:
        used = ["0"]
    elif layout == "carburant":  # fuel is always at the normal rate
        used = [rates[0]]
    if layout == "carburant":
        count = rng.randint(8, 60)
    elif layout in ("ticket", "recu_en_ligne"):
        count = rng.randint(2, 6)
    else:
        count = rng.randint(22, 45) if rng.random() < 0.12 else rng.randint(1, 8)
    if layout == "report_pages":
        count = dated.randint(36, 70)  # two pages at least, the total carried forward
    negative = credit and rng.random() < 0.3
    sign = Decimal(-1) if negative else Decimal(1)
    lines = []
    for index in range(count):
        rate = used[index % len(used)] if index < len(used) else rng.choice(used)
        if layout == "carburant":
            litres = Decimal(rng.randint(1500, 9000)) / 100
            price = Decimal(rng.randint(1450, 1990)) / 1000
            net = money(litres * price / (1 + Decimal(rate) / 100))
            when = issue - dt.timedelta(days=rng.randint(1, 30))
            lines.append({"desc": rng.choice(FUELS[language]), "qty": litres, "unit": price, "rate": rate,
                          "amount": net * sign, "when": when, "where": f"{rng.choice(PLACES[language])[1]}"})
            continue
        qty = Decimal(rng.choice([1, 1, 1, 2, 3, 4, 6, 8, 20])) if rng.random() < 0.8 else Decimal(rng.randint(5, 95)) / 10
        unit = money(Decimal(str(round(10 ** rng.uniform(0.5, 3.3), 2))))
        lines.append({"desc": rng.choice(GOODS[language]), "qty": qty, "unit": unit * sign, "rate": rate,
                      "amount": money(qty * unit) * sign})
    gross = sum((line["amount"] for line in lines), Decimal(0))
    discount_pct = None
    if len(used) == 1 and not credit and layout not in ("energie", "carburant", "ticket") and rng.random() < 0.15:
        discount_pct = Decimal(rng.choice([3, 5, 10, 15]))
    discount = money(gross * discount_pct / 100) if discount_pct else Decimal(0)
    breakdown = []
    for rate in used:
        base = sum((line["amount"] for line in lines if line["rate"] == rate), Decimal(0))
        if discount_pct:
            base -= discount
        breakdown.append((rate, base, money(base * Decimal(rate) / 100)))
    ht = gross - discount
    tva = sum((tax for _r, _b, tax in breakdown), Decimal(0))
    ttc = ht + tva
    deposit = None
    if layout in ("ville_date", "report_pages") and not credit and dated.random() < 0.35:
        deposit = money(ttc * Decimal(dated.choice(["0.2", "0.3", "0.5"])))  # « Net à payer » after the deposits
    if not credit and layout not in ("energie", "carburant", "ticket", "recu_en_ligne") and rng.random() < 0.08:
        deposit = money(ttc * Decimal(rng.choice(["0.3", "0.4", "0.5"])))

    money_style = rng.choice(AMOUNT_STYLES[language])
    date_style = rng.choice(["num", "num", "num", "words", "words", "iso", "short"] if language == "fr"
                            else ["num", "num", "words", "words", "iso"])
    variant = rng.randint(0, 5)
    place = rng.choice(PLACES[language])
    buyer_place = rng.choice(PLACES[buyer_lang])
    ctx = {
        "language": language, "labels": labels, "rng": rng, "credit": credit, "exempt": exempt, "reverse": reverse,
        "title": pick("credit" if credit else "title"),
        "number": number, "issue": date_text(issue, language, date_style, variant),
        "issue_num": date_text(issue, language, "num", variant),
        "due": date_text(due, language, date_style, variant) if due else None,
        "seller": seller, "legal_name": legal_name, "form": form, "siren": seller_siren, "seller_vat": seller_vat,
        "seller_street": rng.choice(STREETS[language]).format(rng.randint(2, 140)), "place": place,
        "phone": rng.choice({"fr": ["04 50 {} {} {}", "02 97 {} {} {}"], "en": ["+353 1 {} {}{}"],
                             "de": ["0761 {} {} {}"], "es": ["976 {} {} {}"], "it": ["035 {} {}{}"]}[language])
        .format(*(f"{rng.randint(10, 99)}" for _ in range(3))),
        "buyer": buyer_name, "buyer_vat": buyer_vat,
        "buyer_street": rng.choice(STREETS[buyer_lang]).format(rng.randint(2, 140)), "buyer_place": buyer_place,
        "customer": f"{rng.choice(['C', 'CL', '411', ''])}{rng.randint(100, 99999):05d}",
        "order": f"{rng.choice(['BC', 'PO', 'CMD-', ''])}{rng.randint(1000, 999999)}" if rng.random() < 0.4 else None,
        "lines": lines, "breakdown": breakdown, "gross": gross, "discount_pct": discount_pct, "discount": discount,
        "ht": ht, "tva": tva, "ttc": ttc, "deposit": deposit, "style": money_style,
        "iban": iban(language, rng), "bic": rng.choice(BICS[language]),
        "font": rng.choice(FONTS), "size": rng.choice([8.5, 9, 9.5, 10, 10.5]), "colour": rng.choice(COLOURS),
        "logo": rng.choice(["text", "circle", "squares", "triangle", "none"]),
        "capital": amount(Decimal(rng.choice([1000, 5000, 7500, 10000, 37000, 150000])), money_style),
        "register_no": f"{rng.randint(1000, 99999)}",
        "ape": f"{rng.randint(10, 96)}.{rng.randint(10, 99)}{rng.choice('ABCZ')}",
        "manager": f"{rng.choice(GIVEN[language])} {rng.choice(SURNAMES[language])}",
        "origin": (_number(rng, issue - dt.timedelta(days=rng.randint(5, 60)), False, language),
                   date_text(issue - dt.timedelta(days=rng.randint(5, 60)), language, date_style, variant))
        if credit else None,
        "delivery": date_text(issue - dt.timedelta(days=rng.randint(1, 20)), language, date_style, variant)
        if rng.random() < 0.3 else None,
        "period": (date_text(issue - dt.timedelta(days=62), language, "num", 0),
                   date_text(issue - dt.timedelta(days=2), language, "num", 0)),
        "contract": f"{rng.randint(10**9, 10**10 - 1)}",
        "card": f"{rng.randint(7000, 7999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        "extra": extra, "buyer_party": party,
        "buyer_truth": {k: party[k] for k in ("name", "address_lines", "postcode", "city", "country", "country_printed")}
        if party else None,
        "dated": dated, "foreign": foreign, "issue_day": issue, "due_day": due, "sellers": sellers,
    }
    truth = Truth(
        invoice_number=number, issue_date=issue.isoformat(), due_date=due.isoformat() if due else None,
        document_type_code="381" if credit else "380", currency="EUR", seller_name=legal_name,
        seller_siren=seller_siren, seller_vat_id=seller_vat, buyer_name=buyer_name,
        total_without_tax=str(ht), total_tax=str(tva), total_with_tax=str(ttc),
        iban=ctx["iban"], language=language, layout=layout, part=PART, seed=seed,
        vat_rates=[r for r, _b, _t in breakdown], amount_due=str(ttc - deposit) if deposit else None,
    )
    if foreign is not None:
        ctx["place"], ctx["seller_street"], ctx["iban"] = foreign["place"], foreign["street"], foreign["iban"]
        truth.iban = foreign["iban"]
    body = RENDER[layout](ctx)
    if ctx.get("paid_in_full"):
        truth.amount_due = "0.00"
    invoice = Invoice(truth, {k: v for k, v in ctx.items() if k not in ("labels", "rng", "extra", "buyer_party", "dated")})
    invoice.html = _document(ctx, body)
    if party is None:  # the buyer's block of the other layouts: its street, postcode and town, no country printed
        country = COUNTRY[buyer_lang]
        invoice.context["buyer_truth"] = printed_buyer(
            body, ctx["buyer"], [ctx["buyer_street"]], buyer_place[0], buyer_place[1], country,
            tuple(ABROAD.get(country, {}).get("words", {}).values()))
    return invoice


# ---------------------------------------------------------------------------
# HTML pieces
# ---------------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape(str(value))


def _m(ctx: dict, value: Decimal, currency: bool = True) -> str:
    return _e(amount(value, ctx["style"], currency=currency))


def _pick(ctx: dict, key: str) -> str:
    return ctx["rng"].choice(ctx["labels"][key])


def _fill(ctx: dict, key: str, *values: object) -> str:
    return _e(_pick(ctx, key).format(*values))


def _css_content(pattern: str) -> str:
    """A « Page {} / {} » label as CSS ``content`` with the page counters."""
    head, middle, tail = pattern.split("{}")
    return f'"{head}" counter(page) "{middle}" counter(pages) "{tail}"'


def _document(ctx: dict, body: str) -> str:
    numbered = _css_content(ctx["page_pattern"] if "page_pattern" in ctx else _pick(ctx, "page"))
    legal = ctx["footer"] if "footer" in ctx else _legal(ctx)  # a layout may print another footer, or none
    return f"""<!doctype html><html lang="{ctx['language']}"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: {ctx['rng'].choice([12, 15, 18])}mm {ctx['rng'].choice([12, 14, 16])}mm 26mm;
  @bottom-center {{ content: element(legal); }}
  @bottom-right {{ content: {numbered}; font-size: 7.5pt; font-family: '{ctx['font']}'; }} }}
body {{ font-family: '{ctx['font']}', sans-serif; font-size: {ctx['size']}pt; color: #111; }}
table {{ border-collapse: collapse; }}
.legal {{ position: running(legal); font-size: 7pt; color: #444; text-align: center; width: 100%; }}
.lines {{ width: 100%; margin-top: 6mm; }}
.lines th {{ text-align: left; border-bottom: 1.2pt solid {ctx['colour']}; padding: 2pt 4pt; font-size: 0.9em; }}
.lines td {{ padding: 2pt 4pt; border-bottom: 0.3pt solid #ccc; }}
.lines td.n, .lines th.n {{ text-align: right; }}
.tot {{ margin-left: auto; margin-top: 4mm; }}
.tot td {{ padding: 2pt 6pt; }} .tot td.n {{ text-align: right; }}
.strong {{ font-weight: bold; }} .muted {{ color: #555; font-size: 0.85em; }}
.accent {{ color: {ctx['colour']}; }}
</style></head><body><div class="legal">{legal}</div>{body}</body></html>"""


def _legal(ctx: dict) -> str:
    """The legal footer: registration, capital, VAT number, per country."""
    lang, parts = ctx["language"], []
    name = _e(ctx["legal_name"])
    if lang == "fr":
        if ctx["form"] and ctx["rng"].random() < 0.7:
            parts.append(_fill(ctx, "capital", ctx["legal_name"], ctx["capital"]))
        else:
            parts.append(name)
        siren_ = ctx["siren"]
        parts.append(_fill(ctx, "register", ctx["place"][1], f"{siren_[:3]} {siren_[3:6]} {siren_[6:]}"))
        if ctx["rng"].random() < 0.6:
            parts.append(_fill(ctx, "siret", _siret(ctx)))
        if ctx["rng"].random() < 0.5:
            parts.append(_fill(ctx, "ape", ctx["ape"]))
    elif lang == "de":
        parts.append(name)
        parts.append(_fill(ctx, "register", ctx["place"][1], ctx["register_no"]))
        if ctx["exempt"]:  # § 14 Abs. 4 UStG: a small business with no USt-IdNr. prints its Steuernummer
            parts.append(_steuernummer(ctx))
        parts.append(_fill(ctx, "ape", ctx["manager"]))
    elif lang == "it":
        parts.append(name)
        if ctx["form"]:
            parts.append(_fill(ctx, "capital", ctx["capital"], ctx["place"][1]))
        parts.append(_fill(ctx, "register", ctx["place"][1], ctx["register_no"]))
    else:
        parts.append(name)
        parts.append(_fill(ctx, "register", *([ctx["register_no"]] if lang == "en" else
                                              [ctx["place"][1], f"{ctx['rng'].choice('BMZ')}-{ctx['register_no']}"])))
    if ctx["seller_vat"]:  # always printed: the truth holds only what the page shows
        parts.append(f"{_e(_pick(ctx, 'seller_vat'))} {_e(_vat_shown(ctx))}")
    if ctx["exempt"]:
        parts.append(_e(_pick(ctx, "exempt")))
    return " – ".join(parts)


def _steuernummer(ctx: dict) -> str:
    """A Steuernummer in the regional form « FF/BBB/UUUUP » with its label, drawn apart from the invoice's draws
    (added 2026-12-06: the seeds measured before keep every draw; only a German exempt seller's footer grows)."""
    from stdnum.de import stnr

    rng = random.Random(f"blind-stnr-{ctx['legal_name']}-{ctx['register_no']}")
    while True:
        number = f"{rng.randint(21, 29)}/{rng.randint(100, 999)}/{rng.randint(0, 99999):05d}"
        if stnr.is_valid(number):
            return _e(rng.choice(ctx["labels"]["siret"]).format(number))


def _siret(ctx: dict) -> str:
    """The SIRET of the head office: SIREN + a 5-digit establishment number with a valid Luhn key."""
    base = ctx["siren"] + f"{ctx['rng'].randint(1, 99):04d}"
    siret = base + luhn.calc_check_digit(base)
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def _vat_shown(ctx: dict) -> str:
    """The seller's VAT number as printed: compact, spaced, or (Spain, Italy) sometimes without the prefix."""
    vat, style = ctx["seller_vat"], ctx["rng"].random()
    if ctx["language"] in ("es", "it") and style < 0.3:
        return vat[2:]
    if ctx["language"] == "fr" and style < 0.5:
        return f"{vat[:2]} {vat[2:4]} {vat[4:7]} {vat[7:10]} {vat[10:]}"
    return vat


def _logo(ctx: dict) -> str:
    colour, kind = ctx["colour"], ctx["logo"]
    initials = "".join(word[0] for word in ctx["seller"].split()[:2]).upper()
    if kind == "circle":
        return (f'<svg width="46" height="46" viewBox="0 0 46 46"><circle cx="23" cy="23" r="21" fill="{colour}"/>'
                f'<circle cx="23" cy="23" r="12" fill="white"/></svg>')
    if kind == "squares":
        return (f'<svg width="54" height="30" viewBox="0 0 54 30"><rect x="0" y="0" width="24" height="24" fill="{colour}"/>'
                f'<rect x="28" y="6" width="24" height="24" fill="{colour}" opacity="0.5"/></svg>')
    if kind == "triangle":
        return (f'<svg width="44" height="40" viewBox="0 0 44 40"><polygon points="22,0 44,40 0,40" fill="{colour}"/>'
                f'</svg>')
    if kind == "text":
        return (f'<span style="font-size:22pt;font-weight:bold;color:{colour};letter-spacing:2pt;'
                f'border:2pt solid {colour};padding:0 4pt">{_e(initials)}</span>')
    return ""


def _address(ctx: dict, who: str) -> str:
    if who == "seller":
        place = ctx["place"]
        lines = [ctx["seller_street"], f"{place[0]} {place[1]}"]
    else:
        place = ctx["buyer_place"]
        lines = [ctx["buyer_street"], f"{place[0]} {place[1]}"]
    return "<br>".join(_e(line) for line in lines)


def _seller_block(ctx: dict, *, big: bool = False) -> str:
    size = "15pt" if big else "11pt"
    contact = f"{_e(_pick(ctx, 'tel'))} {_e(ctx['phone'])}"
    return (f'<div><div class="strong" style="font-size:{size}">{_e(ctx["legal_name"])}</div>'
            f'{_address(ctx, "seller")}<br>{contact}</div>')


def _buyer_block(ctx: dict, *, label: bool = True) -> str:
    head = f'<div class="muted">{_e(_pick(ctx, "to"))}</div>' if label else ""
    vat = ""
    if ctx["buyer_vat"]:
        vat = f'<br><span class="muted">{_e(_pick(ctx, "buyer_vat"))} : {_e(ctx["buyer_vat"])}</span>'
    return f'<div>{head}<div class="strong">{_e(ctx["buyer"])}</div>{_address(ctx, "buyer")}{vat}</div>'


def _qty(ctx: dict, value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text if ctx["language"] == "en" else text.replace(".", ",")


def _lines(ctx: dict, *, rate_column: bool | None = None) -> str:
    rng = ctx["rng"]
    rate_column = (len(ctx["breakdown"]) > 1 or rng.random() < 0.3) if rate_column is None else rate_column
    order = ["desc", "qty", "unit"] + (["rate_col"] if rate_column else []) + ["amount_col"]
    if rng.random() < 0.25:
        order = ["desc", "unit", "qty"] + order[3:]
    head = "".join(f'<th class="{"" if key == "desc" else "n"}">{_e(_pick(ctx, key))}</th>' for key in order)
    rows = []
    for line in ctx["lines"]:
        cells = {"desc": _e(line["desc"]), "qty": _qty(ctx, line["qty"]), "unit": _m(ctx, line["unit"], False),
                 "rate_col": _e(rate_text(line["rate"], ctx["language"])), "amount_col": _m(ctx, line["amount"], False)}
        rows.append("<tr>" + "".join(f'<td class="{"" if key == "desc" else "n"}">{cells[key]}</td>'
                                     for key in order) + "</tr>")
    return f'<table class="lines"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _recap(ctx: dict) -> str:
    """The VAT breakdown table: base, rate, tax per rate."""
    head = "".join(f"<th class='n'>{_e(_pick(ctx, key))}</th>" for key in ("rate_word", "base", "tax_col"))
    rows = "".join(f"<tr><td class='n'>{_e(rate_text(rate, ctx['language']))}</td><td class='n'>{_m(ctx, base)}</td>"
                   f"<td class='n'>{_m(ctx, tax)}</td></tr>" for rate, base, tax in ctx["breakdown"])
    return f'<table class="lines" style="width:60%;margin-top:3mm"><tr>{head}</tr>{rows}</table>'


def _total_rows(ctx: dict, *, per_rate: bool | None = None) -> list[tuple[str, str, bool]]:
    """(label, amount, emphasised) rows of the totals, from gross to what is left to pay."""
    rng, rows = ctx["rng"], []
    if ctx["discount_pct"]:
        rows.append((_pick(ctx, "gross"), _m(ctx, ctx["gross"]), False))
        pct = f"{ctx['discount_pct']} %" if ctx["language"] in ("fr", "de") else f"{ctx['discount_pct']}%"
        rows.append((_pick(ctx, "discount").format(pct), _m(ctx, -ctx["discount"]), False))
        rows.append((_pick(ctx, "net_ht"), _m(ctx, ctx["ht"]), False))
    else:
        rows.append((_pick(ctx, "ht"), _m(ctx, ctx["ht"]), False))
    per_rate = (len(ctx["breakdown"]) > 1 and rng.random() < 0.6) if per_rate is None else per_rate
    if per_rate:
        wording = _pick(ctx, "tva_rate")
        for rate, _base, tax in ctx["breakdown"]:
            rows.append((wording.format(rate_text(rate, ctx["language"])), _m(ctx, tax), False))
        if rng.random() < 0.5:
            rows.append((_pick(ctx, "tva"), _m(ctx, ctx["tva"]), False))
    else:
        rows.append((_pick(ctx, "tva"), _m(ctx, ctx["tva"]), False))
    rows.append((_pick(ctx, "ttc"), _m(ctx, ctx["ttc"]), True))
    if ctx["deposit"]:
        rows.append((_pick(ctx, "deposit"), _m(ctx, -ctx["deposit"]), False))
        rows.append((_pick(ctx, "balance"), _m(ctx, ctx["ttc"] - ctx["deposit"]), True))
    return rows


def _totals(ctx: dict, *, boxed: bool = False, colon: bool = False) -> str:
    style = f"border:1pt solid {ctx['colour']};" if boxed else ""
    rows = "".join(f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}{" :" if colon else ""}</td>'
                   f'<td class="n">{value}</td></tr>' for label, value, strong in _total_rows(ctx))
    return f'<table class="tot" style="{style}">{rows}</table>'


def _mentions(ctx: dict) -> str:
    out = []
    if ctx["reverse"]:
        out.append(_e(_pick(ctx, "reverse")))
    if ctx["credit"]:
        number, day = ctx["origin"]
        out.append(f"{_e(_pick(ctx, 'origin'))} {_e(number)} {_fill(ctx, 'origin_date', day)}")
    return "".join(f"<p>{line}</p>" for line in out)


def _bank(ctx: dict) -> str:
    return (f'<p class="muted">{_e(_pick(ctx, "bank"))} – {_e(_pick(ctx, "iban"))} {_e(grouped(ctx["iban"]))} – '
            f'{_e(_pick(ctx, "bic"))} {_e(ctx["bic"])}</p>')


def _terms(ctx: dict) -> str:
    return f'<p class="muted">{_e(_pick(ctx, "terms"))}</p>'


def _meta(ctx: dict, *, extras: bool = True) -> list[tuple[str, str]]:
    """(label, value) pairs of the document's references, in a layout-independent order."""
    pairs = [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "date"), ctx["issue"])]
    if ctx["due"]:
        pairs.append((_pick(ctx, "due"), ctx["due"]))
    if extras:
        pairs.append((_pick(ctx, "customer"), ctx["customer"]))
        if ctx["order"]:
            pairs.append((_pick(ctx, "order"), ctx["order"]))
        if ctx["delivery"]:
            pairs.append((_pick(ctx, "delivery"), ctx["delivery"]))
    return pairs


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


def _layout_gestion(ctx: dict) -> str:
    """Desktop invoicing software: seller top left, a title box with a metadata table (labels above values)."""
    pairs = _meta(ctx)
    head = "".join(f'<th style="border:0.6pt solid #777;padding:2pt 5pt;font-size:0.8em">{_e(k)}</th>'
                   for k, _v in pairs)
    vals = "".join(f'<td style="border:0.6pt solid #777;padding:3pt 5pt;text-align:center">{_e(v)}</td>'
                   for _k, v in pairs)
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt" class="accent strong">{_e(ctx['title'])}</div>
</td></tr></table>
<div style="margin:6mm 0 0 95mm">{_buyer_block(ctx, label=False)}</div>
<table style="margin-top:6mm;width:100%"><tr>{head}</tr><tr>{vals}</tr></table>
{_lines(ctx)}{_recap(ctx)}{_totals(ctx, boxed=True)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


def _layout_recu_saas(ctx: dict) -> str:
    """An online-service receipt: label column / value column, the amount due as a headline."""
    pairs = _meta(ctx, extras=False)
    rows = "".join(f'<tr><td class="muted" style="padding:1pt 12pt 1pt 0">{_e(k)}</td><td>{_e(v)}</td></tr>'
                   for k, v in pairs)
    headline = ""
    if ctx["due"] and not ctx["credit"]:
        headline = (f'<p style="font-size:15pt" class="strong">{_e(_pick(ctx, "to_pay"))} '
                    f'{_m(ctx, ctx["ttc"] - (ctx["deposit"] or 0))} – {_e(ctx["due"])}</p>')
    return f"""<div style="display:flex;justify-content:space-between"><div style="font-size:20pt" class="strong">
{_e(ctx['title'])}</div><div>{_logo(ctx)}</div></div>
<table style="margin-top:4mm">{rows}</table>
<table style="width:100%;margin-top:6mm"><tr><td style="vertical-align:top;width:50%">{_seller_block(ctx)}</td>
<td style="vertical-align:top">{_buyer_block(ctx)}</td></tr></table>
{headline}{_lines(ctx, rate_column=False)}{_totals(ctx)}{_mentions(ctx)}{_bank(ctx)}"""


def _layout_odoo(ctx: dict) -> str:
    """An ERP print: the number in the title, a row of label-over-value blocks."""
    blocks = "".join(f'<td style="padding-right:10mm;vertical-align:top"><div class="strong">{_e(k)}</div>'
                     f'<div>{_e(v)}</div></td>' for k, v in _meta(ctx)[1:])
    return f"""<table style="width:100%"><tr><td>{_logo(ctx)}<div class="strong">{_e(ctx['legal_name'])}</div>
{_address(ctx, 'seller')}</td><td style="text-align:right;vertical-align:top">{_buyer_block(ctx, label=False)}</td>
</tr></table>
<h2 style="margin-top:10mm" class="accent">{_e(ctx['title'])} {_e(ctx['number'])}</h2>
<table><tr>{blocks}</tr></table>
{_lines(ctx)}{_totals(ctx)}{_mentions(ctx)}
<p>{_fill(ctx, 'object', _fill(ctx, 'subject', ctx['number']))}</p>{_bank(ctx)}{_terms(ctx)}"""


def _layout_qb(ctx: dict) -> str:
    """A small-business accounting print: uppercase labels in a box on the right, BILL TO block."""
    rows = "".join(f'<tr><td class="strong" style="padding:2pt 8pt;text-transform:uppercase;font-size:0.8em">'
                   f'{_e(k)}</td><td style="padding:2pt 8pt">{_e(v)}</td></tr>' for k, v in _meta(ctx))
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right">{_logo(ctx)}<div style="font-size:24pt;color:{ctx['colour']}">
{_e(ctx['title'].upper())}</div></td></tr></table>
<table style="width:100%;margin-top:6mm"><tr><td style="vertical-align:top">{_buyer_block(ctx)}</td>
<td style="vertical-align:top"><table style="margin-left:auto;background:#eef">{rows}</table></td></tr></table>
{_lines(ctx)}{_totals(ctx, boxed=True)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


def _layout_artisan(ctx: dict) -> str:
    """An artisan's word-processor template: centred letterhead, place and date in words, inline labels."""
    place = ctx["place"][1]
    due = f"<p>{_e(_pick(ctx, 'due'))} : {_e(ctx['due'])}</p>" if ctx["due"] else ""
    return f"""<div style="text-align:center">{_logo(ctx)}<div style="font-size:17pt" class="strong">
{_e(ctx['legal_name'])}</div><div>{_address(ctx, 'seller').replace('<br>', ' – ')}</div>
<div class="muted">{_e(_pick(ctx, 'tel'))} {_e(ctx['phone'])}</div></div>
<p style="text-align:right;margin-top:8mm">{_fill(ctx, 'place_date', place, ctx['issue'])}</p>
<div style="margin-left:95mm">{_buyer_block(ctx)}</div>
<h3 style="margin-top:8mm">{_e(ctx['title'])}</h3><p class="strong">{_e(_pick(ctx, 'number'))} {_e(ctx['number'])}</p>
{due}
{_lines(ctx, rate_column=False)}{_totals(ctx, colon=True)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}
<p>{_e(_pick(ctx, 'thanks'))}</p>"""


def _layout_energie(ctx: dict) -> str:
    """A utility or telecom bill: a summary box (amount, debit date), references, then the detail."""
    period = _fill(ctx, "period_words", *ctx["period"])
    refs = [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "date"), ctx["issue"]),
            (_pick(ctx, "customer"), ctx["customer"]), (_pick(ctx, "contract"), ctx["contract"])]
    ref_rows = "".join(f"<tr><td class='muted'>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in refs)
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}
<div style="font-size:18pt;color:{ctx['colour']}" class="strong">{_e(ctx['seller'].upper())}</div></td>
<td style="vertical-align:top">{_buyer_block(ctx, label=False)}</td></tr></table>
<table style="width:100%;margin-top:6mm"><tr><td style="vertical-align:top;width:55%">
<div style="border:1.5pt solid {ctx['colour']};padding:4mm;border-radius:4mm">
<div class="strong">{_e(_pick(ctx, 'summary'))}</div>
<div style="font-size:20pt" class="strong">{_m(ctx, ctx['ttc'])}</div>
<div>{_e(_pick(ctx, 'withdrawn'))} {_e(ctx['due'])}</div>
<div class="muted">{_e(_pick(ctx, 'period'))} {period}</div></div></td>
<td style="vertical-align:top;padding-left:6mm"><div class="strong">{_e(ctx['title'])}</div>
<table>{ref_rows}</table></td></tr></table>
<h4>{_e(_pick(ctx, 'detail'))}</h4>{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}
<p class="muted">{_e(ctx['legal_name'])} – {_address(ctx, 'seller').replace('<br>', ', ')}</p>{_bank(ctx)}"""


def _layout_carburant(ctx: dict) -> str:
    """A fuel-card statement invoice: a header band, many dated transactions, totals on the last page."""
    head = "".join(f"<th>{_e(_pick(ctx, key))}</th>" for key in ("day", "station", "product", "litres"))
    head += "".join(f"<th class='n'>{_e(_pick(ctx, key))}</th>" for key in ("unit", "rate_col", "amount_col"))
    rows = "".join(
        f"<tr><td>{_e(date_text(line['when'], ctx['language'], 'num', 0))}</td><td>{_e(line['where'])}</td>"
        f"<td>{_e(line['desc'])}</td><td class='n'>{_qty(ctx, line['qty'])}</td>"
        f"<td class='n'>{_litre_price(ctx, line['unit'])}</td>"
        f"<td class='n'>{_e(rate_text(line['rate'], ctx['language']))}</td><td class='n'>{_m(ctx, line['amount'], False)}</td></tr>"
        for line in sorted(ctx["lines"], key=lambda item: item["when"]))
    pairs = _meta(ctx, extras=False) + [(_pick(ctx, "card"), ctx["card"]), (_pick(ctx, "customer"), ctx["customer"])]
    band = "".join(f'<td style="padding:2pt 8pt"><span class="muted">{_e(k)}</span><br>{_e(v)}</td>' for k, v in pairs)
    return f"""<div style="background:{ctx['colour']};color:white;padding:3mm 5mm;font-size:14pt" class="strong">
{_e(ctx['seller'])}</div>
<table style="width:100%;margin-top:4mm"><tr><td style="vertical-align:top">
<div class="strong" style="font-size:13pt">{_e(_pick(ctx, 'statement'))}</div>{_seller_block(ctx)}</td>
<td style="vertical-align:top">{_buyer_block(ctx)}</td></tr></table>
<table style="margin-top:4mm;border:0.6pt solid #999"><tr>{band}</tr></table>
<table class="lines"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
{_recap(ctx)}{_totals(ctx, boxed=True)}{_terms(ctx)}{_bank(ctx)}"""


def _litre_price(ctx: dict, value: Decimal) -> str:
    text = f"{value:.3f}"
    return text if ctx["language"] == "en" else text.replace(".", ",")


def _layout_grille(ctx: dict) -> str:
    """A bordered grid: every reference in its own cell, small label on top, value below."""
    cells = _meta(ctx) + [(_pick(ctx, "from"), ctx["legal_name"])]
    grid = "".join(f'<td style="border:0.8pt solid #555;padding:2pt 5pt;vertical-align:top;width:25%">'
                   f'<div style="font-size:0.7em;text-transform:uppercase">{_e(k)}</div><div class="strong">{_e(v)}</div>'
                   f'</td>' + ("</tr><tr>" if i % 4 == 3 else "") for i, (k, v) in enumerate(cells))
    return f"""<table style="width:100%"><tr><td>{_logo(ctx)}</td><td style="text-align:right">
<span style="font-size:20pt;border-bottom:2pt solid {ctx['colour']}">{_e(ctx['title'])}</span></td></tr></table>
<table style="width:100%;margin-top:5mm"><tr><td style="width:50%;vertical-align:top">{_seller_block(ctx)}</td>
<td style="vertical-align:top;border:0.8pt solid #555;padding:3mm">{_buyer_block(ctx)}</td></tr></table>
<table style="width:100%;margin-top:5mm"><tr>{grid}</tr></table>
{_lines(ctx)}<table style="width:100%"><tr><td style="vertical-align:top">{_recap(ctx)}</td>
<td style="vertical-align:top">{_totals(ctx, boxed=True)}</td></tr></table>{_mentions(ctx)}{_bank(ctx)}{_terms(ctx)}"""


def _layout_lettre(ctx: dict) -> str:
    """A letter: sender top left, addressee right, place and date, a subject line that carries the number."""
    subject = _fill(ctx, "object", f"{ctx['title']} {ctx['number']}")
    due = f"<p>{_e(_pick(ctx, 'due'))} {_e(ctx['due'])}</p>" if ctx["due"] else ""
    return f"""{_logo(ctx)}{_seller_block(ctx, big=True)}
<div style="margin:8mm 0 0 100mm">{_buyer_block(ctx, label=False)}</div>
<p style="margin:8mm 0 0 100mm">{_fill(ctx, 'place_date', ctx['place'][1], ctx['issue'])}</p>
<p class="strong" style="margin-top:8mm">{subject}</p>
<p class="muted">{_e(_pick(ctx, 'customer'))} : {_e(ctx['customer'])}</p>
{_lines(ctx)}{_totals(ctx)}{due}{_mentions(ctx)}{_bank(ctx)}<p>{_e(_pick(ctx, 'thanks'))}</p>"""


def _layout_bandeau(ctx: dict) -> str:
    """An online invoicing tool: a coloured side column with the references stacked, the rest on the right."""
    side = "".join(f'<div style="margin-top:4mm"><div style="font-size:0.75em;opacity:0.85">{_e(k)}</div>'
                   f'<div class="strong">{_e(v)}</div></div>' for k, v in _meta(ctx))
    return f"""<table style="width:100%;border-collapse:collapse"><tr>
<td style="width:52mm;background:{ctx['colour']};color:white;vertical-align:top;padding:5mm">
<div style="font-size:16pt" class="strong">{_e(ctx['title'])}</div>{side}
<div style="margin-top:8mm;font-size:0.85em">{_e(ctx['legal_name'])}<br>{_address(ctx, 'seller')}</div></td>
<td style="vertical-align:top;padding-left:6mm">{_logo(ctx)}{_buyer_block(ctx)}{_lines(ctx)}
<div style="background:#f0f0f0;padding:2mm;margin-top:3mm">{_totals(ctx)}</div>{_mentions(ctx)}{_bank(ctx)}
{_terms(ctx)}</td></tr></table>"""


def _layout_deux_colonnes(ctx: dict) -> str:
    """Two columns of « label : value » lines: the seller's on the left, the document's on the right."""
    meta = "<br>".join(f"{_e(k)} : <b>{_e(v)}</b>" for k, v in _meta(ctx))
    seller_vat = (f"<br>{_e(_pick(ctx, 'seller_vat'))} : {_e(_vat_shown(ctx))}" if ctx["seller_vat"] else "")
    return f"""<table style="width:100%"><tr><td style="vertical-align:top;width:55%">{_logo(ctx)}
<div class="strong" style="font-size:13pt">{_e(ctx['legal_name'])}</div>{_address(ctx, 'seller')}
<br>{_e(_pick(ctx, 'mail'))} : contact@{_e(ctx['seller'].split()[0].lower().replace("'", ''))}.example{seller_vat}</td>
<td style="vertical-align:top"><div style="font-size:16pt" class="accent">{_e(ctx['title'])}</div>{meta}</td></tr></table>
<div style="margin-top:8mm;border-top:0.5pt solid #999;padding-top:3mm">{_buyer_block(ctx)}</div>
{_lines(ctx)}{_totals(ctx, colon=True)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


def _layout_ticket(ctx: dict) -> str:
    """A narrow till-style invoice in a monospaced font: one column, inline labels, a VAT summary."""
    width = "82mm"
    lines = "".join(f"<tr><td>{_e(line['desc'])}<br>{_qty(ctx, line['qty'])} x {_m(ctx, line['unit'], False)}</td>"
                    f"<td class='n' style='vertical-align:bottom'>{_m(ctx, line['amount'], False)}</td></tr>"
                    for line in ctx["lines"])
    meta = "".join(f"<div>{_e(k)} {_e(v)}</div>" for k, v in _meta(ctx, extras=False))
    totals = "".join(f'<tr class="{"strong" if s else ""}"><td>{_e(k)}</td><td class="n">{v}</td></tr>'
                     for k, v, s in _total_rows(ctx, per_rate=False))
    return f"""<div style="width:{width};margin:0 auto;font-family:'Nimbus Mono PS',monospace;font-size:9pt">
<div style="text-align:center">{_logo(ctx)}<div class="strong">{_e(ctx['legal_name'])}</div>
{_address(ctx, 'seller')}<br>{_e(_pick(ctx, 'tel'))} {_e(ctx['phone'])}</div>
<hr><div class="strong" style="text-align:center">{_e(ctx['title'])}</div>{meta}<hr>
{_buyer_block(ctx)}<hr><table class="tot" style="width:100%">{lines}</table><hr>
<table class="tot" style="width:100%">{totals}</table><hr>{_recap(ctx).replace('width:60%', 'width:100%')}
<p style="text-align:center">{_e(_pick(ctx, 'thanks'))}</p></div>"""


def _domain(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold_ascii(name.split(maxsplit=1)[0].lower())) + ".example"


def fold_ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _layout_recu_en_ligne(ctx: dict) -> str:
    """A receipt of an online service paid by card: « Receipt from X », the amount paid as a headline, the payment
    method, a « billed to » block; no legal footer (the seller's details in one line or a block at the top)."""
    rng, extra = ctx["rng"], ctx["extra"]
    ctx["footer"] = ""
    mail = f"billing@{_domain(ctx['seller'])}"
    named = ctx["seller"] if extra.random() < 0.5 else ctx["legal_name"]
    card = _fill(ctx, "card_tail", f"{rng.randint(1000, 9999)}")
    meta = [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "paid_on"), ctx["issue"]), (_pick(ctx, "method"), card)]
    rows = "".join(f'<tr><td class="muted" style="padding:1pt 14pt 1pt 0">{_e(k)}</td><td>{_e(v)}</td></tr>'
                   for k, v in meta)
    vat = (f"{_e(_pick(ctx, 'seller_vat'))} {_e(_vat_shown(ctx))}" if ctx["seller_vat"] else "")
    place = ctx["place"]
    buyer = (f'<div class="muted">{_e(_pick(ctx, "billed_to"))}</div><div>{_e(ctx["buyer"])}</div>'
             f'{_address(ctx, "buyer")}<br>{_e(ctx["buyer"].split()[0].lower())}@mail.example')
    if extra.random() < 0.5:  # an e-mail receipt: the seller's details on one line at the bottom
        seller = (f'<p class="muted" style="margin-top:10mm">{_e(ctx["legal_name"])} · {_e(ctx["seller_street"])} · '
                  f'{_e(place[0])} {_e(place[1])}{" · " + vat if vat else ""}</p>')
        return f"""<div style="text-align:center">{_logo(ctx)}<div style="font-size:16pt;margin-top:3mm">
{_fill(ctx, 'receipt_from', named)}</div>
<div style="font-size:22pt" class="strong">{_m(ctx, ctx['ttc'])}</div>
<div class="muted">{_e(_pick(ctx, 'receipt_title'))}</div></div>
<table style="margin:6mm auto 0 auto">{rows}</table>
<div style="margin-top:6mm">{buyer}</div>
{_lines(ctx, rate_column=False)}{_totals(ctx)}
<p>{_fill(ctx, 'help', mail)}</p>{seller}"""
    # a receipt printed as a PDF: the seller's block at the top left, unlabelled, the buyer's beside it
    seller = (f'<div class="strong">{_e(ctx["legal_name"])}</div>{_address(ctx, "seller")}<br>{_e(mail)}'
              f'{"<br>" + vat if vat else ""}')
    headline = f'{_m(ctx, ctx["ttc"])} – {_e(_pick(ctx, "paid_on"))} {_e(ctx["issue"])}'
    return f"""<table style="width:100%"><tr><td style="font-size:20pt" class="strong">{_e(_pick(ctx, 'receipt_title'))}</td>
<td style="text-align:right">{_logo(ctx)}</td></tr></table>
<table style="margin-top:3mm">{rows}</table>
<table style="width:100%;margin-top:6mm"><tr><td style="vertical-align:top;width:45%">{seller}</td>
<td style="vertical-align:top">{buyer}</td></tr></table>
<p style="font-size:14pt" class="strong">{headline}</p>
{_lines(ctx, rate_column=False)}{_totals(ctx)}<p class="muted">{_fill(ctx, 'help', mail)}</p>"""


def _layout_place_de_marche(ctx: dict) -> str:
    """A marketplace's order invoice: the marketplace's name at the top and in the footer, the invoice « sold by » a
    third-party seller (the seller), billing and shipping addresses."""
    rng, extra, lang = ctx["rng"], ctx["extra"], ctx["language"]
    market = f"{extra.choice(MARKETPLACES)}"
    market_legal = f"{market} {MARKET_FORMS[lang]}"
    market_vat = vat_id(lang, rng, siren(rng) if lang == "fr" else None)
    ctx["footer"] = f"{_e(market_legal)} – {_e(_pick(ctx, 'seller_vat'))} {_e(market_vat)}"
    order = f"{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}-{rng.randint(1000000, 9999999)}"
    meta = [(_pick(ctx, "order_no"), order), (_pick(ctx, "ordered_on"), ctx["issue_num"]),
            (_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "date"), ctx["issue"])]
    if ctx["due"]:
        meta.append((_pick(ctx, "due"), ctx["due"]))
    rows = "".join(f"<tr><td class='muted' style='padding-right:10pt'>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in meta)
    vat = (f"<br>{_e(_pick(ctx, 'sold_vat'))} : {_e(_vat_shown(ctx))}" if ctx["seller_vat"] else "")
    seller_address = f"{ctx['seller_street']}, {ctx['place'][0]} {ctx['place'][1]}"
    sold = f'<p><b>{_fill(ctx, "sold_by", ctx["legal_name"])}</b><br>{_e(seller_address)}{vat}</p>'
    billing = (f'<div class="strong">{_e(_pick(ctx, "bill_addr"))}</div><div>{_e(ctx["buyer"])}</div>'
               f'{_address(ctx, "buyer")}')
    shipping = (f'<div class="strong">{_e(_pick(ctx, "ship_addr"))}</div><div>{_e(ctx["buyer"])}</div>'
                f'{_address(ctx, "buyer")}')
    top = (f'<span style="font-size:20pt;color:{ctx["colour"]}" class="strong">{_e(market.lower())}</span>'
           if extra.random() < 0.5 else f'<span style="font-size:20pt" class="strong">{_e(market)}</span>')
    sold_top = extra.random() < 0.5
    return f"""<table style="width:100%"><tr><td>{top}</td><td style="text-align:right;font-size:16pt">
{_e(ctx['title'])}</td></tr></table>
{sold if sold_top else ''}<table style="margin-top:4mm">{rows}</table>
<table style="width:100%;margin-top:6mm"><tr><td style="vertical-align:top;width:50%">{billing}</td>
<td style="vertical-align:top">{shipping}</td></tr></table>
{'' if sold_top else sold}{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}
<p class="muted">{_fill(ctx, 'on_behalf', market_legal)}</p>"""


def _layout_emetteur_droite(ctx: dict) -> str:
    """The seller's block at the top right (maybe under a heading), the title and references at the left, the
    buyer's block under them at the left with its heading: English and Spanish small-business layouts."""
    extra = ctx["extra"]
    if extra.random() < 0.5:
        ctx["footer"] = ""  # the seller's identifiers in its block only
    heading = f'<div class="muted">{_e(_pick(ctx, "issuer"))}</div>' if extra.random() < 0.5 else ""
    vat = (f"<br>{_e(_pick(ctx, 'seller_vat'))}: {_e(_vat_shown(ctx))}" if ctx["seller_vat"] else "")
    seller = (f'{heading}<div class="strong" style="font-size:12pt">{_e(ctx["legal_name"])}</div>'
              f'{_address(ctx, "seller")}<br>{_e(_pick(ctx, "tel"))} {_e(ctx["phone"])}{vat}')
    rows = "".join(f"<tr><td class='strong' style='padding-right:10pt'>{_e(k)}</td><td>{_e(v)}</td></tr>"
                   for k, v in _meta(ctx))
    buyer_heading = _pick(ctx, "billed_to" if extra.random() < 0.4 else "to")
    vat_b = f'<br>{_e(_pick(ctx, "buyer_vat"))}: {_e(ctx["buyer_vat"])}' if ctx["buyer_vat"] else ""
    buyer = (f'<div class="strong">{_e(buyer_heading)}</div><div>{_e(ctx["buyer"])}</div>'
             f'{_address(ctx, "buyer")}{vat_b}')
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}
<div style="font-size:22pt;color:{ctx['colour']}">{_e(ctx['title'])}</div><table style="margin-top:3mm">{rows}</table></td>
<td style="vertical-align:top;text-align:right;width:42%">{seller}</td></tr></table>
<div style="margin-top:8mm;width:50%">{buyer}</div>
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


RENDER = {"recu_en_ligne": _layout_recu_en_ligne, "place_de_marche": _layout_place_de_marche,
          "emetteur_droite": _layout_emetteur_droite, "gestion": _layout_gestion, "recu_saas": _layout_recu_saas, "odoo": _layout_odoo, "qb": _layout_qb,
          "artisan": _layout_artisan, "energie": _layout_energie, "carburant": _layout_carburant,
          "grille": _layout_grille, "lettre": _layout_lettre, "bandeau": _layout_bandeau,
          "deux_colonnes": _layout_deux_colonnes, "ticket": _layout_ticket}


# ---------------------------------------------------------------------------
# Kinds of documents added in the thirteenth session (issue 13): hotel folios, card-payment receipts, deposit and
# progress invoices, credit notes with the invoice they correct in their grid, utility bills, ERP header grids,
# marketplace orders, restaurant notes. Each prints its own number among neighbours that are not it (folio, booking,
# receipt, transaction, quote, works contract, customer, contract, meter, order, table…), in a references block of
# one of several shapes. Drawn (alone) from seed KINDS_FROM on, so that the seeds measured before keep their invoice:
# `bench_readings.py --part blind --start 20000` reads them.
# ---------------------------------------------------------------------------

KINDS_FROM = 20_000
KIND_LAYOUTS = ("hotel", "recu_carte", "acompte", "avoir_grille", "eau", "erp", "achat_en_ligne", "resto")

KIND_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "hotel_folio": ["Folio client n°", "N° de compte séjour", "Compte séjour"], "room_no": ["Chambre n°", "N° chambre"],
        "booking": ["N° de réservation", "Réservation n°", "N° de confirmation"],
        "stay_start": ["Arrivée le", "Entrée le"], "stay_end": ["Départ le", "Sortie le"],
        "stay_title": ["Note de séjour", "Facture de séjour"],
        "kind_receipt_title": ["Reçu", "Reçu de paiement"], "receipt_no": ["Numéro de reçu", "Reçu n°", "N° de reçu"],
        "kind_paid_on": ["Payé le", "Date de paiement"], "kind_method": ["Moyen de paiement", "Payé par"],
        "txn": ["ID de transaction", "N° de transaction", "Référence du paiement"],
        "quote": ["Devis n°", "D'après devis n°", "Réf. devis"], "works": ["Marché n°", "Chantier n°", "Lot n°"],
        "situation": ["Situation n°", "Situation de travaux n°", "Acompte n°"],
        "deposit_title": ["Facture d'acompte", "Facture de situation"],
        "credit_no": ["Référence de l'avoir", "Avoir référencé", "Avoir client n°"],
        "origin_grid": ["Facture d'origine", "Facture corrigée", "Réf. facture d'origine", "Sur facture n°"],
        "meter": ["Matricule compteur", "N° du compteur"], "point": ["PDL", "Point de livraison", "PCE", "Référence PDL"],
        "cust_ref": ["Référence client", "N° d'abonné", "Code abonné"],
        "kind_order_no": ["N° de commande", "Commande n°", "Numéro de commande"],
        "order_date": ["Date de commande", "Achat du"], "kind_sold_by": ["Boutique vendeuse", "Expédié et vendu par"],
        "table": ["N° de table", "Table servie"], "covers": ["Nb couverts", "Nombre de couverts"], "waiter": ["Vous a servi", "Serveuse"],
        "note_no": ["N° de note", "Note de restaurant n°", "Ticket de caisse n°"], "rep": ["Commercial", "Représentant"],
    },
    "en": {
        "hotel_folio": ["Guest folio no.", "Folio ref."], "room_no": ["Room number", "Rm."],
        "booking": ["Booking ref.", "Confirmation no.", "Reservation no."],
        "stay_start": ["Arrival date", "Checked in"], "stay_end": ["Departure date", "Checked out"],
        "stay_title": ["Guest folio", "Hotel invoice"],
        "kind_receipt_title": ["Sales receipt", "Payment receipt"], "receipt_no": ["Receipt no.", "Receipt ref."],
        "kind_paid_on": ["Payment taken", "Paid on"], "kind_method": ["Payment type", "Paid by"],
        "txn": ["Transaction ID", "Payment ID", "Charge ID"],
        "quote": ["Quote no.", "Quotation ref."], "works": ["Project no.", "Job no.", "Site ref."],
        "situation": ["Valuation no.", "Stage payment no.", "Application no."],
        "deposit_title": ["Interim invoice", "Deposit invoice"],
        "credit_no": ["Credit note ref.", "Credit adj. no.", "Credit no."],
        "origin_grid": ["Original invoice", "Corrects invoice", "Against invoice no."],
        "meter": ["Meter no.", "Meter serial"], "point": ["MPRN", "Supply point"],
        "cust_ref": ["Customer no.", "Account ref."],
        "kind_order_no": ["Order number", "Order #", "Order ID"], "order_date": ["Purchase date", "Date of order"],
        "kind_sold_by": ["Sold and dispatched by", "Marketplace seller"], "table": ["Table number", "Seated at table"], "covers": ["Covers", "Guests"],
        "waiter": ["Server", "Served by"], "note_no": ["Check #", "Bill #"], "rep": ["Sales rep", "Account manager"],
    },
    "de": {
        "hotel_folio": ["Gastkonto", "Gastkonto-Nr."], "room_no": ["Zimmernummer", "Zi.-Nr."],
        "booking": ["Buchungsnummer", "Reservierungs-Nr."], "stay_start": ["Anreisedatum", "Ankunftstag"],
        "stay_end": ["Abreisedatum", "Abreisetag"], "stay_title": ["Hotelrechnung", "Aufenthaltsrechnung"],
        "kind_receipt_title": ["Quittung", "Zahlungsbeleg"], "receipt_no": ["Quittungsnummer", "Quittungs-Nr."],
        "kind_paid_on": ["Bezahlt am", "Zahlungsdatum"], "kind_method": ["Zahlungsweise", "Bezahlt mit"],
        "txn": ["Transaktions-ID", "Transaktionsnummer"],
        "quote": ["Angebots-Nr.", "Angebotsnummer"], "works": ["Projekt-Nr.", "Bauvorhaben Nr."],
        "situation": ["Abschlag Nr.", "Teilzahlung Nr."],
        "deposit_title": ["Abschlagsrechnung", "Anzahlungsrechnung"],
        "credit_no": ["Gutschriftnummer", "Gutschrift Nummer"],
        "origin_grid": ["Ursprungsrechnung", "Zu Rechnung Nr.", "Bezug Rechnung"],
        "meter": ["Zählernummer", "Zähler-Nr."], "point": ["Zählpunkt", "Marktlokation"],
        "cust_ref": ["Kundenkonto", "Vertragskontonummer"],
        "kind_order_no": ["Bestell-Nr.", "Auftragsnummer"], "order_date": ["Datum der Bestellung", "Bestellung vom"],
        "kind_sold_by": ["Verkauf durch", "Verkaufender Händler"], "table": ["Tisch", "Tisch-Nr."], "covers": ["Personen", "Gäste"],
        "waiter": ["Bedienung", "Kellner"], "note_no": ["Bon-Nr.", "Bon"], "rep": ["Bearbeiter", "Ansprechpartner"],
    },
    "es": {
        "hotel_folio": ["Cuenta huésped nº", "Cuenta de estancia nº"], "room_no": ["Habitación nº", "Nº hab."],
        "booking": ["Nº de reserva", "Localizador"], "stay_start": ["Fecha de llegada", "Fecha de entrada"],
        "stay_end": ["Fecha de partida", "Día de salida"], "stay_title": ["Factura de estancia", "Cuenta de huésped"],
        "kind_receipt_title": ["Recibo", "Justificante de pago"], "receipt_no": ["Nº de recibo", "Recibo nº"],
        "kind_paid_on": ["Pagado el", "Fecha del pago"], "kind_method": ["Método de pago", "Pagado con"],
        "txn": ["ID de transacción", "Nº de operación"],
        "quote": ["Presupuesto nº", "Nº presupuesto"], "works": ["Obra nº", "Nº de obra"],
        "situation": ["Certificación nº", "Certificación de obra nº"],
        "deposit_title": ["Factura de anticipo", "Factura de certificación"],
        "credit_no": ["Nº de abono", "Número de rectificativa", "Rectificativa nº"],
        "origin_grid": ["Factura rectificada", "Factura original nº"],
        "meter": ["Nº de contador", "Contador"], "point": ["CUPS"],
        "cust_ref": ["Nº cliente", "Cliente nº"],
        "kind_order_no": ["Nº pedido", "Número de pedido"], "order_date": ["Fecha de compra", "Pedido el"],
        "kind_sold_by": ["Tienda vendedora", "Enviado y vendido por"], "table": ["Nº de mesa", "Mesa número"], "covers": ["Nº comensales", "Cubiertos"],
        "waiter": ["Atendido por", "Camarera"], "note_no": ["Nº de ticket", "Nº de cuenta"], "rep": ["Agente", "Comercial"],
    },
    "it": {
        "hotel_folio": ["N. folio", "Conto camera n."], "room_no": ["Camera n.", "N. camera"],
        "booking": ["N. prenotazione", "Codice prenotazione"], "stay_start": ["Data di arrivo", "Arrivato il"],
        "stay_end": ["Data di partenza", "Partito il"], "stay_title": ["Conto soggiorno", "Fattura soggiorno"],
        "kind_receipt_title": ["Ricevuta", "Ricevuta di pagamento"], "receipt_no": ["N. ricevuta", "Ricevuta n."],
        "kind_paid_on": ["Pagato il", "Data del pagamento"], "kind_method": ["Metodo di pagamento", "Pagato con"],
        "txn": ["ID transazione", "N. operazione"],
        "quote": ["Preventivo n.", "Riferimento preventivo"], "works": ["Commessa n.", "Cantiere n."],
        "situation": ["SAL n.", "Stato avanzamento lavori n."],
        "deposit_title": ["Fattura di acconto", "Fattura SAL"],
        "credit_no": ["Nota credito numero", "Rif. nota credito"],
        "origin_grid": ["Fattura rettificata n.", "Riferimento fattura", "Storno della fattura n."],
        "meter": ["Matricola contatore", "Contatore n."], "point": ["POD", "PDR"],
        "cust_ref": ["N. cliente", "Codice utente"],
        "kind_order_no": ["Numero ordine", "Ordine numero"], "order_date": ["Data dell'ordine", "Ordine del"],
        "kind_sold_by": ["Negozio venditore", "Spedito e venduto da"], "table": ["Tavolo n.", "N. tavolo"], "covers": ["Numero coperti", "Persone"],
        "waiter": ["Servito da", "Addetto"], "note_no": ["Scontrino n.", "N. conto"], "rep": ["Agente", "Referente"],
    },
}
for _language, _kind_labels in KIND_LABELS.items():
    # A key of its own for each: a kind's plain label must not replace a template of the layouts above (the
    # marketplace's « Vendu par {} » replaced by « Vendu par » printed no seller's name).
    assert not LABELS[_language].keys() & _kind_labels.keys(), LABELS[_language].keys() & _kind_labels.keys()
    LABELS[_language].update(_kind_labels)


def _refs(ctx: dict, pairs: list[tuple[str, str]]) -> str:
    """A references block in one of the shapes invoices print them: a panel (labels left, values right), a header
    grid (a row of labels over a row of values; narrow cells wrap long labels on two lines), label-over-value blocks
    side by side, or « label : value » lines."""
    shape = ctx["rng"].choice(["panel", "grid", "grid_narrow", "blocks", "lines"])
    cell = "border:0.6pt solid #777;padding:2pt 4pt"
    if shape == "panel":
        rows = "".join(f'<tr><td style="{cell}" class="muted">{_e(k)}</td><td style="{cell};text-align:right">{_e(v)}</td></tr>'
                       for k, v in pairs)
        return f'<table style="margin:4mm 0 0 auto">{rows}</table>'
    if shape in ("grid", "grid_narrow"):
        width = f"width:{min(24, 100 // len(pairs))}mm;" if shape == "grid_narrow" else ""
        head = "".join(f'<th style="{cell};{width}font-size:0.8em;text-align:left;vertical-align:bottom">{_e(k)}</th>'
                       for k, _v in pairs)
        vals = "".join(f'<td style="{cell}">{_e(v)}</td>' for _k, v in pairs)
        return f'<table style="margin-top:4mm"><tr>{head}</tr><tr>{vals}</tr></table>'
    if shape == "blocks":
        blocks = "".join(f'<td style="padding-right:7mm;vertical-align:top"><div class="muted">{_e(k)}</div>'
                         f'<div class="strong">{_e(v)}</div></td>' for k, v in pairs)
        return f'<table style="margin-top:4mm"><tr>{blocks}</tr></table>'
    return '<p style="margin-top:4mm">' + "<br>".join(f"{_e(k)} : {_e(v)}" for k, v in pairs) + "</p>"


def _shuffled(ctx: dict, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs in an order of their own: the number is not always first."""
    pairs = list(pairs)
    ctx["rng"].shuffle(pairs)
    return pairs


def _kind_page(ctx: dict, title: str, pairs: list[tuple[str, str]], *, extra: str = "") -> str:
    """Seller and title, the buyer, the references, then lines and totals: the frame of the added kinds."""
    if ctx["due"] and all(value != ctx["due"] for _k, value in pairs):
        pairs = [*pairs, (_pick(ctx, "due"), ctx["due"])]
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:17pt" class="accent strong">{_e(title)}</div></td>
</tr></table><div style="margin:5mm 0 0 95mm">{_buyer_block(ctx)}</div>{_refs(ctx, pairs)}{extra}
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


def _digits(rng: random.Random, count: int, *, first: int = 0) -> str:
    """``count`` random digits, the first from ``first`` up (1: no leading zero, as a number is printed)."""
    return "".join(str(rng.randint(first if i == 0 else 0, 9)) for i in range(count))


def _layout_folio(ctx: dict) -> str:
    """A hotel's bill: its number beside the folio (the stay's account in the hotel's system), room, booking, stay dates."""
    rng = ctx["rng"]
    stay = [(_pick(ctx, "room_no"), f"{rng.randint(1, 6)}{rng.randint(1, 40):02d}"),
            (_pick(ctx, "booking"), _digits(rng, rng.choice([7, 8, 9]))),
            (_pick(ctx, "stay_start"), ctx["delivery"] or ctx["issue_num"]), (_pick(ctx, "stay_end"), ctx["issue_num"])]
    own = [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "hotel_folio"), _digits(rng, rng.choice([5, 6])))]
    pairs = _shuffled(ctx, own + stay[:rng.randint(2, 4)]) + [(_pick(ctx, "date"), ctx["issue"])]
    return _kind_page(ctx, rng.choice([ctx["title"], _pick(ctx, "stay_title")]), pairs)


def _layout_recu_carte(ctx: dict) -> str:
    """A card-payment receipt of an online service: its own receipt number, the invoice's, the payment's id."""
    rng = ctx["rng"]
    pairs = [(_pick(ctx, "number"), ctx["number"]),
             (_pick(ctx, "receipt_no"), f"{_digits(rng, 4)}-{_digits(rng, 4)}"),
             (_pick(ctx, "kind_paid_on"), ctx["issue"]),
             (_pick(ctx, "kind_method"), f"{rng.choice(['Visa', 'Mastercard', 'Amex'])} •••• {_digits(rng, 4)}")]
    if rng.random() < 0.6:
        pairs.append((_pick(ctx, "txn"), rng.choice([f"ch_{_digits(rng, 6)}{rng.choice('ABCDEFGH')}{_digits(rng, 8)}",
                                                      _digits(rng, 12)])))
    return _kind_page(ctx, _pick(ctx, "kind_receipt_title"), _shuffled(ctx, pairs))


def _layout_acompte(ctx: dict) -> str:
    """A works deposit or progress invoice: its situation's rank, the quote and the works contract it is drawn on."""
    rng = ctx["rng"]
    title = _pick(ctx, "deposit_title")
    pairs = [(_pick(ctx, "situation"), str(rng.randint(1, 9))),
             (_pick(ctx, "quote"), f"D{ctx['issue_num'][-4:]}-{_digits(rng, 3)}"),
             (_pick(ctx, "works"), f"{ctx['issue_num'][-4:]}-{_digits(rng, 2)}"),
             (_pick(ctx, "date"), ctx["issue"])]
    if rng.random() < 0.4:  # the number in the title: « Facture d'acompte n° FA-… »
        title = f"{title} {ctx['number']}"
    else:
        pairs.append((_pick(ctx, "number"), ctx["number"]))
    return _kind_page(ctx, title, _shuffled(ctx, pairs[:rng.randint(2, 3)] + pairs[3:]))


def _layout_avoir_grille(ctx: dict) -> str:
    """A credit note whose references name the invoice it corrects beside its own number."""
    origin, _day = ctx["origin"]
    pairs = [(_pick(ctx, "credit_no"), ctx["number"]), (_pick(ctx, "origin_grid"), origin),
             (_pick(ctx, "date"), ctx["issue"]), (_pick(ctx, "cust_ref"), ctx["customer"])]
    return _kind_page(ctx, ctx["title"], _shuffled(ctx, pairs))


def _layout_eau(ctx: dict) -> str:
    """A water, gas or power bill: customer, contract, meter and delivery point references around its number."""
    rng = ctx["rng"]
    pairs = [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "cust_ref"), _digits(rng, rng.choice([8, 10]))),
             (_pick(ctx, "contract"), ctx["contract"]),
             (_pick(ctx, "meter"), f"{rng.choice('ABCDGHKM')}{_digits(rng, 2)}{_digits(rng, 6)}"),
             (_pick(ctx, "point"), _digits(rng, 14))]
    period = _fill(ctx, "period_words", *ctx["period"])
    extra = f'<p class="muted">{_e(_pick(ctx, "period"))} {period}</p>'
    return _kind_page(ctx, ctx["title"], _shuffled(ctx, pairs) + [(_pick(ctx, "date"), ctx["issue"])], extra=extra)


def _layout_erp(ctx: dict) -> str:
    """An ERP's header grid: many reference cells, the number's among customer, order, sales rep and dates."""
    rng = ctx["rng"]
    pairs = [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "date"), ctx["issue"]),
             (_pick(ctx, "cust_ref"), ctx["customer"]), (_pick(ctx, "rep"), f"{rng.choice(SURNAMES[ctx['language']])}")]
    if ctx["due"]:
        pairs.append((_pick(ctx, "due"), ctx["due"]))
    if ctx["order"]:
        pairs.append((_pick(ctx, "kind_order_no"), ctx["order"]))
    return _kind_page(ctx, ctx["title"], _shuffled(ctx, pairs))


def _layout_commande(ctx: dict) -> str:
    """A marketplace's invoice: the order's long number and date beside the invoice's own, the seller named."""
    rng = ctx["rng"]
    order = rng.choice([f"{_digits(rng, 3)}-{_digits(rng, 7)}-{_digits(rng, 7)}", f"{rng.choice('ABCW')}{_digits(rng, 9)}"])
    pairs = [(_pick(ctx, "kind_order_no"), order), (_pick(ctx, "order_date"), ctx["delivery"] or ctx["issue"]),
             (_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "date"), ctx["issue"]),
             (_pick(ctx, "kind_sold_by"), ctx["legal_name"])]
    return _kind_page(ctx, ctx["title"], pairs if rng.random() < 0.5 else _shuffled(ctx, pairs))


def _layout_resto(ctx: dict) -> str:
    """A restaurant's note: table, covers, waiter beside the note's number."""
    rng = ctx["rng"]
    pairs = [(_pick(ctx, rng.choice(["number", "note_no"])), ctx["number"]), (_pick(ctx, "table"), str(rng.randint(1, 40))),
             (_pick(ctx, "covers"), str(rng.randint(1, 8))), (_pick(ctx, "waiter"), rng.choice(GIVEN[ctx["language"]])),
             (_pick(ctx, "date"), ctx["issue"])]
    return _kind_page(ctx, ctx["title"], _shuffled(ctx, pairs))


RENDER.update({"hotel": _layout_folio, "recu_carte": _layout_recu_carte, "acompte": _layout_acompte,
               "avoir_grille": _layout_avoir_grille, "eau": _layout_eau, "erp": _layout_erp, "achat_en_ligne": _layout_commande,
               "resto": _layout_resto})


# ---------------------------------------------------------------------------
# Buyers' blocks as invoices print them (issue 13, added 2026-12-06): the buyer with no heading in an envelope's
# window (right or left), « Bill to » beside the seller's block on the same rows, a « Seller | Customer » table,
# billing and delivery addresses side by side. The block holds what real ones hold: a contact (« Attn: »), a
# department, the customer's number or VAT number, a c/o or PO box line, a country line, a name in capitals, with
# its legal form or wrapped on two lines, a private person; buyers abroad with their country's postcode shapes
# (NL « 1234 AB », PT « 1000-001 », PL « 00-950 », SE « 123 45 », BE/LU/CH/AT four digits, IT « 00184 Roma RM »).
# Drawn (alone) from seed BUYERS_FROM on, by draws of their own: the seeds before keep their invoice.
# ``context["buyer_truth"]`` holds the block's truth (name, address lines, postcode, town, country).
# ---------------------------------------------------------------------------

BUYERS_FROM = 30_000
BUYER_LAYOUTS = ("fenetre", "facture_a_cote", "vendeur_client", "fact_livr")
#: Two more, from seed FORMS_FROM on: the buyer's block aligned on the right margin, and the buyer as a labelled form
#: (« Company name: … », « Street address: … », « Postcode / Town: … », « Country: … »).
FORMS_FROM = 31_000
FORM_LAYOUTS = ("droite_alignee", "formulaire")

BUYER_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {"form_name": ["Nom / raison sociale", "Société cliente"], "form_street": ["Adresse postale", "N° et voie"],
           "form_town": ["CP / Ville", "Code postal et ville"], "form_country": ["Pays de résidence", "Pays du client"],
           "bill_to": ["Facture adressée à", "À facturer à", "Coordonnées de facturation"],
           "ship_to": ["Livrer à", "Adresse de livraison", "Expédier à"],
           "seller_col": ["Le prestataire", "Société émettrice"], "client_col": ["Donneur d'ordre", "Vendu à"],
           "attn": ["À l'attention de {}", "À l'att. de {}"], "dept": ["Service comptabilité", "Service achats",
                                                                      "Direction administrative et financière"],
           "po_box": ["BP {}", "B.P. {}", "CS {}"], "block_customer": ["N° client : {}", "Code client : {}"],
           "block_vat": ["TVA : {}", "N° TVA : {}"], "co": ["c/o {}", "chez {}"]},
    "en": {"form_name": ["Company name", "Customer name"], "form_street": ["Street address", "Postal address"],
           "form_town": ["Postcode / Town", "Town and postcode"], "form_country": ["Country of residence", "Customer country"],
           "bill_to": ["Charge to", "Billing party", "Invoice recipient"], "ship_to": ["Ship-to address", "Dispatch to", "Delivery address"],
           "seller_col": ["Billing company", "Service provider"], "client_col": ["Invoice addressee", "Client details"],
           "attn": ["Attn: {}", "FAO {}", "Attention: {}"], "dept": ["Accounts Payable", "Finance Department", "Purchasing"],
           "po_box": ["PO Box {}", "P.O. Box {}"], "block_customer": ["Account no: {}", "Customer ID: {}"],
           "block_vat": ["VAT no: {}", "VAT: {}"], "co": ["c/o {}"]},
    "de": {"form_name": ["Firmenname", "Name des Kunden"], "form_street": ["Straße / Hausnummer", "Postanschrift"],
           "form_town": ["PLZ / Ort", "PLZ und Ort"], "form_country": ["Land des Kunden", "Staat"],
           "bill_to": ["Rechnung geht an", "Rechnungsempfänger/in", "Rechnungsanschrift Kunde"],
           "ship_to": ["Lieferung an", "Versandadresse", "Liefern an"],
           "seller_col": ["Auftragnehmer", "Ausführender Betrieb"], "client_col": ["Besteller", "Leistungsempfänger"],
           "attn": ["z. Hd. {}", "z. H. {}", "Zu Händen {}"], "dept": ["Buchhaltung", "Einkauf", "Abt. Rechnungswesen"],
           "po_box": ["Postfach {}"], "block_customer": ["Kunden-Nr.: {}", "Debitor: {}"],
           "block_vat": ["USt-ID: {}"], "co": ["c/o {}", "bei {}"]},
    "es": {"form_name": ["Razón social del cliente", "Nombre del cliente"], "form_street": ["Domicilio", "Dirección postal"],
           "form_town": ["C.P. / Población", "Código postal y población"], "form_country": ["País del cliente", "Nación"],
           "bill_to": ["Facturación a", "Facturado a nombre de", "Datos fiscales del cliente"],
           "ship_to": ["Enviar a", "Dirección de entrega", "Lugar de entrega"],
           "seller_col": ["Empresa emisora", "Prestador del servicio"], "client_col": ["Receptor", "Datos del receptor"],
           "attn": ["A la atención de {}", "Att. {}"], "dept": ["Departamento de Administración", "Contabilidad", "Compras"],
           "po_box": ["Apartado de Correos {}", "Apdo. {}"], "block_customer": ["Nº cliente: {}", "Cód. cliente: {}"],
           "block_vat": ["NIF/CIF: {}", "CIF: {}"], "co": ["c/o {}"]},
    "it": {"form_name": ["Denominazione cliente", "Nome del cliente"], "form_street": ["Via / Piazza", "Indirizzo postale"],
           "form_town": ["CAP / Città", "CAP e località"], "form_country": ["Nazione", "Paese del cliente"],
           "bill_to": ["Fatturazione a", "Fattura intestata a", "Dati di fatturazione"],
           "ship_to": ["Indirizzo di consegna", "Consegnare a", "Spedire a"],
           "seller_col": ["Cedente / Prestatore", "Dati del cedente"], "client_col": ["Cessionario / Committente", "Committente"],
           "attn": ["c.a. {}", "Alla c.a. di {}", "All'attenzione di {}"],
           "dept": ["Ufficio Amministrazione", "Ufficio Acquisti", "Contabilità fornitori"],
           "po_box": ["Casella Postale {}", "C.P. {}"], "block_customer": ["Cod. cliente: {}"],
           "block_vat": ["P.IVA: {}", "Partita IVA: {}"], "co": ["c/o {}", "presso {}"]},
}
for _language, _buyer_labels in BUYER_LABELS.items():
    assert not LABELS[_language].keys() & _buyer_labels.keys(), LABELS[_language].keys() & _buyer_labels.keys()
    LABELS[_language].update(_buyer_labels)

#: Countries a buyer abroad lives in: (postcode, town, province or ""), streets, names with their legal forms, the
#: prefix some write before the postcode, and the country's name in each language of the seller.
ABROAD = {
    "NL": {"places": [("1012 AB", "Amsterdam", ""), ("3511 LK", "Utrecht", ""), ("2511 CV", "Den Haag", "")],
           "streets": ["Keizersgracht {}", "Oudegracht {}", "Stationsplein {}"],
           "names": ["Van Dijk Installaties B.V.", "Bakker Logistiek B.V.", "De Jong Techniek"], "prefix": "NL",
           "words": {"fr": "Pays-Bas", "en": "Netherlands", "de": "Niederlande", "es": "Países Bajos", "it": "Paesi Bassi"}},
    "PT": {"places": [("1000-001", "Lisboa", ""), ("4050-345", "Porto", ""), ("3000-150", "Coimbra", "")],
           "streets": ["Rua Augusta, {}", "Avenida da Liberdade, {}", "Rua de Santa Catarina, {}"],
           "names": ["Sousa & Filhos, Lda.", "Ferreira Comércio, S.A.", "Martins Têxteis, Lda."], "prefix": "PT",
           "words": {"fr": "Portugal", "en": "Portugal", "de": "Portugal", "es": "Portugal", "it": "Portogallo"}},
    "PL": {"places": [("00-950", "Warszawa", ""), ("31-042", "Kraków", ""), ("80-831", "Gdańsk", "")],
           "streets": ["ul. Marszałkowska {}", "ul. Długa {}", "al. Jerozolimskie {}"],
           "names": ["Nowak Serwis Sp. z o.o.", "Kowalski Budownictwo S.A.", "Wiśniewski Transport Sp. z o.o."],
           "prefix": "PL", "words": {"fr": "Pologne", "en": "Poland", "de": "Polen", "es": "Polonia", "it": "Polonia"}},
    "SE": {"places": [("114 55", "Stockholm", ""), ("411 04", "Göteborg", ""), ("211 22", "Malmö", "")],
           "streets": ["Drottninggatan {}", "Kungsgatan {}", "Storgatan {}"],
           "names": ["Lindqvist Bygg AB", "Nordström Handel AB", "Berg & Söner AB"], "prefix": "SE",
           "words": {"fr": "Suède", "en": "Sweden", "de": "Schweden", "es": "Suecia", "it": "Svezia"}},
    "BE": {"places": [("1000", "Bruxelles", ""), ("2000", "Antwerpen", ""), ("4000", "Liège", "")],
           "streets": ["Rue Neuve {}", "Meir {}", "Boulevard d'Avroy {}"],
           "names": ["Peeters Bouw NV", "Dupont Services SRL", "Janssens & Co BV"], "prefix": "B",
           "words": {"fr": "Belgique", "en": "Belgium", "de": "Belgien", "es": "Bélgica", "it": "Belgio"}},
    "LU": {"places": [("1616", "Luxembourg", ""), ("4002", "Esch-sur-Alzette", "")],
           "streets": ["{}, rue du Fort Wallis", "{}, avenue de la Gare"],
           "names": ["Kieffer Logistique S.à r.l.", "Weber Consulting S.A."], "prefix": "L",
           "words": {"fr": "Luxembourg", "en": "Luxembourg", "de": "Luxemburg", "es": "Luxemburgo", "it": "Lussemburgo"}},
    "CH": {"places": [("1201", "Genève", ""), ("8001", "Zürich", ""), ("3011", "Bern", "")],
           "streets": ["Bahnhofstrasse {}", "Rue du Rhône {}", "Marktgasse {}"],
           "names": ["Keller Haustechnik AG", "Favre Horlogerie SA", "Meier Druck GmbH"], "prefix": "CH",
           "words": {"fr": "Suisse", "en": "Switzerland", "de": "Schweiz", "es": "Suiza", "it": "Svizzera"}},
    "AT": {"places": [("1010", "Wien", ""), ("5020", "Salzburg", ""), ("8010", "Graz", "")],
           "streets": ["Kärntner Straße {}", "Getreidegasse {}", "Herrengasse {}"],
           "names": ["Gruber Bau GmbH", "Huber Elektro GmbH", "Pichler & Partner OG"], "prefix": "A",
           "words": {"fr": "Autriche", "en": "Austria", "de": "Österreich", "es": "Austria", "it": "Austria"}},
    "IT": {"places": [("00184", "Roma", "RM"), ("20121", "Milano", "MI"), ("10128", "Torino", "TO")],
           "streets": ["Via Nazionale {}", "Corso Buenos Aires {}", "Via Roma {}"],
           "names": ["Rossi Forniture S.r.l.", "Bianchi Impianti S.p.A.", "Galli Trasporti S.n.c."], "prefix": "I",
           "words": {"fr": "Italie", "en": "Italy", "de": "Italien", "es": "Italia", "it": "Italia"}},
    "DE": {"places": [("10115", "Berlin", ""), ("80331", "München", ""), ("50667", "Köln", "")],
           "streets": ["Friedrichstraße {}", "Marienplatz {}", "Hohe Straße {}"],
           "names": ["Schulz Maschinenbau GmbH", "Fischer Logistik AG", "Weber & Söhne KG"], "prefix": "D",
           "words": {"fr": "Allemagne", "en": "Germany", "de": "Deutschland", "es": "Alemania", "it": "Germania"}},
    "FR": {"places": [("75011", "Paris", ""), ("69003", "Lyon", ""), ("33000", "Bordeaux", "")],
           "streets": ["{} rue Oberkampf", "{} cours Lafayette", "{} quai des Chartrons"],
           "names": ["Boulangerie Moreau SARL", "Transports Girard SAS", "Cabinet Fontaine"], "prefix": "F",
           "words": {"fr": "France", "en": "France", "de": "Frankreich", "es": "Francia", "it": "Francia"}},
    "ES": {"places": [("28013", "Madrid", ""), ("08002", "Barcelona", ""), ("41001", "Sevilla", "")],
           "streets": ["Calle de Alcalá, {}", "Carrer de Pelai, {}", "Calle Sierpes, {}"],
           "names": ["Distribuciones Gómez S.L.", "Construcciones Vidal S.A.", "Hermanos Pardo S.L."], "prefix": "E",
           "words": {"fr": "Espagne", "en": "Spain", "de": "Spanien", "es": "España", "it": "Spagna"}},
    "IE": {"places": [("D02 XY45", "Dublin 2", ""), ("T12 K8AF", "Cork", "")],
           "streets": ["{} Grafton Street", "{} Patrick Street"],
           "names": ["Quinn Engineering Ltd", "Brennan Foods Limited"], "prefix": "",
           "words": {"fr": "Irlande", "en": "Ireland", "de": "Irland", "es": "Irlanda", "it": "Irlanda"}},
}
#: A civility before a contact's or a private buyer's name, per language (feminine, masculine).
CIVILITY = {"fr": ("Mme", "M."), "en": ("Ms", "Mr"), "de": ("Frau", "Herrn"), "es": ("Dña.", "D."),
            "it": ("Sig.ra", "Sig.")}
#: Given names by civility (feminine first), per language.
GIVEN_BY = {"fr": (["Nathalie", "Aurélie", "Solène"], ["Julien", "Thierry", "Mehdi"]),
            "en": (["Aoife", "Niamh"], ["Ciarán", "Declan"]), "de": (["Katrin", "Sabine"], ["Jens", "Uwe"]),
            "es": (["Lucía", "Marta"], ["Javier", "Andrés"]), "it": (["Giulia", "Chiara"], ["Matteo", "Luca"])}


def _buyer_party(seed: int, language: str, reverse_lang: str | None) -> dict:
    """The buyer of a buyer-layout seed, with what its block prints (its own draws: ``blind-buyer-{seed}``)."""
    rng = random.Random(f"blind-buyer-{seed}")
    home = COUNTRY[language]
    country = COUNTRY[reverse_lang] if reverse_lang else (home if rng.random() < 0.65 else rng.choice(
        [c for c in ABROAD if c != home]))
    own = next((lang for lang, code in COUNTRY.items() if code == country), None)  # a language of the family's
    if own is not None and country == home:
        postcode, town = rng.choice(PLACES[own])
        province, street = "", rng.choice(STREETS[own]).format(rng.randint(2, 140))
    else:
        postcode, town, province = rng.choice(ABROAD[country]["places"])
        street = rng.choice(ABROAD[country]["streets"]).format(rng.randint(2, 140))
    kind = rng.choices(["company", "form", "capitals", "wrapped", "person"], [3, 3, 2, 1, 2])[0]
    female = rng.random() < 0.5
    given = rng.choice(GIVEN_BY[language][0 if female else 1])
    surname = rng.choice(SURNAMES[own or language])
    if kind == "person":
        name = f"{given} {surname.upper() if rng.random() < 0.5 else surname}"
    elif country != home or own is None:
        name = rng.choice(ABROAD[country]["names"])
    else:
        name = rng.choice(BUYERS[own]) + (f" {rng.choice(FORMS[own])}" if kind in ("form", "wrapped") else "")
    if kind == "capitals":
        name = name.upper()
    words = name.split()
    name_lines = [name]
    if kind == "wrapped" and len(words) >= 3:
        cut = rng.randint(1, len(words) - 1)
        name_lines = [" ".join(words[:cut]), " ".join(words[cut:])]
    lines: list[str] = []
    civil = CIVILITY[language][0 if female else 1]
    contact = None
    if kind != "person" and rng.random() < 0.35:
        other_given = rng.choice(GIVEN_BY[language][0 if female else 1])
        contact = rng.choice(LABELS[language]["attn"]).format(f"{civil} {other_given} {rng.choice(SURNAMES[language])}")
    if kind == "person" and rng.random() < 0.5:
        lines.append(civil)  # « Herrn » / « Madame » set on its own line over the name
    above = contact is not None and rng.random() < 0.4
    if above:
        lines.append(contact)
    lines += name_lines
    if contact is not None and not above:
        lines.append(contact)
    if kind != "person" and rng.random() < 0.25:
        lines.append(rng.choice(LABELS[language]["dept"]))
    if kind == "person" and rng.random() < 0.3:
        lines.append(rng.choice(LABELS[language]["co"]).format(rng.choice(BUYERS[own or language])))
    address_lines = [street]
    if rng.random() < 0.2:
        box = rng.choice(LABELS[language]["po_box"]).format(rng.randint(10, 99999))
        if rng.random() < 0.5:
            address_lines = [box]
        else:
            address_lines.append(box)
    lines += address_lines
    pc_line = f"{postcode} {town}" + (f" {province}" if province else "")
    prefix = ABROAD.get(country, {}).get("prefix", "")
    if country != home and prefix and rng.random() < 0.3 and not province:
        pc_line = f"{prefix}-{pc_line}"
    lines.append(pc_line)
    country_word = ABROAD[country]["words"][language] if country in ABROAD else None
    shown_country = country_word if (country != home or rng.random() < 0.2) and country_word else None
    if shown_country:
        lines.append(shown_country.upper() if rng.random() < 0.5 else shown_country)
    return {"name": " ".join(name_lines), "lines": lines, "address_lines": address_lines, "postcode": postcode,
            "city": town, "country": country, "country_printed": shown_country is not None, "kind": kind, "contact": contact,
            "extra": [rng.choice(LABELS[language]["block_customer"]).format(f"{rng.randint(10000, 99999)}")]
            if rng.random() < 0.3 else [], "side": rng.random(), "rng": rng}


def _party_lines(ctx: dict) -> list[str]:
    """The buyer's block lines, its customer number and VAT number lines put in it (before or after the address)."""
    party = ctx["buyer_party"]
    lines = list(party["lines"])
    extra = list(party["extra"])
    if ctx["buyer_vat"]:
        extra.append(party["rng"].choice(ctx["labels"]["block_vat"]).format(ctx["buyer_vat"]))
    if extra and party["rng"].random() < 0.5:
        at = lines.index(party["address_lines"][0])
        lines[at:at] = extra  # between the name and the street
    else:
        lines += extra
    return lines


def _party_html(lines: list[str], *, bold_name: str | None = None, heading: str = "") -> str:
    head = f'<div class="muted">{_e(heading)}</div>' if heading else ""
    body = "<br>".join(f'<span class="strong">{_e(line)}</span>' if bold_name and line in bold_name.split("\n") else _e(line)
                       for line in lines)
    return f"<div>{head}{body}</div>"


def _name_set(ctx: dict) -> str:
    party = ctx["buyer_party"]
    return "\n".join(line for line in party["lines"] if line in party["name"] or party["name"].startswith(line))


def _seller_lines(ctx: dict) -> list[str]:
    place = ctx["place"]
    return [ctx["legal_name"], ctx["seller_street"], f"{place[0]} {place[1]}", f"{_pick(ctx, 'tel')} {ctx['phone']}"]


def _buyer_tail(ctx: dict) -> str:
    return f"""{_refs(ctx, _meta(ctx))}{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


def _layout_fenetre(ctx: dict) -> str:
    """A letter whose buyer's block, with no heading, sits in an envelope's window, at the right (NF) or at the left
    under a sender line (DIN 5008: the seller's details in a column at the right)."""
    party, block = ctx["buyer_party"], _party_html(_party_lines(ctx), bold_name=_name_set(ctx))
    title = f'<h2 class="accent" style="margin-top:8mm">{_e(ctx["title"])}</h2>'
    if party["side"] < 0.5:
        return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx, big=True)}</td>
</tr></table><div style="margin:14mm 0 0 100mm;min-height:30mm">{block}</div>{title}{_buyer_tail(ctx)}"""
    place = ctx["place"]
    sender = f'{ctx["legal_name"]} · {ctx["seller_street"]} · {place[0]} {place[1]}'
    side = "<br>".join(_e(line) for line in _seller_lines(ctx))
    return f"""<table style="width:100%"><tr><td style="vertical-align:top;padding-top:18mm;width:60%">
<div style="font-size:6.5pt;text-decoration:underline">{_e(sender)}</div><div style="margin-top:3mm">{block}</div></td>
<td style="vertical-align:top">{_logo(ctx)}<div>{side}</div></td></tr></table>{title}{_buyer_tail(ctx)}"""


def _layout_facture_a_cote(ctx: dict) -> str:
    """The seller's block and « Bill to » beside it on the same rows (the heading above the buyer's, or in the row)."""
    party = ctx["buyer_party"]
    seller = "<br>".join(_e(line) for line in _seller_lines(ctx))
    heading = _pick(ctx, "bill_to")
    if party["side"] < 0.35:  # « Bill to: Name » on the name's line
        lines = _party_lines(ctx)
        first = next(i for i, line in enumerate(lines) if line in party["name"] or party["name"].startswith(line))
        lines[first] = f"{heading} : {lines[first]}" if ctx["language"] == "fr" else f"{heading}: {lines[first]}"
        buyer = _party_html(lines)
        head_row = ""
    else:
        buyer = _party_html(_party_lines(ctx), bold_name=_name_set(ctx))
        head_row = f'<tr><td class="muted">{_e(_pick(ctx, "from"))}</td><td class="muted">{_e(heading)}</td></tr>'
    return f"""<div style="text-align:right">{_logo(ctx)}<div style="font-size:18pt" class="accent strong">{_e(ctx['title'])}</div></div>
<table style="width:100%;margin-top:6mm">{head_row}<tr><td style="vertical-align:top;width:50%">{seller}</td>
<td style="vertical-align:top">{buyer}</td></tr></table>{_buyer_tail(ctx)}"""


def _layout_vendeur_client(ctx: dict) -> str:
    """A bordered two-column table: « Seller | Customer » over both parties' blocks."""
    cell = "border:0.8pt solid #555;padding:2mm 3mm;vertical-align:top;width:50%"
    seller = "<br>".join(_e(line) for line in _seller_lines(ctx))
    buyer = _party_html(_party_lines(ctx), bold_name=_name_set(ctx))
    return f"""<div style="display:flex;justify-content:space-between">{_logo(ctx)}
<div style="font-size:18pt" class="accent strong">{_e(ctx['title'])}</div></div>
<table style="width:100%;margin-top:6mm"><tr><th style="{cell};text-align:left;background:#eee">{_e(_pick(ctx, 'seller_col'))}</th>
<th style="{cell};text-align:left;background:#eee">{_e(_pick(ctx, 'client_col'))}</th></tr>
<tr><td style="{cell}">{seller}</td><td style="{cell}">{buyer}</td></tr></table>{_buyer_tail(ctx)}"""


def _layout_fact_livr(ctx: dict) -> str:
    """The letterhead, then the billing and the delivery addresses side by side, each under its heading."""
    party, rng = ctx["buyer_party"], ctx["buyer_party"]["rng"]
    delivery = [party["name"], rng.choice(STREETS[ctx["language"]]).format(rng.randint(2, 140)),
                " ".join(rng.choice(PLACES[ctx["language"]]))]
    if rng.random() < 0.4:
        delivery[0] = f"{rng.choice(['Site', 'Entrepôt', 'Dépôt'])} {rng.choice(PLACES[ctx['language']])[1]}" \
            if ctx["language"] == "fr" else delivery[0]
    billing = _party_html(_party_lines(ctx), bold_name=_name_set(ctx), heading=_pick(ctx, "bill_to"))
    shipping = _party_html(delivery, heading=_pick(ctx, "ship_to"))
    cells = [billing, shipping] if party["side"] < 0.7 else [shipping, billing]
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt" class="accent strong">{_e(ctx['title'])}</div></td>
</tr></table><table style="width:100%;margin-top:8mm"><tr><td style="vertical-align:top;width:50%">{cells[0]}</td>
<td style="vertical-align:top">{cells[1]}</td></tr></table>{_buyer_tail(ctx)}"""


def _layout_droite_alignee(ctx: dict) -> str:
    """The buyer's block, its heading or none, aligned on the right margin under the seller's letterhead."""
    party = ctx["buyer_party"]
    heading = _pick(ctx, "bill_to") if party["side"] < 0.6 else ""
    buyer = _party_html(_party_lines(ctx), bold_name=_name_set(ctx), heading=heading)
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt" class="accent strong">{_e(ctx['title'])}</div>
<div style="margin-top:8mm">{buyer}</div></td></tr></table>{_buyer_tail(ctx)}"""


def _layout_formulaire(ctx: dict) -> str:
    """The buyer as a labelled form (a label cell, then its value), as online shops and booking systems print it."""
    party, rng = ctx["buyer_party"], ctx["buyer_party"]["rng"]
    country = ABROAD[party["country"]]["words"][ctx["language"]] if party["country"] in ABROAD else party["country"]
    rows = [("form_name", party["name"]), ("form_street", ", ".join(party["address_lines"])),
            ("form_town", f"{party['postcode']} {party['city']}"), ("form_country", country)]
    if rng.random() < 0.5:
        body = "".join(f'<tr><td class="muted" style="padding:1pt 8pt 1pt 0">{_e(_pick(ctx, key))}</td><td>{_e(value)}</td></tr>'
                       for key, value in rows)
        form = f"<table>{body}</table>"
    else:
        form = "<p>" + "<br>".join(f"{_e(_pick(ctx, key))} : {_e(value)}" for key, value in rows) + "</p>"
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt" class="accent strong">{_e(ctx['title'])}</div>
</td></tr></table><div style="margin-top:8mm"><div class="strong">{_e(_pick(ctx, 'bill_to'))}</div>{form}</div>{_buyer_tail(ctx)}"""


RENDER.update({"droite_alignee": _layout_droite_alignee, "formulaire": _layout_formulaire})
RENDER.update({"fenetre": _layout_fenetre, "facture_a_cote": _layout_facture_a_cote,
               "vendeur_client": _layout_vendeur_client, "fact_livr": _layout_fact_livr})
# Where invoices print their number (added in the fourteenth session, issue 13): in the title line (« FACTURE N°
# F-2024-0012 », « Invoice #1043 »), in a boxed header grid among many references (customer, order, delivery note,
# quote, file, VAT number, page), alone under the title with no label, repeated in the footer with the page, in a
# credit note's title with the invoice it corrects named before it, in a « Document / Référence / Date » table where
# the order and the delivery note come first; and in shapes of their own (spaces, dots, letters after the digits, very
# long numbers, numbers that read as dates or amounts). Drawn (alone) from seed NUMBER_FROM on:
# `bench_readings.py --part blind --start 40000` reads them.
# ---------------------------------------------------------------------------

NUMBER_FROM = 40_000
NUMBER_LAYOUTS = ("titre_numero", "cartouche", "sans_libelle", "pied_numero", "avoir_titre", "colonne_refs")

NUMBER_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "nb_titled": ["{} N° {}", "{} n° {}", "{} Nº {}", "{} No {}", "{} #{}", ""],
        "nb_kind": ["Facture", "FACTURE", "Facture récapitulative", "Facture d'acompte", "Facture de solde", "Facture de situation"],
        "nb_credit": ["Avoir", "AVOIR", "Avoir de régularisation", "Facture d'avoir n°"],
        "nb_number": ["N° facture / Invoice no.", "N° de facture (à rappeler)", "Num.", "N° pièce fact.", "Réf. pièce", "Fact. No", "Numéro de fact.", "N° de la pièce", "Référence pièce"],
        "nb_client": ["Cpte client", "Compte", "Client code", "Réf. cpte", "Tiers"],
        "nb_order": ["Commande n°", "N° de cde", "Votre cde n°", "Cde n°"],
        "nb_bl": ["Bon de livraison n°", "N° BL", "BL n°"],
        "nb_quote": ["Devis n°", "N° devis", "Selon devis"],
        "nb_your_ref": ["Votre référence", "Vos réf.", "Votre réf."],
        "nb_vat": ["N° TVA client", "Votre TVA intracom."],
        "nb_page": ["Pages", "Feuillet"],
        "nb_file": ["Dossier", "N° dossier", "Affaire", "Réf. dossier"],
        "nb_rep": ["Commercial", "Suivi par", "Interlocuteur"],
        "nb_origin": ["Facture d'origine n°", "Annule et remplace la facture n°", "Sur facture", "Facture rectifiée"],
        "nb_footer": ["Facture n° {} – page {}/{}", "Facture {} - Page {} sur {}", "{} – p. {}/{}"],
        "nb_doc_col": ["Type de pièce", "Pièce"], "nb_ref_col": ["Numéro de pièce", "N° pièce"], "nb_date_col": ["Daté du", "Date émission"],
        "nb_doc_order": ["Cde client", "Bon de cde"], "nb_doc_bl": ["Bon de livraison", "BL"],
        "nb_doc_quote": ["Devis", "Proposition"], "nb_doc_invoice": ["Facture", "Facture de vente"],
        "nb_dated": ["du {}", "en date du {}"],
    },
    "en": {
        "nb_titled": ["{} #{}", "{} No. {}", "{} No {}", "{} Number {}", ""],
        "nb_kind": ["Invoice", "INVOICE", "Interim invoice", "Progress invoice", "Final invoice"],
        "nb_credit": ["Credit note", "CREDIT NOTE", "Credit Note"],
        "nb_number": ["Invoice no. (please quote)", "Invoice no. / N° facture", "Inv. ref.", "Invoice num.", "Ref. no.", "Document ref", "Invoice ref. no"],
        "nb_client": ["Client code", "Account", "Cust. no."],
        "nb_order": ["Customer PO", "P.O. no.", "Your order no."],
        "nb_bl": ["Delivery note", "Dispatch note no.", "Packing slip"],
        "nb_quote": ["Quotation no.", "Estimate no."],
        "nb_your_ref": ["Your reference", "Your ref."],
        "nb_vat": ["Customer VAT no.", "Your VAT number"],
        "nb_page": ["Page no.", "Pages"],
        "nb_file": ["Job", "Project", "Matter no."],
        "nb_rep": ["Salesperson", "Contact", "Handled by"],
        "nb_origin": ["Relates to invoice", "Credit against invoice", "Orig. invoice"],
        "nb_footer": ["Invoice {} – page {} of {}", "Invoice no. {} · Page {}/{}", "{} | page {} of {}"],
        "nb_doc_col": ["Document", "Doc. type"], "nb_ref_col": ["Ref. number", "Doc. no."], "nb_date_col": ["Doc. date", "Of"],
        "nb_doc_order": ["Sales order", "Order"], "nb_doc_bl": ["Delivery note", "Dispatch"],
        "nb_doc_quote": ["Quotation", "Estimate"], "nb_doc_invoice": ["Invoice", "Sales invoice"],
        "nb_dated": ["dated {}", "of {}"],
    },
    "de": {
        "nb_titled": ["{} Nr. {}", "{} Nummer {}", "{} Nr {}", ""],
        "nb_kind": ["Rechnung", "RECHNUNG", "Sammelrechnung", "Schlussrechnung", "Teilrechnung", "Abschlagsrechnung"],
        "nb_credit": ["Gutschrift", "GUTSCHRIFT", "Rechnungskorrektur"],
        "nb_number": ["Rechnungsnummer / Invoice number", "Rechnungs-Nr. (bitte angeben)", "Rechn.-Nr.", "Beleg Nr.", "Nr. der Rechnung", "Rg. Nr.", "Belegnr"],
        "nb_client": ["Kd.-Nr.", "Debitor", "Kundenkonto Nr."],
        "nb_order": ["Ihre Bestell-Nr.", "Auftragsnr.", "Ihre Bestellnr."],
        "nb_bl": ["Lieferschein-Nr.", "Lieferschein"],
        "nb_quote": ["Angebot", "Unser Angebot"],
        "nb_your_ref": ["Ihr Kürzel", "Ihre Referenz"],
        "nb_vat": ["Ihre USt-IdNr.", "USt-IdNr. Kunde"],
        "nb_page": ["Druckseite", "Bl."],
        "nb_file": ["Projekt", "Vorgang", "Objekt"],
        "nb_rep": ["Bearbeitet von", "Ihr Ansprechpartner"],
        "nb_origin": ["Korrektur zu Rechnung", "Storno zu Rechnung Nr.", "Zur Rechnung"],
        "nb_footer": ["Rechnung Nr. {} – Seite {} von {}", "Rechnung {} · Seite {}/{}"],
        "nb_doc_col": ["Beleg", "Belegart"], "nb_ref_col": ["Belegnr.", "Referenz"], "nb_date_col": ["Belegdat.", "Datum Beleg"],
        "nb_doc_order": ["Auftragsbestätigung", "Bestellung"], "nb_doc_bl": ["Lieferschein", "Warenlieferung"],
        "nb_doc_quote": ["Angebot", "Kostenvoranschlag"], "nb_doc_invoice": ["Rechnung", "Faktura"],
        "nb_dated": ["vom {}", "v. {}"],
    },
    "es": {
        "nb_titled": ["{} nº {}", "{} N.º {}", "{} núm. {}", "{} Nº {}", "{} n.º {}", ""],
        "nb_kind": ["Factura", "FACTURA", "Factura simplificada", "Factura de anticipo", "Factura final"],
        "nb_credit": ["Factura rectificativa", "Abono", "FACTURA RECTIFICATIVA"],
        "nb_number": ["Nº factura / Invoice no.", "Nº de fra.", "Serie-Número", "Nº fact.", "Fra. núm.", "Nº documento"],
        "nb_client": ["Nº de cuenta cliente", "Cód. clte.", "Cuenta"],
        "nb_order": ["Pedido nº", "Nº pedido cliente", "Su pedido nº"],
        "nb_bl": ["Albarán nº", "Nº albarán", "Albarán"],
        "nb_quote": ["Presupuesto ref.", "Oferta nº"],
        "nb_your_ref": ["Referencia cliente", "Su ref."],
        "nb_vat": ["NIF cliente", "CIF cliente"],
        "nb_page": ["Hoja nº", "Pág. nº"],
        "nb_file": ["Expediente", "Proyecto", "Ref. obra"],
        "nb_rep": ["Comercial asignado", "Atendido"],
        "nb_origin": ["Rectifica a la factura", "Rectifica factura", "Abono de la factura"],
        "nb_footer": ["Factura nº {} – página {} de {}", "Factura {} · Pág. {}/{}"],
        "nb_doc_col": ["Documento", "Tipo doc."], "nb_ref_col": ["Nº doc.", "Referencia"], "nb_date_col": ["Fecha doc.", "Con fecha"],
        "nb_doc_order": ["Pedido de cliente", "Nota de pedido"], "nb_doc_bl": ["Albarán", "Albarán de entrega"],
        "nb_doc_quote": ["Presup.", "Oferta"], "nb_doc_invoice": ["Factura", "Factura de venta"],
        "nb_dated": ["de {}", "con fecha {}"],
    },
    "it": {
        "nb_titled": ["{} n. {}", "{} N. {}", "{} nr. {}", "{} N° {}", "{} Nr. {}", ""],
        "nb_kind": ["Fattura", "FATTURA", "Fattura differita", "Fattura d'acconto", "Fattura a saldo", "Fattura (copia di cortesia)"],
        "nb_credit": ["Nota di credito", "NOTA DI CREDITO", "Nota di variazione in diminuzione"],
        "nb_number": ["N. bolletta", "Numero fattura / Invoice no.", "Fatt. nr.", "Num. documento", "N° fatt.", "Numero doc."],
        "nb_client": ["Cod. cliente n.", "Cod. cli."],
        "nb_order": ["Ordine n.", "Rif. ordine", "Vs. ordine n."],
        "nb_bl": ["DDT n.", "Documento di trasporto", "DDT"],
        "nb_quote": ["Offerta", "Ns. offerta"],
        "nb_your_ref": ["Vs. riferimento", "Vostro rif."],
        "nb_vat": ["P.IVA cliente", "Partita IVA cliente"],
        "nb_page": ["Foglio", "Foglio n."],
        "nb_file": ["Pratica", "Commessa", "Progetto"],
        "nb_rep": ["Agente di zona", "Emessa da"],
        "nb_origin": ["Rif. ns. fattura", "A storno fattura", "Fattura stornata"],
        "nb_footer": ["Fattura n. {} – pagina {} di {}", "Fattura {} · Pag. {}/{}"],
        "nb_doc_col": ["Documento", "Tipo documento"], "nb_ref_col": ["Numero rif.", "Riferimento"], "nb_date_col": ["Data docum.", "In data del"],
        "nb_doc_order": ["Ordine cliente", "Conferma d'ordine"], "nb_doc_bl": ["DDT", "Bolla di consegna"],
        "nb_doc_quote": ["Offerta", "Preventivo"], "nb_doc_invoice": ["Fattura", "Fattura di vendita"],
        "nb_dated": ["del {}", "in data {}"],
    },
}
for _language, _number_labels in NUMBER_LABELS.items():
    assert not LABELS[_language].keys() & _number_labels.keys(), LABELS[_language].keys() & _number_labels.keys()
    LABELS[_language].update(_number_labels)


def _varied_number(rng: random.Random, day: dt.date, credit: bool, language: str) -> str:
    """A number in one of the shapes invoicing programs print: prefixed, bare, with spaces, dots or slashes, letters
    after its digits, very long, one that reads as a date (« 2024-03-15-001 ») or as an amount (« 3.043 »)."""
    n = rng.randint(1, 99999)
    yyyy, yy, mm, dd = str(day.year), f"{day.year % 100:02d}", f"{day.month:02d}", f"{day.day:02d}"
    prefix = {"fr": ("F", "FA", "FC", "AV"), "en": ("INV", "IN", "TI", "CR"), "de": ("RE", "RN", "AR", "GU"),
              "es": ("FV", "A", "FRA", "R"), "it": ("FT", "FPA", "V", "NC")}[language]
    head = prefix[3] if credit else rng.choice(prefix[:3])
    shapes = [
        (f"{head}-{yyyy}-{n % 10000:04d}", 3), (f"{1000 + n % 9000}", 2), (f"{yyyy}-{n % 1000:03d}", 2),
        (f"{head}/{yyyy}/{n % 100 + 1}", 2), (f"{head} {yyyy} {n:05d}", 1), (f"{yy}.{n:05d}", 1),
        (f"{head}.{yyyy}.{n % 10000:04d}", 1), (f"{yyyy}{n % 10000:04d}{rng.choice('ABCR')}", 1),
        (f"{n:05d}-{rng.choice('ABC')}", 1), (f"{yyyy}{mm}{dd}{n:08d}", 1), (f"{head}{yyyy}{mm}-{n:07d}-{rng.randint(1, 9):02d}", 1),
        (f"{yyyy}-{mm}-{dd}-{n % 1000:03d}", 1), (f"{yyyy}{mm}{dd}-{n % 100:02d}", 1), (f"{n % 9 + 1}.{n % 1000:03d}", 1),
        (f"{n % 999 + 1}/{yyyy}", 2), (f"{n % 999 + 1}/{yy}", 1), (f"{head}{yy}/{n % 100000:05d}", 1),
    ]
    return rng.choices([s for s, _w in shapes], [w for _s, w in shapes])[0]


def _titled(ctx: dict, title: str) -> str:
    """A title line that carries the number: « FACTURE N° F-2024-0012 », « Invoice #1043 », « Rechnung 2024-117 »,
    maybe followed by its date (« du 05/03/2024 »)."""
    template = _pick(ctx, "nb_titled")  # empty: the number after the title alone (« Rechnung 2024-117 »)
    line = template.format(title, ctx["number"]) if template else f"{title} {ctx['number']}"
    if ctx.get("dated_title"):
        line += " " + _pick(ctx, "nb_dated").format(ctx["issue"])
    return line.upper() if ctx["extra"].random() < 0.15 else line


def _other_refs(ctx: dict, count: int) -> list[tuple[str, str]]:
    """References other than the invoice's: customer, order, delivery note, quote, the buyer's, file, VAT number, page."""
    rng = ctx["extra"]
    year = ctx["issue_num"][-4:] if ctx["issue_num"][-4:].isdigit() else "2024"
    pool = [(_pick(ctx, "nb_client"), ctx["customer"]),
            (_pick(ctx, "nb_order"), ctx["order"] or f"{rng.choice(['CMD', 'PO', 'BC', ''])}{_digits(rng, rng.choice([5, 6, 8]))}"),
            (_pick(ctx, "nb_bl"), f"{rng.choice(['BL', 'LS', 'DDT', ''])}{_digits(rng, 5)}"),
            (_pick(ctx, "nb_quote"), f"{rng.choice(['D', 'DE', 'Q'])}{year}-{_digits(rng, 3)}"),
            (_pick(ctx, "nb_your_ref"), rng.choice([_digits(rng, 7), f"{rng.choice(GIVEN[ctx['language']])}", f"RQ-{_digits(rng, 4)}"])),
            (_pick(ctx, "nb_file"), f"{year}/{_digits(rng, 3)}"),
            (_pick(ctx, "nb_page"), rng.choice(["1/1", "1 / 1", "1"])),
            (_pick(ctx, "nb_rep"), rng.choice(SURNAMES[ctx["language"]]))]
    if ctx["buyer_vat"]:
        pool.append((_pick(ctx, "nb_vat"), ctx["buyer_vat"]))
    return rng.sample(pool, min(count, len(pool)))


def _number_page(ctx: dict, head: str, refs: str, *, extra: str = "") -> str:
    """Seller and head (title, number), the buyer, the references, then lines and totals."""
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right">{head}</td></tr></table>
<div style="margin:5mm 0 0 95mm">{_buyer_block(ctx)}</div>{refs}{extra}
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


def _kind_title(ctx: dict) -> str:
    return _pick(ctx, "nb_credit") if ctx["credit"] else _pick(ctx, "nb_kind")


def _layout_titre_numero(ctx: dict) -> str:
    """The number in the title line, the other references (customer, order, date) in a block under it."""
    rng = ctx["extra"]
    ctx["dated_title"] = rng.random() < 0.3
    title = f'<div style="font-size:{rng.choice([15, 17, 20])}pt" class="accent strong">{_e(_titled(ctx, _kind_title(ctx)))}</div>'
    pairs = _other_refs(ctx, rng.randint(1, 4))
    if not ctx["dated_title"]:
        pairs.insert(rng.randint(0, len(pairs)), (_pick(ctx, "date"), ctx["issue"]))
    if ctx["due"]:
        pairs.append((_pick(ctx, "due"), ctx["due"]))
    if rng.random() < 0.5:  # the title over the buyer, at the left: a letter's subject
        return _number_page(ctx, "", f'<div style="margin-top:6mm">{title}</div>{_refs(ctx, pairs)}')
    return _number_page(ctx, title, _refs(ctx, pairs))


def _cartouche_cells(ctx: dict, pairs: list[tuple[str, str]], per_row: int) -> str:
    """A boxed grid of cells, each a small label over its value, ``per_row`` cells a row."""
    cell = "border:0.7pt solid #444;padding:1.5pt 4pt;vertical-align:top"
    rows, row = [], []
    for label, value in pairs:
        row.append(f'<td style="{cell}"><div style="font-size:0.72em" class="muted">{_e(label)}</div>'
                   f'<div class="strong">{_e(value)}</div></td>')
        if len(row) == per_row:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return '<table style="width:100%;margin-top:4mm">' + "".join(f"<tr>{''.join(r)}</tr>" for r in rows) + "</table>"


def _layout_cartouche(ctx: dict) -> str:
    """A boxed header grid: the number's cell among many references (customer, order, delivery note, quote, the
    buyer's reference, file, VAT number, page), the order's often before it; each label over its value, or a row of
    labels over a row of values."""
    rng = ctx["extra"]
    others = _other_refs(ctx, rng.randint(3, 7))
    pairs = [*others]
    pairs.insert(rng.randint(0, min(3, len(pairs))), (_pick(ctx, "nb_number"), ctx["number"]))
    pairs.insert(rng.randint(0, len(pairs)), (_pick(ctx, "date"), ctx["issue"]))
    if ctx["due"]:
        pairs.append((_pick(ctx, "due"), ctx["due"]))
    title = f'<div style="font-size:18pt" class="strong">{_e(_kind_title(ctx))}</div>'
    if rng.random() < 0.5:
        grid = _cartouche_cells(ctx, pairs, rng.choice([3, 4, 5, len(pairs)]))
    else:
        cell = "border:0.7pt solid #444;padding:1.5pt 4pt"
        cut = rng.choice([len(pairs), (len(pairs) + 1) // 2])
        grid = "".join(
            f'<table style="width:100%;margin-top:3mm"><tr>{"".join(f"<th style={chr(34)}{cell};font-size:0.75em;text-align:left{chr(34)}>{_e(k)}</th>" for k, _v in part)}</tr>'
            f'<tr>{"".join(f"<td style={chr(34)}{cell}{chr(34)}>{_e(v)}</td>" for _k, v in part)}</tr></table>'
            for part in (pairs[:cut], pairs[cut:]) if part)
    return _number_page(ctx, title, grid)


def _layout_sans_libelle(ctx: dict) -> str:
    """The number alone under the title, no label (« FACTURE » / « F-2024-0012 » / « 05/03/2024 »), the other
    references labelled below."""
    rng = ctx["extra"]
    date = ctx["issue"] if rng.random() < 0.5 else f"{_pick(ctx, 'date')} : {ctx['issue']}"
    head = (f'<div style="font-size:18pt" class="accent strong">{_e(_kind_title(ctx))}</div>'
            f'<div style="font-size:{rng.choice([10, 12, 13])}pt" class="strong">{_e(ctx["number"])}</div><div>{_e(date)}</div>')
    pairs = _other_refs(ctx, rng.randint(1, 4))
    if ctx["due"]:
        pairs.append((_pick(ctx, "due"), ctx["due"]))
    return _number_page(ctx, head, _refs(ctx, pairs))


def _layout_pied_numero(ctx: dict) -> str:
    """The number labelled in the header and printed again in the footer with the page (« Facture n° … – page 1/2 »)."""
    rng = ctx["extra"]
    pattern = _pick(ctx, "nb_footer")
    ctx["page_pattern"] = pattern.replace("{}", ctx["number"].replace('"', ""), 1)
    pairs = _other_refs(ctx, rng.randint(1, 3))
    pairs.insert(rng.randint(0, len(pairs)), (_pick(ctx, rng.choice(["number", "nb_number"])), ctx["number"]))
    pairs.insert(rng.randint(0, len(pairs)), (_pick(ctx, "date"), ctx["issue"]))
    if ctx["due"]:
        pairs.append((_pick(ctx, "due"), ctx["due"]))
    title = f'<div style="font-size:18pt" class="strong">{_e(_kind_title(ctx))}</div>'
    return _number_page(ctx, title, _refs(ctx, pairs))


def _layout_avoir_titre(ctx: dict) -> str:
    """A credit note whose title carries its number (« Avoir n° AV-… », « Gutschrift Nr. … », « Nota di credito n. … »),
    the invoice it corrects named in its references, often before its own date."""
    rng = ctx["extra"]
    origin, day = ctx["origin"]
    ctx["dated_title"] = rng.random() < 0.2
    title = f'<div style="font-size:17pt" class="accent strong">{_e(_titled(ctx, _kind_title(ctx)))}</div>'
    pairs = [(_pick(ctx, "nb_origin"), f"{origin}" if rng.random() < 0.5 else f"{origin} {_pick(ctx, 'nb_dated').format(day)}")]
    if not ctx["dated_title"]:
        pairs.append((_pick(ctx, "date"), ctx["issue"]))
    pairs += _other_refs(ctx, rng.randint(0, 2))
    if ctx["due"]:
        pairs.append((_pick(ctx, "due"), ctx["due"]))
    if rng.random() < 0.4:  # the title over the references, at the left
        return _number_page(ctx, "", f'<div style="margin-top:6mm">{title}</div>{_refs(ctx, pairs)}')
    return _number_page(ctx, title, _refs(ctx, pairs))


def _layout_colonne_refs(ctx: dict) -> str:
    """A « Document / Référence / Date » table: the order, the delivery note or the quote, then the invoice's own row."""
    rng = ctx["extra"]
    year = ctx["issue_num"][-4:] if ctx["issue_num"][-4:].isdigit() else "2024"
    rows = [(_pick(ctx, "nb_doc_order"), ctx["order"] or f"{rng.choice(['CMD', 'PO', ''])}{_digits(rng, 6)}", ctx["delivery"] or ctx["issue"]),
            (_pick(ctx, "nb_doc_bl"), f"{rng.choice(['BL', 'LS', ''])}{_digits(rng, 5)}", ctx["delivery"] or ctx["issue"]),
            (_pick(ctx, "nb_doc_quote"), f"{rng.choice(['D', 'DE'])}{year}-{_digits(rng, 3)}", ctx["delivery"] or ctx["issue"])]
    rows = rng.sample(rows, rng.randint(1, 3))
    rows.insert(rng.choice([len(rows), len(rows), 0]), (_pick(ctx, "nb_doc_invoice") if not ctx["credit"] else _kind_title(ctx),
                                                         ctx["number"], ctx["issue"]))
    cell = "border-bottom:0.5pt solid #999;padding:1.5pt 8pt 1.5pt 0"
    head = "".join(f'<th style="{cell};text-align:left">{_e(_pick(ctx, key))}</th>' for key in ("nb_doc_col", "nb_ref_col", "nb_date_col"))
    body = "".join(f'<tr><td style="{cell}">{_e(d)}</td><td style="{cell}">{_e(r)}</td><td style="{cell}">{_e(w)}</td></tr>'
                   for d, r, w in rows)
    table = f'<table style="margin-top:5mm"><tr>{head}</tr>{body}</table>'
    extra = ""
    if ctx["due"]:
        extra = f"<p>{_e(_pick(ctx, 'due'))} : {_e(ctx['due'])}</p>"
    title = f'<div style="font-size:18pt" class="strong">{_e(_kind_title(ctx))}</div>'
    return _number_page(ctx, title, table, extra=extra)


RENDER.update({"titre_numero": _layout_titre_numero, "cartouche": _layout_cartouche, "sans_libelle": _layout_sans_libelle,
               "pied_numero": _layout_pied_numero, "avoir_titre": _layout_avoir_titre, "colonne_refs": _layout_colonne_refs})


# Dates, totals and sellers' addresses (issue 13, branch dates-13c): header grids of date cells (the issue date among
# the order's, the delivery's, the due date and a service period, narrow cells wrapping labels and dates), a letter
# dated by its town (« Lyon, le 3 mars 2024 », « München, 03.03.2024 »), dates with their weekday, two-digit years,
# ISO dates, US dates in English; a payment's date (« Bezahlt am 12.11.2024 »); the net to pay after deposits, totals
# in a box with the currency's code, lines over several pages with the total carried forward; sellers of other
# countries whose address stands in the footer (« Registered office: … », « 1015 CJ Amsterdam », « 1100-148 Lisboa »,
# « 00-950 Warszawa », « 111 51 Stockholm », « CH-8001 Zürich », the Swiss UID « CHE-123.456.789 »). Drawn from seed
# DATES_FROM on, with draws of their own: `bench_readings.py --part blind --start 50000` reads them.
# ---------------------------------------------------------------------------

DATES_FROM = 50_000
DATE_LAYOUTS = ("cellules_dates", "ville_date", "report_pages", "pied_etranger")

DATE_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "d_issue": ["Date d'établissement de la facture", "Facture établie le", "Facture en date du", "Émis le", "Date d'émission de la facture"],
        "d_order": ["Date commande", "Cde du", "Commande enregistrée le"],
        "d_delivery": ["Livraison effectuée le", "Expédiée le", "Date d'enlèvement"],
        "d_due": ["Date de paiement au plus tard", "Paiement attendu le", "Échéance de la facture"],
        "d_service": ["Période de prestation", "Prestation réalisée"],
        "d_range": ["du {} au {}"],
        "d_place": ["{}, ce {}"],
        "d_paid": ["Payée le {} par carte bancaire", "Réglée le {} par virement"],
        "d_net": ["Solde net à payer", "NET À RÉGLER TTC"],
        "d_deposits": ["Acomptes versés", "Acompte perçu le {}"],
        "d_box": ["TOTAL TTC {}", "Montant total TTC {}"],
        "d_carried": ["Total à reporter page suivante", "Sous-total à reporter"], "d_brought": ["Report du cumul", "Cumul reporté"],
        "d_office": ["Siège social : {}", "Adresse du siège : {}"], "d_uid": ["IDE {}", "N° IDE {}"],
        "d_registered": ["Immatriculée sous le n° {}", "N° d'entreprise {}"],
    },
    "en": {
        "d_issue": ["Invoice creation date", "Date of this invoice", "Invoiced on", "Invoice issued on"],
        "d_order": ["PO date", "Order raised on"],
        "d_delivery": ["Goods delivered on", "Dispatch date"],
        "d_due": ["Payment deadline", "Due for payment by", "Pay before"],
        "d_service": ["Service period", "Period of supply"],
        "d_range": ["{} - {}", "from {} to {}"],
        "d_paid": ["Paid on {} by card", "Payment received {} – thank you"],
        "d_net": ["Net balance payable", "Now payable"],
        "d_deposits": ["Deposit deducted", "Deposit paid {}"],
        "d_box": ["TOTAL {}", "Invoice total {}"],
        "d_carried": ["Total c/fwd", "Subtotal carried to next page"], "d_brought": ["Total b/fwd", "Subtotal from previous page"],
        "d_office": ["Registered office: {}", "Registered address: {}"], "d_uid": ["UID {}", "Company UID {}"],
        "d_registered": ["Registered in England and Wales No. {}", "Company number {}", "Registration no. {}"],
    },
    "de": {
        "d_issue": ["Rechnungsdatum/Leistungsdatum", "Datum der Rechnungsstellung", "Erstellungsdatum", "Beleg erstellt"],
        "d_order": ["Auftragsdatum", "Auftragseingang"],
        "d_delivery": ["Liefertag", "Tag der Leistung", "Ausgeliefert am"],
        "d_due": ["Zahlungsziel bis", "Fälligkeitstermin", "Zahlungsfrist"],
        "d_service": ["Abrechnungszeitraum", "Zeitraum der Leistung"],
        "d_range": ["{} bis {}", "vom {} bis {}"],
        "d_place": ["{}, am {}"],
        "d_paid": ["Bezahlt am {}", "Betrag dankend erhalten am {}"],
        "d_same": ["Lieferdatum entspricht Rechnungsdatum.", "Das Leistungsdatum entspricht dem Rechnungsdatum."],
        "d_net": ["Verbleibender Rechnungsbetrag", "Jetzt zu zahlen"],
        "d_deposits": ["abzüglich Anzahlungen", "erhaltene Anzahlung vom {}"],
        "d_box": ["GESAMTBETRAG {}", "Rechnungsendbetrag {}"],
        "d_carried": ["Übertrag auf Folgeseite", "Zwischensumme Übertrag"], "d_brought": ["Übertrag aus Vorseite", "Übertrag von vorheriger Seite"],
        "d_office": ["Sitz der Gesellschaft: {}", "Firmensitz: {}"], "d_uid": ["UID {}", "UID-Nr. {}"],
        "d_registered": ["Handelsregister-Nr. {}", "Firmennummer {}"],
    },
    "es": {
        "d_issue": ["Facturada el", "Factura fechada el", "Fecha de emisión de factura"],
        "d_order": ["Fecha de pedido", "Pedido con fecha"],
        "d_delivery": ["Entregado con fecha", "Fecha de expedición de la mercancía"],
        "d_due": ["Fecha tope de pago", "Vence con fecha"],
        "d_service": ["Periodo del servicio", "Periodo facturado"],
        "d_range": ["del {} al {}"],
        "d_place": ["{}, a {}"],
        "d_paid": ["Pagada el {} con tarjeta", "Cobrada el {}"],
        "d_net": ["Total líquido", "Importe líquido a pagar"],
        "d_deposits": ["Anticipos recibidos", "Anticipo abonado el {}"],
        "d_box": ["TOTAL FACTURA {}", "Total {}"],
        "d_carried": ["Suma y sigue página siguiente", "Importe a trasladar"], "d_brought": ["Suma de la página anterior", "Trasladado"],
        "d_office": ["Domicilio social: {}", "Sede: {}"], "d_uid": ["UID {}"],
        "d_registered": ["Nº de registro {}", "Inscrita con el nº {}"],
    },
    "it": {
        "d_issue": ["Data emissione fattura", "Fattura emessa in data", "Data emissione doc."],
        "d_order": ["Data d'ordine", "Ordine effettuato in data"],
        "d_delivery": ["Consegnato il", "Data di spedizione merce"],
        "d_due": ["Scadenza fattura", "Da saldare entro il"],
        "d_service": ["Periodo di competenza", "Periodo del servizio"],
        "d_range": ["dal {} al {}"],
        "d_place": ["{}, addì {}"],
        "d_paid": ["Pagata il {} con carta", "Saldata il {}"],
        "d_net": ["Netto da saldare", "Rimane da pagare"],
        "d_deposits": ["Acconti versati", "Acconto versato il {}"],
        "d_box": ["TOTALE FATTURA {}", "Totale {}"],
        "d_carried": ["Totale da riportare a pagina seguente", "Riporto a pagina seguente"], "d_brought": ["Riporto da pagina precedente", "Riportato"],
        "d_office": ["Sede legale: {}", "Sede: {}"], "d_uid": ["IDI {}", "N. IDI {}"],
        "d_registered": ["Numero di registrazione {}", "Reg. n. {}"],
    },
}
for _language, _date_labels in DATE_LABELS.items():
    assert not LABELS[_language].keys() & _date_labels.keys(), LABELS[_language].keys() & _date_labels.keys()
    LABELS[_language].update(_date_labels)

#: Sellers of other countries, their address as they print it: (country, country names by language, streets, places,
#: the languages they bill in). The postcode and town in the country's own shape.
FOREIGN = {
    "GB": ({"fr": "Royaume-Uni", "en": "United Kingdom", "de": "Vereinigtes Königreich"},
           ["{} Hanover Street", "Unit {}, Riverside Way", "{} King Street"],
           [("M1 2AB", "Manchester"), ("LS1 4DY", "Leeds"), ("EC1V 9HX", "London"), ("BS1 5TR", "Bristol")],
           ("en", "fr")),
    "NL": ({"fr": "Pays-Bas", "en": "Netherlands", "de": "Niederlande", "es": "Países Bajos", "it": "Paesi Bassi"},
           ["Keizersgracht {}", "Stationsplein {}", "Industrieweg {}"],
           [("1015 CJ", "Amsterdam"), ("3011 AD", "Rotterdam"), ("3511 LN", "Utrecht"), ("5611 EM", "Eindhoven")],
           ("en", "fr", "de")),
    "PT": ({"fr": "Portugal", "en": "Portugal", "es": "Portugal", "it": "Portogallo"},
           ["Rua Augusta, {}", "Avenida da Liberdade, {}", "Rua de Santa Catarina, {}"],
           [("1100-053", "Lisboa"), ("4000-447", "Porto"), ("3000-150", "Coimbra")],
           ("en", "es", "fr")),
    "PL": ({"fr": "Pologne", "en": "Poland", "de": "Polen"},
           ["ul. Marszałkowska {}", "ul. Długa {}", "al. Jerozolimskie {}"],
           [("00-950", "Warszawa"), ("31-154", "Kraków"), ("80-831", "Gdańsk")],
           ("en", "de")),
    "SE": ({"fr": "Suède", "en": "Sweden", "de": "Schweden"},
           ["Drottninggatan {}", "Kungsgatan {}", "Sveavägen {}"],
           [("111 51", "Stockholm"), ("411 19", "Göteborg"), ("211 22", "Malmö")],
           ("en", "de")),
    "CH": ({"fr": "Suisse", "en": "Switzerland", "de": "Schweiz", "it": "Svizzera"},
           ["Bahnhofstrasse {}", "Rue du Rhône {}", "Via Nassa {}"],
           [("8001", "Zürich"), ("1204", "Genève"), ("6900", "Lugano"), ("3011", "Bern")],
           ("de", "fr", "it", "en")),
}
#: The length of each foreign country's BBAN (its IBAN after country and check digits) and its bank codes' letters.
_FOREIGN_BBAN = {"GB": ("NWBK", 14), "NL": ("ABNA", 10), "PT": ("", 21), "PL": ("", 24), "SE": ("", 20), "CH": ("", 17)}


def _foreign_vat(country: str, rng: random.Random) -> str:
    """A VAT number of ``country`` that python-stdnum accepts (drawn until its check holds)."""
    from stdnum.ch import vat as ch_vat
    from stdnum.gb import vat as gb_vat
    from stdnum.nl import vat as nl_vat
    from stdnum.pl import vat as pl_vat
    from stdnum.pt import vat as pt_vat
    from stdnum.se import vat as se_vat

    while True:
        if country == "GB":
            candidate, check = "GB" + random_digits(rng, 9), gb_vat
        elif country == "NL":
            candidate, check = f"NL{random_digits(rng, 9)}B0{rng.randint(1, 9)}", nl_vat
        elif country == "PT":
            candidate, check = "PT" + rng.choice("125") + random_digits(rng, 8), pt_vat
        elif country == "PL":
            candidate, check = "PL" + random_digits(rng, 10), pl_vat
        elif country == "SE":
            body = random_digits(rng, 9)
            candidate, check = "SE" + body + luhn.calc_check_digit(body) + "01", se_vat
        else:
            digits = random_digits(rng, 9)
            candidate, check = f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:]} MWST", ch_vat
        if check.is_valid(candidate):
            return candidate


def _foreign_seller(language: str, rng: random.Random) -> dict:
    """A seller of another country that bills in ``language``: its country, VAT number, street, postcode and town,
    IBAN, and whether its country's name is printed (a postcode's shape or prefix may say it alone)."""
    country = rng.choice([c for c, spec in FOREIGN.items() if language in spec[3]] or ["CH"])
    names, streets, places, _languages = FOREIGN[country]
    letters, size = _FOREIGN_BBAN[country]
    while True:
        bban = letters + random_digits(rng, size)
        candidate = country + iban_check.calc_check_digits(country + "00" + bban) + bban
        if iban_check.is_valid(candidate):
            break
    postcode, town = rng.choice(places)
    if country == "CH" and rng.random() < 0.6:
        postcode = f"CH-{postcode}"
    return {"country": country, "vat": _foreign_vat(country, rng), "street": rng.choice(streets).format(rng.randint(2, 90)),
            "place": (postcode, town), "iban": candidate,
            "country_name": names.get(language, names["en"]) if rng.random() < 0.5 or (country == "CH" and "-" not in postcode) else "",
            "register": random_digits(rng, 8)}


def _dated(ctx: dict, day: dt.date | None) -> str:
    """``day`` in one of the forms the added layouts print: the country's numeric form, with the weekday in words, a
    two-digit year, ISO, month first in English when the day tells (a day after the 12th)."""
    if day is None:
        return ""
    style = ctx.setdefault("date_style", ctx["dated"].choice(["num", "num", "words", "weekday", "short", "iso", "us"]))
    lang = ctx["language"]
    if style == "us" and lang == "en" and ctx["issue_day"].day > 12:
        return day.strftime("%m/%d/%Y")
    if style == "weekday":
        return _written(day, lang, {"fr": 1, "en": 1, "de": 1, "es": 2, "it": 1}[lang])
    if style == "words":
        return _written(day, lang, 0)
    if style == "short":
        return date_text(day, lang, "short", 0)
    if style == "iso":
        return day.isoformat()
    return date_text(day, lang, "num", 0)


def _date_cells(ctx: dict) -> list[tuple[str, str]]:
    """The date cells of a header grid: the issue date among the order's, the delivery's, the due date, a period."""
    dated, issue = ctx["dated"], ctx["issue_day"]
    # the issue and due dates as these layouts print them (the tests look them up on the page)
    ctx["issue_printed"], ctx["due_printed"] = _dated(ctx, issue), _dated(ctx, ctx["due_day"])
    cells = [(_pick(ctx, "d_issue"), ctx["issue_printed"])]
    if dated.random() < 0.6:
        cells.append((_pick(ctx, "d_order"), _dated(ctx, issue - dt.timedelta(days=dated.randint(3, 40)))))
    if dated.random() < 0.6:
        cells.append((_pick(ctx, "d_delivery"), _dated(ctx, issue - dt.timedelta(days=dated.randint(0, 10)))))
    if ctx["due_day"]:
        cells.append((_pick(ctx, "d_due"), ctx["due_printed"]))
    if dated.random() < 0.3:
        start = issue.replace(day=1) - dt.timedelta(days=1)
        cells.append((_pick(ctx, "d_service"), _fill(ctx, "d_range", _dated(ctx, start.replace(day=1)), _dated(ctx, start))))
    dated.shuffle(cells)
    return cells


def _layout_cellules_dates(ctx: dict) -> str:
    """A header grid of narrow cells, label over value: the number, the customer, and the dates (issue, order,
    delivery, due, a service period), labels and dates in words wrapping in their cells."""
    dated = ctx["dated"]
    pairs = [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "customer"), ctx["customer"]), *_date_cells(ctx)]
    width = dated.choice([22, 26, 30])
    head = "".join(f'<th style="border:0.6pt solid #777;padding:2pt 3pt;width:{width}mm;font-size:0.8em;text-align:left;'
                   f'vertical-align:bottom">{_e(k)}</th>' for k, _v in pairs)
    vals = "".join(f'<td style="border:0.6pt solid #777;padding:2pt 3pt;vertical-align:top">{_e(v)}</td>' for _k, v in pairs)
    same = ""
    if ctx["language"] == "de" and dated.random() < 0.5:
        same = f'<p class="muted">{_e(_pick(ctx, "d_same"))}</p>'
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt" class="accent strong">{_e(ctx['title'])}</div>
</td></tr></table><div style="margin:5mm 0 0 95mm">{_buyer_block(ctx)}</div>
<table style="margin-top:5mm">{'<tr>' + head + '</tr><tr>' + vals + '</tr>'}</table>{same}
{_lines(ctx)}{_recap(ctx)}{_date_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


def _date_totals(ctx: dict) -> str:
    """The totals: HT, VAT, the grand total (maybe in a box with the currency's code), then the deposits and the net to
    pay; or a payment's date under the total (« Bezahlt am 12.11.2024 »: paid, nothing left due)."""
    dated = ctx["dated"]
    rows = _total_rows(ctx)
    if ctx["deposit"]:
        rows = rows[:-2]
        when = _dated(ctx, ctx["issue_day"] - dt.timedelta(days=dated.randint(10, 40)))
        rows.append((_fill(ctx, "d_deposits", when), _m(ctx, -ctx["deposit"]), False))
        rows.append((_pick(ctx, "d_net"), _m(ctx, ctx["ttc"] - ctx["deposit"]), True))
    table = "".join(f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}</td><td class="n">{value}</td></tr>'
                    for label, value, strong in rows)
    out = f'<table class="tot">{table}</table>'
    if dated.random() < 0.4:  # the grand total again, in a box with the currency's code
        code = amount(ctx["ttc"], ctx["style"], currency=False)
        out += (f'<div style="margin:3mm 0 0 auto;width:70mm;border:1.5pt solid {ctx["colour"]};padding:2mm;'
                f'font-size:12pt" class="strong">{_fill(ctx, "d_box", "EUR " + code)}</div>')
    if not ctx["deposit"] and not ctx["credit"] and not ctx["due"] and dated.random() < 0.3:
        ctx["paid_in_full"] = True
        out += f'<p class="strong">{_fill(ctx, "d_paid", _dated(ctx, ctx["issue_day"]))}</p>'
    return out


def _layout_ville_date(ctx: dict) -> str:
    """A letter dated by its town (« Lyon, le 3 mars 2024 », « München, 03.03.2024 »), the number in the subject, the
    order's and the delivery's dates in sentences, no issue-date label."""
    dated, place = ctx["dated"], ctx["place"][1]
    subject = _fill(ctx, "object", f"{ctx['title']} {ctx['number']}")
    others = [(k, v) for k, v in _date_cells(ctx) if v and k not in DATE_LABELS[ctx["language"]]["d_issue"]]
    lines = "".join(f"<div>{_e(k)} : {_e(v)}</div>" for k, v in others)
    dateline = _fill(ctx, "d_place" if "d_place" in ctx["labels"] else "place_date", place, _dated(ctx, ctx["issue_day"]))
    top = dated.random() < 0.5
    return f"""{_logo(ctx)}{_seller_block(ctx, big=True)}
{f'<p style="text-align:right">{dateline}</p>' if top else ''}
<div style="margin:8mm 0 0 100mm">{_buyer_block(ctx, label=False)}</div>
{'' if top else f'<p style="margin:6mm 0 0 100mm">{dateline}</p>'}
<p class="strong" style="margin-top:8mm">{subject}</p>{lines}
{_lines(ctx)}{_date_totals(ctx)}{_mentions(ctx)}{_bank(ctx)}<p>{_e(_pick(ctx, 'thanks'))}</p>"""


def _layout_report_pages(ctx: dict) -> str:
    """Lines over several pages: each page's table ends on the total carried forward, the next opens on it; the
    references in « label : value » lines, the totals on the last page (the net to pay after the deposits)."""
    dated = ctx["dated"]
    lines = ctx["lines"]
    per_page = dated.choice([18, 22, 26])
    meta = "<br>".join(f"{_e(k)} : {_e(v)}" for k, v in [(_pick(ctx, "number"), ctx["number"]), *_date_cells(ctx)])
    head = "".join(f'<th class="{"" if key == "desc" else "n"}">{_e(_pick(ctx, key))}</th>'
                   for key in ("desc", "qty", "unit", "amount_col"))
    chunks, running = [], Decimal(0)
    for start in range(0, len(lines), per_page):
        rows = []
        if start:
            rows.append(f'<tr><td colspan="3" class="strong">{_e(_pick(ctx, "d_brought"))}</td><td class="n">{_m(ctx, running)}</td></tr>')
        for line in lines[start:start + per_page]:
            running += line["amount"]
            rows.append(f"<tr><td>{_e(line['desc'])}</td><td class='n'>{_qty(ctx, line['qty'])}</td>"
                        f"<td class='n'>{_m(ctx, line['unit'], False)}</td><td class='n'>{_m(ctx, line['amount'], False)}</td></tr>")
        if start + per_page < len(lines):
            rows.append(f'<tr><td colspan="3" class="strong">{_e(_pick(ctx, "d_carried"))}</td><td class="n">{_m(ctx, running)}</td></tr>')
        brk = "page-break-after:always;" if start + per_page < len(lines) else ""
        chunks.append(f'<table class="lines" style="{brk}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;width:45%"><div style="font-size:17pt" class="strong">{_e(ctx['title'])}</div>
<p>{meta}</p></td></tr></table><div style="margin:4mm 0 0 55%">{_buyer_block(ctx)}</div>
{''.join(chunks)}{_recap(ctx)}{_date_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


def _layout_pied_etranger(ctx: dict) -> str:
    """A seller of another country: its name (and maybe its address) at the top, its registered address, register
    number, VAT number or Swiss UID in the footer (« Registered office: … », « 1015 CJ Amsterdam », « CH-8001 Zürich »)."""
    dated, foreign = ctx["dated"], ctx["foreign"]
    postcode, town = foreign["place"]
    address = f"{foreign['street']}, {postcode} {town}" + (f", {foreign['country_name']}" if foreign["country_name"] else "")
    parts = [_e(ctx["legal_name"]), _fill(ctx, "d_office", address)]
    if dated.random() < 0.6:
        parts.append(_fill(ctx, "d_registered", foreign["register"]))
    vat = foreign["vat"]
    if foreign["country"] == "CH" and dated.random() < 0.5:
        parts.append(_fill(ctx, "d_uid", vat.removesuffix(" MWST")) + " MWST")
    else:
        parts.append(f"{_e(_pick(ctx, 'seller_vat'))} {_e(vat)}")
    ctx["footer"] = " – ".join(parts)
    top_address = dated.random() < 0.5  # else the address stands in the footer only
    head = (_seller_block(ctx) if top_address else
            f'<div class="strong" style="font-size:14pt">{_e(ctx["legal_name"])}</div>'
            f'<div>{_e(_pick(ctx, "tel"))} {_e(ctx["phone"])}</div>')
    rows = "".join(f"<tr><td class='muted' style='padding-right:8pt'>{_e(k)}</td><td>{_e(v)}</td></tr>"
                   for k, v in [(_pick(ctx, "number"), ctx["number"]), *_date_cells(ctx)])
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}{head}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt" class="accent">{_e(ctx['title'])}</div>
<table style="margin-left:auto">{rows}</table></td></tr></table>
<div style="margin-top:6mm;width:55%">{_buyer_block(ctx)}</div>
{_lines(ctx)}{_recap(ctx)}{_date_totals(ctx)}{_mentions(ctx)}{_bank(ctx)}"""


RENDER.update({"cellules_dates": _layout_cellules_dates, "ville_date": _layout_ville_date,
               "report_pages": _layout_report_pages, "pied_etranger": _layout_pied_etranger})


# Sellers' letterheads (issue 13, branch dates-13c): a trading name that is not the legal name — the brand in big
# letters at the top or as a logo's text, the legal name (BT-27, « the full formal name by which the Seller is
# registered ») under it in small type (« A trading name of … », « … t/a … »), in a panel of the company's names
# (« Razón social » / « Nombre comercial »), or only in the footer. Drawn from seed SELLERS_FROM on, mostly in English
# and Spanish, with draws of their own: `bench_readings.py --part blind --start 60000` reads them.
# ---------------------------------------------------------------------------

SELLERS_FROM = 60_000
SELLER_LAYOUTS = ("enseigne", "raison_sociale")
#: The languages of the seller layouts (English and Spanish first: the readings were weakest there).
SELLER_LANGUAGES, SELLER_WEIGHTS = ("en", "es", "fr", "de", "it"), (4, 4, 1, 1, 1)

SELLER_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "s_trading": ["{} est une marque de {}", "{} est un nom commercial de {}"],
        "s_short": ["{} – enseigne de {}"],
        "s_legal": ["Dénomination sociale", "Raison sociale de l'entreprise"], "s_brand": ["Nom commercial", "Enseigne"],
    },
    "en": {
        "s_trading": ["{} is a trading name of {}", "{} is a trading style of {}", "{} is a brand of {}"],
        "s_short": ["{1} t/a {0}", "{1} trading as {0}", "{1} T/A {0}"],
        "s_legal": ["Legal entity", "Registered name", "Company name"], "s_brand": ["Trading name", "Brand"],
    },
    "de": {
        "s_trading": ["{} ist eine Marke der {}", "{} ist ein Angebot der {}"],
        "s_short": ["{0} – eine Marke der {1}"],
        "s_legal": ["Firmierung", "Firmenname laut Handelsregister"], "s_brand": ["Markenname", "Geschäftsbezeichnung"],
    },
    "es": {
        "s_trading": ["{} es una marca de {}", "{} es un nombre comercial de {}"],
        "s_short": ["{0} (marca de {1})"],
        "s_legal": ["Razón social", "Denominación social"], "s_brand": ["Nombre comercial", "Marca comercial"],
    },
    "it": {
        "s_trading": ["{} è un marchio di {}", "{} è un marchio registrato di {}"],
        "s_short": ["{0} – marchio di {1}"],
        "s_legal": ["Ragione sociale", "Denominazione sociale"], "s_brand": ["Insegna", "Nome commerciale"],
    },
}
for _language, _seller_labels in SELLER_LABELS.items():
    assert not LABELS[_language].keys() & _seller_labels.keys(), LABELS[_language].keys() & _seller_labels.keys()
    LABELS[_language].update(_seller_labels)


def _brand(ctx: dict) -> str:
    """The seller's trading name, another name than its legal name's (drawn once per invoice)."""
    if "brand" not in ctx:
        names = random.Random(f"blind-sellers-{ctx['number']}")
        choices = [b for b in BRANDS + SERVICES if b.casefold() not in ctx["legal_name"].casefold()]
        brand = names.choice(choices)
        ctx["brand"] = brand if names.random() < 0.5 else f"{brand} {names.choice(TRADES[ctx['language']])}"
    return ctx["brand"]


def _layout_enseigne(ctx: dict) -> str:
    """The trading name in big letters at the top (or as a logo's text), the legal name in small type under it
    (« A trading name of … », « … t/a … ») or only in the footer's sentence (« Nexora is a trading name of … »)."""
    sellers, brand, legal = ctx["sellers"], _brand(ctx), ctx["legal_name"]
    where = sellers.choice(["under", "short", "footer"])
    big = (f'<div style="font-size:{sellers.choice([20, 24, 28])}pt;color:{ctx["colour"]};font-weight:bold;'
           f'letter-spacing:1pt">{_e(brand)}</div>')
    under = ""
    if where == "under":
        under = f'<div class="muted" style="font-size:8pt">{_fill(ctx, "s_trading", brand, legal)}</div>'
    elif where == "short":
        under = f'<div style="font-size:8.5pt">{_fill(ctx, "s_short", brand, legal)}</div>'
    address = f'<div style="font-size:9pt">{_address(ctx, "seller")}<br>{_e(_pick(ctx, "tel"))} {_e(ctx["phone"])}</div>'
    rows = "".join(f"<tr><td class='muted' style='padding-right:8pt'>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in _meta(ctx))
    trading = _fill(ctx, "s_trading", brand, legal)
    ctx["footer"] = f"{trading} – {_legal(ctx)}" if where == "footer" else _legal(ctx)
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{big}{under}{address}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:16pt" class="strong">{_e(ctx['title'])}</div>
<table style="margin-left:auto">{rows}</table></td></tr></table>
<div style="margin:6mm 0 0 55%">{_buyer_block(ctx)}</div>
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


def _layout_raison_sociale(ctx: dict) -> str:
    """A panel of the company's names at the top: its legal name and its trading name, each after its label
    (« Razón social: … », « Nombre comercial: … », « Registered name / Trading name »), the trading name as the logo."""
    sellers, brand, legal = ctx["sellers"], _brand(ctx), ctx["legal_name"]
    pairs = [(_pick(ctx, "s_legal"), legal), (_pick(ctx, "s_brand"), brand)]
    if sellers.random() < 0.5:
        pairs.reverse()
    panel = "".join(f"<div><span class='muted'>{_e(k)}:</span> {_e(v)}</div>" for k, v in pairs)
    logo = f'<div style="font-size:22pt;font-weight:bold;color:{ctx["colour"]}">{_e(brand)}</div>'
    rows = "".join(f"<div>{_e(k)}: {_e(v)}</div>" for k, v in _meta(ctx))
    return f"""{logo}<table style="width:100%;margin-top:3mm"><tr><td style="vertical-align:top;font-size:9pt">{panel}
{_address(ctx, "seller")}<br>{_e(_pick(ctx, "tel"))} {_e(ctx["phone"])}</td>
<td style="vertical-align:top;width:45%">{_buyer_block(ctx)}</td></tr></table>
<div style="font-size:15pt;margin-top:5mm" class="strong">{_e(ctx['title'])}</div>{rows}
{_lines(ctx)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_terms(ctx)}{_bank(ctx)}"""


RENDER.update({"enseigne": _layout_enseigne, "raison_sociale": _layout_raison_sociale})


def label_strings() -> set[str]:
    """Every label wording of this module (for the test that no wording is shared with the main generator): not those
    the layout modules added, whichever of them a run has imported (their own tests check their wordings)."""
    return {text for language, words in LABELS.items() for key, variants in words.items()
            if (language, key) not in _ADDED for text in variants}


def write_set(folder: Path, count: int, kinds: list[str], start: int = 0) -> list[Path]:
    """Write ``count`` invoices as each of ``kinds`` with a ``.json`` truth beside each (the main generator's writer)."""
    return generator_write_set(folder, PART, count, kinds, start, make=make_invoice)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--kinds", default="text")
    args = parser.parse_args()
    for path in write_set(args.folder, args.count, args.kinds.split(","), args.start):
        print(path)
