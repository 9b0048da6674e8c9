"""« Inédit »: a family of generated invoices nobody tunes on, the honest measure of issue 13.

Written apart from the field rules and from the two other generators' layouts and wordings
(``tests/invoice_generator.py``, ``tests/invoice_generator_blind.py``, both tuned on since the
fourth session of 2026-12-05): its own layouts, modelled on how real issuers print their
invoices — an accounting-software grid (Sage/EBP/Cegid-like), a modern billing app
(Pennylane/Axonaut/Sellsy-like), a marketplace order-and-invoice page, a telecom bill, a water
bill, a car-repair order, a building-trade invoice with a deposit deducted, a hotel folio, a
restaurant bill, a freelancer's word-processor invoice, a card-payment SaaS receipt (English),
a German DIN 5008 window letter, a Spanish factura, an Italian fattura and a credit note — and
its own label wordings, names, number, date and amount shapes. French about 55 %, the other
four languages the rest.

Only the plumbing is shared with the main generator, so that every family is measured the
same way: the :class:`~invoice_generator.Truth` record, the WeasyPrint rendering of
:class:`~invoice_generator.Invoice`, :func:`~invoice_generator.degrade` (scans, photos) and its
writer. Never tune a rule on this family and never read its misses: ``tests/bench_readings.py``
and ``tests/bench_convert_paper.py`` refuse ``--misses`` on it.

Seeded and deterministic: ``make_invoice(seed)`` always gives the same invoice. Run
``python tests/invoice_generator_unseen.py OUT --count 20 --kinds text,scan200`` to write files
with a ``.json`` truth beside each.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import io
import random
from decimal import Decimal
from pathlib import Path

from schwifty import IBAN
from stdnum import luhn
from stdnum.es import cif
from stdnum.ie import vat as ie_vat
from stdnum.iso7064 import mod_11_10

from invoice_generator import LANGUAGES, Invoice, Truth, grouped, money, random_digits
from invoice_generator import write_set as generator_write_set

PART = "inedit"
#: French about 55 %, the others the rest.
WEIGHTS = (0.55, 0.12, 0.11, 0.11, 0.11)
CENT = Decimal("0.01")

#: Layouts and the languages each is issued in.
LAYOUT_LANGUAGES = {
    "grille_erp": ("fr", "de", "es", "it", "en"),
    "appli_facturation": ("fr", "en", "de", "es", "it"),
    "commande_marketplace": ("fr", "de", "es", "it", "en"),
    "releve_operateur": ("fr", "de", "es", "it"),
    "regie_eau": ("fr",),
    "ordre_reparation": ("fr", "de"),
    "travaux_acompte": ("fr", "es", "it"),
    "folio_hotel": ("fr", "it", "es", "de", "en"),
    "note_restaurant": ("fr", "es", "it"),
    "traitement_texte": ("fr", "en"),
    "paiement_carte_saas": ("en",),
    "brief_din5008": ("de",),
    "factura_pyme": ("es",),
    "fattura_cortesia": ("it",),
    "avoir_retour": ("fr", "en", "de", "es", "it"),
}
LAYOUTS = tuple(LAYOUT_LANGUAGES)
#: How often a layout is drawn among those of its language (1 unless said): the national forms the
#: family is meant to cover (DIN 5008 letter, factura, fattura, SaaS receipt) would else be rare.
LAYOUT_WEIGHTS = {"brief_din5008": 3, "factura_pyme": 3, "fattura_cortesia": 3, "paiement_carte_saas": 2}

# ---------------------------------------------------------------------------
# Label wordings: every label a layout prints comes from here (``label_strings``), so that the
# test can prove none is shared with the other two families. ``{}`` takes a value.
# ---------------------------------------------------------------------------

LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "title": ["FACTURE DE PRESTATIONS", "Facture à votre nom", "F A C T U R E", "Votre facture", "FACTURE N°{}"],
        "credit_title": ["AVOIR FINANCIER", "Avoir sur facture", "AVOIR N°{}", "Note d'avoir"],
        "number": ["N° de pièce comptable", "Numéro facture :", "Réf. de facture", "Document n°", "Pièce numéro"],
        "credit_number": ["N° de l'avoir", "Réf. avoir", "Numéro de l'avoir"],
        "date": ["Date de la pièce", "Facturée le", "Date de saisie", "Émise en date du", "Établie en date du"],
        "due": ["À régler au plus tard le", "Règlement attendu avant le", "Échéance du paiement", "Payable au"],
        "customer": ["Code du tiers", "Compte client n°", "Votre code client", "Client n°"],
        "order": ["Commande réf.", "Votre bon de commande", "N° commande client", "Commande"],
        "order_date": ["Commande passée le", "Date de la commande", "Commandé le :"],
        "delivery": ["Expédié le", "Livrée le", "Date d'envoi"],
        "quote": ["Selon devis n°", "Réf. de votre devis", "Devis accepté n°"],
        "contract": ["Contrat réf.", "Numéro de contrat", "N° d'abonnement"],
        "buyer": ["Adressée à :", "Facturée à :", "Coordonnées du client", "À l'att. de", "Client à facturer"],
        "seller": ["Facture émise par", "Vendeur tiers", "Vendu par"],
        "ship_to": ["Livré à", "Lieu de livraison", "Adresse d'expédition"],
        "col_ref": ["Code article", "Réf. art.", "Code art."],
        "col_desc": ["Libellé article", "Désignation des produits", "Description de la prestation", "Intitulé de la prestation"],
        "col_qty": ["Qté facturée", "Quantités facturées", "Nombre d'unités"],
        "col_unit": ["Unité", "U."],
        "col_price": ["P.U. H.T.", "Prix unitaire hors taxe", "Tarif HT", "P.U."],
        "col_disc": ["Rem.", "Remise %", "% rem."],
        "col_amount": ["Montant H.T.", "Total de ligne H.T.", "Mont. HT", "Prix total HT"],
        "col_rate": ["Tx T.V.A.", "TVA (%)", "Taux TVA appliqué"],
        "col_code": ["C. TVA", "Cd"],
        "col_base": ["Base hors taxe", "Assiette HT", "Base taxable"],
        "col_tax": ["Mont. TVA", "TVA due", "Taxe (€)"],
        "net": ["Total général H.T.", "Montant hors taxes", "S/total H.T.", "Net H.T. remisé", "Total net H.T."],
        "vat_total": ["Total général T.V.A.", "Montant T.V.A.", "TVA facturée", "Taxes totales"],
        "vat_rate": ["TVA appliquée au taux de {}", "T.V.A. {}", "TVA ({})"],
        "gross": ["Total général T.T.C.", "Montant T.T.C. facturé", "TOTAL TTC (EUR)", "Total, toutes taxes comprises, à régler", "TTC à payer"],
        "to_pay": ["Net à régler", "Votre montant à payer", "Total à nous régler", "Somme due"],
        "deposit": ["Acompte reçu le {}", "Acompte encaissé le {}", "Déjà versé le {}"],
        "balance": ["Solde restant à régler", "Solde exigible", "Restant dû"],
        "page": ["Page n°", "Folio", "Pg"],
        "terms": ["Conditions de paiement", "Modalités de règlement", "Mode de règlement"],
        "terms_value": ["Virement à {} jours", "Virement bancaire, {} jours date de facture", "Chèque ou virement sous {} jours"],
        "on_receipt": ["Paiement comptant à réception", "Payable dès réception"],
        "penalties": ["Tout retard de paiement entraîne des pénalités au taux de trois fois l'intérêt légal et une indemnité forfaitaire de 40 € pour frais de recouvrement (art. L441-10 du Code de commerce).",
                      "Aucun escompte pour paiement anticipé. Pénalités de retard : 3 fois le taux d'intérêt légal ; indemnité forfaitaire de recouvrement : 40 €."],
        "exempt": ["TVA non applicable – article 293 B du Code général des impôts", "Franchise en base de TVA, art. 293 B du CGI"],
        "reverse": ["Autoliquidation par le preneur (art. 283-2 du CGI)", "TVA due par le preneur – autoliquidation"],
        "bank": ["Nos coordonnées bancaires", "Virement à effectuer sur le compte", "Domiciliation bancaire"],
        "legal_form": ["{} au capital de {} euros", "{}, capital : {} €"],
        "rcs": ["Greffe de {} – RCS {}", "Inscrite au registre du commerce de {} – {}"],
        "siret": ["SIRET n° : {}", "SIRET – {}"],
        "vat_id": ["N° TVA intracom. {}", "Numéro de TVA : {}", "TVA intracommunautaire n° {}"],
        "buyer_vat": ["TVA intracom. du client", "TVA du client"],
        "naf": ["Code APE {}", "NAF {}"],
        "thanks": ["Merci pour votre fidélité.", "Merci pour votre commande !"],
        "shipping": ["Frais d'expédition", "Participation aux frais de port", "Livraison standard"],
        "discount": ["Remise exceptionnelle {}", "Remise fidélité {}"],
        "marketplace_head": ["Récapitulatif de votre commande et facture", "Commande et facture"],
        "sold_by": ["Vendu et expédié par", "Article vendu par"],
        "unit_ttc": ["Prix unitaire TTC", "PU TTC"],
        "col_ttc": ["Total TTC ligne", "Montant T.T.C."],
        "line_number": ["Ligne mobile", "N° de ligne", "Votre ligne"],
        "period": ["Période facturée du {} au {}", "Consommations du {} au {}"],
        "debit": ["Montant prélevé le {}", "Sera prélevé sur votre compte le {}"],
        "meter": ["N° de compteur", "Compteur n°"],
        "index": ["Ancien index {} – nouvel index {}", "Relevé : {} → {}"],
        "consumption": ["Consommation facturée : {} m³", "Volume consommé : {} m³"],
        "water_ref": ["Référence de la facture", "N° facture eau"],
        "water_date": ["Facture datée du", "Établie à la date du"],
        "subscriber": ["Abonné", "Titulaire du contrat"],
        "supply_point": ["Point de desserte n°", "Réf. point de service"],
        "repair_order": ["Ordre de réparation n°", "O.R. n°"],
        "plate": ["Immatriculation", "Immat."],
        "mileage": ["Kilométrage", "Km compteur"],
        "entered": ["Véhicule entré le", "Date de dépôt"],
        "vehicle": ["Véhicule", "Modèle"],
        "parts": ["Pièces et fournitures", "Pièces détachées"],
        "labour": ["Main-d'œuvre", "Temps de main-d'œuvre"],
        "site": ["Chantier", "Adresse du chantier", "Lieu des travaux"],
        "works_title": ["Facture de travaux", "FACTURE TRAVAUX"],
        "folio": ["Folio n°", "N° de folio"],
        "room": ["Chambre", "Ch. n°"],
        "arrival": ["Arrivée", "Date d'arrivée"],
        "departure": ["Départ", "Date de départ"],
        "guest": ["Client (raison sociale)", "Nom du client"],
        "night": ["Nuitée du {}", "Hébergement {}"],
        "table": ["Table no", "Table n°"],
        "covers": ["Couverts", "Nb de couverts"],
        "waiter": ["Serveur", "Servi par"],
        "bill_number": ["Addition n°", "Note n°"],
        "made_at": ["Fait à {}, le", "{}, le"],
        "sincerely": ["Je vous prie d'agréer mes salutations distinguées.", "Avec mes remerciements."],
        "object": ["Concerne : {}", "Objet : facturation {}"],
        "original": ["Facture initiale", "Annule et remplace la facture", "Relatif à la facture"],
        "reason": ["Motif : {}", "Objet de l'avoir : {}"],
        "refund": ["Montant à rembourser", "Montant de l'avoir TTC", "Total de l'avoir"],
        "payment_link": ["Payer en ligne : {}", "Paiement sécurisé : {}"],
    },
    "en": {
        "title": ["TAX INVOICE / RECEIPT", "Invoice", "INVOICE (VAT)", "INVOICE NO. {}"],
        "credit_title": ["CREDIT MEMORANDUM", "Credit note no. {}", "CREDIT NOTE"],
        "number": ["Invoice serial no.", "Our invoice ref.", "Document number", "Invoice #:"],
        "credit_number": ["Credit memo no.", "Credit memo ref."],
        "date": ["Raised on", "Issued:", "Issued (date)", "Date of tax point", "Dated this"],
        "due": ["Date payment due", "To be settled by", "Kindly pay by", "Falls due on"],
        "customer": ["A/c no.", "Client ID", "Your account no."],
        "order": ["Order no.", "Purchase order", "Your PO", "Order ref"],
        "order_date": ["Ordered on", "Order placed", "Order date:"],
        "delivery": ["Dispatched", "Shipped on", "Supply date"],
        "quote": ["Quote ref", "Per quotation no."],
        "contract": ["Agreement no.", "Contract ref"],
        "buyer": ["Invoiced to", "Bill-to party", "Billed to company", "Customer (billing)"],
        "seller": ["Issued by (supplier)", "Supplier name", "Sold by"],
        "ship_to": ["Deliver to", "Ship to", "Shipping address"],
        "col_ref": ["SKU", "Item code", "Item ref."],
        "col_desc": ["Goods / services supplied", "Line item", "Particulars", "Service provided"],
        "col_qty": ["Qty billed", "Unit count", "Hrs"],
        "col_unit": ["UoM", "Unit of measure"],
        "col_price": ["Unit cost", "Unit rate", "Each"],
        "col_disc": ["Disc.", "Discount %"],
        "col_amount": ["Ext. price", "Net EUR", "Amount (EUR)", "Nett amount"],
        "col_rate": ["Rate of VAT", "Tax %"],
        "col_code": ["Tax code", "VC"],
        "col_base": ["Taxable value", "Taxable"],
        "col_tax": ["VAT value", "Tax amount"],
        "net": ["Sub-total (net)", "Net of VAT", "Total ex-VAT", "Amount before tax"],
        "vat_total": ["VAT charged on supply", "Total VAT charged", "Tax total"],
        "vat_rate": ["VAT charged at {}", "VAT ({})", "Tax {}"],
        "gross": ["Total inc. VAT", "This invoice total", "TOTAL EUR", "Total amount of invoice"],
        "to_pay": ["Left to pay", "Amount payable", "Total now payable", "Amount to pay"],
        "deposit": ["Deposit received {}", "Paid on account {}"],
        "balance": ["Still owing", "Remaining due"],
        "page": ["Page n°", "Sheet"],
        "terms": ["Payment terms", "Payment conditions", "How to pay"],
        "terms_value": ["Net {} days", "{} days from invoice date", "Bank transfer within {} days"],
        "on_receipt": ["Due upon receipt", "Payable on receipt"],
        "penalties": ["Late payments may incur interest under the European Communities (Late Payment in Commercial Transactions) Regulations.",
                      "Overdue accounts are charged statutory interest."],
        "exempt": ["VAT exempt supply", "Exempt from VAT"],
        "reverse": ["Reverse charge: VAT to be accounted for by the recipient", "VAT reverse charged (Art. 196 Directive 2006/112/EC)"],
        "bank": ["Our bank account", "Remittance information", "Transfer funds to"],
        "legal_form": ["Registered in {} – capital {} EUR", "{} with share capital of EUR {}"],
        "rcs": ["Registered office {} – company no. {}", "CRO {} no. {}"],
        "siret": ["Company reg. {}", "Reg. no. {}"],
        "vat_id": ["VAT registration {}", "VAT number: {}", "VAT ID {}"],
        "buyer_vat": ["Customer VAT reg.", "Your VAT ID"],
        "naf": ["Sector code {}", "NACE {}"],
        "thanks": ["Thank you for your business!", "We appreciate your business."],
        "shipping": ["Shipping & handling", "Postage", "Courier delivery"],
        "discount": ["Loyalty discount {}", "Promotional discount {}"],
        "marketplace_head": ["Order summary & invoice", "Your order and invoice"],
        "sold_by": ["Sold and shipped by", "Seller name"],
        "unit_ttc": ["Unit price incl. VAT", "Price (gross)"],
        "col_ttc": ["Gross amount", "Total inc. VAT"],
        "folio": ["Folio no.", "Folio #"],
        "room": ["Room", "Room no."],
        "arrival": ["Arrival", "Check-in"],
        "departure": ["Departure", "Check-out"],
        "guest": ["Guest", "Guest name"],
        "night": ["Accommodation {}", "Room night {}"],
        "made_at": ["Done at {}, on", "Signed at {} on"],
        "sincerely": ["Kind regards,", "With thanks,"],
        "object": ["Regarding: {}", "Subject: {}"],
        "original": ["Original invoice no.", "Against invoice", "Credited on invoice"],
        "reason": ["Reason: {}", "Credit reason: {}"],
        "refund": ["Total credit", "Amount to be refunded", "Credit total"],
        "payment_link": ["Pay online: {}", "Pay securely at {}"],
        "receipt_from": ["Receipt from {}", "Your receipt from {}"],
        "receipt_no": ["Receipt #", "Receipt number"],
        "amount_paid": ["Paid amount", "Total charged"],
        "date_paid": ["Date paid", "Charged on"],
        "payment_method": ["Payment method", "Paid with"],
        "summary": ["Order summary", "Payment summary"],
        "questions": ["Questions? Contact us at {}", "Need help? Write to {}"],
        "period_en": ["Billing period {} – {}", "Service period: {} to {}"],
    },
    "de": {
        "title": ["RECHNUNG", "Rechnung Nummer {}", "Ausgangsrechnung", "Ihre Rechnung"],
        "credit_title": ["GUTSCHRIFT", "Korrekturrechnung", "Gutschrift Nr. {}"],
        "number": ["Rechnungsnummer", "Rechnung-Nr.", "Vorgangs-Nr.", "Vorgangsnummer intern"],
        "credit_number": ["Nr. der Gutschrift", "Korrekturbeleg"],
        "date": ["Rechnung erstellt am", "Datum des Belegs", "Erstellt am", "Tag der Rechnungsstellung"],
        "due": ["Fällig bis zum", "Zahlbar spätestens am", "Zahlungsfrist bis", "Zahlung fällig am"],
        "customer": ["KdNr", "Ihre Kunden-Nr. bei uns", "Debitoren-Nr."],
        "order": ["Bestellzeichen", "Ihre Bestellung vom", "Auftrags-Nr. intern", "Auftrag"],
        "order_date": ["Bestellt am", "Bestelldatum", "Auftrag vom"],
        "delivery": ["Leistungsdatum", "Tag der Lieferung", "Versanddatum", "Leistungszeitraum"],
        "quote": ["Angebot Nr.", "gemäß Angebot"],
        "contract": ["Vertragskonto", "Vertrag Nr."],
        "buyer": ["Rechnungsadresse Kunde", "Anschrift Rechnungsempfänger", "Leistungsempfänger (Kunde)"],
        "seller": ["Verkäufer (Händler)", "Leistender Unternehmer", "Verkauft von"],
        "ship_to": ["Lieferanschrift", "Lieferadresse"],
        "col_ref": ["Art.-Nr.", "Artikelnummer", "Pos."],
        "col_desc": ["Art der Leistung", "Erbrachte Leistung", "Bezeichnung des Artikels", "Beschreibung der Leistung"],
        "col_qty": ["Mengeneinheit", "Anzahl Einh.", "Stück"],
        "col_unit": ["Einheit", "ME"],
        "col_price": ["Einzelpreis €", "E-Preis netto", "Preis je Einheit"],
        "col_disc": ["Rabatt %", "Rab. %"],
        "col_amount": ["Gesamtpreis €", "Netto-Betrag €", "Summe €", "Netto insgesamt"],
        "col_rate": ["USt.-Satz %", "MwSt. %"],
        "col_code": ["St.-Schl.", "SK"],
        "col_base": ["Netto-Summe", "Steuerbemessung"],
        "col_tax": ["Steuerbetrag €", "USt-Betrag €"],
        "net": ["Netto-Summe", "Summe der Nettobeträge", "Netto-Zwischensumme", "Warenwert (netto)"],
        "vat_total": ["Umsatzsteuer insgesamt", "Summe MwSt.", "USt-Betrag €"],
        "vat_rate": ["zuzüglich {} USt.", "zzgl. MwSt. {}", "Umsatzsteuer ({})"],
        "gross": ["Gesamtrechnungsbetrag", "Bruttobetrag gesamt", "Endsumme", "Brutto-Summe"],
        "to_pay": ["Zahlbetrag €", "Bitte überweisen Sie", "Offener Rechnungsbetrag"],
        "deposit": ["Anzahlung vom {}", "abzgl. Abschlag vom {}"],
        "balance": ["Verbleibende Restzahlung", "Verbleibender Betrag"],
        "page": ["Seite", "Blatt"],
        "terms": ["Zahlungsbedingungen", "Zahlungsart"],
        "terms_value": ["{} Tage netto", "innerhalb {} Tagen netto Kasse", "Überweisung binnen {} Tagen"],
        "on_receipt": ["Sofort fällig ohne Abzug", "Zahlbar sofort"],
        "penalties": ["Bei Zahlungsverzug berechnen wir Verzugszinsen gemäß § 288 BGB.", "Es gelten unsere Allgemeinen Geschäftsbedingungen."],
        "exempt": ["Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.", "Steuerfreie Leistung nach § 4 UStG"],
        "reverse": ["Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)", "Reverse-Charge-Verfahren: Steuerschuld geht auf den Empfänger über"],
        "bank": ["Überweisung an", "Bitte überweisen Sie auf", "Konto"],
        "legal_form": ["Sitz der Gesellschaft: {} – Stammkapital {} EUR", "{} · Grundkapital {} €"],
        "rcs": ["Handelsregister: AG {}, HRB {}", "Registergericht: Amtsgericht {} – HRB {}"],
        "siret": ["Steuer-Nr. {}", "Finanzamt-Steuernummer {}"],
        "vat_id": ["USt-IdNr. {} (DE)", "USt.-ID {}", "Umsatzsteuer-Identifikationsnummer {}"],
        "buyer_vat": ["USt-IdNr. des Empfängers", "USt-ID Kunde"],
        "naf": ["Inhaber/GF: {}", "Vorstand: {}"],
        "thanks": ["Herzlichen Dank für den Auftrag!", "Danke, dass Sie uns vertrauen."],
        "shipping": ["Versandkosten", "Porto und Verpackung", "Fracht"],
        "discount": ["Treuerabatt {}", "Sonderrabatt {}"],
        "marketplace_head": ["Bestellübersicht und Rechnung", "Ihre Bestellung mit Rechnung"],
        "sold_by": ["Verkauf und Versand durch", "Händler"],
        "unit_ttc": ["Stückpreis brutto", "Preis inkl. MwSt."],
        "col_ttc": ["Bruttopreis", "Brutto insgesamt"],
        "line_number": ["Rufnummer", "Anschluss"],
        "period": ["Abrechnungszeitraum {} bis {}", "Zeitraum vom {} bis {}"],
        "debit": ["Der Betrag wird am {} abgebucht", "Lastschrifteinzug am {}"],
        "repair_order": ["Werkstattauftrag Nr.", "Reparaturauftrag"],
        "plate": ["Amtl. Kennzeichen", "Kennzeichen"],
        "mileage": ["km-Stand", "Laufleistung"],
        "entered": ["Annahme am", "Fahrzeugannahme"],
        "vehicle": ["Fahrzeug", "Fahrzeugtyp"],
        "parts": ["Ersatzteile & Zubehör", "Material"],
        "labour": ["Arbeitslohn", "Arbeitswerte"],
        "folio": ["Folio-Nr.", "Zimmerrechnung Nr."],
        "room": ["Zimmer", "Zimmer-Nr."],
        "arrival": ["Anreise", "Ankunft"],
        "departure": ["Abreise", "Abfahrt"],
        "guest": ["Gast", "Gastname"],
        "night": ["Übernachtung {}", "Logis {}"],
        "your_sign": ["Ihr Zeichen", "Ihre Nachricht vom"],
        "our_sign": ["Unser Zeichen", "Sachbearbeiter"],
        "greeting": ["Sehr geehrte Damen und Herren,", "Guten Tag,"],
        "intro": ["für unsere Leistungen erlauben wir uns, wie folgt zu berechnen:", "wir berechnen Ihnen wie folgt:"],
        "closing": ["Mit freundlichen Grüßen", "Freundliche Grüße"],
        "phone": ["Telefon-Nr.", "Tel no."],
        "object": ["Vorgang: {}", "Zum Vorgang: {}"],
        "original": ["Ursprüngliche Rechnung", "Bezug: Rechnung", "zu Rechnung"],
        "reason": ["Grund: {}", "Anlass: {}"],
        "refund": ["Gutschriftsbetrag", "Erstattungsbetrag", "Summe Gutschrift"],
        "payment_link": ["Online bezahlen: {}", "Zahlungslink: {}"],
    },
    "es": {
        "title": ["FACTURA Nº {}", "Factura ordinaria", "FACTURA COMERCIAL", "Su factura"],
        "credit_title": ["FACTURA RECTIFICATIVA Nº {}", "Abono a cliente", "ABONO Nº"],
        "number": ["Nº de factura", "Número de la factura", "Fra. nº", "Serie / número"],
        "credit_number": ["Nº de rectificativa", "Núm. de abono"],
        "date": ["Expedición", "Fecha de facturación", "Emitida con fecha", "Expedida el"],
        "due": ["Vencimiento el día", "Último día de pago", "Pagadera hasta el", "Vto. pago"],
        "customer": ["Código de cliente", "Nº de cliente", "Cliente núm."],
        "order": ["Nº de pedido", "Pedido n.º", "Su referencia"],
        "order_date": ["Fecha del pedido", "Pedido realizado el"],
        "delivery": ["Entrega realizada el", "Enviado el", "Albarán del"],
        "quote": ["Según presupuesto nº", "Presupuesto"],
        "contract": ["Nº de contrato", "Contrato de servicio"],
        "buyer": ["Cliente (datos fiscales)", "Se factura a", "Destinatario de la factura", "Cliente destinatario"],
        "seller": ["Expedidor", "Vendedor (tienda)", "Vendido por"],
        "ship_to": ["Dirección de envío", "Entregar en"],
        "col_ref": ["Código", "Réf. interne", "Cód. artículo"],
        "col_desc": ["Conceptos facturados", "Descripción de los trabajos", "Detalle del concepto"],
        "col_qty": ["Cdad.", "Unidades facturadas", "N.º uds."],
        "col_unit": ["Ud.", "Medida"],
        "col_price": ["Precio por unidad", "Precio (€)", "Precio por ud."],
        "col_disc": ["Dto.", "% Dto."],
        "col_amount": ["Importe €", "Sub-total (net)", "Total línea"],
        "col_rate": ["IVA aplicado %", "Tipo de IVA"],
        "col_code": ["Clave IVA", "Tp"],
        "col_base": ["Base imponible", "Base taxable"],
        "col_tax": ["Cuota IVA", "Cuota íntegra"],
        "net": ["Base imponible", "Suma base imponible", "Suma bases", "Neto sin IVA"],
        "vat_total": ["Total cuota IVA", "Cuota IVA", "Total impuestos"],
        "vat_rate": ["IVA ({})", "Cuota del IVA al {}", "I.V.A. repercutido {}"],
        "gross": ["Total de esta factura", "TOTAL A PAGAR EN EUROS", "Suma total factura", "Total IVA incluido"],
        "to_pay": ["Líquido total", "Total a satisfacer", "A pagar"],
        "deposit": ["Anticipo recibido el {}", "Entrega a cuenta del {}"],
        "balance": ["Queda por pagar", "Resto pendiente"],
        "page": ["Página", "Hoja"],
        "terms": ["Forma de pago", "Condiciones de pago"],
        "terms_value": ["Transferencia a {} días", "Pago a {} días fecha factura", "Giro a {} días"],
        "on_receipt": ["Pago en efectivo", "Pago a la recepción"],
        "penalties": ["En caso de impago se aplicarán los intereses de demora de la Ley 3/2004.", "Conforme a la Ley 15/2010 de morosidad."],
        "exempt": ["Operación exenta de IVA (art. 20 Ley 37/1992)", "Exento de IVA"],
        "reverse": ["Inversión del sujeto pasivo (art. 84 Ley 37/1992)", "Operación intracomunitaria exenta, art. 25 LIVA"],
        "bank": ["Cuenta de abono", "Cuenta para el pago", "Transferencia a"],
        "legal_form": ["Capital social {} {} €", "{} · Capital {} euros"],
        "rcs": ["Registro Mercantil de {}, hoja n.º {}", "R. M. de {}, tomo {}"],
        "siret": ["CIF {}", "NIF: {}"],
        "vat_id": ["NIF-IVA {}", "Nº IVA intracomunitario {}", "VAT at the rate of {}"],
        "buyer_vat": ["NIF del cliente", "CIF/NIF del destinatario"],
        "naf": ["CNAE {}", "Actividad {}"],
        "thanks": ["Agradecemos la confianza depositada.", "Le agradecemos su pedido."],
        "shipping": ["Gastos de envío", "Portes y embalaje", "Transporte urgente"],
        "discount": ["Descuento comercial {}", "Promoción {}"],
        "marketplace_head": ["Resumen del pedido y factura", "Su pedido y factura"],
        "sold_by": ["Vendido y enviado por", "Tienda"],
        "unit_ttc": ["Precio con IVA", "PVP"],
        "col_ttc": ["Total IVA incl. (€)", "Importe IVA incl."],
        "line_number": ["Línea", "Nº de teléfono"],
        "period": ["Periodo de facturación del {} al {}", "Consumo del {} al {}"],
        "debit": ["Se cargará en su cuenta el {}", "Fecha de cargo: {}"],
        "site": ["Obra", "Dirección de la obra"],
        "works_title": ["Factura de obra", "CERTIFICACIÓN Y FACTURA"],
        "folio": ["Folio", "Nº de folio"],
        "room": ["Habitación", "Hab."],
        "arrival": ["Llegada", "Entrada"],
        "departure": ["Salida", "Fecha de salida"],
        "guest": ["Huésped", "Nombre del huésped"],
        "night": ["Alojamiento {}", "Noche {}"],
        "table": ["Mesa", "Mesa nº"],
        "covers": ["Comensales", "Pax"],
        "waiter": ["Camarero", "Le atendió"],
        "bill_number": ["Ticket nº", "Cuenta nº"],
        "object": ["Referente a: {}", "Concepto general: {}"],
        "original": ["Corrige la factura", "Rectifica la factura", "Factura que se rectifica"],
        "reason": ["Motivo de la rectificación: {}", "Causa: {}"],
        "refund": ["Total abono", "Importe a devolver", "Total rectificativa"],
        "payment_link": ["Pague en línea: {}", "Pago seguro: {}"],
        "simplified": ["Expedida por", "Emitida por"],
    },
    "it": {
        "title": ["FATTURA N. {}", "Fattura accompagnatoria merci", "FATTURA IMMEDIATA", "Documento di vendita"],
        "credit_title": ["NOTA DI CREDITO N. {}", "Nota credito", "NOTA DI ACCREDITO"],
        "number": ["Fattura n.", "N. progressivo documento", "N. fattura", "Documento numero"],
        "credit_number": ["Nota n.", "N. nota credito"],
        "date": ["Data di emissione doc.", "Fattura del giorno", "datata", "In data"],
        "due": ["Pagare entro", "Data di scadenza pagamento", "Da pagare entro il", "Scad."],
        "customer": ["Cod. cliente interno", "Cod. anagrafica", "N. anagrafica cliente"],
        "order": ["Riferimento ordine", "Vostro ordine numero", "N. ordine"],
        "order_date": ["Data ordine", "Ordinato il"],
        "delivery": ["DDT del", "Merce consegnata il", "Spedito il"],
        "quote": ["Rif. preventivo", "Come da preventivo n."],
        "contract": ["Contratto n.", "Cod. contratto fornitura"],
        "buyer": ["Spett. ditta", "Intestato a", "Intestazione fattura", "Cessionario/committente"],
        "seller": ["Cedente / prestatore (fornitore)", "Venditore", "Venduto da"],
        "ship_to": ["Luogo di consegna", "Destinazione merce"],
        "col_ref": ["Codice", "Cod. art."],
        "col_desc": ["Descrizione beni/servizi", "Descrizione articolo", "Prestazione"],
        "col_qty": ["Q.tà fatt.", "Quantità fatturata"],
        "col_unit": ["U.M.", "Um"],
        "col_price": ["Prezzo cad.", "Prezzo (€)", "Pr. unit."],
        "col_disc": ["Sconto %", "Sc. %"],
        "col_amount": ["Importo (€)", "Tot. riga", "Valore"],
        "col_rate": ["Aliquota applicata", "IVA aplicado %", "Aliq. IVA"],
        "col_code": ["Cod. aliq.", "C.I."],
        "col_base": ["Imponibile", "Base imp.le"],
        "col_tax": ["Imposta €", "Imposta IVA"],
        "net": ["Imponibile", "Imponibile totale €", "Totale beni", "Imponibile complessivo netto"],
        "vat_total": ["Totale IVA in euro", "Totale imposte", "Imposta complessiva"],
        "vat_rate": ["IVA ({})", "Imposta al {}", "IVA ad aliquota {}"],
        "gross": ["Totale documento", "TOTALE FATTURA IN EURO", "Totale dovuto", "Totale generale"],
        "to_pay": ["Netto da corrispondere", "Importo dovuto", "Totale a vostro debito"],
        "deposit": ["Acconto ricevuto il {}", "Anticipo del {}"],
        "balance": ["Saldo ancora dovuto", "Residuo da saldare"],
        "page": ["Pagina", "Pag."],
        "terms": ["Modalità di pagamento", "Condizioni di pagamento", "Pagamento"],
        "terms_value": ["Bonifico bancario {} gg d.f.", "Bonifico a {} giorni data fattura", "Ri.Ba. {} gg f.m."],
        "on_receipt": ["Rimessa diretta", "Pagamento alla consegna"],
        "penalties": ["In caso di ritardato pagamento saranno applicati gli interessi di mora ai sensi del D.Lgs. 231/2002.",
                      "Documento privo di valenza fiscale ai sensi dell'art. 21 DPR 633/72: l'originale è disponibile nell'area riservata SdI."],
        "exempt": ["Operazione in franchigia da IVA, art. 1 c. 54-89 L. 190/2014", "Esente IVA art. 10 DPR 633/72"],
        "reverse": ["Inversione contabile – art. 7-ter DPR 633/72", "Operazione non imponibile, art. 41 DL 331/93"],
        "bank": ["Estremi per il bonifico", "Appoggio bancario", "Banca d'appoggio"],
        "legal_form": ["Capitale sociale {} € {} i.v.", "{} – Cap. soc. {} € i.v."],
        "rcs": ["Registro Imprese di {} – REA {}", "REA {} n. {}"],
        "siret": ["Cod. Fisc. {}", "C.F. {}"],
        "vat_id": ["P.IVA n. {}", "Partita IVA n. {}", "P. IVA: {}"],
        "buyer_vat": ["P.IVA del cliente", "Partita IVA cessionario"],
        "naf": ["Codice ATECO {}", "Attività {}"],
        "thanks": ["Vi ringraziamo per la fiducia.", "Grazie per il vostro acquisto."],
        "shipping": ["Spese di trasporto", "Spese di spedizione", "Trasporto a mezzo corriere"],
        "discount": ["Sconto commerciale {}", "Sconto fedeltà {}"],
        "marketplace_head": ["Riepilogo ordine e fattura", "Il tuo ordine e la fattura"],
        "sold_by": ["Venduto e spedito da", "Negozio"],
        "unit_ttc": ["Prezzo IVA inclusa", "Prezzo ivato"],
        "col_ttc": ["Totale ivato", "Importo IVA incl."],
        "line_number": ["Numero di linea", "Utenza"],
        "period": ["Periodo di fatturazione dal {} al {}", "Consumi dal {} al {}"],
        "debit": ["Addebito sul conto il {}", "Addebito SDD il {}"],
        "site": ["Cantiere", "Indirizzo cantiere"],
        "works_title": ["Fattura lavori", "STATO AVANZAMENTO LAVORI – FATTURA"],
        "folio": ["Conto n.", "Folio"],
        "room": ["Camera", "Cam."],
        "arrival": ["Arrivo", "Data arrivo"],
        "departure": ["Partenza", "Data partenza"],
        "guest": ["Ospite", "Nome ospite"],
        "night": ["Pernottamento {}", "Soggiorno {}"],
        "table": ["Tavolo", "Tav."],
        "covers": ["Coperti", "N. coperti"],
        "waiter": ["Cameriere", "Operatore"],
        "bill_number": ["Conto n.", "Preconto n."],
        "object": ["Riferimento: {}", "Causale: {}"],
        "original": ["Fattura di riferimento", "Storno fattura", "Rif. fattura n."],
        "reason": ["Causale: {}", "Motivo: {}"],
        "refund": ["Totale nota di credito", "Importo da rimborsare", "Totale storno"],
        "payment_link": ["Paga online: {}", "Link di pagamento: {}"],
        "sdi": ["Codice destinatario", "Codice SDI"],
        "pec": ["Casella PEC", "Indirizzo PEC"],
        "doc_type": ["Tipologia documento", "Tipo doc. (SdI)"],
        "courtesy": ["Copia di cortesia", "Copia analogica della fattura elettronica"],
    },
}

# ---------------------------------------------------------------------------
# Names, places, goods: written for this family
# ---------------------------------------------------------------------------

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
           "novembre", "dicembre"],
}
#: VAT rates per seller country: standard first.
COUNTRY_RATES = {"FR": ["20", "10", "5.5"], "IE": ["23", "13.5", "9"], "NL": ["21", "9"], "DE": ["19", "7"],
                 "ES": ["21", "10", "4"], "IT": ["22", "10", "4"]}
PLACES = {
    "FR": [("69007", "Lyon"), ("44200", "Nantes"), ("31400", "Toulouse"), ("67100", "Strasbourg"),
           ("13008", "Marseille"), ("35700", "Rennes"), ("59800", "Lille"), ("21000", "Dijon"),
           ("64100", "Bayonne"), ("86000", "Poitiers"), ("74000", "Annecy"), ("29200", "Brest")],
    "IE": [("D02 X285", "Dublin 2"), ("T12 R2NC", "Cork"), ("H91 E2K7", "Galway")],
    "NL": [("1017 CE", "Amsterdam"), ("3511 LN", "Utrecht"), ("2514 EA", "Den Haag")],
    "DE": [("10117", "Berlin"), ("80336", "München"), ("50672", "Köln"), ("04103", "Leipzig"), ("28203", "Bremen"),
           ("90402", "Nürnberg")],
    "ES": [("28014", "Madrid"), ("08013", "Barcelona"), ("46004", "Valencia"), ("41003", "Sevilla"),
           ("48008", "Bilbao"), ("50001", "Zaragoza")],
    "IT": [("20124", "Milano"), ("10128", "Torino"), ("40126", "Bologna"), ("50129", "Firenze"), ("80134", "Napoli"),
           ("35122", "Padova")],
}
STREETS = {
    "FR": ["rue du Faubourg Saint-Jean", "quai des Tanneurs", "allée des Peupliers", "impasse du Moulin",
           "route de la Corniche", "cours Mirabeau", "rue des Frères Lumière", "avenue de la Libération"],
    "IE": ["Harcourt Street", "Grand Parade", "Dock Road", "Baggot Street Upper"],
    "NL": ["Keizersgracht", "Oudegracht", "Lange Voorhout"],
    "DE": ["Friedrichstraße", "Lindwurmstraße", "Hohenzollernring", "Karl-Liebknecht-Straße", "Am Wall"],
    "ES": ["Calle de Atocha", "Carrer de Provença", "Avenida del Puerto", "Calle Feria", "Gran Vía"],
    "IT": ["Corso Buenos Aires", "Via Nizza", "Via dell'Indipendenza", "Viale Lavagnini", "Via Toledo"],
}
SURNAMES = {
    "FR": ["Rouvier", "Delmas", "Kermarrec", "Lacombe", "Vasseur", "Ferrand", "Marchal", "Texier", "Hamon",
           "Poulain", "Barbier", "Abiteboul", "Nguyen", "Carvalho"],
    "IE": ["Byrne", "Doyle", "Kavanagh", "Brennan", "Quinlan"],
    "NL": ["de Vries", "Bakker", "Visser", "Mulder"],
    "DE": ["Hartmann", "Vogt", "Brandt", "Kessler", "Seidel", "Ziegler", "Öztürk"],
    "ES": ["Navarro", "Ortega", "Serrano", "Molina", "Castro", "Iglesias"],
    "IT": ["Ferrara", "Lombardi", "Marchetti", "Rinaldi", "Galli", "Benedetti"],
}
GIVEN = {"FR": ["Margaux", "Bastien", "Clémence", "Yanis", "Élodie", "Grégoire"], "IE": ["Siobhán", "Eoin", "Orla"],
         "NL": ["Sanne", "Joost"], "DE": ["Katrin", "Jörg", "Anke"], "ES": ["Lucía", "Álvaro"],
         "IT": ["Chiara", "Matteo"]}
BRANDS = ["Quartzel", "Vendélys", "Orbitane", "Calypsio", "Tramontane", "Pixelnord", "Borealys", "Solvane",
          "Mistralia", "Kobalto", "Ondara", "Velvétia", "Granitek", "Nuvolis", "Aubépine", "Zéphirel"]
FORMS = {"FR": ["SAS", "SARL", "SA", "SASU", "EURL"], "IE": ["Ltd", "Limited", "DAC"], "NL": ["B.V."],
         "DE": ["GmbH", "AG", "GmbH & Co. KG", "e.K."], "ES": ["S.L.", "S.A."], "IT": ["S.r.l.", "S.p.A.", "S.n.c."]}
#: What each kind of issuer is called in its trade name, per country.
TRADE = {
    "goods": {"FR": ["Fournitures", "Distribution", "Équipements"], "IE": ["Supplies", "Trading"], "NL": ["Trading"],
              "DE": ["Handel", "Vertrieb"], "ES": ["Suministros", "Distribuciones"], "IT": ["Forniture", "Commerciale"]},
    "services": {"FR": ["Conseil", "Studio", "Informatique"], "IE": ["Consulting", "Digital"], "NL": ["Software"],
                 "DE": ["Beratung", "IT-Service"], "ES": ["Consultores", "Servicios"], "IT": ["Consulenze", "Servizi"]},
    "telecom": {"FR": ["Télécom", "Fibre"], "DE": ["Telekommunikation", "Netz"], "ES": ["Telecomunicaciones"],
                "IT": ["Telecomunicazioni"]},
    "water": {"FR": ["Eaux", "Eau et Assainissement"]},
    "garage": {"FR": ["Automobiles", "Garage"], "DE": ["Autohaus", "Kfz-Werkstatt"]},
    "building": {"FR": ["Bâtiment", "Rénovation", "Charpente"], "ES": ["Reformas", "Construcciones"],
                 "IT": ["Costruzioni", "Edilizia"]},
    "hotel": {"FR": ["Hôtel", "Hôtel & Spa"], "IE": ["Hotel"], "NL": ["Hotel"], "DE": ["Hotel"], "ES": ["Hotel"],
              "IT": ["Hotel", "Albergo"]},
    "food": {"FR": ["Brasserie", "Bistrot"], "ES": ["Restaurante", "Taberna"], "IT": ["Trattoria", "Ristorante"]},
}
BUYERS = ["Cabinet Vasseur Expertise", "Menuiserie du Lac", "Pharmacie des Tilleuls", "SCI Les Hauts de Vaise",
          "Transports Hamon Frères", "Ondine Communication", "Clinique vétérinaire du Parc", "Librairie La Dérive",
          "Fromagerie Lacombe", "Camping Les Oyats", "Atelier Kermarrec Design", "Chocolaterie Abiteboul",
          "Laboratoire Texier Analyses", "Cave coopérative de Saumur"]
BUYER_FORMS = ["SARL", "SAS", "", "SA", "EURL"]
#: Items per theme and language: (description, rate index in COUNTRY_RATES, price range).
ITEMS = {
    "goods": {
        "fr": [("Ramette papier A4 80 g", 0, (3, 9)), ("Cartouche toner noir", 0, (40, 120)), ("Chaise de bureau ergonomique", 0, (90, 450)),
               ("Lampe LED de bureau", 0, (15, 60)), ("Câble HDMI 2 m", 0, (5, 20)), ("Classeur à levier dos 8 cm", 0, (2, 6)),
               ("Café en grains 1 kg", 2, (12, 25)), ("Désinfectant surfaces 5 L", 0, (10, 30)), ("Écran 27 pouces", 0, (180, 420))],
        "en": [("Whiteboard markers (pack of 8)", 0, (4, 12)), ("USB-C docking station", 0, (80, 220)), ("Standing desk frame", 0, (250, 600)),
               ("Printer paper, 5 reams", 0, (15, 35)), ("Noise-cancelling headset", 0, (70, 260))],
        "de": [("Kopierpapier A4, 500 Blatt", 0, (3, 8)), ("Bürodrehstuhl", 0, (120, 480)), ("Tonerkassette schwarz", 0, (45, 130)),
               ("Ordner breit", 0, (2, 5)), ("Kaffeebohnen 1 kg", 1, (12, 24)), ("Netzwerkkabel Cat 6, 5 m", 0, (4, 15))],
        "es": [("Papel A4 80 g (caja)", 0, (18, 35)), ("Silla de oficina", 0, (90, 380)), ("Tóner negro", 0, (40, 110)),
               ("Archivador de palanca", 0, (2, 6)), ("Aceite de oliva virgen extra 5 L", 2, (25, 45)), ("Monitor 24 pulgadas", 0, (120, 260))],
        "it": [("Carta per fotocopie A4", 0, (3, 8)), ("Sedia ergonomica", 0, (110, 420)), ("Toner nero", 0, (40, 120)),
               ("Raccoglitore ad anelli", 0, (2, 6)), ("Caffè in grani 1 kg", 1, (12, 26)), ("Monitor 27 pollici", 0, (170, 390))],
    },
    "services": {
        "fr": [("Accompagnement à la clôture des comptes", 0, (400, 2500)), ("Développement d'un module de réservation", 0, (800, 6000)),
               ("Maintenance du parc informatique", 0, (150, 900)), ("Atelier de formation (demi-journée)", 0, (350, 900)),
               ("Rédaction de contenus web", 0, (120, 700)), ("Hébergement et sauvegarde mensuels", 0, (30, 180))],
        "en": [("Consulting day", 0, (500, 1200)), ("Website maintenance retainer", 0, (150, 900)), ("Cloud hosting – Pro plan", 0, (20, 400)),
               ("UX audit", 0, (900, 3500)), ("Additional seats", 0, (8, 30))],
        "de": [("Beratungsleistung (Tagessatz)", 0, (600, 1400)), ("Wartungsvertrag Server", 0, (120, 800)), ("Schulung vor Ort", 0, (400, 1500)),
               ("Softwarelizenz, jährlich", 0, (200, 2400))],
        "es": [("Asesoría contable mensual", 0, (90, 450)), ("Diseño de página web", 0, (600, 3000)), ("Mantenimiento informático", 0, (80, 500)),
               ("Curso de formación", 0, (200, 900))],
        "it": [("Consulenza fiscale", 0, (200, 1500)), ("Sviluppo software su misura", 0, (800, 5000)), ("Assistenza tecnica", 0, (80, 600)),
               ("Corso di formazione", 0, (250, 1200))],
    },
    "telecom": {
        "fr": [("Forfait mobile 100 Go", 0, (9, 25)), ("Abonnement fibre Pro", 0, (29, 69)), ("Option appels illimités international", 0, (5, 15)),
               ("Location du boîtier", 0, (3, 6)), ("Communications hors forfait", 0, (1, 20))],
        "de": [("Mobilfunktarif 50 GB", 0, (15, 40)), ("Glasfaser Business 500", 0, (39, 79)), ("Routermiete", 0, (3, 7)), ("Verbindungen Ausland", 0, (1, 15))],
        "es": [("Tarifa móvil 60 GB", 0, (12, 30)), ("Fibra 600 Mb empresas", 0, (30, 60)), ("Alquiler del router", 0, (3, 6)), ("Llamadas internacionales", 0, (1, 15))],
        "it": [("Offerta mobile 100 GB", 0, (8, 20)), ("Fibra FTTH Business", 0, (29, 59)), ("Noleggio modem", 0, (3, 6)), ("Traffico internazionale", 0, (1, 12))],
    },
    "garage": {
        "fr": [("Filtre à huile", 0, (8, 25)), ("Huile moteur 5W30 (L)", 0, (9, 16)), ("Plaquettes de frein AV", 0, (35, 90)),
               ("Disque de frein", 0, (40, 110)), ("Balai d'essuie-glace", 0, (10, 30)), ("Pneumatique 205/55 R16", 0, (60, 140))],
        "de": [("Ölfilter", 0, (8, 25)), ("Motoröl 5W-30 (l)", 0, (9, 16)), ("Bremsbeläge vorne", 0, (35, 90)), ("Bremsscheibe", 0, (40, 110)),
               ("Wischerblatt", 0, (10, 30))],
    },
    "building": {
        "fr": [("Dépose et évacuation de l'ancien carrelage", 1, (300, 1500)), ("Fourniture et pose de faïence murale (m²)", 1, (40, 80)),
               ("Remplacement du ballon d'eau chaude", 1, (900, 1800)), ("Isolation des combles (m²)", 2, (20, 45)),
               ("Menuiserie PVC double vitrage", 1, (450, 1200)), ("Peinture des murs et plafonds (m²)", 1, (18, 35))],
        "es": [("Demolición de alicatado", 1, (300, 1400)), ("Suministro y colocación de plato de ducha", 1, (400, 900)),
               ("Pintura plástica (m²)", 1, (8, 18)), ("Instalación eléctrica", 0, (700, 2500))],
        "it": [("Demolizione pavimento esistente", 1, (300, 1400)), ("Fornitura e posa di piastrelle (m²)", 1, (35, 70)),
               ("Tinteggiatura pareti (m²)", 1, (8, 18)), ("Impianto idraulico bagno", 1, (900, 2600))],
    },
    "hotel": {
        "fr": [("Petit déjeuner buffet", 1, (12, 24)), ("Bar de l'hôtel", 0, (6, 40)), ("Parking couvert", 0, (12, 25)), ("Dîner au restaurant", 1, (25, 70))],
        "en": [("Full Irish breakfast", 1, (14, 24)), ("Bar", 0, (6, 40)), ("Car park", 0, (10, 20))],
        "de": [("Frühstücksbuffet", 0, (14, 26)), ("Minibar", 0, (4, 20)), ("Tiefgarage", 0, (12, 25))],
        "es": [("Desayuno buffet", 1, (12, 22)), ("Minibar", 1, (5, 25)), ("Aparcamiento", 0, (12, 25))],
        "it": [("Colazione", 1, (10, 20)), ("Minibar", 1, (5, 25)), ("Garage", 0, (12, 25))],
    },
    "food": {
        "fr": [("Menu du jour", 1, (16, 29)), ("Entrecôte frites", 1, (19, 32)), ("Bouteille de Côtes-du-Rhône", 0, (22, 45)),
               ("Café gourmand", 1, (8, 12)), ("Eau minérale 75 cl", 1, (4, 7)), ("Verre de chablis", 0, (7, 11))],
        "es": [("Menú del día", 1, (12, 22)), ("Paella mixta (ración)", 1, (14, 22)), ("Botella de Rioja", 1, (18, 40)), ("Café solo", 1, (1, 3))],
        "it": [("Menu degustazione", 1, (35, 70)), ("Tagliatelle al ragù", 1, (12, 18)), ("Bottiglia di Chianti", 1, (18, 40)), ("Caffè espresso", 1, (1, 3))],
    },
}
SAAS_ITEMS = [("Pro plan – monthly", 0, (19, 99)), ("Team plan – annual", 0, (240, 1800)), ("Additional seats", 0, (8, 30)),
              ("API usage overage", 0, (5, 120)), ("Priority support add-on", 0, (29, 149))]
HOTEL_RATE = {"FR": 1, "IE": 1, "NL": 1, "DE": 1, "ES": 1, "IT": 1}
WATER_LINES = [("Abonnement eau potable (semestre)", "5.5"), ("Consommation eau potable", "5.5"),
               ("Redevance pour pollution de l'eau d'origine domestique", "5.5"), ("Assainissement collectif – part fixe", "10"),
               ("Assainissement collectif – consommation", "10"), ("Redevance modernisation des réseaux de collecte", "10")]
FONTS = ["DejaVu Sans Condensed", "Liberation Sans Narrow", "C059", "URW Gothic", "P052", "FreeSans", "Liberation Serif",
         "Nimbus Sans", "DejaVu Serif"]
INKS = ["#0b3c5d", "#8c1c13", "#245501", "#5b2a86", "#c05800", "#006d77", "#3d3d3d", "#9b2242"]
REASONS = {"fr": ["retour de marchandise", "erreur de prix", "geste commercial"],
           "en": ["returned goods", "pricing error", "goodwill credit"],
           "de": ["Warenrücksendung", "Preiskorrektur", "Kulanz"],
           "es": ["devolución de mercancía", "error en el precio", "bonificación comercial"],
           "it": ["reso merce", "errore di prezzo", "abbuono commerciale"]}
CARS = ["Peugeot 308 SW", "Renault Clio V", "Citroën Berlingo", "VW Golf VIII", "Toyota Yaris", "Dacia Duster"]


# ---------------------------------------------------------------------------
# Identifiers with valid keys
# ---------------------------------------------------------------------------


def siren_number(rng: random.Random) -> str:
    body = random_digits(rng, 8)
    return body + luhn.calc_check_digit(body)


def siret_number(siren: str, rng: random.Random) -> str:
    body = siren + f"{rng.randint(1, 99):04d}"
    return body + luhn.calc_check_digit(body)


def vat_number(country: str, rng: random.Random, siren: str | None = None) -> str:
    """A VAT number with a valid key for ``country`` (FR from the SIREN)."""
    if country == "FR":
        return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
    if country == "DE":
        body = random_digits(rng, 8)
        return "DE" + body + mod_11_10.calc_check_digit(body)
    if country == "ES":
        body = "B" + random_digits(rng, 7)
        return "ES" + body + cif.calc_check_digits(body)[0]
    if country == "IT":
        body = random_digits(rng, 7) + f"{rng.randint(1, 100):03d}"
        return "IT" + body + luhn.calc_check_digit(body)
    if country == "IE":
        body = random_digits(rng, 7)
        return "IE" + body + ie_vat.calc_check_digit(body)
    while True:  # NL: nine digits, eleven-test, then B01
        body = random_digits(rng, 8)
        last = sum(int(d) * w for d, w in zip(body, range(9, 1, -1), strict=True)) % 11
        if last < 10:
            return f"NL{body}{last}B01"


BANKS = {"FR": ["3000300", "1027800", "1820600", "4255900"], "DE": ["37040044", "10070000", "70020270"],
         "ES": ["21000418", "00491500", "01822370"], "IT": ["X0306909606", "X0200801633"], "IE": ["AIBK931152", "BOFI900017"],
         "NL": ["ABNA", "RABO", "INGB"]}
BICS = {"FR": ["SOGEFRPP", "CMCIFR2A", "AGRIFRPP839"], "DE": ["COBADEFFXXX", "DEUTDEBBXXX"], "ES": ["CAIXESBBXXX", "BBVAESMM"],
        "IT": ["BCITITMM", "UNCRITMM"], "IE": ["AIBKIE2D", "BOFIIE2D"], "NL": ["ABNANL2A", "RABONL2U"]}


def iban_number(country: str, rng: random.Random) -> str:
    bank = rng.choice(BANKS[country])
    if country == "FR":
        return str(IBAN.generate("FR", bank_code=bank + random_digits(rng, 3), account_code=random_digits(rng, 11)))
    if country == "IT":
        return str(IBAN.generate("IT", bank_code=bank[1:], account_code=random_digits(rng, 12)))
    if country in ("DE", "ES", "NL"):
        return str(IBAN.generate(country, bank_code=bank, account_code=random_digits(rng, 10)))
    return str(IBAN.generate(country, bank_code=bank, account_code=random_digits(rng, 8)))


# ---------------------------------------------------------------------------
# Amounts, dates, rates as printed
# ---------------------------------------------------------------------------

#: (thousands separator, decimal separator, pattern with the currency).
AMOUNT_STYLES = {
    "fr": [("\u202f", ",", "{} €"), (" ", ",", "{} €"), ("\u00a0", ",", "{} EUR"), (".", ",", "{} €"), ("", ",", "{}\u00a0€"),
           (" ", ",", "EUR {}")],
    "en": [(",", ".", "€{}"), (",", ".", "EUR {}"), (",", ".", "{} EUR"), ("", ".", "€ {}")],
    "de": [(".", ",", "{} €"), (".", ",", "{} EUR"), ("", ",", "EUR {}")],
    "es": [(".", ",", "{} €"), (".", ",", "{}€"), ("", ",", "{} EUR")],
    "it": [(".", ",", "€ {}"), (".", ",", "{} €"), (".", ",", "EUR {}")],
}


def amount(value: Decimal, style: tuple[str, str, str], *, currency: bool = True) -> str:
    """``value`` as printed in ``style`` (with the currency unless ``currency`` is false)."""
    thousands, decimal, pattern = style
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ("-" if value < 0 else "") + thousands.join([whole, *groups]) + decimal + cents
    return pattern.format(text) if currency else text


ABBR = {"fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
        "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]}
DATE_STYLES = {"fr": ["d/m/Y", "d/m/y", "words", "d.m.Y", "abbr", "d-m-Y", "Y-m-d"],
               "en": ["words", "us_words", "abbr_us", "d/m/Y", "Y-m-d"],
               "de": ["d.m.Y", "d.m.y", "words_de"],
               "es": ["d/m/Y", "words_es", "d-m-Y", "d/m/y"],
               "it": ["d/m/Y", "words", "d.m.Y", "d/m/y"]}


def date_text(day: dt.date, language: str, style: str) -> str:
    """``day`` as printed in ``style``."""
    month = MONTHS[language][day.month - 1]
    return {
        "d/m/Y": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "d/m/y": f"{day.day:02d}/{day.month:02d}/{day.year % 100:02d}",
        "d.m.Y": f"{day.day:02d}.{day.month:02d}.{day.year}",
        "d.m.y": f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}",
        "d-m-Y": f"{day.day:02d}-{day.month:02d}-{day.year}",
        "Y-m-d": day.isoformat(),
        "words": f"{'1er' if language == 'fr' and day.day == 1 else day.day} {month} {day.year}",
        "words_de": f"{day.day}. {month} {day.year}",
        "words_es": f"{day.day} de {month} de {day.year}",
        "us_words": f"{month} {day.day}, {day.year}",
        "abbr": f"{day.day:02d} {ABBR.get(language, ABBR['fr'])[day.month - 1]} {day.year}",
        "abbr_us": f"{ABBR['en'][day.month - 1]} {day.day}, {day.year}",
    }[style]


def rate_text(rate: str, language: str, variant: int) -> str:
    """A VAT rate as printed (``variant`` picks the shape)."""
    value = Decimal(rate)
    if language == "en":
        return f"{rate}%"
    comma = rate.replace(".", ",")
    return [f"{comma} %", f"{comma}%", f"{value:.2f}".replace(".", ",") + " %"][variant % 3]


#: Labels a few layouts add (kept apart to keep the table above readable).
_MORE_LABELS = {
    "fr": {"mandate": ["{} agit en tant que place de marché : cette facture est émise par le vendeur tiers, au nom et pour son compte."],
           "insurance": ["Assurance décennale : {} – contrat n° {}", "Garantie décennale souscrite auprès de {} (police {})"],
           "card": ["Réglé par carte bancaire", "Paiement CB reçu, merci"],
           "phone": ["Tél. standard", "Standard"],
           "hours": ["{} h à {}", "{} heure(s) × {}"],
           "reduced_vat": ["Taux réduit appliqué sur attestation du client (art. 279-0 bis du CGI)."]},
    "en": {"mandate": ["{} acts as a marketplace: this invoice is issued by the third-party seller in its own name."],
           "card": ["Paid by card", "Settled by card, thank you"], "phone": ["Tel no.", "Telephone no."]},
    "de": {"mandate": ["{} handelt als Marktplatz; diese Rechnung stellt der Drittanbieter in eigenem Namen aus."],
           "card": ["Bezahlt mit Karte", "Kartenzahlung erhalten"], "hours": ["{} Std. à {}", "{} AW × {}"]},
    "es": {"mandate": ["{} actúa como mercado en línea: esta factura la expide el vendedor externo en su nombre."],
           "insurance": ["Seguro de responsabilidad civil: {}, póliza {}"],
           "card": ["Pagado con tarjeta", "Cobrado con tarjeta"], "phone": ["Tfno.", "Teléfono de contacto"]},
    "it": {"mandate": ["{} opera come marketplace: la fattura è emessa dal venditore terzo in nome proprio."],
           "insurance": ["Polizza RC: {} n. {}"],
           "card": ["Pagato con carta", "Incassato con POS"], "phone": ["Tel no.", "Recapito telefonico"]},
}
for _language, _more in _MORE_LABELS.items():
    LABELS[_language].update(_more)

MARKETPLACES = ["Panierio", "Markado", "Achatéo", "Kaufhain", "Mercatello", "Compralia"]
INSURERS = ["Mutuelle du Bâtiment de l'Ouest", "Assurances Garonne", "Seguros Meridiano", "Assicurazioni Aurora"]

# ---------------------------------------------------------------------------
# The invoice
# ---------------------------------------------------------------------------

_THEME = {"grille_erp": "goods", "appli_facturation": "services", "commande_marketplace": "goods",
          "releve_operateur": "telecom", "regie_eau": "water", "ordre_reparation": "garage",
          "travaux_acompte": "building", "folio_hotel": "hotel", "note_restaurant": "food",
          "traitement_texte": "services", "paiement_carte_saas": "services", "brief_din5008": "services",
          "factura_pyme": "goods", "fattura_cortesia": "services", "avoir_retour": "goods"}
#: Layouts whose prices are printed taxes included (the base is derived per rate).
_GROSS_PRICED = ("commande_marketplace", "folio_hotel", "note_restaurant")
_NO_BANK = ("folio_hotel", "note_restaurant", "paiement_carte_saas", "commande_marketplace", "avoir_retour")


def _number(layout: str, language: str, rng: random.Random, day: dt.date, credit: bool) -> str:
    n, y, yy, mm = rng.randint(12, 98_000), day.year, day.year % 100, day.month
    if credit:
        return {"fr": f"AV{y}-{n % 10_000:04d}", "en": f"CN-{n:05d}", "de": f"GS-{y}-{n % 10_000:04d}",
                "es": f"R{y}/{n % 10_000:04d}", "it": f"NC {n % 1000}/{y}"}[language]
    letters = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2))
    shapes = {
        "grille_erp": [f"FA{yy:02d}{mm:02d}-{n:05d}", f"{n:08d}", f"F{yy:02d}{n:05d}"],
        "appli_facturation": [f"F-{y}-{n % 10_000:04d}", f"{y}-{n % 1000:03d}", f"INV-{y}{n % 10_000:04d}"],
        "commande_marketplace": [f"{letters}{yy:02d}{n:06d}", f"{letters[0]}{n:07d}{letters[1]}"],
        "releve_operateur": [f"{rng.randint(10 ** 9, 10 ** 10 - 1)}", f"{letters}{n:08d}"],
        "regie_eau": [f"{y}{n:08d}", f"E{yy:02d}-{n:07d}"],
        "ordre_reparation": [f"FC{n:06d}", f"{y}{mm:02d}{n % 1000:03d}"],
        "travaux_acompte": [f"{y}-{mm:02d}-{n % 1000:03d}", f"FT{yy:02d}{n % 10_000:04d}"],
        "folio_hotel": [f"{n:06d}", f"H{y}-{n:05d}"],
        "note_restaurant": [f"{y}{mm:02d}-{n % 10_000:04d}", f"N{n:06d}"],
        "traitement_texte": [f"{y}-{n % 1000:03d}", f"{n % 1000:03d}/{y}", f"{yy:02d}{mm:02d}{n % 100:02d}"],
        "paiement_carte_saas": [f"{rng.getrandbits(32):08X}-{n % 10_000:04d}"],
        "brief_din5008": [f"RE{y}{n:05d}", f"{y}/{n % 10_000:04d}", f"R-{n:06d}"],
        "factura_pyme": [f"{y}/{n % 10_000:04d}", f"A{yy:02d}-{n:05d}", f"FV{y}-{n % 10_000:04d}"],
        "fattura_cortesia": [f"{n % 1000}/{y}", f"{n % 1000}/FE", f"FPR {n % 1000}/{yy:02d}"],
        "avoir_retour": [f"{n:06d}"],
    }
    return rng.choice(shapes[layout])


def _party_name(theme: str, country: str, rng: random.Random, *, person: bool = False) -> tuple[str, str]:
    """(legal name as printed, brand shown in the logo)."""
    form = rng.choice(FORMS[country])
    surname = rng.choice(SURNAMES[country])
    if person:
        name = f"{rng.choice(GIVEN[country])} {surname}"
        return (f"{name} EI" if country == "FR" else name), surname
    brand = rng.choice(BRANDS)
    trade = rng.choice(TRADE.get(theme, TRADE["services"]).get(country) or TRADE["services"][country])
    shape = rng.randrange(4)
    if shape == 0:
        return f"{brand} {trade} {form}", brand
    if shape == 1:
        return f"{trade} {surname} {form}", f"{trade} {surname}"
    if shape == 2:
        return f"{form} {surname} & Associés" if country == "FR" else f"{surname} & Partner {form}", surname
    return f"{brand.upper()} {form}", brand


def _rate_of(country: str, index: int) -> str:
    rates = COUNTRY_RATES[country]
    return rates[min(index, len(rates) - 1)]


def make_invoice(seed: int, *, language: str | None = None, layout: str | None = None) -> Invoice:
    """The invoice of ``seed``: same seed, same invoice."""
    rng = random.Random(f"inedit-{seed}")
    if layout is None:
        language = language or rng.choices(LANGUAGES, WEIGHTS)[0]
        names = [name for name in LAYOUTS if language in LAYOUT_LANGUAGES[name]]
        layout = rng.choices(names, [LAYOUT_WEIGHTS.get(name, 1) for name in names])[0]
    elif language is None:
        language = rng.choice(LAYOUT_LANGUAGES[layout])
    if language not in LAYOUT_LANGUAGES[layout]:
        raise ValueError(f"{layout} is not issued in {language}")
    theme = _THEME[layout]
    country = {"fr": "FR", "de": "DE", "es": "ES", "it": "IT"}.get(language) or rng.choice(["IE", "IE", "NL"])
    issue = dt.date(2024, 1, 2) + dt.timedelta(days=rng.randint(0, 1050))
    credit = layout == "avoir_retour" or (layout in ("grille_erp", "appli_facturation") and rng.random() < 0.07)
    person = layout == "traitement_texte"
    exempt = not credit and ((layout == "traitement_texte" and country == "FR" and rng.random() < 0.5)
                             or (layout in ("brief_din5008", "fattura_cortesia") and rng.random() < 0.12))
    reverse = not exempt and not credit and (
        (layout == "paiement_carte_saas" and rng.random() < 0.5)
        or (country != "FR" and layout in ("appli_facturation", "brief_din5008", "factura_pyme", "fattura_cortesia",
                                           "grille_erp") and rng.random() < 0.2))
    legal_name, brand = _party_name(theme, country, rng, person=person)
    if layout == "regie_eau":
        legal_name, brand = rng.choice([(f"Société des Eaux de {rng.choice(PLACES['FR'])[1]} SAS", "Eaux"),
                                        (f"{rng.choice(BRANDS)} Eau et Assainissement SA", "Eau")])
    postcode, city = rng.choice(PLACES[country])
    siren = siren_number(rng) if country == "FR" else None
    vat_registered = not (exempt and country == "FR")
    seller = {
        "name": legal_name, "brand": brand, "street": f"{rng.randint(1, 180)} {rng.choice(STREETS[country])}"
        if country in ("FR", "IE", "NL") else f"{rng.choice(STREETS[country])} {rng.randint(1, 180)}",
        "postcode": postcode, "city": city, "country": country, "siren": siren,
        "siret": siret_number(siren, rng) if siren else None,
        "vat": vat_number(country, rng, siren) if vat_registered else None,
        "iban": iban_number(country, rng), "bic": rng.choice(BICS[country]),
        "capital": amount(Decimal(rng.choice([1000, 5000, 7500, 10000, 37000, 50000, 150000, 1200000])),
                          (" " if language == "fr" else ".", ",", "{}"), currency=False).removesuffix(",00"),
        "phone": {"FR": "0{} {:02d} {:02d} {:02d} {:02d}", "DE": "+49 {} {:02d}{:02d} {:02d}{:02d}",
                  "ES": "+34 9{} {:02d} {:02d} {:02d}{:02d}", "IT": "+39 0{} {:02d}{:02d}{:02d}{:02d}",
                  "IE": "+353 1 {}{:02d} {:02d}{:02d}{:02d}", "NL": "+31 20 {}{:02d} {:02d}{:02d}{:02d}"}[country].format(
            rng.randint(1, 5), *(rng.randint(0, 99) for _ in range(4))),
        "web": f"www.{_slug(brand)}.{country.lower() if country != 'IE' else 'ie'}",
        "email": f"{rng.choice(['factures', 'compta', 'billing', 'info', 'contact'])}@{_slug(brand)}.{'com' if country in ('IE', 'NL') else country.lower()}",
        "register": f"{rng.randint(10_000, 999_999)}", "naf": f"{rng.randint(10, 96)}{rng.randint(10, 99)}{rng.choice('ABCZ')}",
        "manager": f"{rng.choice(GIVEN[country])} {rng.choice(SURNAMES[country])}",
    }
    buyer_siren = siren_number(rng)
    buyer_form = rng.choice(BUYER_FORMS)
    bpost, bcity = rng.choice(PLACES["FR"])
    buyer = {"name": f"{rng.choice(BUYERS)} {buyer_form}".strip(), "street": f"{rng.randint(1, 90)} {rng.choice(STREETS['FR'])}",
             "postcode": bpost, "city": bcity, "country": "France", "vat": vat_number("FR", rng, buyer_siren),
             "code": rng.choice([f"C{rng.randint(100, 99999):05d}", f"411{rng.choice('ABCDEFGHKLMNPRST')}{rng.randint(100, 999)}",
                                 f"{rng.randint(10 ** 7, 10 ** 8 - 1)}"])}

    # Lines
    zero = exempt or reverse
    gross_priced = layout in _GROSS_PRICED
    if layout == "regie_eau":
        volume = rng.randint(18, 260)
        lines = []
        for desc, rate in WATER_LINES:
            qty = Decimal(1) if "fixe" in desc or "Abonnement" in desc else Decimal(volume)
            price = Decimal(rng.uniform(15, 45) if qty == 1 else rng.uniform(0.25, 2.4)).quantize(Decimal("0.0001"))
            lines.append({"desc": desc, "qty": qty, "price": price, "rate": rate, "disc": Decimal(0),
                          "amount": money(qty * price), "unit": "m³" if qty != 1 else ""})
        extras = {"volume": volume}
    else:
        extras = {}
        pool = ITEMS[theme][language] if language in ITEMS[theme] else ITEMS["services"][language]
        if layout == "paiement_carte_saas":
            pool = SAAS_ITEMS
        many = layout in ("grille_erp", "commande_marketplace", "avoir_retour", "fattura_cortesia") and rng.random() < 0.15
        count = rng.randint(28, 44) if many else rng.randint(1, min(7, len(pool) + 2))
        lines = []
        for _ in range(count):
            desc, index, (low, high) = rng.choice(pool)
            qty = Decimal(rng.choice([1, 1, 1, 2, 3, 5] if theme == "services" else [1, 1, 1, 2, 3, 4, 5, 6, 10, 12]))
            if theme in ("services", "garage") and rng.random() < 0.3:
                qty = Decimal(rng.choice(["0.5", "1.5", "2.25", "3.5", "7"]))
            price = Decimal(rng.uniform(low, high)).quantize(CENT)
            disc = Decimal(rng.choice([0, 0, 0, 5, 10, 15])) if layout == "grille_erp" and rng.random() < 0.3 else Decimal(0)
            rate = "0" if zero else _rate_of(country, index)
            lines.append({"desc": desc, "qty": qty, "price": price, "rate": rate, "disc": disc,
                          "amount": money(qty * price * (100 - disc) / 100), "unit": ""})
        if layout == "folio_hotel":
            nights = rng.randint(1, 4)
            arrival = issue - dt.timedelta(days=nights)
            room_price = Decimal(rng.uniform(79, 260)).quantize(CENT)
            for k in range(nights):
                lines.insert(k, {"desc": ("night", arrival + dt.timedelta(days=k)), "qty": Decimal(1), "price": room_price,
                                 "rate": _rate_of(country, HOTEL_RATE[country]), "disc": Decimal(0), "amount": room_price, "unit": ""})
            extras.update(arrival=arrival, room=rng.randint(101, 418))
        if layout == "ordre_reparation":
            hours = Decimal(rng.choice(["0.5", "1", "1.5", "2", "2.5", "3.2"]))
            hourly = Decimal(rng.choice(["62", "68.50", "74", "79.90", "85"]))
            lines.append({"desc": "labour", "qty": hours, "price": hourly, "rate": "0" if zero else _rate_of(country, 0),
                          "disc": Decimal(0), "amount": money(hours * hourly), "unit": "h"})
        if layout == "commande_marketplace" and rng.random() < 0.7:
            fee = Decimal(rng.choice(["4.99", "6.90", "9.90", "12.50"]))
            lines.append({"desc": "shipping", "qty": Decimal(1), "price": fee, "rate": "0" if zero else _rate_of(country, 0),
                          "disc": Decimal(0), "amount": fee, "unit": ""})
    for position, line in enumerate(lines, 1):
        line["ref"] = f"{rng.choice(['ART', 'REF', 'P', ''])}{rng.randint(100, 99999):05d}" if line["desc"] not in ("shipping", "labour") else ""
        line["pos"] = position

    by_rate: dict[str, Decimal] = {}
    for line in lines:
        by_rate[line["rate"]] = by_rate.get(line["rate"], Decimal(0)) + line["amount"]
    breakdown = []
    for rate in sorted(by_rate, key=Decimal, reverse=True):
        if gross_priced:
            base = money(by_rate[rate] * 100 / (100 + Decimal(rate)))
            breakdown.append((rate, base, by_rate[rate] - base))
        else:
            base = by_rate[rate]
            breakdown.append((rate, base, money(base * Decimal(rate) / 100)))
    ht = sum((b for _r, b, _t in breakdown), Decimal(0))
    tva = sum((t for _r, _b, t in breakdown), Decimal(0))
    ttc = ht + tva
    deposit = Decimal(0)
    deposit_day = None
    if (layout == "travaux_acompte" and rng.random() < 0.8) or (layout == "grille_erp" and not credit and rng.random() < 0.06):
        deposit = money(ttc * Decimal(rng.choice(["0.2", "0.3", "0.4"])))
        deposit_day = issue - dt.timedelta(days=rng.randint(10, 80))

    # Dates
    style = rng.choice(AMOUNT_STYLES[language])
    date_style = rng.choice(DATE_STYLES[language])
    if layout in ("folio_hotel", "note_restaurant", "paiement_carte_saas", "commande_marketplace"):
        due = None
    elif layout in ("releve_operateur", "regie_eau"):
        due = issue + dt.timedelta(days=rng.choice([10, 14, 15, 21]))
    elif layout == "ordre_reparation":
        due = issue if rng.random() < 0.3 else None
    else:
        days = rng.choice([0, 15, 30, 30, 45, 60])
        due = issue + dt.timedelta(days=days) if days and rng.random() < 0.85 else None

    if credit:  # a credit note is refunded or set off, it has no due date
        due = None
    number = _number(layout, language, rng, issue, credit)
    ctx = {
        "language": language, "layout": layout, "rng": rng, "labels": LABELS[language], "country": country,
        "style": style, "date_style": date_style, "rate_variant": rng.randrange(3), "number": number,
        "issue_day": issue, "due_day": due, "issue": date_text(issue, language, date_style),
        "due": date_text(due, language, date_style) if due else None, "seller": seller, "buyer": buyer,
        "lines": lines, "breakdown": breakdown, "ht": ht, "tva": tva, "ttc": ttc, "deposit": deposit,
        "deposit_day": date_text(deposit_day, language, date_style) if deposit_day else None,
        "credit": credit, "exempt": exempt, "reverse": reverse, "gross_priced": gross_priced,
        "font": rng.choice(FONTS), "size": rng.choice([8.5, 9, 9.5, 10, 10.5]), "ink": rng.choice(INKS),
        "logo_shape": rng.randrange(3), "terms_days": (due - issue).days if due else 0,
        "order": f"{rng.randint(100, 999)}-{rng.randint(10 ** 6, 10 ** 7 - 1)}-{rng.randint(10 ** 6, 10 ** 7 - 1)}"
        if layout == "commande_marketplace" else rng.choice([f"CMD{rng.randint(1000, 99999)}", f"BC-{issue.year}-{rng.randint(10, 999):03d}",
                                                             f"PO{rng.randint(10 ** 5, 10 ** 6 - 1)}"]),
        "order_day": date_text(issue - dt.timedelta(days=rng.randint(1, 20)), language, rng.choice(DATE_STYLES[language])),
        "delivery_day": date_text(issue - dt.timedelta(days=rng.randint(0, 6)), language, date_style),
        "quote": f"D{issue.year}-{rng.randint(10, 480):03d}", "contract": f"{rng.randint(10 ** 8, 10 ** 9 - 1)}",
        "original": _number("avoir_retour" if layout == "avoir_retour" else layout, language, rng, issue, False)
        if credit else None,
        "original_day": date_text(issue - dt.timedelta(days=rng.randint(5, 60)), language, date_style),
        **extras,
    }
    if layout == "avoir_retour":
        ctx["original"] = rng.choice([f"FA{issue.year % 100:02d}-{rng.randint(1000, 99999):05d}", f"{issue.year}-{rng.randint(100, 999)}",
                                      f"F{rng.randint(10 ** 5, 10 ** 6 - 1)}"])
    legal_name = seller["name"]
    truth = Truth(
        invoice_number=number, issue_date=issue.isoformat(), due_date=due.isoformat() if due else None,
        document_type_code="381" if credit else "380", currency="EUR", seller_name=legal_name,
        seller_siren=siren, seller_vat_id=seller["vat"], buyer_name=buyer["name"],
        total_without_tax=str(ht), total_tax=str(tva), total_with_tax=str(ttc),
        iban=None if layout in _NO_BANK else seller["iban"], language=language, layout=layout, part=PART, seed=seed,
        vat_rates=[r for r, _b, _t in breakdown], amount_due=str(ttc - deposit) if deposit else None,
    )
    body = RENDER[layout](ctx)
    invoice = Invoice(truth, {k: v for k, v in ctx.items() if k not in ("labels", "rng")})
    invoice.html = _document(ctx, body)
    return invoice


def _slug(text: str) -> str:
    import unicodedata

    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return "".join(c for c in folded if c.isalnum()) or "contact"


# ---------------------------------------------------------------------------
# Rendering helpers
# ---------------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape(str(value))


def _l(ctx: dict, key: str, *values: object) -> str:
    """A label of ``key`` (one of its wordings, drawn), filled with ``values``, escaped."""
    return _e(ctx["rng"].choice(ctx["labels"][key]).format(*values))


def _has(ctx: dict, key: str) -> bool:
    return key in ctx["labels"]


def _m(ctx: dict, value: Decimal, currency: bool = True) -> str:
    return _e(amount(value, ctx["style"], currency=currency))


def _r(ctx: dict, rate: str) -> str:
    return _e(rate_text(rate, ctx["language"], ctx["rate_variant"]))


def _qty(ctx: dict, value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return _e(text if ctx["style"][1] == "." else text.replace(".", ","))


def _price(ctx: dict, value: Decimal) -> str:
    if value == value.quantize(CENT):
        return _m(ctx, value, currency=False)
    text = f"{value:f}"
    return _e(text if ctx["style"][1] == "." else text.replace(".", ","))


def _desc(ctx: dict, line: dict) -> str:
    desc = line["desc"]
    if desc == "shipping":
        return _l(ctx, "shipping")
    if desc == "labour":
        return _l(ctx, "labour")
    if isinstance(desc, tuple):
        return _l(ctx, "night", date_text(desc[1], ctx["language"], ctx["date_style"]))
    return _e(desc)


def _title(ctx: dict, *, with_number: bool) -> str:
    """The document's title; with the number in it when ``with_number`` (else a title without it)."""
    options = ctx["labels"]["credit_title" if ctx["credit"] else "title"]
    fitting = [o for o in options if ("{}" in o) == with_number]
    if not fitting:
        return _e(ctx["rng"].choice(options).replace("{}", "")) + (f" {_e(ctx['number'])}" if with_number else "")
    return _e(ctx["rng"].choice(fitting).format(ctx["number"]))


