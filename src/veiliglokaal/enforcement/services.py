"""The only writers of enforcement cases. Every write runs in one transaction with its processing-log entry.

Other modules start a case through `open_case(..., links=[obj])`: the case keeps a generic link to each object,
and the module that owns the object decides how to show it (see `link_views.py`).
"""

from __future__ import annotations


from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from veiliglokaal.audit.services import log_processing
from veiliglokaal.core.storage import sha256_of
from veiliglokaal.incidents.services import sniff
from veiliglokaal.workflow import services as workflow

from . import selectors
from .legal_bases import LegalBasis
from .models import CaseLink, EnforcementCase, EnforcementChange, Evidence

ACTIVITY = "enforcement.handhaving"
MAX_NOTE_CHARS = 10_000


def _log(tenant, case: EnforcementCase, name: str) -> None:
    log_processing(activity=ACTIVITY, name=name, subject_type="handhavingstraject", subject_id=case.pk,
                   municipality_id=tenant.municipality_id, actor_id=tenant.user_id)


def _check_owner(tenant, owner) -> None:
    if owner is None or not selectors.case_workers(tenant).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Kies als eigenaar een medewerker met het recht op handhavingstrajecten."})


def open_case(tenant, user, *, title: str, legal_basis: str, owner, legal_basis_detail: str = "",
              links=()) -> EnforcementCase:
    """Start a case in `intake` with its legal basis and owner, linked to the objects that led to it."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Geef het traject een onderwerp."
    if legal_basis not in LegalBasis.values:
        errors["legal_basis"] = "Kies de grondslag van het handhavingstraject."
    if errors:
        raise ValidationError(errors)
    _check_owner(tenant, owner)
    with transaction.atomic():
        case = EnforcementCase(municipality_id=tenant.municipality_id, title=title.strip()[:200],
                               legal_basis=legal_basis, legal_basis_detail=legal_basis_detail.strip()[:200],
                               owner=owner, created_by=user)
        workflow.start(case, EnforcementChange, actor_id=user.pk)
        for target in links:
            link_object(tenant, user, case, target)
        _log(tenant, case, "handhavingstraject gestart")
    return case


def link_object(tenant, user, case: EnforcementCase, target) -> CaseLink:
    if getattr(target, "municipality_id", None) != tenant.municipality_id:
        raise ValidationError("Alleen objecten van de eigen gemeente kunnen aan een traject worden gekoppeld.")
    link, _created = CaseLink.objects.get_or_create(
        case=case, content_type=ContentType.objects.get_for_model(target), object_id=target.pk,
        defaults={"municipality_id": tenant.municipality_id, "linked_by": user})
    return link


def advance(tenant, user, case: EnforcementCase, transition: str, reason: str) -> EnforcementChange:
    """Make a declared transition (checked against the workflow and the user's scopes) and log it."""
    with transaction.atomic():
        change = workflow.apply(case, EnforcementChange, transition, scopes=tenant.scopes, actor_id=user.pk,
                                reason=reason.strip())
        _log(tenant, case, f"handhavingstraject: {change.transition}")
    return change


def reassign(tenant, user, case: EnforcementCase, owner, reason: str = "") -> EnforcementChange:
    """Hand the case to another case worker; recorded in the history (the state stays the same)."""
    _check_owner(tenant, owner)
    with transaction.atomic():
        locked = EnforcementCase.objects.select_for_update().get(pk=case.pk)
        change = EnforcementChange.objects.create(
            case=locked, transition="reassign", from_state=locked.state, to_state=locked.state,
            reason=f"Nieuwe eigenaar: {owner.display_name}. {reason.strip()}".strip(), actor_id=user.pk,
            actor_kind="user")
        EnforcementCase.objects.filter(pk=case.pk).update(owner=owner)
        case.refresh_from_db(fields=["owner"])
        _log(tenant, case, "handhavingstraject: eigenaar gewijzigd")
    return change


def add_evidence(tenant, user, case: EnforcementCase, *, note: str = "", uploaded=None) -> Evidence:
    """A note, a file (PNG, JPEG or PDF up to 10 MB, checked by content; stored privately with SHA-256), or both."""
    note = (note or "").strip()
    if not note and uploaded is None:
        raise ValidationError({"note": "Voeg een aantekening of een bestand toe."})
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError({"note": f"Een aantekening is hoogstens {MAX_NOTE_CHARS} tekens."})
    evidence = Evidence(municipality_id=tenant.municipality_id, case=case, note=note, added_by=user)
    if uploaded is not None:
        try:
            evidence.content_type = sniff(uploaded)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        evidence.original_name, evidence.size = uploaded.name[:200], uploaded.size
        evidence.sha256 = sha256_of(uploaded)
    with transaction.atomic():
        if uploaded is not None:
            evidence.file.save(uploaded.name, uploaded, save=False)
        evidence.save()
        _log(tenant, case, "bewijsstuk toegevoegd")
    return evidence


def read_case(tenant, pk: int, name: str = "handhavingstraject bekeken") -> EnforcementCase | None:
    """One case (or None, also for another municipality's), its read logged in the same transaction."""
    with transaction.atomic():
        case = selectors.case(tenant, pk)
        if case is not None:
            _log(tenant, case, name)
    return case


def log_linked_subjects(tenant, case: EnforcementCase, subjects) -> None:
    """The linked objects' data subjects shown on the case page (e.g. a signal's address): one entry each."""
    with transaction.atomic():
        for subject_type, subject_id in subjects:
            log_processing(activity=ACTIVITY, name=f"{case.reference}: gekoppeld object getoond",
                           subject_type=subject_type, subject_id=subject_id, municipality_id=tenant.municipality_id,
                           actor_id=tenant.user_id)
