"""Blind-family layouts of three kinds of invoice (issue 13, branch works-13d): ERP grids, builders' works invoices,
garage repair orders.

Drawn from seed WORKS_FROM = 75000 to 79999 (``invoice_generator_blind.make_invoice`` reaches :func:`make_invoice`
for those seeds by a lazy import), with draws of their own: `bench_readings.py --part blind --start 75000` reads them.

- ``erp_grille``: the header is a boxed grid of cells (document number, date, customer number, your and our
  references, order, delivery note, page, currency, payment terms…), the labels abbreviated (« N° pièce », « Doc. »,
  « Beleg-Nr. », « Nº doc. », « Ns. rif. »), in the cell above the value, on its left, or in the same cell; the other
  numbers look like the invoice's (bare digits of the same length).
- ``situation_chantier`` and ``acompte_chantier``: a builder's progress invoice (« Situation n° 3 », its rank in the
  title), or a deposit invoice drawn on a quote; the quote's and the works contract's numbers, the site's address,
  cumulative progress per item, previous invoices deducted, a retention (« retenue de garantie 5 % »): the net to
  pay is not the invoice's total, the contract's total is printed too.
- ``atelier_or``: a garage's invoice: the repair order's number beside the invoice's, the registration plate, the
  VIN, the mileage, the dates in and out, labour and parts in sections with their subtotals.

The truth is the blind family's, patched from what the layout printed (its number, totals and amount due).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator import money
from invoice_generator_blind import _digits, _e, _m, _pick, _varied_number, rate_text

WORKS_FROM = 75_000
WORKS_TO = 80_000
WORKS_LAYOUTS = ("erp_grille", "situation_chantier", "acompte_chantier", "atelier_or")

#: Labels of these layouts, per language (kept apart from the family's LABELS: drawn with :func:`_say`).
WORKS_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "e_title": ["FACTURE", "Facture", "FACTURE CLIENT"], "e_type": ["Type de pièce", "Nature du document"],
        "e_number": ["N° pièce", "Doc. n°", "N° doc.", "Pièce"],
        "e_date": ["Date doc.", "Pièce du", "Date pce"],
        "e_customer": ["Code cli.", "N° cli.", "Cpte client", "Cpte"],
        "e_your_ref": ["Votre réf.", "V/Réf.", "Vos références"], "e_our_ref": ["Notre réf.", "N/Réf.", "Nos références"],
        "e_order": ["N° cde", "Cde client", "Commande n°"], "e_bl": ["N° BL", "Bon de livraison", "BL n°"],
        "e_page": ["Fol.", "Feuillet"], "e_currency": ["Devise", "Monnaie"],
        "e_terms": ["Mode règlt", "Cond. de paiement", "Règlement"],
        "e_terms_value": ["Virement 30 j fin de mois", "LCR 45 jours", "Chèque à réception", "Virement à 60 jours"],
        "e_rep": ["Représentant", "Vend."], "e_vat": ["N° TVA intracom. client"],
        "w_title_sit": ["Facture de situation n° {}", "Situation de travaux n° {}", "Situation n° {}", "État de situation n° {}"],
        "w_title_dep": ["Facture d'acompte", "Demande d'acompte", "Facture d'acompte n° {}"],
        "w_quote": ["Devis n°", "Devis signé n°", "Suivant devis n°"], "w_market": ["Marché n°", "Marché de travaux n°"],
        "w_lot": ["Lot", "Lot n°"], "w_site": ["Lieu d'exécution", "Adresse d'intervention", "Site des travaux"],
        "w_object": ["Objet", "Nature des travaux"], "w_period": ["Travaux réalisés au", "Avancement arrêté au"],
        "w_item": ["Poste", "Désignation des ouvrages"], "w_market_amt": ["Montant marché HT", "Montant du devis HT"],
        "w_pct": ["% avancement", "% réalisé"], "w_cum": ["Cumul HT", "Réalisé HT"],
        "w_prev": ["Antérieur HT", "Déjà facturé"], "w_this": ["Montant de la période HT", "À facturer HT"],
        "w_tot_market": ["Total marché HT", "Montant total du marché HT"],
        "w_tot_cum": ["Cumul des travaux HT", "Total cumulé HT"],
        "w_tot_prev": ["À déduire situations précédentes", "Moins factures antérieures HT"],
        "w_tot_ht": ["Montant HT de la situation", "Total HT de la période"], "w_tot_vat": ["TVA au taux {}", "TVA situation {}"],
        "w_tot_ttc": ["Montant TTC de la situation", "Total TTC de la période"],
        "w_retention": ["Retenue de garantie {}", "Retenue de garantie ({})"],
        "w_net": ["Net à percevoir", "Montant net à régler"],
        "w_dep_line": ["Acompte de {} sur devis n° {} du {}", "Acompte {} à la commande – devis n° {} du {}"],
        "w_quote_total": ["Montant du devis HT", "Montant total des travaux HT"], "w_dep_ht": ["Montant de l'acompte HT"],
        "w_dep_ttc": ["Montant de l'acompte TTC", "Acompte TTC à régler"],
        "w_items": ["Maçonnerie", "Charpente", "Couverture", "Plâtrerie", "Électricité courants forts", "Plomberie sanitaire", "Menuiseries"],
        "w_objects": ["Rénovation d'une maison individuelle", "Extension de bâtiment", "Réfection de toiture"],
        "r_title": ["Facture atelier", "Facture de réparation", "Facture"],
        "r_order": ["Ordre de répar. n°", "OR n°", "N° OR", "N° d'ordre"],
        "r_plate": ["Plaque", "Immat. véhicule", "N° d'immatriculation"], "r_vin": ["VIN", "N° de série", "N° châssis"],
        "r_km": ["Kms", "Km au compteur"], "r_in": ["Date d'entrée", "Entrée le"], "r_out": ["Date de sortie", "Restitué le"],
        "r_first": ["1re mise en circulation", "Date MEC"], "r_model": ["Véhicule concerné", "Marque / modèle"],
        "r_advisor": ["Réceptionnaire", "Conseiller service"],
        "r_labour": ["Main-d'œuvre atelier", "Prestations atelier"], "r_parts": ["Pièces", "Pièces détachées et fournitures"],
        "r_code": ["Réf. pièce", "Code"], "r_desc": ["Travaux / pièces", "Opération"], "r_qty": ["Qté / temps", "Qté / h"],
        "r_unit": ["PU HT ligne", "P.U. ligne"], "r_amount": ["Montant ligne HT", "Mt ligne"],
        "r_sub_labour": ["Total main-d'œuvre HT", "Sous-total MO"], "r_sub_parts": ["Total pièces HT", "Sous-total pièces"],
        "r_jobs": ["Vidange moteur", "Remplacement plaquettes AV", "Diagnostic électronique", "Géométrie", "Révision constructeur"],
        "r_items": ["Filtre à huile", "Huile 5W30 (L)", "Plaquettes de frein", "Balais d'essuie-glace", "Filtre à air", "Disque de frein"],
    },
    "en": {
        "e_title": ["INVOICE", "Sales Invoice", "SALES INVOICE"], "e_type": ["Document type", "Doc. type"],
        "e_number": ["Doc. no.", "Doc. #", "Document ref."],
        "e_date": ["Doc. date", "Doc. dt."],
        "e_customer": ["Acct no.", "Cust. no.", "Customer code"],
        "e_your_ref": ["Your ref.", "Your reference"], "e_our_ref": ["O/ref.", "Our reference"],
        "e_order": ["Sales order", "SO no.", "PO no."], "e_bl": ["Delivery note", "Despatch no.", "DN no."],
        "e_page": ["Sheet no.", "Page no."], "e_currency": ["Currency"], "e_terms": ["Settlement terms", "Pay. terms"],
        "e_terms_value": ["30 days net", "Net 60", "End of month + 30"],
        "e_rep": ["Salesperson", "Sales contact"], "e_vat": ["Customer VAT no."],
        "w_title_sit": ["Valuation No. {}", "Interim Application No. {}", "Payment Application No. {}"],
        "w_title_dep": ["Deposit Invoice", "Advance Payment Invoice", "Deposit Invoice No. {}"],
        "w_quote": ["Quotation No.", "Estimate No."], "w_market": ["Contract No.", "Contract reference no."],
        "w_lot": ["Package", "Work package"], "w_site": ["Site", "Site address", "Project address"],
        "w_object": ["Project", "Works"], "w_period": ["Works to", "Progress to"],
        "w_item": ["Element of works", "Description of works"], "w_market_amt": ["Contract sum", "Quoted value"],
        "w_pct": ["% complete", "Progress %"], "w_cum": ["Value to date", "Gross valuation"],
        "w_prev": ["Previously certified", "Previous applications"], "w_this": ["This application", "This period"],
        "w_tot_market": ["Total contract sum", "Contract total"],
        "w_tot_cum": ["Gross value of works to date", "Total to date"],
        "w_tot_prev": ["Less previous valuations", "Less previously invoiced"],
        "w_tot_ht": ["Net valuation", "Amount this application"], "w_tot_vat": ["VAT on valuation @ {}", "Plus VAT {}"],
        "w_tot_ttc": ["Total inc. VAT this valuation", "Gross amount this application"],
        "w_retention": ["Retention {}", "Less retention ({})"], "w_net": ["Amount now due", "Net payable now"],
        "w_dep_line": ["Deposit of {} on quotation {} dated {}", "{} advance payment – quotation {} of {}"],
        "w_quote_total": ["Quotation total excl. VAT", "Total value of works excl. VAT"],
        "w_dep_ht": ["Deposit excl. VAT"], "w_dep_ttc": ["Deposit incl. VAT", "Deposit payable"],
        "w_items": ["Groundworks", "Blockwork", "Roofing", "Plastering", "Electrical", "Plumbing", "Joinery"],
        "w_objects": ["House extension", "Kitchen refurbishment", "Re-roofing works"],
        "r_title": ["Service Invoice", "Workshop Invoice", "Repair Invoice"],
        "r_order": ["Repair order", "RO no.", "Job card no.", "Work order no."],
        "r_plate": ["Reg. no.", "Registration", "Vehicle reg."], "r_vin": ["VIN", "Chassis no."],
        "r_km": ["Mileage", "Odometer"], "r_in": ["Date in", "Booked in"], "r_out": ["Date out", "Collected"],
        "r_first": ["First registered", "Reg. date"], "r_model": ["Vehicle", "Make / model"],
        "r_advisor": ["Service advisor", "Technician"],
        "r_labour": ["Labour", "Workshop labour"], "r_parts": ["Parts", "Parts & materials"],
        "r_code": ["Part no.", "Code"], "r_desc": ["Work / part", "Operation"], "r_qty": ["Qty / hrs", "Hrs / qty"],
        "r_unit": ["Price each", "Rate / price"], "r_amount": ["Line net", "Net value"],
        "r_sub_labour": ["Labour total", "Total labour"], "r_sub_parts": ["Parts total", "Total parts"],
        "r_jobs": ["Oil and filter change", "Front brake pads replaced", "Diagnostic check", "Wheel alignment", "Full service"],
        "r_items": ["Oil filter", "Engine oil 5W30 (L)", "Brake pads", "Wiper blades", "Air filter", "Brake disc"],
    },
    "de": {
        "e_title": ["RECHNUNG", "Rechnung", "Faktura"], "e_type": ["Belegart", "Dokumentart"],
        "e_number": ["Belegnr.", "Beleg", "Dok.-Nr."],
        "e_date": ["Beleg vom", "Belegdat."],
        "e_customer": ["Kd.-Nr.", "Debitor", "Deb.-Nr."],
        "e_your_ref": ["Ihre Ref.-Nr.", "Ihre Referenz"], "e_our_ref": ["Unsere Ref.-Nr.", "Unsere Referenz"],
        "e_order": ["Auftrags-Nr.", "Ihre Best.-Nr.", "Kundenauftrag"], "e_bl": ["Lieferschein-Nr.", "Lieferschein"],
        "e_page": ["Blatt-Nr.", "S."], "e_currency": ["Währung"], "e_terms": ["Zahlungsbed.", "Zahlungskond."],
        "e_terms_value": ["30 Tage netto", "14 Tage 2 % Skonto, 30 Tage netto", "sofort ohne Abzug"],
        "e_rep": ["Sachbearb.", "Verk."], "e_vat": ["USt-IdNr. Kunde"],
        "w_title_sit": ["{}. Abschlagsrechnung", "Abschlagsrechnung Nr. {}", "Teilrechnung Nr. {}"],
        "w_title_dep": ["Anzahlungsrechnung", "Vorauszahlungsrechnung", "Anzahlungsrechnung Nr. {}"],
        "w_quote": ["Unser Angebot", "Angebotsnr."], "w_market": ["Auftrag Nr.", "Bauvertrag Nr."],
        "w_lot": ["Gewerk", "Los"], "w_site": ["Baustelle", "Bauvorhaben", "Objekt"],
        "w_object": ["Gegenstand", "Betreff"], "w_period": ["Leistungsstand per", "Bautenstand zum"],
        "w_item": ["Pos.-Nr.", "Leistungsposition"], "w_market_amt": ["Auftragssumme netto", "Auftragswert"],
        "w_pct": ["Fertigstellung %", "Leistungsstand %"], "w_cum": ["Leistung kumuliert", "Gesamtleistung bisher"],
        "w_prev": ["Bisher berechnet", "Vorrechnungen"], "w_this": ["Diese Rechnung", "Betrag dieser Rechnung"],
        "w_tot_market": ["Auftragssumme gesamt netto", "Gesamtauftrag netto"],
        "w_tot_cum": ["Gesamtleistung netto", "Leistung bis heute netto"],
        "w_tot_prev": ["abzüglich bisheriger Abschlagsrechnungen", "abzgl. bereits berechnet"],
        "w_tot_ht": ["Rechnungsbetrag netto", "Nettobetrag dieser Rechnung"], "w_tot_vat": ["zzgl. {} USt.", "MwSt.-Betrag {}"],
        "w_tot_ttc": ["Rechnungsbetrag brutto", "Bruttobetrag dieser Rechnung"],
        "w_retention": ["Sicherheitseinbehalt {}", "abzgl. Gewährleistungseinbehalt {}"],
        "w_net": ["Auszahlungsbetrag", "Auszahlung netto Einbehalt"],
        "w_dep_line": ["Anzahlung {} gemäß Angebot {} vom {}", "Vorauszahlung {} auf Angebot {} vom {}"],
        "w_quote_total": ["Angebotssumme netto", "Gesamtwert der Arbeiten netto"],
        "w_dep_ht": ["Anzahlung netto"], "w_dep_ttc": ["Anzahlung brutto", "Anzahlungsbetrag brutto"],
        "w_items": ["Erdarbeiten", "Mauerarbeiten", "Dachdeckung", "Putzarbeiten", "Elektroinstallation", "Sanitär", "Fenster"],
        "w_objects": ["Umbau Einfamilienhaus", "Anbau Wohnhaus", "Dachsanierung"],
        "r_title": ["Werkstattrechnung", "Reparaturrechnung", "Rechnung"],
        "r_order": ["Werkstattauftrag", "Reparaturauftrag Nr.", "Auftrags-Nr."],
                "r_plate": ["Amtl. Kz.", "Kfz-Kz."], "r_vin": ["FIN", "Fahrgestell-Nr."],
        "r_km": ["km bei Annahme", "Kilometerstand"], "r_in": ["Annahme", "Auftragsdatum"], "r_out": ["Fertigstellung", "Abholung"],
        "r_first": ["Erstzulassung", "EZ"], "r_model": ["Modell", "Typ"], "r_advisor": ["Serviceberater", "Annahme durch"],
        "r_labour": ["Lohnarbeiten", "Werkstattlohn"], "r_parts": ["Teile / Material", "Materialien"],
        "r_code": ["Teile-Nr.", "ET-Nr."], "r_desc": ["Arbeitsgang / Teil", "Arbeitsgang"], "r_qty": ["Menge / AW", "Anz."],
        "r_unit": ["EP netto", "Preis/Einh."], "r_amount": ["Zeilensumme", "Netto ges."],
        "r_sub_labour": ["Summe Lohn", "Lohn gesamt"], "r_sub_parts": ["Summe Teile", "Material gesamt"],
        "r_jobs": ["Ölwechsel", "Bremsbeläge vorne erneuern", "Fehlerspeicher auslesen", "Achsvermessung", "Inspektion"],
        "r_items": ["Ölfilter", "Motoröl 5W30 (l)", "Bremsbeläge", "Wischerblätter", "Luftfilter", "Bremsscheibe"],
    },
    "es": {
        "e_title": ["FACTURA", "Factura", "FACTURA DE VENTA"], "e_type": ["Tipo de documento", "Tipo doc."],
        "e_number": ["Nº doc.", "Nº documento", "Núm. doc."],
        "e_date": ["Fecha doc.", "F. doc."],
        "e_customer": ["Cód. cli.", "Nº cliente", "Cuenta"],
        "e_your_ref": ["Su ref.", "S/ref."], "e_our_ref": ["Ntra. ref.", "Nuestra ref."],
        "e_order": ["Nº pedido", "Pedido cliente"], "e_bl": ["Albarán", "Nº albarán"],
        "e_page": ["Página nº", "Hoja nº"], "e_currency": ["Moneda", "Divisa"], "e_terms": ["F. de pago", "Cond. pago"],
        "e_terms_value": ["Transferencia 30 días", "Recibo domiciliado 60 días", "Contado"],
        "e_rep": ["Agente", "Comercial asignado"], "e_vat": ["NIF cliente", "CIF cliente"],
        "w_title_sit": ["Certificación nº {}", "Factura de certificación nº {}", "Certificación parcial {}"],
        "w_title_dep": ["Factura de anticipo", "Factura de provisión de fondos", "Factura de anticipo nº {}"],
        "w_quote": ["Presupuesto nº", "Según presupuesto"], "w_market": ["Contrato nº", "Nº contrato de obra"],
        "w_lot": ["Partida", "Capítulo"], "w_site": ["Ubicación obra", "Lugar de ejecución", "Emplazamiento"],
        "w_object": ["Trabajos", "Descripción de la obra"], "w_period": ["Obra ejecutada a", "Mediciones a fecha"],
        "w_item": ["Capítulo", "Unidad de obra"], "w_market_amt": ["Importe contrato", "Presupuestado"],
        "w_pct": ["% ejecutado", "Avance %"], "w_cum": ["Ejecutado a origen", "Importe a origen"],
        "w_prev": ["Certificado anterior", "Anterior"], "w_this": ["Esta certificación", "Importe certificación"],
        "w_tot_market": ["Total presupuesto", "Importe total contrato"],
        "w_tot_cum": ["Total a origen", "Obra ejecutada a origen"],
        "w_tot_prev": ["A deducir certificaciones anteriores", "Menos certificado anterior"],
        "w_tot_ht": ["Base imponible certificación", "Importe neto certificación"], "w_tot_vat": ["IVA s/ certificación {}", "IVA aplicado {}"],
        "w_tot_ttc": ["Total certificación", "Importe total certificación"],
        "w_retention": ["Retención garantía {}", "Retención del {} en garantía"],
        "w_net": ["Líquido a percibir", "Importe a abonar"],
        "w_dep_line": ["Anticipo del {} s/ presupuesto {} de {}", "Entrega a cuenta {} – presupuesto {} de {}"],
        "w_quote_total": ["Importe presupuesto", "Total obra presupuestada"],
        "w_dep_ht": ["Anticipo base"], "w_dep_ttc": ["Total anticipo", "Anticipo a pagar"],
        "w_items": ["Movimiento de tierras", "Albañilería", "Cubierta", "Yesos", "Electricidad", "Fontanería", "Carpintería"],
        "w_objects": ["Reforma de vivienda", "Ampliación de nave", "Rehabilitación de cubierta"],
        "r_title": ["Factura de taller", "Factura de reparación"],
        "r_order": ["Orden de reparación", "OR nº", "Nº orden", "Orden de trabajo nº"],
        "r_plate": ["Matrícula"], "r_vin": ["Bastidor", "Nº bastidor"], "r_km": ["Kilómetros", "Km"],
        "r_in": ["Fecha entrada", "Recepción"], "r_out": ["Fecha salida", "Entrega"], "r_first": ["Fecha matriculación"],
        "r_model": ["Vehículo", "Marca/modelo"], "r_advisor": ["Recepcionista", "Asesor de servicio"],
        "r_labour": ["M.O. taller", "Mano de obra taller"], "r_parts": ["Recambios", "Piezas y materiales"],
        "r_code": ["Referencia", "Cód."], "r_desc": ["Trabajo / pieza", "Operación"], "r_qty": ["Cant./horas", "Cant. h"],
        "r_unit": ["Precio ud.", "P. ud."], "r_amount": ["Importe línea", "Neto línea"],
        "r_sub_labour": ["Total mano de obra", "Subtotal M.O."], "r_sub_parts": ["Total recambios", "Subtotal piezas"],
        "r_jobs": ["Cambio de aceite", "Sustitución pastillas delanteras", "Diagnosis", "Alineación", "Revisión oficial"],
        "r_items": ["Filtro de aceite", "Aceite 5W30 (l)", "Pastillas de freno", "Escobillas", "Filtro de aire", "Disco de freno"],
    },
    "it": {
        "e_title": ["FATTURA", "Fattura", "FATTURA ACCOMPAGNATORIA"], "e_type": ["Tipo documento", "Tipo doc."],
        "e_number": ["Num. doc.", "N. doc.", "Doc. num."],
        "e_date": ["Data emiss.", "Doc. del", "Data reg."],
        "e_customer": ["Cod. cli.", "Cliente cod.", "Conto"],
        "e_your_ref": ["Vs. rif.", "Vostro riferimento"], "e_our_ref": ["Ns. rif.", "Rif.", "Nostro riferimento"],
        "e_order": ["Rif. ordine", "Ordine n."], "e_bl": ["DDT n.", "Documento di trasporto"],
        "e_page": ["Pag. n.", "Foglio"], "e_currency": ["Valuta", "Divisa"], "e_terms": ["Cond. pagamento", "Mod. pagamento"],
        "e_terms_value": ["Bonifico 30 gg d.f.", "Ri.Ba. 60 gg f.m.", "R.D. vista fattura"],
        "e_rep": ["Agente", "Agente di zona"], "e_vat": ["P. IVA cliente"],
        "w_title_sit": ["SAL n. {}", "Stato avanzamento lavori n. {}", "Fattura SAL n. {}"],
        "w_title_dep": ["Fattura di acconto", "Richiesta di acconto", "Fattura di anticipo n. {}"],
        "w_quote": ["Preventivo n.", "Offerta n."], "w_market": ["N. contratto", "Contratto d'appalto n."],
        "w_lot": ["Lotto", "Categoria"], "w_site": ["Ubicazione cantiere", "Sede lavori", "Luogo dei lavori"],
        "w_object": ["Oggetto", "Descrizione lavori"], "w_period": ["Lavori eseguiti al", "Avanzamento al"],
        "w_item": ["Voce", "Lavorazione"], "w_market_amt": ["Importo contratto", "Importo a preventivo"],
        "w_pct": ["% eseguito", "Avanzamento %"], "w_cum": ["Eseguito a oggi", "Importo progressivo"],
        "w_prev": ["SAL precedenti", "Già fatturato"], "w_this": ["Importo presente SAL", "Questo SAL"],
        "w_tot_market": ["Totale contratto", "Importo complessivo appalto"],
        "w_tot_cum": ["Totale lavori eseguiti", "Progressivo lavori"],
        "w_tot_prev": ["A dedurre SAL precedenti", "Meno già fatturato"],
        "w_tot_ht": ["Imponibile SAL", "Importo netto SAL"], "w_tot_vat": ["IVA su SAL {}", "Imposta {}"],
        "w_tot_ttc": ["Totale SAL", "Totale SAL IVA inclusa"],
        "w_retention": ["Ritenuta a garanzia {}", "Ritenuta {} a garanzia"],
        "w_net": ["Netto da pagare", "Importo da corrispondere"],
        "w_dep_line": ["Acconto del {} su preventivo n. {} del {}", "Anticipo {} – preventivo n. {} del {}"],
        "w_quote_total": ["Importo preventivo", "Totale lavori a preventivo"],
        "w_dep_ht": ["Imponibile acconto"], "w_dep_ttc": ["Totale acconto", "Acconto da versare"],
        "w_items": ["Scavi", "Opere murarie", "Copertura", "Intonaci", "Impianto elettrico", "Impianto idraulico", "Serramenti"],
        "w_objects": ["Ristrutturazione abitazione", "Ampliamento capannone", "Rifacimento tetto"],
        "r_title": ["Fattura officina", "Fattura riparazione"],
        "r_order": ["Ordine di riparazione", "OdR n.", "Ordine di lavoro n.", "Commessa officina"],
                "r_plate": ["Targa"], "r_vin": ["Telaio", "N. telaio"], "r_km": ["Km", "Chilometraggio"],
        "r_in": ["Data ingresso", "Entrata"], "r_out": ["Data uscita", "Riconsegna"], "r_first": ["Data immatricolazione"],
        "r_model": ["Veicolo", "Marca/modello"], "r_advisor": ["Accettatore", "Consulente service"],
        "r_labour": ["Manodopera officina", "Ore di lavoro"], "r_parts": ["Ricambi", "Ricambi e materiali"],
        "r_code": ["Cod. ricambio", "Art. n."], "r_desc": ["Lavoro / ricambio", "Operazione"], "r_qty": ["Q.tà / ore", "Qt."],
        "r_unit": ["Pr. unitario", "P. cad."], "r_amount": ["Importo riga", "Importo netto riga"],
        "r_sub_labour": ["Totale manodopera", "Subtotale manodopera"], "r_sub_parts": ["Totale ricambi", "Subtotale ricambi"],
        "r_jobs": ["Cambio olio", "Sostituzione pastiglie anteriori", "Diagnosi elettronica", "Convergenza", "Tagliando"],
        "r_items": ["Filtro olio", "Olio motore 5W30 (l)", "Pastiglie freno", "Spazzole tergicristallo", "Filtro aria", "Disco freno"],
    },
}

PLATES = {"fr": "{L}{L}-{d}{d}{d}-{L}{L}", "en": "{y}-D-{d}{d}{d}{d}", "de": "{L}-{L}{L} {d}{d}{d}{d}",
          "es": "{d}{d}{d}{d} {C}{C}{C}", "it": "{L}{L} {d}{d}{d}{L}{L}"}
MAKES = {"fr": ("VF1", "Renault Clio"), "en": ("SAL", "Ford Focus"), "de": ("WVW", "VW Golf"),
         "es": ("VSS", "Seat León"), "it": ("ZFA", "Fiat Panda")}


def _say(ctx: dict, key: str) -> str:
    return ctx["rng"].choice(WORKS_LABELS[ctx["language"]][key])


def _hold(ctx: dict, key: str, *values: object) -> str:
    return _e(_say(ctx, key).format(*values))


def label_strings() -> set[str]:
    """Every label wording of these layouts (for the test that none is shared with the main generator)."""
    return blind.wordings(WORKS_LABELS)


def make_invoice(seed: int):
    """The invoice of ``seed`` in WORKS_FROM..WORKS_TO: a layout drawn apart, the truth patched from what is printed."""
    layout = random.Random(f"blind-works-{seed}").choice(WORKS_LAYOUTS)
    invoice = blind.make_invoice(seed, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.invoice_number = ctx["number"]
    truth.total_without_tax, truth.total_tax, truth.total_with_tax = str(ctx["ht"]), str(ctx["tva"]), str(ctx["ttc"])
    truth.vat_rates = [rate for rate, _base, _tax in ctx["breakdown"]]
    due = ctx.get("net_due")
    if due is None and ctx["deposit"]:
        due = ctx["ttc"] - ctx["deposit"]
    truth.amount_due = str(due) if due is not None else None
    return invoice


def _reprice(ctx: dict, lines: list[dict]) -> None:
    """The page's own lines: totals, VAT per rate and a deposit paid (a share of the new total) computed from them."""
    ctx["lines"], ctx["discount_pct"], ctx["discount"] = lines, None, Decimal(0)
    rates = list(dict.fromkeys(line["rate"] for line in lines))
    ctx["breakdown"] = [(rate, base, money(base * Decimal(rate) / 100)) for rate in rates
                        for base in [sum((line["amount"] for line in lines if line["rate"] == rate), Decimal(0))]]
    ctx["gross"] = ctx["ht"] = sum((line["amount"] for line in lines), Decimal(0))
    ctx["tva"] = sum((tax for _r, _b, tax in ctx["breakdown"]), Decimal(0))
    ctx["ttc"] = ctx["ht"] + ctx["tva"]
    if ctx["deposit"]:
        ctx["deposit"] = money(ctx["ttc"] * Decimal("0.3"))