def _number_label(ctx: dict) -> str:
    return _l(ctx, "credit_number" if ctx["credit"] else "number")


@functools.lru_cache(maxsize=64)
def _logo_uri(brand: str, ink: str, shape: int) -> str:
    """A PNG logo with the brand name drawn in it (an image: not in the text layer)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 56)
    width = int(font.getlength(brand)) + 150
    image = Image.new("RGB", (width, 110), "white")
    draw = ImageDraw.Draw(image)
    if shape == 0:
        draw.ellipse((8, 8, 102, 102), fill=ink)
        draw.text((55, 55), brand[0], font=font, fill="white", anchor="mm")
        draw.text((120, 55), brand, font=font, fill=ink, anchor="lm")
    elif shape == 1:
        draw.rounded_rectangle((4, 6, width - 4, 104), radius=22, fill=ink)
        draw.text((width // 2, 55), brand, font=font, fill="white", anchor="mm")
    else:
        draw.text((10, 48), brand, font=font, fill=ink, anchor="lm")
        draw.rectangle((10, 86, width - 60, 96), fill=ink)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _logo(ctx: dict, brand: str | None = None, height: str = "16mm") -> str:
    return (f'<img src="{_logo_uri(brand or ctx["seller"]["brand"], ctx["ink"], ctx["logo_shape"])}" '
            f'style="height:{height}" alt="">')


def _address(party: dict, *, name: bool = True, bold: bool = True) -> str:
    rows = [f"<b>{_e(party['name'])}</b>" if bold else _e(party["name"])] if name else []
    rows += [_e(party["street"]), _e(f"{party['postcode']} {party['city']}")]
    if party.get("country") == "France":
        rows.append("FRANCE")
    return "<br>".join(rows)


def _vat_shown(ctx: dict) -> str:
    """The seller's VAT number as this issuer prints it (grouped or not)."""
    vat = ctx["seller"]["vat"]
    if vat and vat.startswith("FR") and ctx["rng"].random() < 0.4:
        return f"FR {vat[2:4]} {grouped(vat[4:], 3)}"
    return vat or ""


