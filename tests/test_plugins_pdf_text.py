"""Words from PDF text layers (the embedded XML is ignored)."""

from __future__ import annotations

from guichet.core.parsing.fields import SOURCE_TEXT
from guichet.core.plugins import make_plugin_manager
from guichet.plugins.fields_rules import propose
from guichet.plugins.pdf_text import has_text_layer, read_pdf_words


def test_corpus_text_layer_gives_fields_without_the_xml(corpus):
    pages = read_pdf_words((corpus / "EN16931_Einfach.pdf").read_bytes())
    assert has_text_layer(pages)
    assert all(0 <= v <= 1 for w in pages[0].words for v in w.box)
    values = propose(pages, None, SOURCE_TEXT).values()
    assert values["invoice_number"] == "471102"
    assert values["issue_date"] == "2018-03-05"
    assert values["seller_vat_id"] == "DE123456789"
    assert values["total_with_tax"] == "529.87"


def test_touching_words_are_joined(corpus):
    pages = read_pdf_words((corpus / "zugferd_2p1_EN16931_Einfach.pdf").read_bytes())
    assert "471102" in [w.text for w in pages[0].words]


def test_hook_extract_words(corpus, tmp_path):
    pm = make_plugin_manager()
    data = (corpus / "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf").read_bytes()
    result = pm.hook.extract_words(data=data, fmt="pdf", filename="hetzner.pdf", settings=None, hook=pm.hook)
    assert result.source == SOURCE_TEXT
    assert result.engine == "pdfium"
    assert "R0005532486" in result.pages[0].text


def test_the_only_characters_pdfium_generates_are_spaces_and_line_breaks(corpus):
    """pdf_text asks whether a character was generated of white space only (one call less per character): PDFium
    makes up spaces and line breaks, nothing else, on every page of the corpus."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    generated = set()
    for path in sorted(corpus.glob("*.pdf"))[:40]:
        pdf = pdfium.PdfDocument(path.read_bytes())
        for index in range(len(pdf)):
            page = pdf[index]
            text = page.get_textpage()
            for char in range(text.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(text.raw, char) == 1:
                    generated.add(chr(pdfium_c.FPDFText_GetUnicode(text.raw, char)))
            text.close()
            page.close()
        pdf.close()
    assert generated and all(c.isspace() for c in generated), generated


def _clipped_pdf() -> bytes:
    """A page with a line its clip rectangle hides (a footer drawn under a clip that lies below it), a
    visible line, an OCR layer in render mode 3 (under a clip that misses it too: invisible text is read
    whatever its clip) and a form XObject holding one hidden and one visible line."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    form = pikepdf.Stream(pdf, b"q 0 0 600 20 re W n BT /F1 10 Tf 72 50 Td (Formhidden) Tj ET Q "
                               b"BT /F1 10 Tf 72 5 Td (Formshown) Tj ET")
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox, form.Matrix = [0, 0, 600, 100], [1, 0, 0, 1, 0, 400]
    form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    pdf.add_blank_page(page_size=(600, 800))
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(X1=form))
    page.Contents = pdf.make_stream(
        b"q 0 0 600 40 re W n BT /F1 10 Tf 72 100 Td (Hiddenfooter) Tj ET Q "
        b"q 0 0 600 800 re W n BT /F1 10 Tf 72 200 Td (Visibleline) Tj ET Q "
        b"q 0 0 600 40 re W n BT 3 Tr /F1 10 Tf 72 300 Td (Ocrlayer) Tj ET Q /X1 Do")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_text_its_clip_path_hides_is_not_read_but_invisible_ocr_text_is():
    """The FNFE Factur-X samples hold a footer line (« ... au capital de ... RCS ... ») whose clip rectangle
    lies under it: nobody sees it, and it was read as the seller's legal name."""
    words = [w.text for w in read_pdf_words(_clipped_pdf())[0].words]
    assert "Hiddenfooter" not in words and "Formhidden" not in words
    assert {"Visibleline", "Formshown", "Ocrlayer"} <= set(words)


def _mixed_runs_pdf() -> bytes:
    """One text object (one BT … ET) whose runs change matrix and type size: upright at 10 pt, turned a quarter
    along the margin, upright again at 20 pt, turned again, then upright at 10 pt."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    pdf.add_blank_page(page_size=(600, 800))
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(
        b"BT /F1 10 Tf 1 0 0 1 72 700 Tm (Uprightfirst) Tj "
        b"0 1 -1 0 580 100 Tm (Turnedmargin) Tj "
        b"/F1 20 Tf 1 0 0 1 72 600 Tm (Bigupright) Tj "
        b"/F1 10 Tf 0 1 -1 0 590 100 Tm (Turnedagain) Tj "
        b"1 0 0 1 72 500 Tm (Uprightlast) Tj ET")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_turned_and_upright_runs_of_one_text_object_are_told_apart():
    """Whether text is turned, and its type size, are read once per PDFium text object: this pins that a text
    object is one run (one matrix, one size) even when one BT … ET changes both between its runs."""
    words = {w.text: w for w in read_pdf_words(_mixed_runs_pdf())[0].words}
    assert set(words) == {"Uprightfirst", "Bigupright", "Uprightlast"}
    height = {text: (word.box[3] - word.box[1]) * 800 for text, word in words.items()}
    assert abs(height["Uprightfirst"] - 10.2) < 0.5 and abs(height["Uprightlast"] - 10.2) < 0.5
    assert abs(height["Bigupright"] - 20.4) < 1.0