def _rates(ctx: dict) -> list[str]:
    return [rate for rate, _base, _tax in ctx["breakdown"]]


def _rows(ctx: dict, rows: list[tuple[str, str, bool]]) -> str:
    body = "".join(f'<tr class="{"strong" if strong else ""}"><td>{label}</td><td class="n">{value}</td></tr>'
                   for label, value, strong in rows)
    return f'<table class="tot">{body}</table>'


def _pct(ctx: dict, value: object) -> str:
    return f"{value} %" if ctx["language"] in ("fr", "de") else f"{value}%"


def _head(ctx: dict, right: str) -> str:
    return f"""<table style="width:100%"><tr><td style="vertical-align:top">{blind._logo(ctx)}{blind._seller_block(ctx)}</td>
<td style="vertical-align:top;text-align:right">{right}</td></tr></table>"""


def _tail(ctx: dict) -> str:
    return f"{blind._mentions(ctx)}{blind._terms(ctx)}{blind._bank(ctx)}"


# --- ERP grid ----------------------------------------------------------------------------------------------------


def _layout_erp_grille(ctx: dict) -> str:
    """A boxed header grid: labels above their values, on their left, or in the same cell; numbers that look alike."""
    rng = ctx["rng"]
    year = ctx["issue_day"].year % 100
    if rng.random() < 0.5:  # bare digits, like the customer's, order's and delivery note's numbers around it
        ctx["number"] = rng.choice([f"{year}{_digits(rng, 5)}", f"{_digits(rng, 1)}{_digits(rng, 5)}", f"{year}0{_digits(rng, 4)}"])
        ctx["number"] = str(int(ctx["number"])) if ctx["number"][0] == "0" else ctx["number"]
    else:
        ctx["number"] = _varied_number(rng, ctx["issue_day"], ctx["credit"], ctx["language"])
    similar = [f"{year}{_digits(rng, 5)}", _digits(rng, len(ctx["number"]) if ctx["number"].isdigit() else 6)]
    pool = [(_say(ctx, "e_customer"), rng.choice([ctx["customer"], similar[1], f"411{_digits(rng, 5)}"])),
            (_say(ctx, "e_your_ref"), rng.choice([f"{_digits(rng, 6)}", f"PO-{_digits(rng, 5)}", rng.choice(blind.SURNAMES[ctx["language"]])])),
            (_say(ctx, "e_our_ref"), rng.choice([similar[0], f"{rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}/{_digits(rng, 3)}"])),
            (_say(ctx, "e_order"), rng.choice([ctx["order"] or similar[0], f"{year}{_digits(rng, 5)}", f"CO{_digits(rng, 6)}"])),
            (_say(ctx, "e_bl"), rng.choice([f"{year}{_digits(rng, 5)}", f"BL{_digits(rng, 6)}", _digits(rng, 7)])),
            (_say(ctx, "e_page"), rng.choice(["1", "1/1", "1 / 1", "001"])),
            (_say(ctx, "e_currency"), "EUR"), (_say(ctx, "e_terms"), _say(ctx, "e_terms_value")),
            (_say(ctx, "e_rep"), rng.choice(blind.SURNAMES[ctx["language"]]))]
    if ctx["buyer_vat"]:
        pool.append((_say(ctx, "e_vat"), ctx["buyer_vat"]))
    cells = rng.sample(pool, rng.randint(4, min(8, len(pool))))
    cells.insert(rng.randint(0, 2), (_say(ctx, "e_number"), ctx["number"]))
    cells.insert(rng.randint(0, 3), (_say(ctx, "e_date"), ctx["issue"]))
    if ctx["due"]:
        cells.append((_pick(ctx, "due"), ctx["due"]))
    typed = rng.random() < 0.3  # the document's kind in a cell of its own, no title above
    if typed:
        cells.insert(0, (_say(ctx, "e_type"), ctx["title"] if ctx["credit"] else _say(ctx, "e_title").capitalize()))
    title = "" if typed else f'<div style="font-size:{rng.choice([16, 20, 24])}pt" class="strong accent">{_e(ctx["title"] if ctx["credit"] else _say(ctx, "e_title"))}</div>'
    shape = rng.choice(["above", "left", "inside"])
    grid = _grid(ctx, cells, shape)
    buyer = f'<div style="margin:5mm 0 0 95mm">{blind._buyer_block(ctx, label=rng.random() < 0.5)}</div>'
    if rng.random() < 0.4:  # the grid in the head, at the right of the seller, the title over it
        top = _head(ctx, f'{title}<div style="margin-left:auto;width:105mm">{grid}</div>')
        body = top + buyer
    elif rng.random() < 0.5:  # the grid over the buyer, full width
        body = _head(ctx, title) + grid + buyer
    else:
        body = _head(ctx, title) + buyer + grid
    return f"{body}{blind._lines(ctx)}{blind._recap(ctx)}{blind._totals(ctx, boxed=rng.random() < 0.4)}{_tail(ctx)}"


