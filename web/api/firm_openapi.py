"""The OpenAPI 3.0 description of the firm's pull API, served at ``/api/v1/firm/openapi.json``."""

from __future__ import annotations

from typing import Any

_ERROR = {"description": "Erreur", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def spec(server_url: str = "/api/v1/firm") -> dict[str, Any]:
    """The OpenAPI document (paths relative to ``server_url``)."""
    auth_errors = {"401": _ERROR, "403": _ERROR}
    doc_id = {"name": "invoice_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
    money = {"type": "string", "nullable": True, "pattern": r"^-?\d+(\.\d+)?$"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Guichet — API du cabinet", "version": "1.0.0",
                 "description": "Le logiciel de production du cabinet récupère les factures archivées de ses dossiers "
                                "(modifiées depuis un curseur), leur Factur-X scellé, leur XML et leurs écritures, "
                                "et les marque comme importées."},
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "paths": {
            "/companies": {"get": {"summary": "Les dossiers que ce jeton lit", "operationId": "get_companies",
                                   "responses": {"200": _json("CompanyList", "Les dossiers"), **auth_errors}}},
            "/invoices": {"get": {
                "summary": "Factures archivées modifiées depuis un curseur (ordre des modifications)",
                "operationId": "get_invoices",
                "parameters": [
                    {"name": "since", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                    {"name": "company", "in": "query", "schema": {"type": "string", "pattern": r"^\d{9}$"}},
                ],
                "responses": {"200": _json("InvoiceList", "Les factures et le curseur suivant"), "400": _ERROR,
                              **auth_errors}}},
            "/invoices/{invoice_id}": {"get": {
                "summary": "Une facture et son écriture", "operationId": "get_invoice", "parameters": [doc_id],
                "responses": {"200": _json("InvoiceDetail", "La facture"), "404": _ERROR, **auth_errors}}},
            "/invoices/{invoice_id}/facturx": {"get": {
                "summary": "Le fichier archivé (Factur-X scellé)", "operationId": "get_invoice_facturx", "parameters": [doc_id],
                "responses": {"200": {"description": "Le PDF", "content": {"application/pdf": {
                    "schema": {"type": "string", "format": "binary"}}}}, "404": _ERROR, **auth_errors}}},
            "/invoices/{invoice_id}/xml": {"get": {
                "summary": "Le XML structuré (CII ou UBL) lu", "operationId": "get_invoice_xml", "parameters": [doc_id],
                "responses": {"200": {"description": "Le XML", "content": {"application/xml": {
                    "schema": {"type": "string"}}}}, "404": _ERROR, **auth_errors}}},
            "/invoices/{invoice_id}/entry": {"get": {
                "summary": "L'écriture comptable proposée (ou corrigée)", "operationId": "get_invoice_entry",
                "parameters": [doc_id],
                "responses": {"200": _json("Entry", "L'écriture"), "404": _ERROR, **auth_errors}}},
            "/webhooks": {
                "get": {"summary": "Les webhooks du cabinet", "operationId": "get_webhooks",
                        "responses": {"200": _json("WebhookList", "Les webhooks"), **auth_errors}},
                "post": {"summary": "Être prévenu des factures archivées ou exportées (le secret n'est montré qu'une fois)",
                         "operationId": "post_webhook",
                         "requestBody": {"required": True, "content": {"application/json": {"schema": {
                             "$ref": "#/components/schemas/WebhookRequest"}}}},
                         "responses": {"201": _json("WebhookCreated", "Créés"), "400": _ERROR, "422": _ERROR,
                                       **auth_errors}},
            },
            "/webhooks/{webhook_id}": {"delete": {
                "summary": "Supprimer un webhook", "operationId": "delete_webhook",
                "parameters": [{"name": "webhook_id", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 1}}],
                "responses": {"204": {"description": "Supprimé"}, "404": _ERROR, **auth_errors}}},
            "/invoices/{invoice_id}/imported": {"post": {
                "summary": "Marquer la facture comme importée", "operationId": "post_invoice_imported",
                "parameters": [doc_id],
                "responses": {"200": _json("Imported", "Marquée"), "404": _ERROR, **auth_errors}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "Company": {"type": "object", "required": ["id", "siren", "name"], "properties": {
                    "id": {"type": "integer"}, "siren": {"type": "string"}, "name": {"type": "string"}}},
                "CompanyList": {"type": "object", "required": ["companies"], "properties": {
                    "companies": {"type": "array", "items": {"$ref": "#/components/schemas/Company"}}}},
                "Invoice": {"type": "object", "required": ["id", "company", "direction", "changed"], "properties": {
                    "id": {"type": "integer"}, "company": {"type": "string"},
                    "direction": {"type": "string", "enum": ["purchase", "sales"]},
                    "number": {"type": "string", "nullable": True},
                    "issue_date": {"type": "string", "format": "date", "nullable": True},
                    "currency": {"type": "string", "nullable": True}, "total_with_tax": money,
                    "total_without_tax": money, "total_tax": money,
                    "counterparty": {"type": "string", "nullable": True},
                    "changed": {"type": "integer", "description": "position dans le fil des modifications"},
                    "exported": {"type": "object", "additionalProperties": {"type": "string"}}}},
                "InvoiceList": {"type": "object", "required": ["invoices", "cursor", "more"], "properties": {
                    "invoices": {"type": "array", "items": {"$ref": "#/components/schemas/Invoice"}},
                    "cursor": {"type": "integer", "description": "à repasser en « since » pour la suite"},
                    "more": {"type": "boolean"}}},
                "EntryLine": {"type": "object", "required": ["account", "debit", "credit"], "properties": {
                    "account": {"type": "string"}, "aux_account": {"type": "string"}, "label": {"type": "string"},
                    "debit": {"type": "string"}, "credit": {"type": "string"}}},
                "Entry": {"type": "object", "required": ["journal", "lines", "balanced", "problems"], "properties": {
                    "document": {"type": "integer"}, "journal": {"type": "string"},
                    "date": {"type": "string", "nullable": True}, "piece": {"type": "string"},
                    "label": {"type": "string"}, "direction": {"type": "string"}, "currency": {"type": "string"},
                    "lines": {"type": "array", "items": {"$ref": "#/components/schemas/EntryLine"}},
                    "balanced": {"type": "boolean"}, "problems": {"type": "array", "items": {"type": "string"}},
                    "corrected": {"type": "boolean"}}},
                "InvoiceDetail": {"allOf": [{"$ref": "#/components/schemas/Invoice"}, {"type": "object", "properties": {
                    "entry": {"$ref": "#/components/schemas/Entry"}}}]},
                "WebhookRequest": {"type": "object", "required": ["url"], "properties": {
                    "url": {"type": "string", "format": "uri"},
                    "events": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": ["archived", "exported"]}}}},
                "Webhook": {"type": "object", "required": ["id", "company", "url", "events"], "properties": {
                    "id": {"type": "integer"}, "company": {"type": "string"}, "url": {"type": "string"},
                    "events": {"type": "array", "items": {"type": "string"}}}},
                "WebhookList": {"type": "object", "required": ["webhooks"], "properties": {
                    "webhooks": {"type": "array", "items": {"$ref": "#/components/schemas/Webhook"}}}},
                "WebhookCreated": {"type": "object", "required": ["webhooks", "secret"], "properties": {
                    "webhooks": {"type": "array", "items": {"$ref": "#/components/schemas/Webhook"}},
                    "secret": {"type": "string", "description": "clé HMAC-SHA256, montrée à la création seulement"}}},
                "Imported": {"type": "object", "required": ["id", "imported_at"], "properties": {
                    "id": {"type": "integer"}, "imported_at": {"type": "string"}}},
            },
        },
    }
