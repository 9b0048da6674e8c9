"""The XP Z12-013 platform connector against the stand-in platform, and the stand-in against the OpenAPI files."""

from __future__ import annotations

import json

import pytest
import requests
from openapi_schema_validator import OAS30Validator

from guichet.connectors.afnor_flow import AfnorFlowPlatform
from guichet.core.connectors import OutgoingFlow, is_platform
from guichet.core.errors import OutboundRefused, PlatformError
from guichet.core.network.accounts import connector_settings
from standins.afnor_pa import SPECS, PlatformStandIn

FLOW_API = json.loads((SPECS / "api" / "flow-service-1.1.0.swagger.json").read_text())
DIRECTORY_API = json.loads((SPECS / "api" / "directory-service-1.1.0.swagger.json").read_text())


def _validator(api: dict, schema: str) -> OAS30Validator:
    """A validator of one component schema, resolving the file's own $refs."""
    return OAS30Validator({"$ref": f"#/components/schemas/{schema}", "components": api["components"]})


@pytest.fixture
def pa(settings):
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]
    with PlatformStandIn() as standin:
        yield standin


@pytest.fixture
def account(pa, rt):
    """An account's settings as the core hands them to the connector (accounts.connector_settings)."""
    return connector_settings(rt.settings, {"url": pa.url, "token_url": pa.token_url, "client_id": "guichet",
                                            "client_secret": "s3cret", "directory_url": pa.directory_url})


CONNECTOR = AfnorFlowPlatform()


def _flow(tracking="t-1", data=b"<Invoice/>", syntax="CII"):
    return OutgoingFlow(tracking_id=tracking, name="F1.xml", data=data, syntax=syntax, profile="CIUS")


def test_the_connector_is_a_platform_connector_and_checks_its_settings():
    assert is_platform(CONNECTOR)
    assert CONNECTOR.check({}) and "Secret client OAuth2" in " ".join(CONNECTOR.check({}))
    assert CONNECTOR.check({"url": "https://api.flow.pa.example/flow-service", "token_url": "https://pa.example/t",
                            "client_id": "c", "client_secret": "s"}) == []


def test_send_then_search_get_and_download(pa, account):
    sent = CONNECTOR.send_flow(account, _flow(data=b"<rsm:ExchangedDocument><ram:ID>F-1</ram:ID>"))
    assert sent.flow_id in pa.flows and sent.tracking_id == "t-1"
    assert pa.flows[sent.flow_id]["flowSyntax"] == "CII"
    assert CONNECTOR.get_flow(account, sent.flow_id).ack_status == "Ok"
    assert CONNECTOR.download_flow(account, sent.flow_id) == b"<rsm:ExchangedDocument><ram:ID>F-1</ram:ID>"
    # The platform answered with a 200 Déposée lifecycle flow, direction In.
    incoming = CONNECTOR.search_flows(account)
    assert [(f.syntax, f.direction) for f in incoming] == [("CDAR", "In")]
    assert b"<ram:ProcessConditionCode>200<" in CONNECTOR.download_flow(account, incoming[0].flow_id)


def test_the_same_tracking_id_is_sent_once(pa, account):
    first = CONNECTOR.send_flow(account, _flow("t-dup"))
    again = CONNECTOR.send_flow(account, _flow("t-dup"))
    assert again.flow_id == first.flow_id
    assert sum(1 for r in pa.requests if r["path"].endswith("/v1/flows") and r["method"] == "POST") == 1


def test_search_pages_through_everything_once_and_in_order(pa, account):
    pa.page_size = 3
    ids = [pa.deliver_invoice(f"<i{n}/>".encode()) for n in range(8)]
    found = CONNECTOR.search_flows(account)
    assert [f.flow_id for f in found] == ids
    later = CONNECTOR.search_flows(account, updated_after=found[4].updated_at)
    assert [f.flow_id for f in later] == ids[5:]
    assert CONNECTOR.search_flows(account, direction="Out") == []


def test_token_is_reused_and_renewed_when_the_platform_forgets_it(pa, account):
    CONNECTOR.search_flows(account)
    CONNECTOR.search_flows(account)
    assert pa.token_requests == 1
    pa.tokens.clear()  # expired or revoked on the platform's side
    CONNECTOR.search_flows(account)
    assert pa.token_requests == 2