def _grid(ctx: dict, cells: list[tuple[str, str]], shape: str) -> str:
    """The cells boxed: a row of labels over a row of values (cut in rows), label | value pairs side by side, or each
    label small over its value in one cell."""
    rng = ctx["rng"]
    if shape == "inside":
        return blind._cartouche_cells(ctx, cells, rng.choice([3, 4, 5]))
    box = "border:0.7pt solid #333;padding:1.5pt 4pt"
    per_row = rng.choice([2, 3]) if shape == "left" else rng.choice([4, 5, 6])
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    shade = rng.choice(["#e6e6e6", "#ffffff"])
    if shape == "left":
        html = "".join("<tr>" + "".join(f'<td style="{box};background:{shade};font-size:0.8em">{_e(k)}</td><td style="{box}">{_e(v)}</td>'
                                        for k, v in row) + "</tr>" for row in rows)
        return f'<table style="width:100%;margin-top:4mm">{html}</table>'
    html = "".join("<tr>" + "".join(f'<th style="{box};background:{shade};font-size:0.75em;text-align:left">{_e(k)}</th>' for k, _v in row)
                   + "</tr><tr>" + "".join(f'<td style="{box}">{_e(v)}</td>' for _k, v in row) + "</tr>" for row in rows)
    return f'<table style="width:100%;margin-top:4mm">{html}</table>'