def _iban_shown(ctx: dict) -> str:
    return grouped(ctx["seller"]["iban"]) if ctx["rng"].random() < 0.8 else ctx["seller"]["iban"]


def _legal(ctx: dict) -> str:
    """The legal footer of the seller's country (identifiers with their register)."""
    s, c = ctx["seller"], ctx["country"]
    parts = [f"<b>{_e(s['name'])}</b>"]
    if c == "FR":
        form = next((f for f in FORMS["FR"] if s["name"].endswith(" " + f) or s["name"].startswith(f + " ")), None)
        if form:
            parts.append(_l(ctx, "legal_form", form, s["capital"]))
            parts.append(_l(ctx, "rcs", s["city"], grouped(s["siren"], 3)))
        parts.append(_l(ctx, "siret", grouped(s["siret"][:9], 3) + " " + s["siret"][9:]))
        parts.append(_l(ctx, "naf", s["naf"]))
    elif c == "DE":
        parts.append(_l(ctx, "rcs", s["city"], s["register"]))
        parts.append(_l(ctx, "naf", s["manager"]))
    elif c == "ES":
        parts.append(_l(ctx, "rcs", s["city"], f"M-{s['register']}"))
        if s["vat"]:
            parts.append(_l(ctx, "siret", s["vat"][2:]))
    elif c == "IT":
        parts.append(_l(ctx, "rcs", s["city"], f"{s['city'][:2].upper()}-{s['register']}"))
        parts.append(_l(ctx, "legal_form", "", s["capital"]).strip(" –"))
    else:
        parts.append(_l(ctx, "rcs", s["city"], s["register"]))
    if s["vat"]:
        parts.append(_l(ctx, "vat_id", _vat_shown(ctx)))
    return " – ".join(p for p in parts if p)


