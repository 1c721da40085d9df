"""The demo: a real municipality (Ermelo, GM0233) with one synthetic user per role.

Everything made here is synthetic and labelled as such; it exists only in demo mode.
"""

import hashlib

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiliglokaal.accounts.models import Membership, User
from veiliglokaal.accounts.scopes import Role

from veiliglokaal.core.models import Municipality

DEMO_MUNICIPALITY = "GM0233"  # Ermelo
NEIGHBOUR_MUNICIPALITY = "GM0243"  # Harderwijk: a second tenant, to show separation and switching
DEMO_PASSWORD = "Demo-Veilig-Lokaal-2026"
# A fixed TOTP key for demo users only (demo mode); derived, so it is the same on every machine.
DEMO_TOTP_KEY = hashlib.sha1(b"veiliglokaal-demo-totp").hexdigest()

DEMO_USERS = [
    {"username": "demo-medewerker", "name": ("Mila", "de Vries"), "department": "Publiekszaken", "roles": {DEMO_MUNICIPALITY: [Role.EMPLOYEE]}},
    {"username": "demo-leidinggevende", "name": ("Sander", "Bakker"), "department": "Publiekszaken", "roles": {DEMO_MUNICIPALITY: [Role.MANAGER]}},
    {"username": "demo-coordinator", "name": ("Fatima", "El Amrani"), "department": "Bedrijfsvoering", "roles": {DEMO_MUNICIPALITY: [Role.COORDINATOR]}},
    {"username": "demo-analist", "name": ("Jeroen", "Visser"), "department": "Openbare orde en veiligheid", "roles": {DEMO_MUNICIPALITY: [Role.ANALYST]}},
    {"username": "demo-handhaver", "name": ("Kim", "Jansen"), "department": "Toezicht en handhaving", "roles": {DEMO_MUNICIPALITY: [Role.ENFORCER]}},
    {"username": "demo-bestuurder", "name": ("Anne", "Smit"), "department": "Bestuur", "roles": {DEMO_MUNICIPALITY: [Role.OFFICIAL]}},
    {"username": "demo-landelijk", "name": ("Pieter", "Mulder"), "department": "VNG", "roles": {DEMO_MUNICIPALITY: [Role.NATIONAL_ANALYST]}},
    {"username": "demo-beheerder", "name": ("Noor", "de Boer"), "department": "Informatievoorziening", "roles": {DEMO_MUNICIPALITY: [Role.ADMIN]}},
    {"username": "demo-privacy", "name": ("Lars", "Dekker"), "department": "Juridische zaken", "roles": {DEMO_MUNICIPALITY: [Role.PRIVACY_OFFICER]}},
    {"username": "demo-regio", "name": ("Eva", "Peters"), "department": "Regionaal team OOV", "roles": {DEMO_MUNICIPALITY: [Role.ANALYST], NEIGHBOUR_MUNICIPALITY: [Role.ANALYST]}},
    {"username": "demo-beheerder-harderwijk", "name": ("Tom", "Hendriks"), "department": "Informatievoorziening", "roles": {NEIGHBOUR_MUNICIPALITY: [Role.ADMIN]}},
]


def demo_totp_secret_base32() -> str:
    import base64

    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")


@transaction.atomic
def load_demo() -> list[dict]:
    """Create (or reset) the demo users. Refuses outside demo mode."""
    if not settings.DEMO_MODE:
        raise RuntimeError("De demo kan alleen in demomodus worden geladen (DEMO_MODE=true).")
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=[DEMO_MUNICIPALITY, NEIGHBOUR_MUNICIPALITY])}
    for municipality in municipalities.values():
        if not municipality.postal_address:
            municipality.postal_address = {
                DEMO_MUNICIPALITY: "Stationsstraat 38, 3851 NL Ermelo",
                NEIGHBOUR_MUNICIPALITY: "Havendam 56, 3841 AA Harderwijk",
            }[municipality.code]
            municipality.save(update_fields=["postal_address"])
    for spec in DEMO_USERS:
        first, last = spec["name"]
        user, _ = User.objects.update_or_create(
            username=spec["username"],
            defaults=dict(first_name=first, last_name=last, department=spec["department"],
                          email=f"{spec['username']}@demo.veiliglokaal.invalid", is_active=True),
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        for code, roles in spec["roles"].items():
            for role in roles:
                Membership.objects.get_or_create(user=user, municipality=municipalities[code], role=role)
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True)
    return DEMO_USERS