# --- Works ---------------------------------------------------------------------------------------------------------


def _works_refs(ctx: dict) -> list[tuple[str, str]]:
    rng, year = ctx["rng"], ctx["issue_day"].year
    ctx["quote_no"] = rng.choice([f"D{year}-{_digits(rng, 4)}", f"DEV{_digits(rng, 5)}", f"{year % 100}{_digits(rng, 4)}"])
    refs = [(_say(ctx, "w_quote"), ctx["quote_no"]),
            (_say(ctx, "w_market"), rng.choice([f"M{year % 100}-{_digits(rng, 3)}", f"{year}/{_digits(rng, 3)}", _digits(rng, 6)])),
            (_say(ctx, "w_lot"), rng.choice(["02", "3", "05 B", "1"]))]
    refs = rng.sample(refs, rng.randint(1, 3))
    place = rng.choice(blind.PLACES[ctx["language"]])
    street = rng.choice(blind.STREETS[ctx["language"]]).format(rng.randint(2, 140))
    if rng.random() < 0.8:  # the site's address: another address than the buyer's
        refs.append((_say(ctx, "w_site"), f"{street}, {place[0]} {place[1]}"))
    if rng.random() < 0.5:
        refs.append((_say(ctx, "w_object"), _say(ctx, "w_objects")))
    return refs


