"""A synthetic, clearly labelled monitoring demo for Ermelo (demo mode only).

Every post text starts with "[DEMO]" and comes from invented accounts; landmark positions are approximate. The
posts go through the real ingest (pseudonymisation, matching, surge detection), so the alert is a real one: a week
of low background chatter, then a burst of calls to gather at the town hall two hours ago.
"""

import datetime
import random

from django.conf import settings
from django.utils import timezone

from veiliglokaal.accounts.models import User
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.demo.accounts import DEMO_MUNICIPALITY, load_demo
from veiliglokaal.core.models import Municipality

from veiliglokaal.monitoring import services
from veiliglokaal.monitoring.connectors import RawPost
from veiliglokaal.monitoring.models import Alert, GazetteerEntry, MonitoringProtocol, PlaceKind

DEMO_MARK = "[DEMO]"
PROTOCOL_TITLE = "Jaarwisseling en onrust (demo, synthetisch)"
LANDMARKS = [("gemeentehuis", 52.2996, 5.6219), ("station", 52.2983, 5.6116)]  # approximate, for the demo map
BACKGROUND = [
    "Gezellige markt vandaag in {place}",
    "Wie weet waarom er politie in {place} staat?",
    "Vuurwerk verkoop begint weer, ook in {place}",
    "Mooie wandeling rond {place}",
    "Vanavond een demonstratie in {place}? Weet iemand meer",
]
BURST = [
    "Iedereen naar het gemeentehuis vanavond! Zeg het voort",
    "Vanavond 21:00 verzamelen bij het gemeentehuis, neem vuurwerk mee",
    "#IedereenNaarHetGemeentehuis allemaal naar het gemeentehuis",
    "Massaal naar het gemeentehuis vanavond, delen delen",
]
PLACES = ["Ermelo", "Horst", "Tonsel", "Telgt", "Speuld", "station"]


def _posts(now: datetime.datetime) -> list[RawPost]:
    rng = random.Random(233)
    posts = []
    for hour in range(24 * 7, 3, -1):
        for _i in range(rng.choice([0, 0, 0, 1, 1, 2])):
            moment = now - datetime.timedelta(hours=hour, minutes=rng.randint(0, 59))
            text = rng.choice(BACKGROUND).format(place=rng.choice(PLACES))
            posts.append(RawPost(external_id=f"demo-bg-{len(posts)}", published_at=moment,
                                 text=f"{DEMO_MARK} {text}", author=f"demo_account_{rng.randint(1, 40)}"))
    burst_hour = (now - datetime.timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    for i in range(16):
        moment = burst_hour + datetime.timedelta(minutes=3 * i + 1)
        posts.append(RawPost(external_id=f"demo-burst-{i}", published_at=moment,
                             text=f"{DEMO_MARK} {BURST[i % len(BURST)]}", author=f"demo_account_{50 + i % 9}",
                             url=f"https://social.example/@demo_account_{50 + i % 9}/{1000 + i}", language="nl"))
    return posts


def load_monitoring_demo() -> str:
    if not settings.DEMO_MODE:
        raise RuntimeError("De demo kan alleen in demomodus worden geladen (DEMO_MODE=true).")
    municipality = Municipality.objects.get(code=DEMO_MUNICIPALITY)
    if not User.objects.filter(username="demo-analist").exists():
        load_demo()
    if MonitoringProtocol.objects.filter(municipality=municipality, title=PROTOCOL_TITLE).exists():
        return "Demo online monitoring was al geladen."
    analyst = User.objects.get(username="demo-analist")
    tenant = tenant_for(analyst, municipality.pk)
    today = timezone.localdate()
    protocol = services.create_protocol(tenant, analyst, {
        "title": PROTOCOL_TITLE,
        "question": "[DEMO] Worden er online ordeverstoringen rond de jaarwisseling of rond het gemeentehuis "
                    "aangejaagd in Ermelo?",
        "legal_basis": MonitoringProtocol._meta.get_field("legal_basis").default,
        "starts_on": today - datetime.timedelta(days=14), "ends_on": today + datetime.timedelta(days=45),
        "sources": "[DEMO] Synthetisch uploadbestand; in het echt: openbare Mastodon-hashtags en lokale RSS-feeds.",
        "search_terms": "Plaatsnamenlijst van Ermelo (buurten, kernen, BAG-straten, herkenningspunten) en de "
                        "standaard mobilisatielijst.",
        "retention_days": 30, "result_roles": [Role.ANALYST],
    })
    services.activate_protocol(tenant, analyst, protocol)
    monitor = services.create_monitor(tenant, protocol, "Ermelo algemeen (demo)")
    for name, lat, lon in LANDMARKS:
        GazetteerEntry.objects.get_or_create(municipality=municipality, kind=PlaceKind.LANDMARK, name=name,
                                             defaults={"latitude": lat, "longitude": lon})
    result = services.ingest(monitor, "upload", "Demo-bestand (synthetisch)", _posts(timezone.now()),
                             actor_id=analyst.pk)
    alerts = Alert.objects.filter(monitor=monitor).count()
    return (f"Demo online monitoring geladen: protocol, monitor, {result.stored} synthetische berichten, "
            f"{alerts} alert(s).")