def _bank(ctx: dict) -> str:
    s = ctx["seller"]
    return f"{_l(ctx, 'bank')} : IBAN {_e(_iban_shown(ctx))} – BIC {_e(s['bic'])}"


def _terms(ctx: dict) -> str:
    if ctx["due"] is None:
        return f"{_l(ctx, 'terms')} : {_l(ctx, 'on_receipt')}"
    days = ctx["terms_days"]
    return f"{_l(ctx, 'terms')} : {_l(ctx, 'terms_value', days)}"


def _mentions(ctx: dict) -> str:
    out = []
    if ctx["exempt"]:
        out.append(_l(ctx, "exempt"))
    if ctx["reverse"]:
        out.append(_l(ctx, "reverse"))
        out.append(f"{_l(ctx, 'buyer_vat')} : {_e(ctx['buyer']['vat'])}")
    return "<br>".join(out)


def _lines_table(ctx: dict, columns: list[str], *, cls: str = "lines") -> str:
    """The lines as a table of ``columns`` (ref, desc, qty, unit, price, disc, amount, rate, code, gross, pos)."""
    header = {"ref": "col_ref", "desc": "col_desc", "qty": "col_qty", "unit": "col_unit", "price": "col_price",
              "disc": "col_disc", "amount": "col_amount", "rate": "col_rate", "code": "col_code",
              "gross": "col_ttc", "unit_gross": "unit_ttc", "pos": "col_ref"}
    codes = {rate: str(i + 1) for i, (rate, _b, _t) in enumerate(ctx["breakdown"])}
    heads = "".join(f"<th class='{c}'>{_l(ctx, header[c])}</th>" for c in columns)
    body = []
    for line in ctx["lines"]:
        cells = {"ref": _e(line["ref"]), "desc": _desc(ctx, line), "qty": _qty(ctx, line["qty"]), "unit": _e(line["unit"]),
                 "price": _price(ctx, line["price"]), "disc": _qty(ctx, line["disc"]) if line["disc"] else "",
                 "amount": _m(ctx, line["amount"], currency=False), "rate": _r(ctx, line["rate"]),
                 "code": codes[line["rate"]], "gross": _m(ctx, line["amount"], currency=False),
                 "unit_gross": _price(ctx, line["price"]), "pos": str(line["pos"])}
        body.append("<tr>" + "".join(f"<td class='{c}'>{cells[c]}</td>" for c in columns) + "</tr>")
    return f"<table class='{cls}'><thead><tr>{heads}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _recap(ctx: dict, *, code: bool = False, gross: bool = False) -> str:
    """The VAT breakdown: one row per rate (base, rate, tax; code and gross when asked)."""
    heads = ([_l(ctx, "col_code")] if code else []) + [_l(ctx, "col_base"), _l(ctx, "col_rate"), _l(ctx, "col_tax")]
    if gross:
        heads.append(_l(ctx, "col_ttc"))
    rows = []
    for i, (rate, base, tax) in enumerate(ctx["breakdown"]):
        cells = ([str(i + 1)] if code else []) + [_m(ctx, base, False), _r(ctx, rate), _m(ctx, tax, False)]
        if gross:
            cells.append(_m(ctx, base + tax, False))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return ("<table class='recap'><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>" + "".join(rows) + "</table>")