def _works_number(ctx: dict) -> str:
    rng, day = ctx["rng"], ctx["issue_day"]
    if rng.random() < 0.6:
        return _varied_number(rng, day, ctx["credit"], ctx["language"])
    return rng.choice([f"FS{day.year % 100}{_digits(rng, 4)}", f"{day.year}-{_digits(rng, 3)}", f"S-{day.year}-{_digits(rng, 3)}"])


def _works_page(ctx: dict, title: str, refs: list[tuple[str, str]], table: str, totals: str) -> str:
    """The head (seller, title), the buyer, the references in « label : value » lines or a panel, the works, totals."""
    rng = ctx["rng"]
    if ctx["due"]:
        refs = [*refs, (_pick(ctx, "due"), ctx["due"])]
    if rng.random() < 0.5:
        block = '<p style="margin-top:4mm">' + "<br>".join(f"{_e(k)} : {_e(v)}" for k, v in refs) + "</p>"
    else:
        block = blind._refs(ctx, refs)
    head = f'<div style="font-size:{rng.choice([15, 18])}pt" class="strong accent">{_e(title)}</div>'
    return f"""{_head(ctx, head)}<div style="margin:5mm 0 0 95mm">{blind._buyer_block(ctx)}</div>{block}
{table}{totals}{_tail(ctx)}"""


