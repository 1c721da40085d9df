"""A few clearly labelled synthetic content reports for the demo municipality (demo mode only).

Every description starts with "[DEMO]"; URLs point at the reserved `.example` domain; the evidence is a generated
placeholder image. Reports go through the services, so history, custody and the processing log are real.
"""

import datetime
import struct
import zlib

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from veiliglokaal.accounts.models import User
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.core.models import Municipality

from veiliglokaal.online import services
from veiliglokaal.online.models import ContentReport

DEMO_MARK = "[DEMO]"
ASSESSMENT = ("[DEMO] Het bericht kondigt geweld aan tegen de burgemeester bij haar woning en noemt de straat; dit "
              "is bedreiging met een misdrijf tegen het leven (art. 285 Sr).")
# (kind, platform, function, text, how far the demo moves it)
STORIES = [
    ("bedreiging", "x", "burgemeester", "Bericht dat de burgemeester 'thuis bezoek krijgt'.", "received"),
    ("doxing", "facebook", "wethouder", "Privéadres van de wethouder gedeeld in een groep.", "assessed"),
    ("oproep-ordeverstoring", "telegram", "burgemeester", "Oproep om de raadsvergadering te verstoren.", "notice_sent"),
    ("desinformatie", "tiktok", "raadslid", "Video met verzonnen beschuldigingen over een raadslid.", "closed"),
]


def placeholder_png(width: int = 4, height: int = 4) -> bytes:
    """A tiny grey PNG, built here (no image library needed)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def load_online_demo(municipality_code: str = "GM0233") -> int:
    """Create the synthetic reports once. Returns the number created."""
    if not settings.DEMO_MODE:
        raise RuntimeError("Demodata alleen in demomodus.")
    municipality = Municipality.objects.get(code=municipality_code)
    if ContentReport.objects.filter(municipality=municipality, description__startswith=DEMO_MARK).exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["demo-bestuurder", "demo-analist"])}
    official, analyst = users["demo-bestuurder"], users["demo-analist"]
    handler = tenant_for(analyst, municipality.pk)
    for i, (kind, platform, function, text, until) in enumerate(STORIES):
        report = services.create_report(tenant_for(official, municipality.pk), official, {
            "urls": f"https://sociaal.example/{platform}/bericht/{1000 + i}", "platform": platform, "kind": kind,
            "target_user": official if function == "burgemeester" else None,
            "target_name": "" if function == "burgemeester" else f"{DEMO_MARK} {function.title()} Voorbeeld",
            "target_function": function, "description": f"{DEMO_MARK} {text}",
            "captured_at": timezone.now() - datetime.timedelta(hours=3 + i),
        }, files=[SimpleUploadedFile(f"demo-schermafbeelding-{i + 1}.png", placeholder_png())])
        if until == "received":
            continue
        services.assess(handler, analyst, report, ASSESSMENT)
        if until == "assessed":
            continue
        services.record_notice_sent(handler, analyst, report, "[DEMO] meldformulier van het platform")
        if until == "closed":
            services.advance(handler, analyst, report, "removed", "[DEMO] Platform meldt: verwijderd.")
            services.advance(handler, analyst, report, "close", "[DEMO] Betrokkene geïnformeerd.")
    return len(STORIES)