def _total_rows(ctx: dict, *, per_rate: bool | None = None, gross_key: str = "gross") -> list[tuple[str, str, bool]]:
    """(label, amount, strong) for the totals: net, VAT (per rate or in one), gross, deposit and balance."""
    rng = ctx["rng"]
    per_rate = rng.random() < 0.5 if per_rate is None else per_rate
    rows = [(_l(ctx, "net"), _m(ctx, ctx["ht"]), False)]
    if per_rate and not (ctx["exempt"] or ctx["reverse"]):
        rows += [(_l(ctx, "vat_rate", rate_text(rate, ctx["language"], ctx["rate_variant"])), _m(ctx, tax), False)
                 for rate, _base, tax in ctx["breakdown"]]
        if len(ctx["breakdown"]) > 1:
            rows.append((_l(ctx, "vat_total"), _m(ctx, ctx["tva"]), False))
    else:
        rows.append((_l(ctx, "vat_total"), _m(ctx, ctx["tva"]), False))
    rows.append((_l(ctx, gross_key), _m(ctx, ctx["ttc"]), True))
    if ctx["deposit"]:
        rows.append((_l(ctx, "deposit", ctx["deposit_day"]), _m(ctx, -ctx["deposit"]), False))
        rows.append((_l(ctx, "balance"), _m(ctx, ctx["ttc"] - ctx["deposit"]), True))
    return rows