def _number_refs(ctx: dict, title_template: str, rank: int) -> tuple[str, list[tuple[str, str]]]:
    """The title (with the situation's rank or the invoice's number in it) and the number's and date's references."""
    rng = ctx["rng"]
    refs = [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "date"), ctx["issue"])]
    if "{}" not in title_template:
        return title_template, refs
    if title_template.startswith("{}") or rank:
        return title_template.format(rank), refs
    if rng.random() < 0.5:  # the number in the title only
        return title_template.format(ctx["number"]), refs[1:]
    return title_template.format(ctx["number"]), refs


def _layout_situation_chantier(ctx: dict) -> str:
    """A progress invoice: each item's contract amount, progress %, cumulative value, previously invoiced, this period;
    then cumulative total, previous situations deducted, this situation's HT, VAT, TTC, the retention and the net."""
    rng = ctx["rng"]
    ctx["number"] = _works_number(ctx)
    rank = rng.randint(2, 9)
    refs = _works_refs(ctx)
    if ctx["credit"]:
        title, own = ctx["title"], [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "date"), ctx["issue"])]
        return _works_page(ctx, title, own + refs, blind._lines(ctx), blind._totals(ctx))
    rates = _rates(ctx)
    lines, rows, totals = [], [], {"market": Decimal(0), "cum": Decimal(0), "prev": Decimal(0)}
    for index, item in enumerate(rng.sample(WORKS_LABELS[ctx["language"]]["w_items"], rng.randint(2, 6))):
        market = money(Decimal(rng.randint(2000, 60000)) + Decimal(rng.randint(0, 99)) / 100)
        prev_pct = rng.choice([0, 10, 20, 25, 30, 40, 50, 60])
        cur_pct = min(100, prev_pct + rng.choice([0, 10, 15, 20, 25, 30, 40]))
        cum, prev = money(market * cur_pct / 100), money(market * prev_pct / 100)
        lines.append({"desc": item, "qty": Decimal(1), "unit": cum - prev, "rate": rates[index % len(rates)], "amount": cum - prev})
        totals["market"] += market
        totals["cum"] += cum
        totals["prev"] += prev
        rows.append(f"<tr><td>{_e(item)}</td><td class='n'>{_m(ctx, market, False)}</td><td class='n'>{_pct(ctx, cur_pct)}</td>"
                    f"<td class='n'>{_m(ctx, cum, False)}</td><td class='n'>{_m(ctx, prev, False)}</td>"
                    f"<td class='n'>{_m(ctx, cum - prev, False)}</td></tr>")
    if all(line["amount"] == 0 for line in lines):  # no progress at all is no invoice: the last item moves on
        lines[-1]["amount"] = lines[-1]["unit"] = money(Decimal(rng.randint(500, 5000)))
        totals["cum"] += lines[-1]["amount"]
        rows[-1] = (f"<tr><td>{_e(lines[-1]['desc'])}</td><td class='n'></td><td class='n'></td><td class='n'></td><td class='n'></td>"
                    f"<td class='n'>{_m(ctx, lines[-1]['amount'], False)}</td></tr>")
    ctx["deposit"] = None
    _reprice(ctx, lines)
    head = "".join(f'<th class="{"" if key == "w_item" else "n"}">{_hold(ctx, key)}</th>'
                   for key in ("w_item", "w_market_amt", "w_pct", "w_cum", "w_prev", "w_this"))
    table = f'<table class="lines"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    if rng.random() < 0.6:
        upto = blind.date_text(ctx["issue_day"] - dt.timedelta(days=rng.randint(1, 12)), ctx["language"], "num", 0)
        table += f'<p class="muted">{_hold(ctx, "w_period")} {_e(upto)}</p>'
    out = []
    if rng.random() < 0.5:
        out.append((_hold(ctx, "w_tot_market"), _m(ctx, totals["market"]), False))
    out += [(_hold(ctx, "w_tot_cum"), _m(ctx, totals["cum"]), False), (_hold(ctx, "w_tot_prev"), _m(ctx, -totals["prev"]), False),
            (_hold(ctx, "w_tot_ht"), _m(ctx, ctx["ht"]), True)]
    out += [(_hold(ctx, "w_tot_vat", rate_text(rate, ctx["language"])), _m(ctx, tax), False) for rate, _b, tax in ctx["breakdown"]]
    out.append((_hold(ctx, "w_tot_ttc"), _m(ctx, ctx["ttc"]), True))
    if rng.random() < 0.75:  # a retention on the total, paid back at the end of the guarantee
        share = rng.choice([5, 5, 5, 3])
        kept = money(ctx["ttc"] * share / 100)
        out.append((_hold(ctx, "w_retention", _pct(ctx, share)), _m(ctx, -kept), False))
        ctx["net_due"] = ctx["ttc"] - kept
        out.append((_hold(ctx, "w_net"), _m(ctx, ctx["net_due"]), True))
    title, own = _number_refs(ctx, _say(ctx, "w_title_sit"), rank)
    return _works_page(ctx, title, rng.sample(own + refs, len(own) + len(refs)) if rng.random() < 0.4 else own + refs,
                       table, _rows(ctx, out))


