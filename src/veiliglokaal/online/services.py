"""The only writers of the meldpunt online inhoud. Every write of a report's personal data runs inside
`audit.services.processing`, so its processing-log record lands in the same transaction; evidence gets a custody
record for every upload, download and copy; every step is appended to the report's history."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from veiliglokaal.accounts.models import Membership
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.models import SecurityAction
from veiliglokaal.audit.services import log_security, processing
from veiliglokaal.core.storage import sha256_of
from veiliglokaal.workflow import services as workflow
from veiliglokaal.workflow.definitions import WorkflowError

from . import defaults, notifications
from . import evidence as evidence_checks
from . import notice as dsa
from .models import (
    ContentReport, CustodyAction, CustodyEvent, Evidence, Notice, Platform, ReportChange, ReportedUrl, ReportEvent,
)
from .workflows import CLOSED, SEND_NOTICE

REPORTS = "online.meldpunt"
NOTICES = "online.notices"
MAX_URLS = 20
MAX_FILES = 10
GIR_TYPES = (evidence_checks.PNG, evidence_checks.JPEG, evidence_checks.PDF)  # what GIR accepts as attachments


# ------------------------------------------------------------------------------------------------ configuration

def ensure_platforms(municipality_id: int) -> None:
    """Seed the municipality's platform list with the defaults the first time the meldpunt is used there."""
    if not Platform.objects.filter(municipality_id=municipality_id).exists():
        Platform.objects.bulk_create([
            Platform(municipality_id=municipality_id, code=code, label=label, notice_url=url, position=i)
            for i, (code, label, url) in enumerate(defaults.PLATFORMS)], ignore_conflicts=True)


def platforms(municipality_id: int):
    return Platform.objects.filter(municipality_id=municipality_id, is_active=True)


def save_platform(tenant, platform: Platform | None, data: dict) -> Platform:
    """Add a platform to the municipality's list, or change one (label, notice form address, order, in use).
    The code of an existing platform stays: it is the stable key reports and the API use."""
    _require_handler(tenant)
    label = (data.get("label") or "").strip()
    if not label:
        raise ValidationError({"label": ["Vul de naam van het platform in."]})
    if platform is None:
        code = slugify(data.get("code") or label)[:50]
        if not code or Platform.objects.filter(municipality_id=tenant.municipality_id, code=code).exists():
            raise ValidationError({"code": ["Deze code bestaat al of is leeg; kies een andere."]})
        platform = Platform(municipality_id=tenant.municipality_id, code=code,
                            position=Platform.objects.filter(municipality_id=tenant.municipality_id).count())
    platform.label = label[:100]
    platform.notice_url = (data.get("notice_url") or "").strip()
    platform.is_active = bool(data.get("is_active", True))
    platform.save()
    return platform


# ------------------------------------------------------------------------------------------------ helpers

def subject(report: ContentReport) -> dict:
    """The data subject of a log record: the targeted person when they are a user, else the report."""
    context = f"melding-online:{report.pk}"  # retention shreds the links of every subject logged in it
    if report.target_user_id:
        return {"subject_type": "gebruiker", "subject_id": report.target_user_id, "context": context}
    return {"subject_type": "melding-online", "subject_id": report.pk, "context": context}


def _event(report, actor, text, reason=""):
    return ReportEvent.objects.create(report=report, actor=actor, text=text[:300], reason=reason)


_url_validator = URLValidator(schemes=["http", "https"])


def parse_urls(text: str) -> tuple[list[str], list[str]]:
    """One URL per line (blank lines ignored, duplicates once). Returns (urls, Dutch errors naming the line)."""
    urls, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        url = line.strip()
        if not url:
            continue
        try:
            _url_validator(url)
        except ValidationError:
            scheme = urlsplit(url).scheme.lower()
            why = ("dit is geen geldig webadres" if scheme in ("http", "https")
                   else "alleen adressen die beginnen met http:// of https:// zijn toegestaan")
            errors.append(f"Regel {number} ({url[:80]}): {why}.")
            continue
        if url not in urls:
            urls.append(url)
    if not urls and not errors:
        errors.append("Vul ten minste één URL in van de inhoud die u meldt.")
    if len(urls) > MAX_URLS:
        errors.append(f"U kunt hoogstens {MAX_URLS} URL's per melding opgeven; maak anders een tweede melding.")
    return urls, errors


def _check_captured_at(captured_at, errors: dict, field="captured_at") -> None:
    if captured_at is None:
        errors.setdefault(field, []).append("Vul in wanneer u het bewijs vastlegde (datum en tijd).")
    elif captured_at > timezone.now() + datetime.timedelta(minutes=5):
        errors.setdefault(field, []).append("Dit tijdstip ligt in de toekomst.")


