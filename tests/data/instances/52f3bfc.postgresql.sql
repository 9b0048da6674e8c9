--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: account_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.account_token (
    id integer NOT NULL,
    user_id integer NOT NULL,
    purpose character varying(16) NOT NULL,
    token_hash character varying(64) NOT NULL,
    created_by integer,
    created_at timestamp without time zone NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    used_at timestamp without time zone
);


--
-- Name: account_token_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.account_token_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: account_token_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.account_token_id_seq OWNED BY public.account_token.id;


--
-- Name: api_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_token (
    id integer NOT NULL,
    company_id integer NOT NULL,
    software character varying(255) NOT NULL,
    token_hash character varying(64) NOT NULL,
    hint character varying(12) NOT NULL,
    scopes text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    last_used_at timestamp without time zone,
    revoked boolean NOT NULL
);


--
-- Name: api_token_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.api_token_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: api_token_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.api_token_id_seq OWNED BY public.api_token.id;


--
-- Name: archive_record; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.archive_record (
    id integer NOT NULL,
    document_id integer NOT NULL,
    company_id integer NOT NULL,
    kind character varying(255) NOT NULL,
    sealed boolean NOT NULL,
    file_key character varying(255) NOT NULL,
    sha256 character varying(64) NOT NULL,
    size integer NOT NULL,
    extension character varying(255) NOT NULL,
    original_sha256 character varying(64) NOT NULL,
    original_size integer NOT NULL,
    tst bytea,
    fiscal_year_end date,
    retention_end date,
    archive_path character varying(255),
    archived_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: archive_record_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.archive_record_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: archive_record_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.archive_record_id_seq OWNED BY public.archive_record.id;


--
-- Name: chain_anchor; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chain_anchor (
    id integer NOT NULL,
    event_id integer NOT NULL,
    event_hash character varying(64) NOT NULL,
    events integer NOT NULL,
    path character varying(255) NOT NULL,
    signed boolean NOT NULL,
    timestamped boolean NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: chain_anchor_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.chain_anchor_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: chain_anchor_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.chain_anchor_id_seq OWNED BY public.chain_anchor.id;


--
-- Name: chain_stamp; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chain_stamp (
    id integer NOT NULL,
    event_id integer NOT NULL,
    event_hash character varying(64) NOT NULL,
    tst bytea NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: chain_stamp_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.chain_stamp_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: chain_stamp_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.chain_stamp_id_seq OWNED BY public.chain_stamp.id;


--
-- Name: coding_claim; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.coding_claim (
    id integer NOT NULL,
    document_id integer NOT NULL,
    user_id integer NOT NULL,
    claimed_at timestamp without time zone NOT NULL,
    expires_at timestamp without time zone NOT NULL
);


--
-- Name: coding_claim_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.coding_claim_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: coding_claim_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.coding_claim_id_seq OWNED BY public.coding_claim.id;


--
-- Name: coding_time; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.coding_time (
    id integer NOT NULL,
    document_id integer NOT NULL,
    company_id integer NOT NULL,
    user_id integer,
    outcome character varying(255) NOT NULL,
    seconds real NOT NULL,
    finished_at timestamp without time zone NOT NULL
);


--
-- Name: coding_time_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.coding_time_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: coding_time_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.coding_time_id_seq OWNED BY public.coding_time.id;


--
-- Name: company; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.company (
    id integer NOT NULL,
    firm_id integer NOT NULL,
    name character varying(255) NOT NULL,
    siren character varying(9) NOT NULL,
    vat_id character varying(255),
    settings text NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: company_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.company_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: company_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.company_id_seq OWNED BY public.company.id;


--
-- Name: connector_account; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.connector_account (
    id integer NOT NULL,
    connector_id character varying(255) NOT NULL,
    name character varying(32) NOT NULL,
    config_id integer NOT NULL
);


--
-- Name: connector_account_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.connector_account_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: connector_account_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.connector_account_id_seq OWNED BY public.connector_account.id;


--
-- Name: connector_config; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.connector_config (
    id integer NOT NULL,
    company_id integer,
    connector_id character varying(255) NOT NULL,
    label character varying(255) NOT NULL,
    enabled boolean NOT NULL,
    settings text NOT NULL,
    cursor text NOT NULL,
    interval_minutes integer NOT NULL,
    status character varying(255) NOT NULL,
    last_run_at timestamp without time zone,
    last_success_at timestamp without time zone,
    last_error text,
    failures integer NOT NULL,
    next_run_at timestamp without time zone,
    prompt text,
    answer text,
    files_received integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: connector_config_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.connector_config_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: connector_config_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.connector_config_id_seq OWNED BY public.connector_config.id;


--
-- Name: document; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document (
    id integer NOT NULL,
    company_id integer NOT NULL,
    sha256 character varying(64) NOT NULL,
    blob_key character varying(255) NOT NULL,
    filename character varying(255) NOT NULL,
    content_type character varying(255) NOT NULL,
    size integer NOT NULL,
    channel character varying(255) NOT NULL,
    direction character varying(255) NOT NULL,
    state character varying(255) NOT NULL,
    format character varying(255),
    reason text,
    created_by_id integer,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: document_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.document_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: document_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.document_id_seq OWNED BY public.document.id;


--
-- Name: document_lease; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_lease (
    document_id integer NOT NULL,
    company_id integer NOT NULL,
    token character varying(32) NOT NULL,
    owner character varying(255) NOT NULL,
    stage character varying(255) NOT NULL,
    acquired_at timestamp without time zone NOT NULL,
    expires_at timestamp without time zone NOT NULL
);


--
-- Name: document_text; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_text (
    id integer NOT NULL,
    document_id integer NOT NULL,
    source character varying(255) NOT NULL,
    engine character varying(255) NOT NULL,
    pages text NOT NULL,
    proposal text NOT NULL,
    searchable_key character varying(255),
    supplier_key character varying(255),
    created_at timestamp without time zone NOT NULL
);


--
-- Name: document_text_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.document_text_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: document_text_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.document_text_id_seq OWNED BY public.document_text.id;


--
-- Name: event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.event (
    id integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    kind character varying(255) NOT NULL,
    company_id integer,
    document_id integer,
    user_id integer,
    data text NOT NULL,
    prev_hash character varying(64) NOT NULL,
    hash character varying(64) NOT NULL
);


--
-- Name: event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: event_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.event_id_seq OWNED BY public.event.id;


--
-- Name: finding; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.finding (
    id integer NOT NULL,
    document_id integer NOT NULL,
    code character varying(255) NOT NULL,
    severity character varying(255) NOT NULL,
    message text NOT NULL,
    field text,
    origin character varying(255) NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: finding_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.finding_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: finding_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.finding_id_seq OWNED BY public.finding.id;


--
-- Name: firm; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.firm (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    require_totp boolean DEFAULT false NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: firm_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.firm_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: firm_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.firm_id_seq OWNED BY public.firm.id;


--
-- Name: idempotent_request; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotent_request (
    id integer NOT NULL,
    token_id integer NOT NULL,
    key character varying(200) NOT NULL,
    request_hash character varying(64) NOT NULL,
    document_id integer,
    status integer NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: idempotent_request_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.idempotent_request_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: idempotent_request_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.idempotent_request_id_seq OWNED BY public.idempotent_request.id;


--
-- Name: invoice; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoice (
    id integer NOT NULL,
    document_id integer NOT NULL,
    company_id integer NOT NULL,
    number character varying(255),
    type_code character varying(255),
    issue_date date,
    due_date date,
    currency character varying(255),
    total_without_tax numeric,
    total_tax numeric,
    total_with_tax numeric,
    amount_due numeric,
    iban character varying(255),
    profile character varying(255),
    syntax character varying(255),
    xml_key character varying(255),
    source character varying(255) NOT NULL,
    data text NOT NULL,
    confidence text NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: invoice_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.invoice_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: invoice_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.invoice_id_seq OWNED BY public.invoice.id;


--
-- Name: line; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.line (
    id integer NOT NULL,
    invoice_id integer NOT NULL,
    "position" integer NOT NULL,
    line_id character varying(255),
    name text,
    quantity numeric,
    unit_code character varying(255),
    net_price numeric,
    net_amount numeric,
    vat_category character varying(255),
    vat_rate numeric
);


--
-- Name: line_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.line_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: line_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.line_id_seq OWNED BY public.line.id;


--
-- Name: login_throttle; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_throttle (
    id integer NOT NULL,
    scope character varying(16) NOT NULL,
    key character varying(255) NOT NULL,
    failures integer NOT NULL,
    last_failure_at timestamp without time zone NOT NULL,
    locked_until timestamp without time zone
);


--
-- Name: login_throttle_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.login_throttle_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: login_throttle_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.login_throttle_id_seq OWNED BY public.login_throttle.id;


--
-- Name: membership; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.membership (
    id integer NOT NULL,
    user_id integer NOT NULL,
    company_id integer NOT NULL,
    role character varying(255) NOT NULL
);


--
-- Name: membership_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.membership_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: membership_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.membership_id_seq OWNED BY public.membership.id;


--
-- Name: party; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.party (
    id integer NOT NULL,
    invoice_id integer NOT NULL,
    role character varying(255) NOT NULL,
    name character varying(255),
    siren character varying(255),
    siret character varying(255),
    vat_id character varying(255),
    country character varying(255)
);


--
-- Name: party_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.party_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: party_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.party_id_seq OWNED BY public.party.id;


--
-- Name: recovery_code; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.recovery_code (
    id integer NOT NULL,
    user_id integer NOT NULL,
    code_hash character varying(64) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    used_at timestamp without time zone
);


--
-- Name: recovery_code_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.recovery_code_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: recovery_code_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.recovery_code_id_seq OWNED BY public.recovery_code.id;


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version integer NOT NULL,
    applied_at timestamp without time zone NOT NULL
);


--
-- Name: sirene_api_cache; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sirene_api_cache (
    key character varying(255) NOT NULL,
    status integer NOT NULL,
    payload text,
    fetched_at timestamp without time zone NOT NULL
);


--
-- Name: sirene_establishment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sirene_establishment (
    siret character varying(14) NOT NULL,
    siren character varying(9) NOT NULL,
    state character varying(1) NOT NULL,
    head_office boolean NOT NULL,
    postcode character varying(10),
    city text,
    name text,
    state_since character varying(10),
    stamp integer NOT NULL
);


--
-- Name: sirene_import; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sirene_import (
    id integer NOT NULL,
    kind character varying(255) NOT NULL,
    filename text NOT NULL,
    rows integer NOT NULL,
    started_at timestamp without time zone NOT NULL,
    finished_at timestamp without time zone
);


--
-- Name: sirene_import_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sirene_import_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sirene_import_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sirene_import_id_seq OWNED BY public.sirene_import.id;


--
-- Name: sirene_unit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sirene_unit (
    siren character varying(9) NOT NULL,
    state character varying(1) NOT NULL,
    name text,
    legal_category character varying(4),
    diffusion character varying(1),
    head_nic character varying(5),
    state_since character varying(10),
    stamp integer NOT NULL
);


--
-- Name: stage_run; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stage_run (
    id integer NOT NULL,
    document_id integer NOT NULL,
    stage character varying(64) NOT NULL,
    status character varying(16) NOT NULL,
    version integer NOT NULL,
    attempts integer NOT NULL,
    next_at timestamp without time zone,
    lease_until timestamp without time zone,
    reason text,
    data text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: stage_run_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.stage_run_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: stage_run_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.stage_run_id_seq OWNED BY public.stage_run.id;


--
-- Name: supplier_template; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.supplier_template (
    id integer NOT NULL,
    firm_id integer NOT NULL,
    kind character varying(255) NOT NULL,
    value character varying(255) NOT NULL,
    name character varying(255) NOT NULL,
    data text NOT NULL,
    invoices integer NOT NULL,
    updated_at timestamp without time zone NOT NULL
);


--
-- Name: supplier_template_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.supplier_template_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: supplier_template_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.supplier_template_id_seq OWNED BY public.supplier_template.id;


--
-- Name: user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public."user" (
    id integer NOT NULL,
    email character varying(255) NOT NULL,
    name character varying(255) NOT NULL,
    password_hash character varying(255) NOT NULL,
    firm_id integer,
    firm_role character varying(255) NOT NULL,
    active boolean NOT NULL,
    created_at timestamp without time zone NOT NULL,
    session_version integer DEFAULT 0 NOT NULL,
    totp_secret text,
    totp_enabled_at timestamp without time zone,
    totp_last_step integer
);


--
-- Name: user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: user_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.user_id_seq OWNED BY public."user".id;


--
-- Name: vat_breakdown; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vat_breakdown (
    id integer NOT NULL,
    invoice_id integer NOT NULL,
    category character varying(255) NOT NULL,
    rate numeric,
    taxable_amount numeric NOT NULL,
    tax_amount numeric NOT NULL,
    exemption_reason text,
    exemption_code character varying(255)
);


--
-- Name: vat_breakdown_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.vat_breakdown_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: vat_breakdown_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.vat_breakdown_id_seq OWNED BY public.vat_breakdown.id;


--
-- Name: vies_check; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vies_check (
    id integer NOT NULL,
    vat_id character varying(255) NOT NULL,
    status character varying(255) NOT NULL,
    request_identifier character varying(255),
    request_date character varying(255),
    name text,
    address text,
    error text,
    response text,
    checked_at timestamp without time zone NOT NULL
);


--
-- Name: vies_check_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.vies_check_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: vies_check_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.vies_check_id_seq OWNED BY public.vies_check.id;


--
-- Name: webhook; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook (
    id integer NOT NULL,
    company_id integer NOT NULL,
    token_id integer,
    url text NOT NULL,
    secret text NOT NULL,
    events text NOT NULL,
    active boolean NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: webhook_delivery; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_delivery (
    id integer NOT NULL,
    webhook_id integer NOT NULL,
    document_id integer NOT NULL,
    event character varying(255) NOT NULL,
    payload text NOT NULL,
    status character varying(255) NOT NULL,
    attempts integer NOT NULL,
    last_error text,
    created_at timestamp without time zone NOT NULL,
    delivered_at timestamp without time zone
);


--
-- Name: webhook_delivery_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.webhook_delivery_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: webhook_delivery_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.webhook_delivery_id_seq OWNED BY public.webhook_delivery.id;


--
-- Name: webhook_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.webhook_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: webhook_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.webhook_id_seq OWNED BY public.webhook.id;


--
-- Name: account_token id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.account_token ALTER COLUMN id SET DEFAULT nextval('public.account_token_id_seq'::regclass);


--
-- Name: api_token id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token ALTER COLUMN id SET DEFAULT nextval('public.api_token_id_seq'::regclass);


--
-- Name: archive_record id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.archive_record ALTER COLUMN id SET DEFAULT nextval('public.archive_record_id_seq'::regclass);


--
-- Name: chain_anchor id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chain_anchor ALTER COLUMN id SET DEFAULT nextval('public.chain_anchor_id_seq'::regclass);


--
-- Name: chain_stamp id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chain_stamp ALTER COLUMN id SET DEFAULT nextval('public.chain_stamp_id_seq'::regclass);


--
-- Name: coding_claim id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.coding_claim ALTER COLUMN id SET DEFAULT nextval('public.coding_claim_id_seq'::regclass);


--
-- Name: coding_time id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.coding_time ALTER COLUMN id SET DEFAULT nextval('public.coding_time_id_seq'::regclass);


--
-- Name: company id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.company ALTER COLUMN id SET DEFAULT nextval('public.company_id_seq'::regclass);


--
-- Name: connector_account id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.connector_account ALTER COLUMN id SET DEFAULT nextval('public.connector_account_id_seq'::regclass);


--
-- Name: connector_config id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.connector_config ALTER COLUMN id SET DEFAULT nextval('public.connector_config_id_seq'::regclass);


--
-- Name: document id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document ALTER COLUMN id SET DEFAULT nextval('public.document_id_seq'::regclass);


--
-- Name: document_text id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_text ALTER COLUMN id SET DEFAULT nextval('public.document_text_id_seq'::regclass);


--
-- Name: event id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event ALTER COLUMN id SET DEFAULT nextval('public.event_id_seq'::regclass);


--
-- Name: finding id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.finding ALTER COLUMN id SET DEFAULT nextval('public.finding_id_seq'::regclass);


--
-- Name: firm id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.firm ALTER COLUMN id SET DEFAULT nextval('public.firm_id_seq'::regclass);


--
-- Name: idempotent_request id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotent_request ALTER COLUMN id SET DEFAULT nextval('public.idempotent_request_id_seq'::regclass);


--
-- Name: invoice id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice ALTER COLUMN id SET DEFAULT nextval('public.invoice_id_seq'::regclass);


--
-- Name: line id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.line ALTER COLUMN id SET DEFAULT nextval('public.line_id_seq'::regclass);


--
-- Name: login_throttle id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_throttle ALTER COLUMN id SET DEFAULT nextval('public.login_throttle_id_seq'::regclass);


--
-- Name: membership id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership ALTER COLUMN id SET DEFAULT nextval('public.membership_id_seq'::regclass);


--
-- Name: party id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.party ALTER COLUMN id SET DEFAULT nextval('public.party_id_seq'::regclass);


--
-- Name: recovery_code id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recovery_code ALTER COLUMN id SET DEFAULT nextval('public.recovery_code_id_seq'::regclass);


--
-- Name: sirene_import id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sirene_import ALTER COLUMN id SET DEFAULT nextval('public.sirene_import_id_seq'::regclass);


--
-- Name: stage_run id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stage_run ALTER COLUMN id SET DEFAULT nextval('public.stage_run_id_seq'::regclass);


--
-- Name: supplier_template id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supplier_template ALTER COLUMN id SET DEFAULT nextval('public.supplier_template_id_seq'::regclass);


--
-- Name: user id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user" ALTER COLUMN id SET DEFAULT nextval('public.user_id_seq'::regclass);


--
-- Name: vat_breakdown id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vat_breakdown ALTER COLUMN id SET DEFAULT nextval('public.vat_breakdown_id_seq'::regclass);


--
-- Name: vies_check id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vies_check ALTER COLUMN id SET DEFAULT nextval('public.vies_check_id_seq'::regclass);


--
-- Name: webhook id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook ALTER COLUMN id SET DEFAULT nextval('public.webhook_id_seq'::regclass);


--
-- Name: webhook_delivery id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_delivery ALTER COLUMN id SET DEFAULT nextval('public.webhook_delivery_id_seq'::regclass);


--
-- Data for Name: account_token; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: api_token; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: archive_record; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: chain_anchor; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: chain_stamp; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: coding_claim; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: coding_time; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: company; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.company VALUES (1, 1, 'Société Ancienne SAS', '552081317', NULL, '{}', '2026-12-05 05:26:41.422918');


--
-- Data for Name: connector_account; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: connector_config; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: document; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: document_lease; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: document_text; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: event; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: finding; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: firm; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.firm VALUES (1, 'Cabinet créé avant la mise à jour', false, '2026-12-05 05:26:41.403125');


--
-- Data for Name: idempotent_request; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: invoice; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: line; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: login_throttle; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: membership; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: party; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: recovery_code; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_version VALUES (1, '2026-12-05 05:26:40.392111');
INSERT INTO public.schema_version VALUES (4, '2026-12-05 05:26:40.511886');
INSERT INTO public.schema_version VALUES (5, '2026-12-05 05:26:40.571588');
INSERT INTO public.schema_version VALUES (6, '2026-12-05 05:26:40.635672');
INSERT INTO public.schema_version VALUES (7, '2026-12-05 05:26:40.91997');
INSERT INTO public.schema_version VALUES (8, '2026-12-05 05:26:40.940687');
INSERT INTO public.schema_version VALUES (9, '2026-12-05 05:26:41.024979');
INSERT INTO public.schema_version VALUES (100, '2026-12-05 05:26:41.095593');
INSERT INTO public.schema_version VALUES (110, '2026-12-05 05:26:41.142788');
INSERT INTO public.schema_version VALUES (115, '2026-12-05 05:26:41.317191');
INSERT INTO public.schema_version VALUES (120, '2026-12-05 05:26:41.349764');
INSERT INTO public.schema_version VALUES (121, '2026-12-05 05:26:41.375838');
INSERT INTO public.schema_version VALUES (140, '2026-12-05 05:26:41.38291');


--
-- Data for Name: sirene_api_cache; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sirene_establishment; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sirene_import; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sirene_unit; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: stage_run; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: supplier_template; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: user; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: vat_breakdown; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: vies_check; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: webhook; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: webhook_delivery; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: account_token_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.account_token_id_seq', 1, false);


--
-- Name: api_token_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.api_token_id_seq', 1, false);


--
-- Name: archive_record_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.archive_record_id_seq', 1, false);


--
-- Name: chain_anchor_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.chain_anchor_id_seq', 1, false);


--
-- Name: chain_stamp_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.chain_stamp_id_seq', 1, false);


--
-- Name: coding_claim_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.coding_claim_id_seq', 1, false);


--
-- Name: coding_time_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.coding_time_id_seq', 1, false);


--
-- Name: company_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.company_id_seq', 1, true);


--
-- Name: connector_account_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.connector_account_id_seq', 1, false);


--
-- Name: connector_config_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.connector_config_id_seq', 1, false);


--
-- Name: document_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.document_id_seq', 1, false);


--
-- Name: document_text_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.document_text_id_seq', 1, false);


--
-- Name: event_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.event_id_seq', 1, false);


--
-- Name: finding_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.finding_id_seq', 1, false);


--
-- Name: firm_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.firm_id_seq', 1, true);


--
-- Name: idempotent_request_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.idempotent_request_id_seq', 1, false);


--
-- Name: invoice_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.invoice_id_seq', 1, false);


--
-- Name: line_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.line_id_seq', 1, false);


--
-- Name: login_throttle_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.login_throttle_id_seq', 1, false);


--
-- Name: membership_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.membership_id_seq', 1, false);


--
-- Name: party_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.party_id_seq', 1, false);


--
-- Name: recovery_code_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.recovery_code_id_seq', 1, false);


--
-- Name: sirene_import_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sirene_import_id_seq', 1, false);


--
-- Name: stage_run_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.stage_run_id_seq', 1, false);


--
-- Name: supplier_template_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.supplier_template_id_seq', 1, false);


--
-- Name: user_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.user_id_seq', 1, false);


--
-- Name: vat_breakdown_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vat_breakdown_id_seq', 1, false);


--
-- Name: vies_check_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vies_check_id_seq', 1, false);


--
-- Name: webhook_delivery_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.webhook_delivery_id_seq', 1, false);


--
-- Name: webhook_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.webhook_id_seq', 1, false);


--
-- Name: account_token account_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.account_token
    ADD CONSTRAINT account_token_pkey PRIMARY KEY (id);


--
-- Name: api_token api_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);


--
-- Name: archive_record archive_record_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.archive_record
    ADD CONSTRAINT archive_record_pkey PRIMARY KEY (id);


--
-- Name: chain_anchor chain_anchor_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chain_anchor
    ADD CONSTRAINT chain_anchor_pkey PRIMARY KEY (id);


--
-- Name: chain_stamp chain_stamp_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chain_stamp
    ADD CONSTRAINT chain_stamp_pkey PRIMARY KEY (id);


--
-- Name: coding_claim coding_claim_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.coding_claim
    ADD CONSTRAINT coding_claim_pkey PRIMARY KEY (id);


--
-- Name: coding_time coding_time_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.coding_time
    ADD CONSTRAINT coding_time_pkey PRIMARY KEY (id);


--
-- Name: company company_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.company
    ADD CONSTRAINT company_pkey PRIMARY KEY (id);


--
-- Name: connector_account connector_account_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.connector_account
    ADD CONSTRAINT connector_account_pkey PRIMARY KEY (id);


--
-- Name: connector_config connector_config_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.connector_config
    ADD CONSTRAINT connector_config_pkey PRIMARY KEY (id);


--
-- Name: document_lease document_lease_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_lease
    ADD CONSTRAINT document_lease_pkey PRIMARY KEY (document_id);


--
-- Name: document document_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_pkey PRIMARY KEY (id);


--
-- Name: document_text document_text_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_text
    ADD CONSTRAINT document_text_pkey PRIMARY KEY (id);


--
-- Name: event event_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_pkey PRIMARY KEY (id);


--
-- Name: finding finding_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.finding
    ADD CONSTRAINT finding_pkey PRIMARY KEY (id);


--
-- Name: firm firm_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.firm
    ADD CONSTRAINT firm_pkey PRIMARY KEY (id);


--
-- Name: idempotent_request idempotent_request_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotent_request
    ADD CONSTRAINT idempotent_request_pkey PRIMARY KEY (id);


--
-- Name: invoice invoice_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice
    ADD CONSTRAINT invoice_pkey PRIMARY KEY (id);


--
-- Name: line line_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.line
    ADD CONSTRAINT line_pkey PRIMARY KEY (id);


--
-- Name: login_throttle login_throttle_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_throttle
    ADD CONSTRAINT login_throttle_pkey PRIMARY KEY (id);


--
-- Name: membership membership_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_pkey PRIMARY KEY (id);


--
-- Name: party party_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.party
    ADD CONSTRAINT party_pkey PRIMARY KEY (id);


--
-- Name: recovery_code recovery_code_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recovery_code
    ADD CONSTRAINT recovery_code_pkey PRIMARY KEY (id);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: sirene_api_cache sirene_api_cache_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sirene_api_cache
    ADD CONSTRAINT sirene_api_cache_pkey PRIMARY KEY (key);


--
-- Name: sirene_establishment sirene_establishment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sirene_establishment
    ADD CONSTRAINT sirene_establishment_pkey PRIMARY KEY (siret);


--
-- Name: sirene_import sirene_import_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sirene_import
    ADD CONSTRAINT sirene_import_pkey PRIMARY KEY (id);


--
-- Name: sirene_unit sirene_unit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sirene_unit
    ADD CONSTRAINT sirene_unit_pkey PRIMARY KEY (siren);


--
-- Name: stage_run stage_run_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stage_run
    ADD CONSTRAINT stage_run_pkey PRIMARY KEY (id);


--
-- Name: supplier_template supplier_template_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supplier_template
    ADD CONSTRAINT supplier_template_pkey PRIMARY KEY (id);


--
-- Name: user user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_pkey PRIMARY KEY (id);


--
-- Name: vat_breakdown vat_breakdown_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vat_breakdown
    ADD CONSTRAINT vat_breakdown_pkey PRIMARY KEY (id);


--
-- Name: vies_check vies_check_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vies_check
    ADD CONSTRAINT vies_check_pkey PRIMARY KEY (id);


--
-- Name: webhook_delivery webhook_delivery_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_delivery
    ADD CONSTRAINT webhook_delivery_pkey PRIMARY KEY (id);


--
-- Name: webhook webhook_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook
    ADD CONSTRAINT webhook_pkey PRIMARY KEY (id);


--
-- Name: _connectoraccount_config_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX _connectoraccount_config_id ON public.connector_account USING btree (config_id);


--
-- Name: _connectoraccount_connector_id_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX _connectoraccount_connector_id_name ON public.connector_account USING btree (connector_id, name);


--
-- Name: _stagerun_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX _stagerun_document_id ON public.stage_run USING btree (document_id);


--
-- Name: _stagerun_document_id_stage; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX _stagerun_document_id_stage ON public.stage_run USING btree (document_id, stage);


--
-- Name: _stagerun_next_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX _stagerun_next_at ON public.stage_run USING btree (next_at);


--
-- Name: _stagerun_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX _stagerun_status ON public.stage_run USING btree (status);


--
-- Name: account_token_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX account_token_token_hash ON public.account_token USING btree (token_hash);


--
-- Name: account_token_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX account_token_user_id ON public.account_token USING btree (user_id);


--
-- Name: api_token_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX api_token_company_id ON public.api_token USING btree (company_id);


--
-- Name: api_token_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX api_token_token_hash ON public.api_token USING btree (token_hash);


--
-- Name: archive_record_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX archive_record_company_id ON public.archive_record USING btree (company_id);


--
-- Name: archive_record_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX archive_record_document_id ON public.archive_record USING btree (document_id);


--
-- Name: chain_stamp_event_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chain_stamp_event_id ON public.chain_stamp USING btree (event_id);


--
-- Name: chainanchor_event_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX chainanchor_event_id ON public.chain_anchor USING btree (event_id);


--
-- Name: coding_claim_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX coding_claim_document_id ON public.coding_claim USING btree (document_id);


--
-- Name: coding_claim_expires_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX coding_claim_expires_at ON public.coding_claim USING btree (expires_at);


--
-- Name: coding_claim_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX coding_claim_user_id ON public.coding_claim USING btree (user_id);


--
-- Name: coding_time_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX coding_time_company_id ON public.coding_time USING btree (company_id);


--
-- Name: coding_time_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX coding_time_document_id ON public.coding_time USING btree (document_id);


--
-- Name: coding_time_finished_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX coding_time_finished_at ON public.coding_time USING btree (finished_at);


--
-- Name: company_firm_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX company_firm_id ON public.company USING btree (firm_id);


--
-- Name: company_siren; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX company_siren ON public.company USING btree (siren);


--
-- Name: connector_config_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX connector_config_company_id ON public.connector_config USING btree (company_id);


--
-- Name: connector_config_company_id_connector_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX connector_config_company_id_connector_id ON public.connector_config USING btree (company_id, connector_id);


--
-- Name: connector_config_connector_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX connector_config_connector_id ON public.connector_config USING btree (connector_id);


--
-- Name: document_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_company_id ON public.document USING btree (company_id);


--
-- Name: document_company_id_sha256; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX document_company_id_sha256 ON public.document USING btree (company_id, sha256);


--
-- Name: document_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_created_at ON public.document USING btree (created_at);


--
-- Name: document_created_by_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_created_by_id ON public.document USING btree (created_by_id);


--
-- Name: document_state; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX document_state ON public.document USING btree (state);


--
-- Name: document_text_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX document_text_document_id ON public.document_text USING btree (document_id);


--
-- Name: documentlease_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX documentlease_company_id ON public.document_lease USING btree (company_id);


--
-- Name: documentlease_expires_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX documentlease_expires_at ON public.document_lease USING btree (expires_at);


--
-- Name: event_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX event_company_id ON public.event USING btree (company_id);


--
-- Name: event_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX event_document_id ON public.event USING btree (document_id);


--
-- Name: event_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX event_hash ON public.event USING btree (hash);


--
-- Name: event_kind; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX event_kind ON public.event USING btree (kind);


--
-- Name: finding_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX finding_document_id ON public.finding USING btree (document_id);


--
-- Name: idempotent_request_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idempotent_request_document_id ON public.idempotent_request USING btree (document_id);


--
-- Name: idempotent_request_token_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idempotent_request_token_id ON public.idempotent_request USING btree (token_id);


--
-- Name: idempotent_request_token_id_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX idempotent_request_token_id_key ON public.idempotent_request USING btree (token_id, key);


--
-- Name: invoice_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invoice_company_id ON public.invoice USING btree (company_id);


--
-- Name: invoice_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX invoice_document_id ON public.invoice USING btree (document_id);


--
-- Name: invoice_number; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invoice_number ON public.invoice USING btree (number);


--
-- Name: line_invoice_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX line_invoice_id ON public.line USING btree (invoice_id);


--
-- Name: login_throttle_scope_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX login_throttle_scope_key ON public.login_throttle USING btree (scope, key);


--
-- Name: membership_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX membership_company_id ON public.membership USING btree (company_id);


--
-- Name: membership_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX membership_user_id ON public.membership USING btree (user_id);


--
-- Name: membership_user_id_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX membership_user_id_company_id ON public.membership USING btree (user_id, company_id);


--
-- Name: party_invoice_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX party_invoice_id ON public.party USING btree (invoice_id);


--
-- Name: party_invoice_id_role; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX party_invoice_id_role ON public.party USING btree (invoice_id, role);


--
-- Name: party_siren; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX party_siren ON public.party USING btree (siren);


--
-- Name: recovery_code_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX recovery_code_user_id ON public.recovery_code USING btree (user_id);


--
-- Name: sirene_establishment_siren; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sirene_establishment_siren ON public.sirene_establishment USING btree (siren);


--
-- Name: supplier_template_firm_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX supplier_template_firm_id ON public.supplier_template USING btree (firm_id);


--
-- Name: supplier_template_firm_id_kind_value; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX supplier_template_firm_id_kind_value ON public.supplier_template USING btree (firm_id, kind, value);


--
-- Name: user_email; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX user_email ON public."user" USING btree (email);


--
-- Name: user_firm_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_firm_id ON public."user" USING btree (firm_id);


--
-- Name: vat_breakdown_invoice_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vat_breakdown_invoice_id ON public.vat_breakdown USING btree (invoice_id);


--
-- Name: vies_check_vat_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vies_check_vat_id ON public.vies_check USING btree (vat_id);


--
-- Name: webhook_company_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_company_id ON public.webhook USING btree (company_id);


--
-- Name: webhook_delivery_document_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_delivery_document_id ON public.webhook_delivery USING btree (document_id);


--
-- Name: webhook_delivery_webhook_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_delivery_webhook_id ON public.webhook_delivery USING btree (webhook_id);


--
-- Name: webhook_token_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX webhook_token_id ON public.webhook USING btree (token_id);


--
-- Name: account_token account_token_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.account_token
    ADD CONSTRAINT account_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;


--
-- Name: api_token api_token_company_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_company_id_fkey FOREIGN KEY (company_id) REFERENCES public.company(id) ON DELETE CASCADE;


--
-- Name: archive_record archive_record_company_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.archive_record
    ADD CONSTRAINT archive_record_company_id_fkey FOREIGN KEY (company_id) REFERENCES public.company(id);


--
-- Name: archive_record archive_record_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.archive_record
    ADD CONSTRAINT archive_record_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id);


--
-- Name: coding_claim coding_claim_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.coding_claim
    ADD CONSTRAINT coding_claim_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: coding_claim coding_claim_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.coding_claim
    ADD CONSTRAINT coding_claim_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;


--
-- Name: company company_firm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.company
    ADD CONSTRAINT company_firm_id_fkey FOREIGN KEY (firm_id) REFERENCES public.firm(id);


--
-- Name: connector_account connector_account_config_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.connector_account
    ADD CONSTRAINT connector_account_config_id_fkey FOREIGN KEY (config_id) REFERENCES public.connector_config(id) ON DELETE CASCADE;


--
-- Name: connector_config connector_config_company_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.connector_config
    ADD CONSTRAINT connector_config_company_id_fkey FOREIGN KEY (company_id) REFERENCES public.company(id) ON DELETE CASCADE;


--
-- Name: document document_company_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_company_id_fkey FOREIGN KEY (company_id) REFERENCES public.company(id);


--
-- Name: document document_created_by_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_created_by_id_fkey FOREIGN KEY (created_by_id) REFERENCES public."user"(id);


--
-- Name: document_text document_text_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_text
    ADD CONSTRAINT document_text_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: finding finding_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.finding
    ADD CONSTRAINT finding_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: idempotent_request idempotent_request_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotent_request
    ADD CONSTRAINT idempotent_request_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: idempotent_request idempotent_request_token_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotent_request
    ADD CONSTRAINT idempotent_request_token_id_fkey FOREIGN KEY (token_id) REFERENCES public.api_token(id) ON DELETE CASCADE;


--
-- Name: invoice invoice_company_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice
    ADD CONSTRAINT invoice_company_id_fkey FOREIGN KEY (company_id) REFERENCES public.company(id);


--
-- Name: invoice invoice_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice
    ADD CONSTRAINT invoice_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: line line_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.line
    ADD CONSTRAINT line_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoice(id) ON DELETE CASCADE;


--
-- Name: membership membership_company_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_company_id_fkey FOREIGN KEY (company_id) REFERENCES public.company(id) ON DELETE CASCADE;


--
-- Name: membership membership_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;


--
-- Name: party party_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.party
    ADD CONSTRAINT party_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoice(id) ON DELETE CASCADE;


--
-- Name: recovery_code recovery_code_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recovery_code
    ADD CONSTRAINT recovery_code_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;


--
-- Name: stage_run stage_run_document_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stage_run
    ADD CONSTRAINT stage_run_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;


--
-- Name: supplier_template supplier_template_firm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supplier_template
    ADD CONSTRAINT supplier_template_firm_id_fkey FOREIGN KEY (firm_id) REFERENCES public.firm(id) ON DELETE CASCADE;


--
-- Name: user user_firm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_firm_id_fkey FOREIGN KEY (firm_id) REFERENCES public.firm(id);


--
-- Name: vat_breakdown vat_breakdown_invoice_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vat_breakdown
    ADD CONSTRAINT vat_breakdown_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES public.invoice(id) ON DELETE CASCADE;


--
-- Name: webhook webhook_company_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook
    ADD CONSTRAINT webhook_company_id_fkey FOREIGN KEY (company_id) REFERENCES public.company(id) ON DELETE CASCADE;


--
-- Name: webhook_delivery webhook_delivery_webhook_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_delivery
    ADD CONSTRAINT webhook_delivery_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES public.webhook(id) ON DELETE CASCADE;


--
-- Name: webhook webhook_token_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook
    ADD CONSTRAINT webhook_token_id_fkey FOREIGN KEY (token_id) REFERENCES public.api_token(id) ON DELETE SET NULL;


--
-- PostgreSQL database dump complete
--