def _totals(ctx: dict, rows: list[tuple[str, str, bool]] | None = None, *, cls: str = "totals") -> str:
    rows = rows if rows is not None else _total_rows(ctx)
    return f"<table class='{cls}'>" + "".join(
        f"<tr class='{'strong' if strong else ''}'><td>{label}</td><td class='num'>{value}</td></tr>"
        for label, value, strong in rows) + "</table>"


def _pairs(rows: list[tuple[str, str]], cls: str = "meta") -> str:
    return f"<table class='{cls}'>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _document(ctx: dict, body: str) -> str:
    """The HTML page around ``body``: font, size, ink, margins, and a page counter on some layouts."""
    rng = ctx["rng"]
    counter = ""
    if ctx["layout"] in ("grille_erp", "commande_marketplace", "avoir_retour", "fattura_cortesia", "releve_operateur") \
            or rng.random() < 0.3:
        page = html.unescape(_l(ctx, "page"))
        counter = f"@bottom-right {{ content: {_css_string(page + ' ')} counter(page) \"/\" counter(pages); font-size: 7.5pt; }}"
    ink = ctx["ink"]
    return f"""<!DOCTYPE html><html lang="{ctx['language']}"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: {rng.choice(['14mm 15mm 18mm', '18mm 20mm 22mm', '12mm 12mm 16mm'])}; {counter} }}
body {{ font-family: '{ctx['font']}'; font-size: {ctx['size']}pt; color: #1e1e1e; }}
table {{ border-collapse: collapse; }}
th {{ text-align: left; }}
.lines {{ width: 100%; margin: 4mm 0; }}
.lines th {{ background: {ink}; color: white; padding: 1.2mm 1.5mm; font-weight: bold; }}
.lines td {{ padding: 1mm 1.5mm; border-bottom: 0.3pt solid #bbb; }}
.lines td.qty, .lines td.price, .lines td.amount, .lines td.gross, .lines td.unit_gross, .lines td.disc {{ text-align: right; }}
.recap th, .recap td {{ border: 0.4pt solid #888; padding: 0.8mm 2mm; text-align: right; }}
.totals {{ margin-left: auto; min-width: 70mm; }}
.totals td {{ padding: 0.8mm 2mm; }}
.totals td.num {{ text-align: right; white-space: nowrap; }}
.totals tr.strong td {{ font-weight: bold; border-top: 0.8pt solid {ink}; font-size: 1.1em; }}
.meta th {{ font-weight: normal; color: #555; padding: 0.5mm 3mm 0.5mm 0; }}
.meta td {{ font-weight: bold; padding: 0.5mm 0; }}
.small {{ font-size: 7pt; color: #444; }}
.legal {{ font-size: 6.8pt; color: #555; border-top: 0.4pt solid #aaa; margin-top: 6mm; padding-top: 1.5mm; text-align: center; }}
.ink {{ color: {ink}; }}
</style></head><body>{body}</body></html>"""


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


