"""The PAdES seal, the RFC 3161 time-stamps and the demo certificate (plugins/seal_pades.py)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import subprocess

import pypdf
from click.testing import CliRunner

from guichet.core.pipeline.reading import read_file
from guichet.plugins import seal_pades

from archive_fixtures import SAMPLE, arc_company, arc_rt, arc_settings, tsa  # noqa: F401 - fixtures

def _attachments(data: bytes) -> dict[str, list[bytes]]:
    return dict(pypdf.PdfReader(io.BytesIO(data)).attachments)


PDFA_NS = ("http://www.aiim.org/pdfa/ns/id/", "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#")


def _pdfa_markers(data: bytes) -> tuple[dict[str, str], int, bool]:
    """(pdfaid and fx XMP values, number of OutputIntents, extension schema present)."""
    from guichet.core.parsing.xmlsafe import parse_xml

    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    tree = parse_xml(xmp)
    values = {}
    for node in tree.iter():
        for name, value in node.attrib.items():
            if name.startswith("{") and name[1:].split("}")[0] in PDFA_NS:
                values[name] = value
        if isinstance(node.tag, str) and node.tag[1:].split("}")[0] in PDFA_NS and node.text:
            values[node.tag] = node.text.strip()
    return values, len(root.get("/OutputIntents") or []), b"Factur-X PDFA Extension Schema" in xmp


def test_hook_seal_pdf(arc_rt, corpus):
    original = (corpus / SAMPLE).read_bytes()
    sealed = arc_rt.pm.hook.seal_pdf(pdf=original, company=None, settings=arc_rt.settings)
    assert sealed is not None
    assert sealed.startswith(original), "an incremental update keeps the input as a byte prefix"
    assert len(sealed) > len(original)
    config = seal_pades.seal_config(arc_rt.settings)
    assert seal_pades.check_seal(sealed, config) == []
    # The Factur-X stays a Factur-X: same XML attachment, same PDF/A marker, same extraction.
    assert _attachments(sealed)["factur-x.xml"] == _attachments(original)["factur-x.xml"]
    # pyHanko rewrites the XMP only to keep ModifyDate in step with the Info dict (as PDF/A wants).
    markers = _pdfa_markers(sealed)
    assert markers == _pdfa_markers(original)
    assert markers[0]["{http://www.aiim.org/pdfa/ns/id/}part"] == "3"
    assert markers[2] is True
    before, after = read_file(arc_rt.pm, original, SAMPLE), read_file(arc_rt.pm, sealed, SAMPLE)
    assert after.format == before.format == "facturx"
    assert after.xml == before.xml
    assert after.invoice == before.invoice


def test_seal_is_pades_with_a_timestamp(arc_rt, corpus):
    sealed = arc_rt.pm.hook.seal_pdf(pdf=(corpus / SAMPLE).read_bytes(), company=None, settings=arc_rt.settings)
    assert b"/ETSI.CAdES.detached" in sealed
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    config = seal_pades.seal_config(arc_rt.settings)
    sig = PdfFileReader(io.BytesIO(sealed)).embedded_signatures[0]
    status = validate_pdf_signature(
        sig, ValidationContext(trust_roots=seal_pades.seal_roots(config)),
        ts_validation_context=ValidationContext(trust_roots=seal_pades._load_certs((config.tsa_ca_file,))),
    )
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted


def test_a_changed_byte_breaks_the_seal(arc_rt, corpus):
    original = (corpus / SAMPLE).read_bytes()
    sealed = bytearray(arc_rt.pm.hook.seal_pdf(pdf=original, company=None, settings=arc_rt.settings))
    sealed[len(original) // 2] ^= 0x01
    problems = seal_pades.check_seal(bytes(sealed), seal_pades.seal_config(arc_rt.settings))
    assert problems and "invalide" in problems[0]


def test_an_appended_update_after_the_seal_is_seen(arc_rt, corpus):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    sealed = arc_rt.pm.hook.seal_pdf(pdf=(corpus / SAMPLE).read_bytes(), company=None, settings=arc_rt.settings)
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.root["/Guichet"] = generic.TextStringObject("modifié")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    problems = seal_pades.check_seal(out.getvalue(), seal_pades.seal_config(arc_rt.settings))
    assert any("modifié après le cachet" in p for p in problems)


def test_no_certificate_means_no_seal(arc_rt, corpus):
    seal_pades.seal_config(arc_rt.settings).pkcs12.unlink()
    assert arc_rt.pm.hook.seal_pdf(pdf=(corpus / SAMPLE).read_bytes(), company=None, settings=arc_rt.settings) is None


def test_hook_timestamp_digest(arc_rt, tsa, tmp_path):
    data = b"facture 2026-001"
    digest = hashlib.sha256(data).digest()
    tsr = arc_rt.pm.hook.timestamp_digest(digest=digest, settings=arc_rt.settings)
    config = seal_pades.seal_config(arc_rt.settings)
    assert seal_pades.check_token(tsr, digest, config) == []
    assert seal_pades.check_token(tsr, hashlib.sha256(b"autre").digest(), config)
    assert seal_pades.token_time(tsr) is not None
    (tmp_path / "f").write_bytes(data)
    (tmp_path / "f.tsr").write_bytes(tsr)
    done = subprocess.run(
        ["openssl", "ts", "-verify", "-data", str(tmp_path / "f"), "-in", str(tmp_path / "f.tsr"), "-CAfile", str(tsa.ca_file)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Verification: OK" in done.stdout


def test_timestamp_without_tsa_is_none(arc_settings):
    arc_settings.values["seal"]["tsa_url"] = ""
    from guichet.core.ops import runtime
    from guichet.core.plugins import make_plugin_manager

    rt = runtime.start(arc_settings, pm=make_plugin_manager(load_entrypoints=False, extra=["guichet.plugins.seal_pades"]))
    assert rt.pm.hook.timestamp_digest(digest=b"\0" * 32, settings=rt.settings) is None
    rt.database.close()


def test_unreachable_tsa_is_an_oserror(arc_settings, corpus):
    import pytest

    config = seal_pades.seal_config(arc_settings)
    dead = dataclasses.replace(config, tsa_url="http://127.0.0.1:9/", tsa_ca_file=None, trust_roots=())
    with pytest.raises(OSError, match="horodatage injoignable"):
        seal_pades.request_token(b"\0" * 32, dead.tsa_url)
    with pytest.raises(OSError, match="horodatage injoignable"):
        seal_pades.seal((corpus / SAMPLE).read_bytes(), dead)


def test_hook_seal_data(arc_rt, tmp_path):
    statement = b'{"event_id": 12, "event_hash": "ab"}\n'
    signature = arc_rt.pm.hook.seal_data(data=statement, settings=arc_rt.settings)
    # An auditor checks it with openssl alone (the demo certificate is self-signed: -noverify).
    (tmp_path / "head.json").write_bytes(statement)
    (tmp_path / "head.json.p7s").write_bytes(signature)
    done = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(tmp_path / "head.json.p7s"),
         "-content", str(tmp_path / "head.json"), "-noverify", "-out", "/dev/null"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0 and "Verification successful" in done.stderr, done.stderr
    seal_pades.seal_config(arc_rt.settings).pkcs12.unlink()
    assert arc_rt.pm.hook.seal_data(data=statement, settings=arc_rt.settings) is None  # no certificate, no signature


def test_hook_check_sealed_data(arc_rt, tmp_path):
    statement = b'{"event_id": 12, "event_hash": "ab"}\n'
    signature = arc_rt.pm.hook.seal_data(data=statement, settings=arc_rt.settings)
    assert arc_rt.pm.hook.check_sealed_data(data=statement, signature=signature, settings=arc_rt.settings) == []
    assert arc_rt.pm.hook.check_sealed_data(data=statement.replace(b"12", b"13"), signature=signature, settings=arc_rt.settings) == [
        "signature : le contenu signé a été modifié"]
    assert arc_rt.pm.hook.check_sealed_data(data=statement, signature=signature[:-40], settings=arc_rt.settings)[0].startswith(
        "signature illisible")
    # A statement re-signed with another key (a forger's, of the same name) is not the firm's seal.
    forger = seal_pades.SealConfig(tmp_path / "forger.p12", tmp_path / "forger.pass", "", None, (), arc_rt.settings)
    forger.pkcs12.write_bytes(seal_pades.make_self_signed_pkcs12("Cachet", "Cabinet Démo", b"x"))
    forger.password_file.write_text("x")
    other = seal_pades.sign_data(statement, forger)
    problems = arc_rt.pm.hook.check_sealed_data(data=statement, signature=other, settings=arc_rt.settings)
    assert problems == ["signature d'un certificat que l'instance ne reconnaît pas comme cachet du cabinet"]


def test_hook_instance_initialised(tmp_path):
    from guichet.core.ops.cli import cli

    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "inst"), "init", "--password", "x" * 12])
    assert result.exit_code == 0, result.output
    assert "AUTO-SIGNÉ de démonstration" in result.output
    p12 = tmp_path / "inst" / "seal" / "cachet.p12"
    from cryptography.hazmat.primitives.serialization import pkcs12

    from guichet.core.settings import load_settings

    stored = (tmp_path / "inst" / "seal" / "cachet.pass").read_text()
    assert stored.startswith(seal_pades.ENCRYPTED_PREFIX)  # never in clear beside the .p12
    password = seal_pades.read_password(load_settings(tmp_path / "inst"), tmp_path / "inst" / "seal" / "cachet.pass")

    key, cert, _extra = pkcs12.load_key_and_certificates(p12.read_bytes(), password)
    assert key is not None and cert.subject == cert.issuer  # self-signed
    assert "AUTO-SIGNÉ" in cert.subject.rfc4514_string()
    # A second init never overwrites the certificate.
    before = p12.read_bytes()
    assert seal_pades.write_demo_certificate(load_settings(tmp_path / "inst")) is None
    assert p12.read_bytes() == before


def test_a_wrong_password_keeps_the_document_waiting(arc_rt, arc_company, corpus):
    import pytest

    from guichet.core.pipeline import intake, pipeline
    from guichet.core.model.states import State

    config = seal_pades.seal_config(arc_rt.settings)
    config.password_file.write_text("faux\n")
    with pytest.raises(seal_pades.SealConfigurationError, match="illisible"):
        seal_pades.load_signer(config)
    document, _ = intake.receive(arc_rt, arc_company, (corpus / SAMPLE).read_bytes(), SAMPLE, channel="cli")
    with pytest.raises(OSError, match="certificat de cachet illisible"):
        pipeline.run_to_rest(arc_rt, document.id)
    document = type(document).get_by_id(document.id)
    assert document.state == State.CHECKED  # not rejected: retried once the password is fixed