# ------------------------------------------------------------------------------------------------ reporting

def validate_report(tenant, data: dict, files=()) -> dict:
    """The rules shared by the form and the API. Raises ValidationError({field: [messages]}); returns clean data."""
    errors: dict[str, list[str]] = {}
    clean = dict(data)
    urls, url_errors = parse_urls(data.get("urls") or "")
    if url_errors:
        errors["urls"] = url_errors
    clean["urls"] = urls
    code = data.get("platform")
    clean["platform"] = platforms(tenant.municipality_id).filter(code=code).first() if code else None
    if clean["platform"] is None:
        errors.setdefault("platform", []).append("Kies een platform uit de lijst van uw gemeente.")
    if data.get("kind") not in defaults.ContentKind.values:
        errors.setdefault("kind", []).append("Kies wat voor inhoud het is.")
    target_user = data.get("target_user")
    if target_user is not None and not Membership.objects.active().filter(
            user=target_user, municipality_id=tenant.municipality_id).exists():
        errors.setdefault("target_user", []).append("Deze persoon werkt niet voor uw gemeente.")
    if target_user is None and not (data.get("target_name") or "").strip():
        errors.setdefault("target_name", []).append("Vul de naam in van degene op wie de inhoud gericht is.")
    if not (data.get("target_function") or "").strip():
        errors.setdefault("target_function", []).append(
            "Vul de functie in van de betrokkene, bijvoorbeeld burgemeester, wethouder of raadslid.")
    if not (data.get("description") or "").strip():
        errors.setdefault("description", []).append("Beschrijf kort wat er online staat en waarom u het meldt.")
    files = list(files or [])
    if len(files) > MAX_FILES:
        errors.setdefault("evidence", []).append(f"U kunt hoogstens {MAX_FILES} bestanden tegelijk toevoegen.")
    problems = evidence_checks.check_all(files)
    if problems:
        errors.setdefault("evidence", []).extend(problems)
    if files:
        _check_captured_at(data.get("captured_at"), errors)
    if errors:
        raise ValidationError(errors)
    return clean


def create_report(tenant, user, data: dict, files=()) -> ContentReport:
    """Register a content report (by the office holder, or by staff on their behalf) with its URLs and evidence."""
    ensure_platforms(tenant.municipality_id)
    clean = validate_report(tenant, data, files)
    target_user = clean.get("target_user")
    report = ContentReport(
        municipality_id=tenant.municipality_id, reported_by=user, target_user=target_user,
        target_name="" if target_user else clean["target_name"].strip(),
        target_function=clean["target_function"].strip(), platform=clean["platform"], kind=clean["kind"],
        description=clean["description"].strip(),
    )
    with transaction.atomic():
        workflow.start(report, ReportChange, actor_id=user.pk)
        with processing(activity=REPORTS, name="melding online inhoud geregistreerd",
                        municipality_id=tenant.municipality_id, actor_id=user.pk, **subject(report)):
            ReportedUrl.objects.bulk_create([ReportedUrl(municipality_id=tenant.municipality_id, report=report, url=url,
                                                         position=i) for i, url in enumerate(clean["urls"])])
            _event(report, user, "Melding ontvangen (namens de betrokkene)" if report.on_behalf else "Melding ontvangen")
            for uploaded in files or []:
                _store_evidence(report, user, uploaded, clean["captured_at"])
        transaction.on_commit(lambda: notifications.new_report(report.pk))
    return report


def _store_evidence(report, user, uploaded, captured_at) -> Evidence:
    content_type = evidence_checks.check(uploaded)
    item = Evidence(municipality_id=report.municipality_id, report=report, original_name=uploaded.name[:200],
                    content_type=content_type, size=uploaded.size, sha256=sha256_of(uploaded),
                    captured_at=captured_at, uploaded_by=user)
    item.file.save(uploaded.name, uploaded, save=False)
    item.save()
    CustodyEvent.objects.create(evidence=item, action=CustodyAction.UPLOADED, actor=user, sha256=item.sha256)
    _event(report, user, f"Bewijs toegevoegd: {item.original_name}")
    return item