def _layout_grille_erp(ctx: dict) -> str:
    """Accounting-software output (Sage/EBP/Cegid-like): a reference grid under the title, coded VAT recap."""
    rng, s = ctx["rng"], ctx["seller"]
    grid_heads = [_number_label(ctx), _l(ctx, "date"), _l(ctx, "customer")]
    grid_values = [_e(ctx["number"]), _e(ctx["issue"]), _e(ctx["buyer"]["code"])]
    if ctx["due"] and rng.random() < 0.6:
        grid_heads.append(_l(ctx, "due"))
        grid_values.append(_e(ctx["due"]))
        due_line = ""
    else:
        due_line = f"<p>{_l(ctx, 'due')} : <b>{_e(ctx['due'])}</b></p>" if ctx["due"] else ""
    columns = ["ref", "desc", "qty", "price"] + (["disc"] if any(line["disc"] for line in ctx["lines"]) else []) + ["amount", "code"]
    grid = ("<table class='recap' style='width:100%;margin:3mm 0'><tr>" + "".join(f"<th style='text-align:center'>{h}</th>" for h in grid_heads)
            + "</tr><tr>" + "".join(f"<td style='text-align:center'>{v}</td>" for v in grid_values) + "</tr></table>")
    return f"""
<table style="width:100%"><tr><td style="width:55%;vertical-align:top">{_logo(ctx)}<br><b>{_e(s['name'])}</b><br>{_e(s['street'])}<br>
{_e(s['postcode'])} {_e(s['city'])}<br>{_l(ctx, 'phone') if _has(ctx, 'phone') else ''} {_e(s['phone'])}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:20pt;font-weight:bold" class="ink">{_title(ctx, with_number=False)}</div></td></tr></table>
{grid}
<table style="width:100%"><tr><td style="width:50%;vertical-align:top" class="small">{_l(ctx, 'order')} : {_e(ctx['order'])}<br>
{_l(ctx, 'delivery')} : {_e(ctx['delivery_day'])}</td>
<td style="border:0.6pt solid #444;padding:3mm;vertical-align:top">{_l(ctx, 'buyer')}<br>{_address(ctx['buyer'])}</td></tr></table>
{_lines_table(ctx, columns)}
<table style="width:100%"><tr><td style="vertical-align:top">{_recap(ctx, code=True)}<p class="small">{_mentions(ctx)}</p></td>
<td style="vertical-align:top">{_totals(ctx, _total_rows(ctx, per_rate=False, gross_key=rng.choice(['gross', 'to_pay'])) if not ctx['deposit'] else None)}</td></tr></table>
{due_line}<p class="small">{_terms(ctx)}<br>{_bank(ctx)}<br>{_l(ctx, 'penalties')}</p>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_appli_facturation(ctx: dict) -> str:
    """A modern billing app (Pennylane/Axonaut/Sellsy-like): number in the title, key facts in a right column."""
    rng, s = ctx["rng"], ctx["seller"]
    meta = [(_l(ctx, "date"), _e(ctx["issue"]))]
    if ctx["due"]:
        meta.append((_l(ctx, "due"), _e(ctx["due"])))
    meta.append((_l(ctx, "customer"), _e(ctx["buyer"]["code"])))
    if ctx["credit"]:
        meta.append((_l(ctx, "original"), _e(ctx["original"])))
    elif rng.random() < 0.5:
        meta.append((_l(ctx, "quote"), _e(ctx["quote"])))
    rng.shuffle(meta) if rng.random() < 0.3 else None
    link = f"https://pay.{_slug(s['brand'])}.app/i/{rng.getrandbits(40):010x}"
    return f"""
<table style="width:100%"><tr><td>{_logo(ctx, height='13mm')}</td>
<td style="text-align:right" class="small"><b>{_e(s['name'])}</b><br>{_e(s['street'])}, {_e(s['postcode'])} {_e(s['city'])}<br>{_e(s['email'])}</td></tr></table>
<h1 class="ink" style="font-size:19pt;margin:8mm 0 4mm">{_title(ctx, with_number=True)}</h1>
<table style="width:100%"><tr><td style="width:55%;vertical-align:top"><span class="small">{_l(ctx, 'buyer')}</span><br>{_address(ctx['buyer'])}</td>
<td style="vertical-align:top">{_pairs(meta)}</td></tr></table>
{_lines_table(ctx, ['desc', 'qty', 'price', 'rate', 'amount'])}
{_totals(ctx)}
<p class="small">{_mentions(ctx)}</p>
<p>{_terms(ctx)}<br>{_bank(ctx)}<br>{_l(ctx, 'payment_link', link)}</p>
<p class="small">{_l(ctx, 'penalties')}</p>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_commande_marketplace(ctx: dict) -> str:
    """A marketplace page: order and invoice on one page, the third-party seller issues the invoice."""
    rng, s = ctx["rng"], ctx["seller"]
    platform = rng.choice(MARKETPLACES)
    facts = [(_l(ctx, "order"), _e(ctx["order"])), (_l(ctx, "order_date"), _e(ctx["order_day"])),
             (_number_label(ctx), _e(ctx["number"])), (_l(ctx, "date"), _e(ctx["issue"])),
             (_l(ctx, "delivery"), _e(ctx["delivery_day"]))]
    return f"""
<table style="width:100%"><tr><td>{_logo(ctx, platform, '12mm')}</td><td style="text-align:right;font-size:14pt"><b>{_l(ctx, 'marketplace_head')}</b></td></tr></table>
<table style="width:100%;margin-top:5mm"><tr><td style="width:50%;vertical-align:top">{_pairs(facts)}</td>
<td style="vertical-align:top;border:0.5pt solid #999;padding:2mm"><span class="small">{_l(ctx, 'sold_by')}</span><br>{_address(s)}<br>
{_l(ctx, 'vat_id', _vat_shown(ctx)) if s['vat'] else ''}</td></tr></table>
<table style="width:100%;margin-top:4mm"><tr><td style="width:50%;vertical-align:top"><span class="small">{_l(ctx, 'buyer')}</span><br>{_address(ctx['buyer'])}</td>
<td style="vertical-align:top"><span class="small">{_l(ctx, 'ship_to')}</span><br>{_address(ctx['buyer'], bold=False)}</td></tr></table>
{_lines_table(ctx, ['desc', 'qty', 'unit_gross', 'rate', 'gross'])}
<table style="width:100%"><tr><td style="vertical-align:top">{_recap(ctx, gross=True)}</td>
<td style="vertical-align:top">{_totals(ctx, _total_rows(ctx, per_rate=False))}</td></tr></table>
<p class="small">{_mentions(ctx)}</p>
<p class="small">{_l(ctx, 'mandate', platform)}</p>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_releve_operateur(ctx: dict) -> str:
    """A telecom bill: brand logo, account facts, the amount debited, the detail, a legal footer."""
    rng, s = ctx["rng"], ctx["seller"]
    start = ctx["issue_day"].replace(day=1) - dt.timedelta(days=1)
    period = _l(ctx, "period", date_text(start.replace(day=1), ctx["language"], ctx["date_style"]),
                date_text(start, ctx["language"], ctx["date_style"]))
    phone = f"0{rng.choice([6, 7])} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    facts = [(_number_label(ctx), _e(ctx["number"])), (_l(ctx, "date"), _e(ctx["issue"])),
             (_l(ctx, "customer"), _e(ctx["buyer"]["code"])), (_l(ctx, "contract"), _e(ctx["contract"])),
             (_l(ctx, "line_number"), _e(phone))]
    return f"""
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx, height='18mm')}</td>
<td style="vertical-align:top;background:#f1f1f1;padding:3mm;width:48%">{_pairs(facts)}</td></tr></table>
<table style="width:100%;margin-top:6mm"><tr><td style="width:50%;vertical-align:top;border:1.5pt solid {ctx['ink']};padding:3mm">
<div style="font-size:9pt">{_l(ctx, 'to_pay')}</div><div style="font-size:20pt;font-weight:bold" class="ink">{_m(ctx, ctx['ttc'])}</div>
<div>{_l(ctx, 'debit', ctx['due'])}</div></td>
<td style="padding-left:12mm;vertical-align:top">{_address(ctx['buyer'])}</td></tr></table>
<p><b>{period}</b></p>
{_lines_table(ctx, ['desc', 'qty', 'price', 'amount'])}
{_totals(ctx, _total_rows(ctx, per_rate=True))}
<p class="small">{_bank(ctx)}</p>
<div class="legal">{_legal(ctx)} – {_e(s['street'])}, {_e(s['postcode'])} {_e(s['city'])}</div>"""


def _layout_regie_eau(ctx: dict) -> str:
    """A water bill: meter and readings, water and sanitation lines at two rates, pay-before date."""
    rng, s = ctx["rng"], ctx["seller"]
    old = rng.randint(100, 4000)
    meter = f"{rng.choice(['A', 'I', 'D'])}{rng.randint(10, 24)}{rng.choice('ABCDEFG')}{rng.randint(100000, 999999)}"
    facts = [(_l(ctx, "water_ref"), _e(ctx["number"])), (_l(ctx, "water_date"), _e(ctx["issue"])),
             (_l(ctx, "subscriber"), _e(ctx["buyer"]["code"])), (_l(ctx, "supply_point"), _e(ctx["contract"])),
             (_l(ctx, "meter"), _e(meter))]
    return f"""
<table style="width:100%"><tr><td>{_logo(ctx, height='15mm')}<br><b>{_e(s['name'])}</b><br>{_e(s['street'])}<br>{_e(s['postcode'])} {_e(s['city'])}</td>
<td style="vertical-align:top">{_pairs(facts)}</td></tr></table>
<div style="margin:8mm 0 4mm 50%">{_address(ctx['buyer'])}</div>
<p>{_l(ctx, 'index', old, old + ctx['volume'])} – {_l(ctx, 'consumption', ctx['volume'])}</p>
{_lines_table(ctx, ['desc', 'qty', 'unit', 'price', 'rate', 'amount'])}
<table style="width:100%"><tr><td style="vertical-align:top">{_recap(ctx)}</td><td>{_totals(ctx, _total_rows(ctx, per_rate=False))}</td></tr></table>
<p style="border:1pt solid #333;padding:2mm;font-size:11pt">{_l(ctx, 'due')} <b>{_e(ctx['due'])}</b> : <b>{_m(ctx, ctx['ttc'])}</b></p>
<p class="small">{_bank(ctx)}</p>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_ordre_reparation(ctx: dict) -> str:
    """A car-repair invoice: vehicle box (plate, mileage, date in), parts then labour, paid on collection."""
    rng, s = ctx["rng"], ctx["seller"]
    plate = f"{rng.choice('ABCDEFGHJKLMN')}{rng.choice('ABCDEFGHJKLMN')}-{rng.randint(100, 999)}-{rng.choice('ABCDEFGHJKLMN')}{rng.choice('PQRSTVWXYZ')}"
    if ctx["country"] == "DE":
        plate = f"{rng.choice(['B', 'M', 'K', 'L', 'HB', 'N'])}-{rng.choice('ABCDEFGHJKLMN')}{rng.choice('ABCDEFGHJKLMN')} {rng.randint(10, 9999)}"
    entered = date_text(ctx["issue_day"] - dt.timedelta(days=rng.randint(0, 4)), ctx["language"], ctx["date_style"])
    vehicle = [(_l(ctx, "repair_order"), f"{rng.randint(10000, 99999)}"), (_l(ctx, "vehicle"), _e(rng.choice(CARS))),
               (_l(ctx, "plate"), _e(plate)), (_l(ctx, "mileage"), f"{rng.randint(5000, 240000):,} km".replace(",", " ")),
               (_l(ctx, "entered"), _e(entered))]
    head = [(_number_label(ctx), _e(ctx["number"])), (_l(ctx, "date"), _e(ctx["issue"]))]
    if ctx["due"]:
        head.append((_l(ctx, "due"), _e(ctx["due"])))
    return f"""
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}<br><b>{_e(s['name'])}</b><br>{_e(s['street'])}<br>
{_e(s['postcode'])} {_e(s['city'])}<br>{_e(s['phone'])}</td>
<td style="vertical-align:top"><div style="font-size:16pt;font-weight:bold">{_title(ctx, with_number=False)}</div>{_pairs(head)}</td></tr></table>
<table style="width:100%;margin:5mm 0"><tr><td style="width:50%;border:0.6pt solid #777;padding:2mm;vertical-align:top">{_pairs(vehicle)}</td>
<td style="padding-left:8mm;vertical-align:top">{_address(ctx['buyer'])}</td></tr></table>
{_lines_table(ctx, ['ref', 'desc', 'qty', 'unit', 'price', 'amount'])}
{_totals(ctx, _total_rows(ctx, per_rate=True))}
<p class="small">{_terms(ctx)}<br>{_bank(ctx)}</p>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_travaux_acompte(ctx: dict) -> str:
    """A building-trade invoice: site address, accepted quote, several VAT rates, the deposit deducted."""
    rng, s = ctx["rng"], ctx["seller"]
    site = f"{rng.randint(1, 60)} {rng.choice(STREETS['FR' if ctx['country'] == 'FR' else ctx['country']])}, {ctx['buyer']['city']}"
    quote_day = date_text(ctx["issue_day"] - dt.timedelta(days=rng.randint(30, 120)), ctx["language"], ctx["date_style"])
    insurance = _l(ctx, "insurance", rng.choice(INSURERS), rng.randint(10 ** 6, 10 ** 7)) if _has(ctx, "insurance") else ""
    reduced = _l(ctx, "reduced_vat") if _has(ctx, "reduced_vat") and len(ctx["breakdown"]) > 1 else ""
    head = [(_number_label(ctx), _e(ctx["number"])), (_l(ctx, "date"), _e(ctx["issue"]))]
    if ctx["due"]:
        head.append((_l(ctx, "due"), _e(ctx["due"])))
    return f"""
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}<br><b>{_e(s['name'])}</b><br>{_e(s['street'])}<br>{_e(s['postcode'])} {_e(s['city'])}</td>
<td style="vertical-align:top;padding-top:20mm">{_address(ctx['buyer'])}</td></tr></table>
<h2 class="ink">{_l(ctx, 'works_title')}</h2>
{_pairs(head)}
<p>{_l(ctx, 'site')} : {_e(site)}<br>{_l(ctx, 'quote')} {_e(ctx['quote'])} – {_e(quote_day)}</p>
{_lines_table(ctx, ['desc', 'qty', 'price', 'rate', 'amount'])}
<table style="width:100%"><tr><td style="vertical-align:top">{_recap(ctx)}</td><td>{_totals(ctx, _total_rows(ctx, per_rate=False))}</td></tr></table>
<p class="small">{reduced}<br>{_mentions(ctx)}<br>{insurance}</p>
<p class="small">{_terms(ctx)}<br>{_bank(ctx)}<br>{_l(ctx, 'penalties')}</p>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_folio_hotel(ctx: dict) -> str:
    """A hotel folio: guest and stay facts, one line per night and extras (prices with taxes), card payment."""
    rng, s = ctx["rng"], ctx["seller"]
    lang = ctx["language"]
    facts = [(_l(ctx, "folio"), f"{rng.randint(10000, 99999)}"), (_l(ctx, "room"), str(ctx["room"])),
             (_l(ctx, "arrival"), _e(date_text(ctx["arrival"], lang, ctx["date_style"]))),
             (_l(ctx, "departure"), _e(ctx["issue"] if rng.random() < 0.5 else date_text(ctx["issue_day"], lang, ctx["date_style"]))),
             (_number_label(ctx), _e(ctx["number"])), (_l(ctx, "date"), _e(ctx["issue"]))]
    guest = f"{rng.choice(GIVEN['FR'])} {rng.choice(SURNAMES['FR'])}"
    return f"""
<div style="text-align:center">{_logo(ctx, height='20mm')}<br><b>{_e(s['name'])}</b><br>{_e(s['street'])} · {_e(s['postcode'])} {_e(s['city'])} · {_e(s['phone'])}</div>
<table style="width:100%;margin-top:8mm"><tr><td style="width:50%;vertical-align:top">{_l(ctx, 'guest')} : {_e(guest)}<br><br>{_address(ctx['buyer'])}</td>
<td style="vertical-align:top">{_pairs(facts)}</td></tr></table>
<h3>{_title(ctx, with_number=False)}</h3>
{_lines_table(ctx, ['desc', 'qty', 'unit_gross', 'rate', 'gross'])}
<table style="width:100%"><tr><td style="vertical-align:top">{_recap(ctx, gross=True)}</td><td>{_totals(ctx, _total_rows(ctx, per_rate=False, gross_key='gross'))}</td></tr></table>
<p>{_l(ctx, 'card')} – {_m(ctx, ctx['ttc'])}</p>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_note_restaurant(ctx: dict) -> str:
    """A restaurant bill asked as an invoice: a narrow column, table and covers, prices with taxes."""
    rng, s = ctx["rng"], ctx["seller"]
    hour = f"{rng.randint(12, 22)}:{rng.randint(0, 59):02d}"
    rows = "".join(f"<tr><td>{_qty(ctx, line['qty'])}</td><td>{_desc(ctx, line)}</td><td class='num'>{_m(ctx, line['amount'], False)}</td></tr>"
                   for line in ctx["lines"])
    vat = "".join(f"<tr><td>{_r(ctx, rate)}</td><td class='num'>{_m(ctx, base, False)}</td><td class='num'>{_m(ctx, tax, False)}</td></tr>"
                  for rate, base, tax in ctx["breakdown"])
    return f"""
