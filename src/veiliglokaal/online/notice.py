"""The notice to a hosting platform under art. 16 of the Digital Services Act (Regulation (EU) 2022/2065).

Art. 16(2) names four elements a notice contains; `build` puts each in its own, documented place of the JSON and
of the Dutch text, and `missing_elements` says which one is absent, so that no incomplete notice is recorded:

(a) a sufficiently substantiated explanation why the content is illegal  → `explanation` (the handler's assessment,
    the kind of content and the Dutch criminal provisions it falls under);
(b) a clear indication of the exact electronic location, such as the exact URL(s) → `locations` (every URL);
(c) the name and e-mail address of the notifier → `notifier` (the handler who sends it, on behalf of the
    municipality; the art. 16(2)(c) exception for child sexual abuse offences does not apply to these kinds);
(d) a statement of good-faith belief that the information and allegations are accurate and complete
    → `goodFaithStatement`.

JSON structure (`schema` = SCHEMA), all keys camelCase:
    {"schema", "reference", "createdAt", "legalBasis",
     "platform": {"code", "name"},
     "explanation": {"kind", "kindLabel", "legalProvisions": [...], "text", "targetedPerson"},     # (a)
     "locations": [{"url"}, ...],                                                                   # (b)
     "notifier": {"name", "email", "organisation", "capacity"},                                     # (c)
     "goodFaithStatement",                                                                          # (d)
     "evidence": [{"fileName", "contentType", "sha256", "capturedAt"}, ...]}
Evidence files are named neutrally (`bewijs-1.png` …) with their SHA-256: an uploaded file's own name can identify
the targeted person. Names of the targeted person are deliberately left out: the function and municipality let the platform assess the
content without spreading the person's identity further (data minimisation).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath

from django.utils import timezone

from .defaults import LEGAL_PROVISIONS, ContentKind

SCHEMA = "veiliglokaal/dsa-art16-notice/v1"
LEGAL_BASIS = "Verordening (EU) 2022/2065 (Digital Services Act), artikel 16"
MIN_EXPLANATION = 40  # characters: below this an explanation is not "sufficiently substantiated"
GOOD_FAITH = ("Ik verklaar te goeder trouw dat de informatie en de beweringen in deze melding juist en volledig zijn "
              "(artikel 16, lid 2, onder d, Digital Services Act).")


def build(report, notifier, urls, evidence, now=None) -> dict:
    """The notice as data, from the report's current state and the notifier (the handler who sends it)."""
    now = now or timezone.now()
    municipality = report.municipality
    return {
        "schema": SCHEMA,
        "reference": report.reference,
        "createdAt": timezone.localtime(now).isoformat(timespec="seconds"),
        "legalBasis": LEGAL_BASIS,
        "platform": {"code": report.platform.code, "name": report.platform.label},
        "explanation": {
            "kind": report.kind,
            "kindLabel": str(ContentKind(report.kind).label),
            "legalProvisions": list(LEGAL_PROVISIONS[report.kind]),
            "text": report.assessment.strip(),
            "targetedPerson": f"{report.target_function} van de gemeente {municipality.name}",
        },
        "locations": [{"url": url} for url in urls],
        "notifier": {
            "name": (notifier.get_full_name() or "").strip(),
            "email": (notifier.email or "").strip(),
            "organisation": f"Gemeente {municipality.name}",
            "capacity": "namens de gemeente, ter bescherming van een ambtsdrager of medewerker",
        },
        "goodFaithStatement": GOOD_FAITH,
        # Neutral names: an uploaded file's own name can identify the targeted person (issue 20); the hash identifies
        # the file for the platform and in our chain of custody.
        "evidence": [{"fileName": f"bewijs-{position}{_extension(e.original_name)}", "contentType": e.content_type,
                      "sha256": e.sha256,
                      "capturedAt": timezone.localtime(e.captured_at).isoformat(timespec="minutes")}
                     for position, e in enumerate(evidence, start=1)],
    }