def add_evidence(tenant, user, report: ContentReport, files, captured_at) -> list[Evidence]:
    """More evidence for a report one may see; never replaces what is there. Not after closing."""
    files = list(files)
    errors: dict[str, list[str]] = {}
    if report.state == CLOSED:
        errors["evidence"] = ["Deze melding is afgesloten; er kan geen bewijs meer bij."]
    if not files:
        errors.setdefault("evidence", []).append("Kies ten minste één bestand.")
    elif len(files) > MAX_FILES:
        errors.setdefault("evidence", []).append(f"U kunt hoogstens {MAX_FILES} bestanden tegelijk toevoegen.")
    problems = evidence_checks.check_all(files)
    if problems:
        errors.setdefault("evidence", []).extend(problems)
    _check_captured_at(captured_at, errors)
    if errors:
        raise ValidationError(errors)
    with processing(activity=REPORTS, name="bewijs toegevoegd", municipality_id=tenant.municipality_id,
                    actor_id=user.pk, **subject(report)):
        return [_store_evidence(report, user, uploaded, captured_at) for uploaded in files]


def open_evidence(tenant, user, item: Evidence):
    """Open a stored file for download: verify its hash, append a custody record and a processing-log record."""
    with processing(activity=REPORTS, name="bewijs gedownload", municipality_id=tenant.municipality_id,
                    actor_id=user.pk, **subject(item.report)):
        handle = item.file.open("rb")
        actual = sha256_of(item.file)
        handle.seek(0)
        detail = "" if actual == item.sha256 else f"AFWIJKENDE HASH {actual}"
        CustodyEvent.objects.create(evidence=item, action=CustodyAction.DOWNLOADED, actor=user, sha256=actual,
                                    detail=detail)
    return handle


# ------------------------------------------------------------------------------------------------ handling

def _require_handler(tenant) -> None:
    if not tenant.has_scope(Scope.ONLINE_HANDLE):
        raise PermissionError("Alleen een behandelaar van het meldpunt mag dit.")


def assess(tenant, user, report: ContentReport, assessment: str) -> None:
    """Record the assessment: the substantiated explanation why the content is illegal (the notice's element a)."""
    _require_handler(tenant)
    assessment = (assessment or "").strip()
    if len(assessment) < dsa.MIN_EXPLANATION:
        raise ValidationError({"assessment": [
            f"Onderbouw waarom de inhoud onrechtmatig is, in minstens {dsa.MIN_EXPLANATION} tekens: wat staat er, "
            f"tegen wie, en waarom valt het onder de genoemde strafbepaling."]})
    with processing(activity=REPORTS, name="melding online inhoud beoordeeld", municipality_id=tenant.municipality_id,
                    actor_id=user.pk, **subject(report)):
        workflow.apply(report, ReportChange, "assess", scopes=tenant.scopes, actor_id=user.pk, reason=assessment)
        ContentReport.objects.filter(pk=report.pk).update(assessment=assessment, assessed_by=user)
        report.assessment, report.assessed_by = assessment, user
        _event(report, user, "Beoordeeld", reason=assessment)


def advance(tenant, user, report: ContentReport, transition: str, reason: str = "") -> None:
    """A step of the workflow other than assessing and sending the notice (those have their own services)."""
    _require_handler(tenant)
    if transition in (SEND_NOTICE, "assess"):
        raise WorkflowError("Deze stap heeft een eigen formulier.")
    with processing(activity=REPORTS, name="melding online inhoud bijgewerkt", municipality_id=tenant.municipality_id,
                    actor_id=user.pk, **subject(report)):
        change = workflow.apply(report, ReportChange, transition, scopes=tenant.scopes, actor_id=user.pk,
                                reason=reason)
        if report.state == CLOSED:
            ContentReport.objects.filter(pk=report.pk).update(closed_at=timezone.now())
        _event(report, user, f"{report.WORKFLOW.transition(change.transition).label} → {report.state_label}",
               reason=reason)


def draft_notice(report: ContentReport, notifier) -> dict:
    urls = list(report.urls.values_list("url", flat=True))
    return dsa.build(report, notifier, urls, list(report.evidence.all()))