def _layout_acompte_chantier(ctx: dict) -> str:
    """A deposit invoice on an accepted quote: the quote's total printed beside the deposit's share, HT, VAT, TTC."""
    rng = ctx["rng"]
    ctx["number"] = _works_number(ctx)
    refs = _works_refs(ctx)
    if ctx["credit"]:
        own = [(_pick(ctx, "number"), ctx["number"]), (_pick(ctx, "date"), ctx["issue"])]
        return _works_page(ctx, ctx["title"], own + refs, blind._lines(ctx), blind._totals(ctx))
    quote_ht = money(Decimal(rng.randint(4000, 90000)) + Decimal(rng.randint(0, 99)) / 100)
    share = rng.choice([20, 25, 30, 40, 50])
    quote_no = ctx["quote_no"]
    quote_day = blind.date_text(ctx["issue_day"] - dt.timedelta(days=rng.randint(10, 60)), ctx["language"], "num", 0)
    rate = _rates(ctx)[0]
    deposit = money(quote_ht * share / 100)
    desc = _say(ctx, "w_dep_line").format(_pct(ctx, share), quote_no, quote_day)
    ctx["deposit"] = None
    _reprice(ctx, [{"desc": desc, "qty": Decimal(1), "unit": deposit, "rate": rate, "amount": deposit}])
    table = (f'<table class="lines"><thead><tr><th>{_e(_pick(ctx, "desc"))}</th><th class="n">{_e(_pick(ctx, "amount_col"))}</th>'
             f'</tr></thead><tbody><tr><td>{_e(desc)}</td><td class="n">{_m(ctx, deposit, False)}</td></tr></tbody></table>')
    out = []
    if rng.random() < 0.7:
        out.append((_hold(ctx, "w_quote_total"), _m(ctx, quote_ht), False))
    out += [(_hold(ctx, "w_dep_ht"), _m(ctx, ctx["ht"]), False),
            (_hold(ctx, "w_tot_vat", rate_text(rate, ctx["language"])), _m(ctx, ctx["tva"]), False),
            (_hold(ctx, "w_dep_ttc"), _m(ctx, ctx["ttc"]), True)]
    title, own = _number_refs(ctx, _say(ctx, "w_title_dep"), 0)
    if rng.random() < 0.4:
        own.append((_pick(ctx, "situation"), str(rng.randint(1, 3))))  # « Acompte n° 2 »: the deposit's rank
    return _works_page(ctx, title, own + refs, table, _rows(ctx, out))


# --- Repair order --------------------------------------------------------------------------------------------------


def _plate(ctx: dict) -> str:
    rng = ctx["rng"]
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"
    return PLATES[ctx["language"]].format_map(_Draw(rng, letters))


