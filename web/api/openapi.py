"""The OpenAPI 3.0 description of the editors' API, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from typing import Any

from guichet.core.model.sales_models import DELIVERY_LABELS
from guichet.core.model.states import State

_ERROR = {"description": "Erreur", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def spec(server_url: str = "/api/v1") -> dict[str, Any]:
    """The OpenAPI document (paths relative to ``server_url``)."""
    auth_errors = {"401": _ERROR, "403": _ERROR}
    doc_id = {"name": "document_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
    customer_id = {"name": "customer_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
    nullable_text = {"type": "string", "nullable": True}
    texts = {"type": "array", "items": {"type": "string"}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Guichet — API des éditeurs", "version": "1.0.0",
                 "description": "Dépôt de factures de vente (Factur-X, CII, UBL ou JSON du modèle EN 16931), "
                                "suivi de leur état, notifications signées (webhooks) et carnet des clients "
                                "à qui elles sont distribuées."},
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "paths": {
            "/documents": {
                "post": {
                    "summary": "Déposer une facture",
                    "operationId": "post_document",
                    "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                                    "schema": {"type": "string", "minLength": 1, "maxLength": 200}}],
                    "requestBody": {"required": True, "content": {
                        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                            "file": {"type": "string", "format": "binary"}}}},
                        "application/json": {"schema": {"$ref": "#/components/schemas/InvoiceModel"}},
                    }},
                    "responses": {"201": _json("Document", "Reçue"),
                                  "200": _json("Document", "Déjà reçue (mêmes octets ou même clé d'idempotence)"),
                                  "400": _ERROR, "422": _ERROR, "413": _ERROR, **auth_errors},
                },
                "get": {
                    "summary": "Lister les factures du dossier",
                    "operationId": "get_documents",
                    "parameters": [
                        {"name": "state", "in": "query", "schema": {"type": "string", "enum": [str(s) for s in State]}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
                        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                    ],
                    "responses": {"200": _json("DocumentList", "Les factures"), "400": _ERROR, **auth_errors},
                },
            },
            "/documents/{document_id}": {
                "get": {"summary": "État d'une facture", "operationId": "get_document", "parameters": [doc_id],
                        "responses": {"200": _json("Document", "La facture"), "404": _ERROR, **auth_errors}},
            },
            "/documents/{document_id}/retry": {
                "post": {"summary": "Relancer une facture rejetée (elle repasse par tout le circuit)",
                         "operationId": "post_document_retry", "parameters": [doc_id],
                         "responses": {"200": _json("Document", "Relancée"), "404": _ERROR,
                                       "409": _ERROR, **auth_errors}},
            },
            "/documents/{document_id}/deliveries": {
                "get": {"summary": "Envois d'une facture de vente à son client (canal, état, motif)",
                        "operationId": "get_document_deliveries", "parameters": [doc_id],
                        "responses": {"200": _json("DeliveryList", "Les envois"), "404": _ERROR, **auth_errors}},
            },
            "/documents/{document_id}/network": {
                "get": {"summary": "Statuts de cycle de vie d'une facture sur le réseau de facturation électronique",
                        "operationId": "get_document_network", "parameters": [doc_id],
                        "responses": {"200": _json("NetworkInfo", "Les statuts"), "404": _ERROR, **auth_errors}},
            },
            "/documents/{document_id}/network/answer": {
                "post": {"summary": "Répondre (acheteur) à une facture reçue par le réseau : 204 à 211, avec motif",
                         "operationId": "post_document_network_answer", "parameters": [doc_id],
                         "requestBody": {"required": True, "content": {"application/json": {"schema": {
                             "$ref": "#/components/schemas/NetworkAnswer"}}}},
                         "responses": {"200": _json("NetworkStatus", "Statut enregistré (envoyé dès que possible)"),
                                       "400": _ERROR, "404": _ERROR, "409": _ERROR, "413": _ERROR, **auth_errors}},
            },
            "/customers": {
                "get": {"summary": "Lister les clients du dossier (carnet appris des factures de vente)",
                        "operationId": "get_customers",
                        "responses": {"200": _json("CustomerList", "Les clients, avec ce qui manque à chaque canal"),
                                      **auth_errors}},
                "post": {"summary": "Créer un client", "operationId": "post_customer",
                         "requestBody": {"required": True, "content": {"application/json": {"schema": {
                             "$ref": "#/components/schemas/CustomerRequest"}}}},
                         "responses": {"201": _json("Customer", "Créé"), "400": _ERROR, "413": _ERROR, "422": _ERROR,
                                       **auth_errors}},
            },
            "/customers/{customer_id}": {
                "get": {"summary": "Un client du dossier", "operationId": "get_customer", "parameters": [customer_id],
                        "responses": {"200": _json("Customer", "Le client"), "404": _ERROR, **auth_errors}},
                "patch": {"summary": "Modifier des champs d'un client (les envois « à compléter » repartent)",
                          "operationId": "patch_customer", "parameters": [customer_id],
                          "requestBody": {"required": True, "content": {"application/json": {"schema": {
                              "$ref": "#/components/schemas/CustomerRequest"}}}},
                          "responses": {"200": _json("Customer", "Modifié"), "400": _ERROR, "404": _ERROR,
                                        "413": _ERROR, "422": _ERROR, **auth_errors}},
            },
            "/webhooks": {
                "get": {"summary": "Lister les webhooks", "operationId": "get_webhooks",
                        "responses": {"200": _json("WebhookList", "Les webhooks"), **auth_errors}},
                "post": {"summary": "Créer un webhook (le secret n'est montré qu'une fois)", "operationId": "post_webhook",
                         "requestBody": {"required": True, "content": {"application/json": {"schema": {
                             "$ref": "#/components/schemas/WebhookRequest"}}}},
                         "responses": {"201": _json("Webhook", "Créé"), "400": _ERROR, "422": _ERROR, **auth_errors}},
            },
            "/webhooks/{webhook_id}": {
                "delete": {"summary": "Supprimer un webhook", "operationId": "delete_webhook",
                           "parameters": [{"name": "webhook_id", "in": "path", "required": True,
                                           "schema": {"type": "integer", "minimum": 1}}],
                           "responses": {"204": {"description": "Supprimé"}, "404": _ERROR, **auth_errors}},
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "InvoiceModel": {"type": "object", "description": "Le modèle EN 16931 (guichet.core.model.invoice.Invoice) en JSON",
                                 "required": ["number"], "properties": {
                                     "number": {"type": "string", "minLength": 1},
                                     "issue_date": {"type": "string", "format": "date"},
                                     "type_code": {"type": "string"}, "currency": {"type": "string"},
                                     "seller": {"type": "object"}, "buyer": {"type": "object"},
                                     "lines": {"type": "array", "items": {"type": "object"}},
                                     "totals": {"type": "object"}}},
                "Finding": {"type": "object", "properties": {
                    "code": {"type": "string"}, "severity": {"type": "string", "enum": ["fatal", "warning", "info"]},
                    "message": {"type": "string"}}},
                "Document": {"type": "object", "required": ["id", "state", "state_label", "filename", "duplicate"],
                             "properties": {
                                 "id": {"type": "integer"}, "state": {"type": "string"},
                                 "state_label": {"type": "string"}, "reason": {"type": "string", "nullable": True},
                                 "filename": {"type": "string"}, "format": {"type": "string", "nullable": True},
                                 "sha256": {"type": "string"}, "received_at": {"type": "string"},
                                 "duplicate": {"type": "boolean"},
                                 "invoice": {"type": "object", "nullable": True},
                                 "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}}},
                "DocumentList": {"type": "object", "required": ["documents"], "properties": {
                    "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Document"}},
                    "total": {"type": "integer"}}},
                "NetworkAnswer": {"type": "object", "required": ["code"], "properties": {
                    "code": {"type": "string", "enum": ["204", "205", "206", "207", "208", "210", "211"]},
                    "reason": {"type": "string", "nullable": True,
                               "description": "code motif (DOUBLON, CALCUL_ERR...), requis pour 206, 207, 208, 210"},
                    "message": {"type": "string", "nullable": True}}},
                "NetworkStatus": {"type": "object", "required": ["code", "label", "origin", "delivery", "at"],
                                  "properties": {
                                      "code": {"type": "string"}, "label": {"type": "string"},
                                      "reason": {"type": "string", "nullable": True},
                                      "message": {"type": "string", "nullable": True},
                                      "origin": {"type": "string", "enum": ["platform", "buyer", "seller"]},
                                      "delivery": {"type": "string", "enum": ["received", "pending", "sent", "refused"]},
                                      "at": {"type": "string"}}},
                "NetworkInfo": {"type": "object", "required": ["document_id", "statuses"], "properties": {
                    "document_id": {"type": "integer"},
                    "route": {"type": "string", "nullable": True, "enum": ["received", "network", "ereporting", None]},
                    "flow_id": {"type": "string", "nullable": True},
                    "last_code": {"type": "string", "nullable": True},
                    "statuses": {"type": "array", "items": {"$ref": "#/components/schemas/NetworkStatus"}}}},
                "Customer": {"type": "object", "required": ["id", "name", "emails", "channel", "fallbacks"],
                             "properties": {
                                 "id": {"type": "integer"}, "name": {"type": "string"},
                                 "siren": nullable_text, "siret": nullable_text, "vat_id": nullable_text,
                                 "electronic_address": nullable_text, "emails": texts,
                                 "address": {"type": "object", "additionalProperties": {"type": "string"}},
                                 "chorus": {"type": "object"}, "edi": {"type": "object"},
                                 "channel": {"type": "string", "description": "canal préféré ; vide : automatique"},
                                 "fallbacks": texts, "invoices": {"type": "integer"},
                                 "missing": {"type": "object", "additionalProperties": texts,
                                             "description": "par canal, ce qui manque à la fiche (vide : utilisable)"}}},
                "DeliveryList": {"type": "object", "required": ["document_id", "deliveries"], "properties": {
                    "document_id": {"type": "integer"},
                    "deliveries": {"type": "array", "items": {
                        "type": "object", "required": ["id", "channel", "state", "state_label", "attempts"],
                        "properties": {
                            "id": {"type": "integer"}, "customer_id": {"type": "integer", "nullable": True},
                            "channel": {"type": "string", "description": "canal (« - » : aucun encore utilisable)"},
                            "channel_label": nullable_text,
                            "state": {"type": "string", "enum": list(DELIVERY_LABELS)},
                            "state_label": {"type": "string"}, "reason": nullable_text,
                            "attempts": {"type": "integer"}, "sent_at": nullable_text}}}}},
                "CustomerList": {"type": "object", "required": ["customers"], "properties": {
                    "customers": {"type": "array", "items": {"$ref": "#/components/schemas/Customer"}}}},
                "CustomerRequest": {
                    "type": "object", "additionalProperties": False,
                    "description": "Champs à écrire ; chacun est contrôlé (SIREN/SIRET avec clé, TVA, courriels, "
                                   "canaux). Le point d'échange EDI n'est réglé que par le cabinet.",
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "maxLength": 255},
                        "siren": nullable_text, "siret": nullable_text, "vat_id": nullable_text,
                        "electronic_address": {"type": "string", "nullable": True,
                                               "description": "adresse BT-49 « 0225:identifiant »"},
                        "emails": {"type": "array", "maxItems": 5, "items": {"type": "string", "format": "email"}},
                        "address": {"type": "object", "additionalProperties": False, "properties": {
                            name: {"type": "string", "maxLength": 100}
                            for name in ("line1", "line2", "line3", "postcode", "city", "country")}},
                        "chorus": {"type": "object", "additionalProperties": False, "properties": {
                            "service_code": {"type": "string", "maxLength": 50},
                            "engagement": {"type": "string", "maxLength": 50},
                            "structure_id": {"type": "string", "maxLength": 50},
                            "service_required": {"type": "boolean"}, "engagement_required": {"type": "boolean"}}},
                        "channel": {"type": "string", "maxLength": 32},
                        "fallbacks": texts}},
                "WebhookRequest": {"type": "object", "required": ["url"], "properties": {
                    "url": {"type": "string", "format": "uri"},
                    "events": {"type": "array", "items": {"type": "string", "enum": [str(s) for s in State]}}}},
                "Webhook": {"type": "object", "required": ["id", "url", "events"], "properties": {
                    "id": {"type": "integer"}, "url": {"type": "string"},
                    "events": {"type": "array", "items": {"type": "string"}},
                    "secret": {"type": "string", "description": "clé HMAC-SHA256, montrée à la création seulement"}}},
                "WebhookList": {"type": "object", "required": ["webhooks"], "properties": {
                    "webhooks": {"type": "array", "items": {"$ref": "#/components/schemas/Webhook"}}}},
            },
        },
    }