def record_notice_sent(tenant, user, report: ContentReport, channel: str) -> Notice:
    """Record that the notice went to the platform: stores exactly what was sent (text, JSON, hash) and moves on."""
    _require_handler(tenant)
    channel = (channel or "").strip()
    if not channel:
        raise ValidationError({"channel": ["Vul in hoe de notice is verstuurd, bijvoorbeeld het meldformulier van "
                                           "het platform of een e-mailadres."]})
    payload = draft_notice(report, user)
    missing = dsa.missing_elements(payload)
    if missing:
        raise ValidationError({"channel": missing})
    with processing(activity=NOTICES, name="notice aan platform verstuurd", municipality_id=tenant.municipality_id,
                    actor_id=user.pk, **subject(report)):
        workflow.apply(report, ReportChange, SEND_NOTICE, scopes=tenant.scopes, actor_id=user.pk, reason=channel)
        sent = Notice.objects.create(municipality_id=report.municipality_id, report=report, sent_by=user,
                                     channel=channel[:200], text=dsa.as_text(payload), payload=payload,
                                     sha256=dsa.digest(payload))
        # The notice's hash enters the security chain in the same transaction: `verify_audit` then finds a notice
        # whose JSON and hash were both rewritten (the row itself is append-only for the ORM).
        log_security(SecurityAction.NOTICE_SENT, user=user, object_type="online.notice", object_id=sent.pk,
                     municipality_id=report.municipality_id, detail={"sha256": sent.sha256})
        for item in report.evidence.all():
            CustodyEvent.objects.create(evidence=item, action=CustodyAction.INCLUDED_IN_NOTICE, actor=user,
                                        sha256=item.sha256, detail=f"notice aan {report.platform.label}")
        _event(report, user, f"Notice verstuurd aan {report.platform.label} via {channel}"[:300])
    return sent


# ------------------------------------------------------------------------------------------------ GIR

def can_register_in_gir(report: ContentReport) -> bool:
    return report.kind in defaults.THREAT_KINDS and report.gir_incident_id is None


def register_in_gir(tenant, user, report: ContentReport, victim_role: str):
    """One action: register a threat against an office holder as a GIR incident, with the evidence copied as
    attachments (what GIR accepts: PNG, JPEG, PDF; saved pages are listed with their hash in the description), and
    link both. GIR's own service writes the incident, so its rules, visibility and logging apply unchanged."""
    from veiliglokaal.incidents import services as gir

    _require_handler(tenant)
    with transaction.atomic():
        locked = ContentReport.objects.select_for_update().get(pk=report.pk)
        if locked.kind not in defaults.THREAT_KINDS:
            raise ValidationError(
                "Alleen bedreiging, doxing en intimidatie worden ook als incident in GIR geregistreerd.")
        if locked.gir_incident_id is not None:
            raise ValidationError("Deze melding staat al in GIR.")
        items = list(report.evidence.all())
        copyable = [item for item in items if item.content_type in GIR_TYPES
                    and item.size <= gir.MAX_ATTACHMENT_BYTES][:gir.MAX_ATTACHMENTS]
        incident = gir.create_incident(tenant, user, _gir_data(report, victim_role, items, copyable),
                                       files=[_as_upload(item) for item in copyable], victim_is_reporter=False)
        ContentReport.objects.filter(pk=report.pk).update(gir_incident=incident)
        report.gir_incident = incident
        with processing(activity=REPORTS, name="melding online inhoud in GIR geregistreerd",
                        municipality_id=tenant.municipality_id, actor_id=user.pk, **subject(report)):
            for item in copyable:
                CustodyEvent.objects.create(evidence=item, action=CustodyAction.COPIED_TO_GIR, actor=user,
                                            sha256=item.sha256, detail=incident.reference)
            _event(report, user, f"Geregistreerd als incident in GIR ({incident.reference})")
        gir._event(incident, user, f"Overgenomen uit het meldpunt online inhoud ({report.reference})")
    return incident


def _gir_data(report, victim_role, items, copyable) -> dict:
    urls = list(report.urls.values_list("url", flat=True))
    lines = [f"Schadelijke online inhoud ({report.get_kind_display()}) op {report.platform.label}, gemeld bij het "
             f"meldpunt online inhoud als {report.reference}.", "", report.description, "", "URL's:",
             *[f"- {url}" for url in urls]]
    not_copied = [item for item in items if item not in copyable]
    if not_copied:
        lines += ["", "Bewijs dat alleen in het meldpunt staat (opgeslagen webpagina's, te grote bestanden):",
                  *[f"- {item.original_name}, SHA-256 {item.sha256}" for item in not_copied]]
    captured = min((item.captured_at for item in items), default=None)
    online_channel = "overig-online" if report.platform.code == "website" else "sociale-media"
    return {
        "occurred_at": captured or report.created_at, "location": "sociale-media", "victim_role": victim_role,
        "types": [defaults.GIR_TYPE_FOR_KIND[report.kind]], "channel": online_channel,
        "platform": report.platform.label, "description": "\n".join(lines),
        "victim_user": report.target_user, "victim_name": "" if report.target_user_id else report.target_name,
        "department": report.target_user.department if report.target_user_id else "",
    }


def _as_upload(item: Evidence):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with item.file.open("rb") as handle:
        return SimpleUploadedFile(item.original_name, handle.read(), content_type=item.content_type)


__all__ = ["WorkflowError", "ValidationError"]