class _Draw(dict):
    """``str.format_map`` values drawn on each use: {L} a letter, {C} a consonant, {d} a digit, {y} a year's code."""

    def __init__(self, rng: random.Random, letters: str) -> None:
        super().__init__()
        self.rng, self.letters = rng, letters

    def __missing__(self, key: str) -> str:
        return {"L": lambda: self.rng.choice(self.letters), "C": lambda: self.rng.choice("BCDFGHJKLMNPRSTVWXYZ"),
                "d": lambda: str(self.rng.randint(0, 9)), "y": lambda: str(self.rng.choice([151, 162, 191, 202, 231]))}[key]()


def _vin(ctx: dict) -> str:
    rng = ctx["rng"]
    return MAKES[ctx["language"]][0] + "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(8)) + _digits(rng, 6)


def _mileage(ctx: dict) -> str:
    km = ctx["rng"].randint(3000, 240000)
    sep = {"fr": "\u202f", "en": ",", "de": ".", "es": ".", "it": "."}[ctx["language"]]
    return f"{km // 1000}{sep}{km % 1000:03d} km"


def _layout_atelier_or(ctx: dict) -> str:
    """A garage's invoice: the repair order's number beside the invoice's (often the same shape), the vehicle's
    plate, VIN, mileage, dates in and out; labour and parts in two sections with their subtotals."""
    rng, day = ctx["rng"], ctx["issue_day"]
    shape = rng.choice(["digits", "prefixed", "varied"])
    if shape == "digits":
        ctx["number"], order = _digits(rng, 1).replace("0", "1") + _digits(rng, 5), _digits(rng, 1).replace("0", "2") + _digits(rng, 5)
    elif shape == "prefixed":
        ctx["number"], order = f"F{day.year % 100}{_digits(rng, 5)}", f"OR{day.year % 100}{_digits(rng, 5)}"
    else:
        ctx["number"], order = _varied_number(rng, day, ctx["credit"], ctx["language"]), f"{_digits(rng, 1).replace('0', '4')}{_digits(rng, 5)}"
    went_in = blind.date_text(day - dt.timedelta(days=rng.randint(0, 6)), ctx["language"], "num", 0)
    first = blind.date_text(day - dt.timedelta(days=rng.randint(400, 4000)), ctx["language"], "num", 0)
    vehicle = [(_say(ctx, "r_plate"), _plate(ctx)), (_say(ctx, "r_vin"), _vin(ctx)), (_say(ctx, "r_km"), _mileage(ctx)),
               (_say(ctx, "r_model"), MAKES[ctx["language"]][1]), (_say(ctx, "r_first"), first),
               (_say(ctx, "r_in"), went_in), (_say(ctx, "r_out"), ctx["issue_num"]),
               (_say(ctx, "r_advisor"), rng.choice(blind.GIVEN[ctx["language"]]))]
    vehicle = vehicle[:3] + rng.sample(vehicle[3:], rng.randint(2, 5))
    own = [(_pick(ctx, "number"), ctx["number"]), (_say(ctx, "r_order"), order), (_pick(ctx, "date"), ctx["issue"])]
    rng.shuffle(own)
    customer = (_pick(ctx, "customer"), ctx["customer"])
    cells = own + [customer] + vehicle if rng.random() < 0.5 else own + vehicle
    if ctx["due"]:
        cells.insert(len(own), (_pick(ctx, "due"), ctx["due"]))
    title = ctx["title"] if ctx["credit"] else _say(ctx, "r_title")
    head = f'<div style="font-size:{rng.choice([15, 18])}pt" class="strong accent">{_e(title)}</div>'
    grid = _grid(ctx, cells, rng.choice(["above", "left", "inside"]))
    if ctx["credit"]:
        table, totals = blind._lines(ctx), blind._totals(ctx)
    else:
        table, totals = _repair_sections(ctx)
    buyer = f'<div style="margin:5mm 0 0 95mm">{blind._buyer_block(ctx, label=rng.random() < 0.5)}</div>'
    return f"{_head(ctx, head)}{buyer}{grid}{table}{totals}{_tail(ctx)}"


def _repair_sections(ctx: dict) -> tuple[str, str]:
    """Labour (hours × rate) and parts (reference, quantity, unit price), each with its subtotal, then the totals."""
    rng = ctx["rng"]
    rate = _rates(ctx)[0]
    hourly = Decimal(rng.choice([58, 65, 72, 79, 86, 94]))
    labour = [{"desc": job, "qty": Decimal(rng.choice([5, 10, 15, 20, 25, 30, 35])) / 10, "unit": hourly, "rate": rate, "code": ""}
              for job in rng.sample(WORKS_LABELS[ctx["language"]]["r_jobs"], rng.randint(1, 3))]
    parts = [{"desc": item, "qty": Decimal(rng.choice([1, 1, 2, 4, 5])), "rate": rate, "code": _digits(rng, rng.choice([6, 8, 10])),
              "unit": money(Decimal(str(round(10 ** rng.uniform(0.8, 2.6), 2))))}
             for item in rng.sample(WORKS_LABELS[ctx["language"]]["r_items"], rng.randint(1, 5))]
    for line in labour + parts:
        line["amount"] = money(line["qty"] * line["unit"])
    _reprice(ctx, labour + parts)
    head = "".join(f'<th class="{"n" if key in ("r_qty", "r_unit", "r_amount") else ""}">{_hold(ctx, key)}</th>'
                   for key in ("r_code", "r_desc", "r_qty", "r_unit", "r_amount"))
    sections = []
    for key, group, sub in (("r_labour", labour, "r_sub_labour"), ("r_parts", parts, "r_sub_parts")):
        rows = "".join(f"<tr><td>{_e(line['code'])}</td><td>{_e(line['desc'])}</td><td class='n'>{blind._qty(ctx, line['qty'])}</td>"
                       f"<td class='n'>{_m(ctx, line['unit'], False)}</td><td class='n'>{_m(ctx, line['amount'], False)}</td></tr>"
                       for line in group)
        total = sum((line["amount"] for line in group), Decimal(0))
        sections.append(f'<tr><td colspan="5" class="strong">{_hold(ctx, key)}</td></tr>{rows}'
                        f'<tr><td colspan="4" class="strong">{_hold(ctx, sub)}</td><td class="n strong">{_m(ctx, total, False)}</td></tr>')
    table = f'<table class="lines"><thead><tr>{head}</tr></thead><tbody>{"".join(sections)}</tbody></table>'
    return table, blind._recap(ctx) + blind._totals(ctx) if rng.random() < 0.5 else blind._totals(ctx)


blind.RENDER.update({"erp_grille": _layout_erp_grille, "situation_chantier": _layout_situation_chantier,
                     "acompte_chantier": _layout_acompte_chantier, "atelier_or": _layout_atelier_or})