def _extension(name: str) -> str:
    suffix = PurePosixPath(name or "").suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""


def missing_elements(payload: dict) -> list[str]:
    """The art. 16(2) elements that are absent or too thin, as Dutch messages (empty: the notice is complete)."""
    missing = []
    explanation = payload.get("explanation") or {}
    if len((explanation.get("text") or "").strip()) < MIN_EXPLANATION or not explanation.get("legalProvisions"):
        missing.append(f"(a) Een voldoende onderbouwde uitleg waarom de inhoud onrechtmatig is ontbreekt: leg de "
                       f"beoordeling vast (minstens {MIN_EXPLANATION} tekens).")
    urls = [location.get("url", "") for location in payload.get("locations") or []]
    if not urls or not all(url.startswith(("http://", "https://")) for url in urls):
        missing.append("(b) De exacte URL('s) van de inhoud ontbreken.")
    notifier = payload.get("notifier") or {}
    if not (notifier.get("name") or "").strip():
        missing.append("(c) De naam van de melder (u) ontbreekt: vul uw naam in uw account in.")
    if "@" not in (notifier.get("email") or ""):
        missing.append("(c) Het e-mailadres van de melder (u) ontbreekt: vul uw e-mailadres in uw account in.")
    if not (payload.get("goodFaithStatement") or "").strip():
        missing.append("(d) De verklaring te goeder trouw ontbreekt.")
    return missing


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(payload: dict) -> str:
    return hashlib.sha256(canonical(payload)).hexdigest()


def as_json(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)


def as_text(payload: dict) -> str:
    """The same notice as Dutch text, for the platform's web form or an e-mail; element letters as in art. 16(2)."""
    explanation, notifier = payload["explanation"], payload["notifier"]
    lines = [
        f"Melding van illegale inhoud — {payload['legalBasis']}",
        f"Aan: {payload['platform']['name']}",
        f"Kenmerk: {payload['reference']}    Datum: {payload['createdAt']}",
        "",
        "a. Waarom deze inhoud illegaal is",
        f"Soort inhoud: {explanation['kindLabel']}, gericht tegen de {explanation['targetedPerson']}.",
        "Wettelijke grondslag: " + "; ".join(explanation["legalProvisions"]) + ".",
        explanation["text"],
        "",
        "b. Exacte elektronische locatie",
        *[f"- {location['url']}" for location in payload["locations"]],
        "",
        "c. Melder",
        f"Naam: {notifier['name']}",
        f"E-mail: {notifier['email']}",
        f"Organisatie: {notifier['organisation']} ({notifier['capacity']})",
        "",
        "d. Verklaring te goeder trouw",
        payload["goodFaithStatement"],
    ]
    if payload.get("evidence"):
        lines += ["", "Vastgelegd bewijs (op verzoek beschikbaar; SHA-256 ter controle)"]
        lines += [f"- {e['fileName']} (vastgelegd {e['capturedAt']}), SHA-256 {e['sha256']}"
                  for e in payload["evidence"]]
    return "\n".join(lines) + "\n"


def verify_sent() -> list[str]:
    """Seal check for `verify_audit`: every sent notice still hashes to its stored SHA-256, and that hash is the one
    chained into the security log when it was sent (rewriting JSON and hash together is found here)."""
    from veiliglokaal.audit.models import SecurityAction, SecurityEvent

    from .models import Notice

    sealed = {event.object_id: (event.detail or {}).get("sha256") for event in
              SecurityEvent.objects.filter(action=SecurityAction.NOTICE_SENT, object_type="online.notice")}
    problems = []
    for notice in Notice.objects.order_by("pk").iterator():
        if digest(notice.payload) != notice.sha256:
            problems.append(f"notice {notice.pk}: inhoud past niet bij de opgeslagen SHA-256 (gewijzigd)")
        if sealed.get(str(notice.pk)) != notice.sha256:
            problems.append(f"notice {notice.pk}: SHA-256 verschilt van de hash in het beveiligingslog (gewijzigd)")
    return problems