<div style="width:95mm;margin:0 auto;text-align:center">{_logo(ctx, height='14mm')}<br><b>{_e(s['name'])}</b><br>{_e(s['street'])}<br>{_e(s['postcode'])} {_e(s['city'])}<br>
{_e(s['phone'])}</div>
<div style="width:95mm;margin:6mm auto">
<div style="text-align:center;font-size:13pt"><b>{_title(ctx, with_number=False)}</b></div>
{_pairs([(_number_label(ctx), _e(ctx['number'])), (_l(ctx, 'date'), f"{_e(ctx['issue'])} {hour}"),
         (_l(ctx, 'bill_number'), str(rng.randint(100, 9999))), (_l(ctx, 'table'), str(rng.randint(1, 40))),
         (_l(ctx, 'covers'), str(rng.randint(1, 12))), (_l(ctx, 'waiter'), _e(rng.choice(GIVEN['FR'])))])}
<p>{_l(ctx, 'buyer')} : <b>{_e(ctx['buyer']['name'])}</b><br>{_e(ctx['buyer']['street'])}, {_e(ctx['buyer']['postcode'])} {_e(ctx['buyer']['city'])}</p>
<table style="width:100%;border-top:1pt dashed #333;border-bottom:1pt dashed #333">{rows}</table>
<table style="width:100%" class="small"><tr><th>{_l(ctx, 'col_rate')}</th><th>{_l(ctx, 'col_base')}</th><th>{_l(ctx, 'col_tax')}</th></tr>{vat}</table>
{_totals(ctx, _total_rows(ctx, per_rate=False))}
<p>{_l(ctx, 'card')}</p></div>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_traitement_texte(ctx: dict) -> str:
    """A freelancer's word-processor invoice: plain serif, « made at …, on … », a simple grid, exemption mention."""
    rng, s = ctx["rng"], ctx["seller"]
    ctx["font"] = rng.choice(["Liberation Serif", "C059", "DejaVu Serif"])
    ident = (_l(ctx, "siret", grouped(s["siret"][:9], 3) + " " + s["siret"][9:]) if s["siret"]
             else _l(ctx, "rcs", s["city"], s["register"]))
    vat = f"<br>{_l(ctx, 'vat_id', _vat_shown(ctx))}" if s["vat"] else ""
    object_line = _l(ctx, "object", ctx["lines"][0]["desc"].lower())
    rows = "".join(f"<tr><td>{_desc(ctx, line)}</td><td>{_qty(ctx, line['qty'])}</td><td>{_price(ctx, line['price'])}</td>"
                   f"<td>{_m(ctx, line['amount'])}</td></tr>" for line in ctx["lines"])
    made = f"{_l(ctx, 'made_at', s['city'])} {_e(ctx['issue'])}"
    if rng.random() < 0.4:
        made = f"{_l(ctx, 'date')} : {_e(ctx['issue'])}"
    due = f"<p>{_l(ctx, 'due')} : {_e(ctx['due'])}</p>" if ctx["due"] else ""
    return f"""
<p>{_e(s['name'])}<br>{_e(s['street'])}<br>{_e(s['postcode'])} {_e(s['city'])}<br>{_e(s['phone'])} – {_e(s['email'])}<br>{ident}{vat}</p>
<div style="margin:8mm 0 8mm 55%">{_address(ctx['buyer'], bold=False)}</div>
<p style="text-align:right">{made}</p>
<p style="text-align:center;font-size:15pt;font-weight:bold;text-decoration:underline">{_title(ctx, with_number=True)}</p>
<p>{object_line}</p>
<table style="width:100%;border:0.6pt solid #000" class="recap"><tr><th>{_l(ctx, 'col_desc')}</th><th>{_l(ctx, 'col_qty')}</th>
<th>{_l(ctx, 'col_price')}</th><th>{_l(ctx, 'col_amount')}</th></tr>{rows}</table>
{_totals(ctx, _total_rows(ctx, per_rate=True))}
<p><i>{_mentions(ctx)}</i></p>
{due}<p>{_l(ctx, 'bank')} :<br>IBAN {_e(_iban_shown(ctx))}<br>BIC {_e(s['bic'])}</p>
<p>{_l(ctx, 'sincerely')}</p><p>{_e(s['name'])}</p>
<p class="small">{_l(ctx, 'penalties')}</p>"""


def _layout_paiement_carte_saas(ctx: dict) -> str:
    """A card-payment receipt of a SaaS (Stripe/Paddle-like), in English: receipt and invoice numbers, no bank."""
    rng, s = ctx["rng"], ctx["seller"]
    start = ctx["issue_day"]
    end = start + dt.timedelta(days=rng.choice([29, 30, 364]))
    receipt = f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    card = f"{rng.choice(['Visa', 'Mastercard', 'Amex'])} – {rng.randint(1000, 9999)}"
    rows = "".join(f"<tr><td>{_desc(ctx, line)}<br><span class='small'>{_l(ctx, 'col_qty')} {_qty(ctx, line['qty'])}</span></td>"
                   f"<td class='num'>{_m(ctx, line['amount'])}</td></tr>" for line in ctx["lines"])
    return f"""
<div style="background:{ctx['ink']};height:22mm;margin:-4mm -4mm 0"></div>
<div style="text-align:center;margin-top:-12mm">{_logo(ctx, height='14mm')}</div>
<h2 style="text-align:center">{_l(ctx, 'receipt_from', s['name'])}</h2>
<table style="width:100%;margin:4mm 0"><tr>
<td><span class="small">{_l(ctx, 'amount_paid')}</span><br><b>{_m(ctx, ctx['ttc'])}</b></td>
<td><span class="small">{_l(ctx, 'date_paid')}</span><br><b>{_e(ctx['issue'])}</b></td>
<td><span class="small">{_l(ctx, 'payment_method')}</span><br><b>{_e(card)}</b></td></tr></table>
{_pairs([(_l(ctx, 'receipt_no'), _e(receipt)), (_number_label(ctx), _e(ctx['number']))])}
<p class="small">{_l(ctx, 'period_en', date_text(start, 'en', ctx['date_style']), date_text(end, 'en', ctx['date_style']))}</p>
<h3>{_l(ctx, 'summary')}</h3>
<table style="width:100%" class="totals">{rows}</table>
{_totals(ctx, _total_rows(ctx, per_rate=True, gross_key='gross') + [(_l(ctx, 'amount_paid'), _m(ctx, ctx['ttc']), False)])}
<p>{_l(ctx, 'buyer')}: {_address(ctx['buyer'], bold=False)}</p>
<p class="small">{_mentions(ctx)}</p>
<p class="small">{_l(ctx, 'questions', s['email'])}</p>
<div class="legal">{_legal(ctx)} – {_e(s['street'])}, {_e(s['city'])} {_e(s['postcode'])}</div>"""


def _layout_brief_din5008(ctx: dict) -> str:
    """A German business letter (DIN 5008 form B): sender line over the window, information block, subject."""
    rng, s = ctx["rng"], ctx["seller"]
    info = [(_l(ctx, "your_sign"), _e(ctx["order"])), (_l(ctx, "our_sign"), _e(s["manager"].split()[0][0] + s["manager"].split()[-1][0])),
            (_l(ctx, "customer"), _e(ctx["buyer"]["code"])), (_l(ctx, "phone"), _e(s["phone"])), (_l(ctx, "date"), _e(ctx["issue"]))]
    delivery = (f"{_l(ctx, 'delivery')}: {_e(ctx['delivery_day'])}")
    due = f"{_l(ctx, 'due')}: {_e(ctx['due'])}. " if ctx["due"] else ""
    return f"""
<div style="text-align:right;height:27mm">{_logo(ctx, height='15mm')}</div>
<table style="width:100%"><tr><td style="width:85mm;height:45mm;vertical-align:top">
<div style="font-size:6.5pt;text-decoration:underline">{_e(s['name'])} · {_e(s['street'])} · {_e(s['postcode'])} {_e(s['city'])}</div>
<div style="margin-top:3mm">{_address(ctx['buyer'], bold=False)}</div></td>
<td style="vertical-align:top;padding-left:20mm">{_pairs(info)}</td></tr></table>
<p style="font-weight:bold;font-size:12pt">{_title(ctx, with_number=True)}</p>
<p>{delivery}</p>
<p>{_l(ctx, 'greeting')}</p><p>{_l(ctx, 'intro')}</p>
{_lines_table(ctx, ['pos', 'qty', 'desc', 'price', 'amount'])}
{_totals(ctx, _total_rows(ctx, per_rate=True))}
<p>{_mentions(ctx)}</p>
<p>{due}{_terms(ctx)}</p>
<p>{_l(ctx, 'closing')}<br><br>{_e(s['manager'])}</p>
<table class="small" style="width:100%;margin-top:8mm;border-top:0.4pt solid #999"><tr>
<td style="vertical-align:top">{_e(s['name'])}<br>{_e(s['street'])}<br>{_e(s['postcode'])} {_e(s['city'])}</td>
<td style="vertical-align:top">{_l(ctx, 'bank')}<br>IBAN {_e(_iban_shown(ctx))}<br>BIC {_e(s['bic'])}</td>
<td style="vertical-align:top">{_l(ctx, 'rcs', s['city'], s['register'])}<br>{_l(ctx, 'naf', s['manager'])}</td>
<td style="vertical-align:top">{_l(ctx, 'vat_id', s['vat']) if s['vat'] else ''}<br>{_l(ctx, 'siret', f"{rng.randint(10, 99)}/{rng.randint(100, 999)}/{rng.randint(10000, 99999)}")}</td>
</tr></table>"""


def _layout_factura_pyme(ctx: dict) -> str:
    """A Spanish factura: seller and client boxes with their NIF, number/date box, taxable base and VAT quota."""
    s = ctx["seller"]
    head = [(_number_label(ctx), _e(ctx["number"])), (_l(ctx, "date"), _e(ctx["issue"]))]
    if ctx["due"]:
        head.append((_l(ctx, "due"), _e(ctx["due"])))
    nif = s["vat"][2:] if s["vat"] else ""
    return f"""
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}</td>
<td style="text-align:right;vertical-align:top"><div style="font-size:18pt" class="ink"><b>{_title(ctx, with_number=False)}</b></div>{_pairs(head)}</td></tr></table>
<table style="width:100%;margin-top:5mm"><tr>
<td style="width:50%;border:0.6pt solid #666;padding:2mm;vertical-align:top"><span class="small">{_l(ctx, 'seller')}</span><br>{_address(s)}<br>{_l(ctx, 'siret', nif)}</td>
<td style="border:0.6pt solid #666;padding:2mm;vertical-align:top"><span class="small">{_l(ctx, 'buyer')}</span><br>{_address(ctx['buyer'])}<br>
{_l(ctx, 'buyer_vat')}: {_e(ctx['buyer']['vat'])}</td></tr></table>
<p>{_l(ctx, 'order')}: {_e(ctx['order'])}</p>
{_lines_table(ctx, ['ref', 'desc', 'qty', 'price', 'rate', 'amount'])}
<table style="width:100%"><tr><td style="vertical-align:top">{_recap(ctx)}</td><td>{_totals(ctx, _total_rows(ctx, per_rate=False))}</td></tr></table>
<p class="small">{_mentions(ctx)}</p>
<p>{_terms(ctx)} – {_bank(ctx)}</p>
<p class="small">{_l(ctx, 'penalties')}</p>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_fattura_cortesia(ctx: dict) -> str:
    """The courtesy copy of an Italian e-invoice (SdI style): parties side by side, a document row, VAT summary."""
    s = ctx["seller"]
    doc_heads = [_l(ctx, "doc_type"), _number_label(ctx), _l(ctx, "date"), _l(ctx, "sdi")]
    doc_values = ["TD04" if ctx["credit"] else "TD01", _e(ctx["number"]), _e(ctx["issue"]), "0000000"]
    pay = f"<p>{_l(ctx, 'terms')}: {_l(ctx, 'terms_value', ctx['terms_days'] or 30)}"
    if ctx["due"]:
        pay += f" – {_l(ctx, 'due')} {_e(ctx['due'])}"
    pay += f"<br>IBAN {_e(_iban_shown(ctx))}</p>"
    return f"""
<p class="small" style="text-align:right">{_l(ctx, 'courtesy')}</p>
<table style="width:100%"><tr>
<td style="width:50%;vertical-align:top;border:0.6pt solid #777;padding:2mm"><span class="small">{_l(ctx, 'seller')}</span><br>{_logo(ctx, height='10mm')}<br>{_address(s)}<br>
{_l(ctx, 'vat_id', s['vat']) if s['vat'] else ''}<br>{_l(ctx, 'pec')}: {_e(s['email'])}</td>
<td style="vertical-align:top;border:0.6pt solid #777;padding:2mm"><span class="small">{_l(ctx, 'buyer')}</span><br>{_address(ctx['buyer'])}<br>
{_l(ctx, 'buyer_vat')}: {_e(ctx['buyer']['vat'])}</td></tr></table>
<table class="recap" style="width:100%;margin:4mm 0"><tr>{''.join(f'<th>{h}</th>' for h in doc_heads)}</tr>
<tr>{''.join(f'<td>{v}</td>' for v in doc_values)}</tr></table>
{_lines_table(ctx, ['desc', 'qty', 'price', 'unit', 'rate', 'amount'])}
{_recap(ctx)}
{_totals(ctx, _total_rows(ctx, per_rate=False))}
<p class="small">{_mentions(ctx)}</p>
{pay}
<p class="small">{_l(ctx, 'penalties')}</p>
<div class="legal">{_legal(ctx)}</div>"""


def _layout_avoir_retour(ctx: dict) -> str:
    """A credit note: refers to the original invoice (a number of the same shape), the reason, the refund."""
    rng, s = ctx["rng"], ctx["seller"]
    facts = [(_number_label(ctx), _e(ctx["number"])), (_l(ctx, "date"), _e(ctx["issue"])),
             (_l(ctx, "original"), f"{_e(ctx['original'])} – {_e(ctx['original_day'])}"), (_l(ctx, "customer"), _e(ctx["buyer"]["code"]))]
    rng.shuffle(facts) if rng.random() < 0.3 else None
    return f"""
<table style="width:100%"><tr><td style="vertical-align:top">{_logo(ctx)}<br>{_address(s)}</td>
<td style="vertical-align:top;text-align:right"><div style="font-size:18pt;font-weight:bold" class="ink">{_title(ctx, with_number=False)}</div></td></tr></table>
<table style="width:100%;margin-top:6mm"><tr><td style="width:50%;vertical-align:top">{_pairs(facts)}</td>
<td style="vertical-align:top">{_l(ctx, 'buyer')}<br>{_address(ctx['buyer'])}</td></tr></table>
<p>{_l(ctx, 'reason', rng.choice(REASONS[ctx['language']]))}</p>
{_lines_table(ctx, ['ref', 'desc', 'qty', 'price', 'rate', 'amount'])}
{_totals(ctx, _total_rows(ctx, gross_key='refund'))}
<p class="small">{_mentions(ctx)}</p>
<div class="legal">{_legal(ctx)}</div>"""


RENDER = {name: globals()[f"_layout_{name}"] for name in LAYOUTS}


def label_strings() -> set[str]:
    """Every label wording of this family (for the test that no wording is shared with the other families)."""
    return {text for words in LABELS.values() for variants in words.values() for text in variants}


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