def test_wrong_credentials_are_a_lasting_french_error(pa, account):
    with pytest.raises(PlatformError, match="identifiants OAuth2 refusés") as caught:
        CONNECTOR.search_flows({**account, "client_id": "intrus"})
    assert not caught.value.transient


def test_errors_of_the_specification(pa, account):
    pa.max_size = 10
    with pytest.raises(PlatformError, match="trop volumineux") as big:
        CONNECTOR.send_flow(account, _flow("t-big", data=b"x" * 11))
    assert (big.value.status, big.value.code, big.value.transient) == (413, "FILE_SIZE_EXCEEDED", False)
    pa.fail_next = 1
    with pytest.raises(PlatformError, match="indisponible") as down:
        CONNECTOR.search_flows(account)
    assert down.value.transient and down.value.status == 503
    with pytest.raises(PlatformError, match="inconnu") as missing:
        CONNECTOR.get_flow(account, "nope")
    assert missing.value.status == 404 and not missing.value.transient


def test_a_short_retry_after_is_waited_a_long_one_is_for_the_queue(pa, account):
    pa.limit, pa.window, pa.retry_after = 2, 1.0, 1
    for _ in range(3):
        CONNECTOR.search_flows(account)  # the third waits one second and succeeds
    assert pa.refused >= 1
    pa.limit, pa.retry_after = 0, 120
    with pytest.raises(PlatformError, match="trop de requêtes") as limited:
        CONNECTOR.search_flows(account)
    assert limited.value.transient and limited.value.retry_after == 120


def test_unreachable_platform_is_transient(account, pa):
    pa.stop()
    with pytest.raises(PlatformError, match="injoignable") as caught:
        CONNECTOR.search_flows(account)
    assert caught.value.transient


def test_loopback_is_refused_unless_the_admin_allows_it(pa, account, settings):
    settings.values["outbound"]["allowed_hosts"] = []
    with pytest.raises(OutboundRefused, match="bouclage"):
        CONNECTOR.search_flows(account)


def test_directory_lookups(pa, account):
    pa.add_line("552081317", name="ACHETEUR SA")
    pa.add_line("552081317", siret="55208131700014", routing="SERVICE-A")
    pa.add_line("732829320", active=False, identifier="732829320_X")
    by_siren = CONNECTOR.lookup(account, "552081317")
    assert {e.routing_code for e in by_siren} == {None, "SERVICE-A"} and by_siren[0].name == "ACHETEUR SA"
    assert [e.routing_code for e in CONNECTOR.lookup(account, "55208131700014")] == ["SERVICE-A"]
    assert len(CONNECTOR.lookup(account, "55208131700014:SERVICE-A")) == 1
    assert CONNECTOR.lookup(account, "55208131700014:AUTRE") == []
    assert [e.active for e in CONNECTOR.lookup(account, "732829320_X")] == [False]
    assert CONNECTOR.lookup(account, "inconnu_1") == []
    assert CONNECTOR.lookup(account, "999999999") == []
    pa.page_size = 1  # 206 partial answers are followed
    assert len(CONNECTOR.lookup(account, "552081317")) == 2


# --- the stand-in follows the published API -----------------------------------------------


def _token(pa):
    return requests.post(pa.token_url, data={"grant_type": "client_credentials"}, auth=("guichet", "s3cret"),
                         timeout=5).json()["access_token"]


def test_standin_answers_match_the_flow_service_schemas(pa):
    headers = {"Authorization": f"Bearer {_token(pa)}"}
    info = {"trackingId": "t-9", "name": "f.xml", "flowSyntax": "CII", "processingRule": "B2B"}
    created = requests.post(f"{pa.url}/v1/flows", headers=headers, timeout=5,
                            files={"flowInfo": (None, json.dumps(info), "application/json"),
                                   "file": ("f.xml", b"<x/>", "application/xml")})
    assert created.status_code == 202
    _validator(FLOW_API, "FullFlowInfo").validate(created.json())
    search = requests.post(f"{pa.url}/v1/flows/search", headers=headers, json={"where": {"flowDirection": ["Out"]}},
                           timeout=5)
    _validator(FLOW_API, "SearchFlowContent").validate(search.json())
    assert search.json()["results"][0]["flowId"] == created.json()["flowId"]
    meta = requests.get(f"{pa.url}/v1/flows/{created.json()['flowId']}", headers=headers, timeout=5)
    _validator(FLOW_API, "Flow").validate(meta.json())
    original = requests.get(f"{pa.url}/v1/flows/{created.json()['flowId']}", params={"docType": "Original"},
                            headers=headers, timeout=5)
    assert original.content == b"<x/>" and original.headers["Content-Disposition"].startswith("attachment;filename=")
    for response, status in (
        (requests.post(f"{pa.url}/v1/flows", headers=headers, files={"file": ("f", b"x")}, timeout=5), 400),
        (requests.post(f"{pa.url}/v1/flows/search", headers=headers, json={"where": {}}, timeout=5), 400),
        (requests.get(f"{pa.url}/v1/flows/none", headers=headers, timeout=5), 404),
        (requests.get(f"{pa.url}/v1/flows/none", timeout=5), 401),
    ):
        assert response.status_code == status
        assert str(status) in FLOW_API["paths"]["/v1/flows"]["post"]["responses"] or status == 404
        _validator(FLOW_API, "Error").validate(response.json())


