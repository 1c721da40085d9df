"""The only writers of review data (purposes and decisions), and the logging of address-level views.

Granularity of the processing log (ADR 0010): one entry per address shown in a worklist/points response, one per
signal page opened, one per decision. The data subject is the address (BAG verblijfsobject id, pseudonymised);
the entry's name carries the purpose's number (`doel #12`), the purpose text stays in `AccessPurpose`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from veiliglokaal.audit.services import log_processing
from veiliglokaal.enforcement import services as enforcement

from ..labels import indicator_label
from ..models import AccessPurpose, Decision, Outcome, Signal

ADDRESS_VIEW = "irregularities.adresinzage"
REVIEW = "irregularities.beoordeling"

PURPOSE_VALID_FOR = datetime.timedelta(hours=4)  # one working session; then the user states a purpose again
PURPOSE_MIN_CHARS = 15
PURPOSE_MAX_CHARS = 1000
RATIONALE_MIN_CHARS = 10


# ------------------------------------------------------------------------------------------ purpose

def active_purpose(tenant) -> AccessPurpose | None:
    if tenant is None:
        return None
    return (AccessPurpose.objects.for_tenant(tenant).filter(user_id=tenant.user_id, expires_at__gt=timezone.now())
            .first())


def state_purpose(tenant, user, purpose: str) -> AccessPurpose:
    text = (purpose or "").strip()
    if len(text) < PURPOSE_MIN_CHARS:
        raise ValidationError({"purpose": f"Beschrijf het doel in minstens {PURPOSE_MIN_CHARS} tekens, "
                                          "bijvoorbeeld de aanleiding of het onderzoek waarvoor u adressen bekijkt."})
    if len(text) > PURPOSE_MAX_CHARS:
        raise ValidationError({"purpose": f"Houd het doel korter dan {PURPOSE_MAX_CHARS} tekens."})
    return AccessPurpose.objects.create(municipality_id=tenant.municipality_id, user=user, purpose=text,
                                        expires_at=timezone.now() + PURPOSE_VALID_FOR)


def log_address_views(tenant, purpose: AccessPurpose, addresses, what: str) -> None:
    """One processing-log entry per address shown, all in one transaction with the read."""
    with transaction.atomic():
        for address in addresses:
            log_processing(activity=ADDRESS_VIEW, name=f"{what} ({purpose})", subject_type="adres",
                           subject_id=address.bag_id, municipality_id=tenant.municipality_id,
                           actor_id=tenant.user_id)


# ------------------------------------------------------------------------------------------ decisions

def _case_title(sig: Signal) -> str:
    titles = ", ".join(indicator_label(i.get("code", "")).title for i in sig.indicators or [] if isinstance(i, dict))
    return f"Signaal #{sig.pk}: {titles}"[:200] if titles else f"Signaal #{sig.pk}"


def record_decision(tenant, user, purpose: AccessPurpose, sig: Signal, *, outcome: str, rationale: str,
                    legal_basis: str = "", owner=None) -> Decision:
    """Append a person's decision with its rationale; "enforcement" also opens a case linked to the signal."""
    rationale = (rationale or "").strip()
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Kies een besluit."
    if len(rationale) < RATIONALE_MIN_CHARS:
        errors["rationale"] = f"Onderbouw het besluit in minstens {RATIONALE_MIN_CHARS} tekens."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = Decision.objects.create(
            municipality_id=tenant.municipality_id, signal=sig, address=sig.address, outcome=outcome,
            rationale=rationale, indicators=sorted({i.get("code") for i in sig.indicators or []
                                                    if isinstance(i, dict) and i.get("code")}),
            purpose=purpose, decided_by=user)
        if outcome == Outcome.ENFORCEMENT:
            enforcement.open_case(tenant, user, title=_case_title(sig), legal_basis=legal_basis, owner=owner or user,
                                  links=[sig])
        log_processing(activity=REVIEW, name=f"besluit vastgelegd: {outcome} ({purpose})", subject_type="adres",
                       subject_id=sig.address.bag_id, municipality_id=tenant.municipality_id, actor_id=user.pk)
    return decision