def test_standin_directory_answers_match_the_directory_schemas(pa):
    pa.add_line("552081317", siret="55208131700014", routing="SERVICE-A")
    headers = {"Authorization": f"Bearer {_token(pa)}"}
    found = requests.post(f"{pa.directory_url}/v1/directory-line/search", headers=headers, timeout=5,
                          json={"filters": {"siren": {"op": "contains", "value": "552081317"}}})
    _validator(DIRECTORY_API, "directoryLineSearchPost200Response").validate(found.json())
    line = requests.get(f"{pa.directory_url}/v1/directory-line/code:552081317_SERVICE-A", headers=headers, timeout=5)
    _validator(DIRECTORY_API, "directoryLinePayloadHistoryLegalUnitFacilityRoutingCode").validate(line.json())
    unit = requests.get(f"{pa.directory_url}/v1/siren/code-insee:552081317", headers=headers, timeout=5)
    _validator(DIRECTORY_API, "legalUnitPayloadHistory").validate(unit.json())


def test_check_refuses_internal_addresses(rt, settings):
    settings.values["outbound"]["allowed_hosts"] = []
    typed = {"url": "http://169.254.169.254/flow-service", "token_url": "https://pa.example/t", "client_id": "c",
             "client_secret": "s"}
    # As the core passes them, and without the core's outbound settings (the strictest: no host opened).
    for given in (connector_settings(rt.settings, typed), typed):
        problems = CONNECTOR.check(given)
        assert len(problems) == 1 and "url" in problems[0] and "lien-local" in problems[0]


def test_the_hosts_the_firm_opened_come_with_the_settings_passed(rt, settings):
    """No runtime is asked (issue 12): a host opened for this account (ADMIN_HOSTS) is allowed through the
    settings the core passes, and refused when they are not passed."""
    from guichet.core.network.accounts import ADMIN_HOSTS

    settings.values["outbound"]["allowed_hosts"] = []
    typed = {"url": "http://10.1.2.3/flow-service", "token_url": "https://pa.example/t", "client_id": "c",
             "client_secret": "s", ADMIN_HOSTS: ["10.1.2.3"]}
    assert CONNECTOR.check(connector_settings(rt.settings, typed)) == []
    assert CONNECTOR.check(typed) != []


def test_schemathesis_drives_the_standin_from_the_flow_service_openapi(pa):
    """Requests generated from the published Flow Service file: every answer is documented and matches its schema."""
    import hypothesis
    import schemathesis
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_dict(FLOW_API)
    schema.config.update(base_url=pa.url)
    checks = [status_code_conformance, content_type_conformance, response_schema_conformance]
    headers = {"Authorization": f"Bearer {_token(pa)}"}
    pa.deliver_invoice(b"<x/>")
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(max_examples=25, deadline=None, database=None, derandomize=True,
                             suppress_health_check=list(hypothesis.HealthCheck))
        def run(case):
            response = case.call_and_validate(headers=headers, checks=checks)
            assert response.status_code < 500, response.text

        run()
        tested += 1
    assert tested == 4  # createFlow, searchFlow, getFlow, getHealth


def test_a_token_server_taking_the_credentials_in_the_form_only(settings, rt):
    settings.values["outbound"]["allowed_hosts"] = ["127.0.0.1"]
    with PlatformStandIn(basic_auth=False) as pa:
        account = connector_settings(rt.settings, {"url": pa.url, "token_url": pa.token_url, "client_id": "guichet",
                                                   "client_secret": "s3cret"})
        assert CONNECTOR.search_flows(account) == []
        assert pa.token_requests == 2  # Basic refused, then the form
