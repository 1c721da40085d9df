from django.conf import settings
from django.core.management.base import BaseCommand

from veiliglokaal.audit.services import expire_links


class Command(BaseCommand):
    help = ("The processing log's own retention: destroy the pseudonym keys not used for PROCESSING_LOG_LINK_YEARS "
            "years. The log records and their chain stay; they no longer point at anyone. Schedule daily.")

    def handle(self, *args, **options):
        gone = expire_links()
        self.stdout.write(self.style.SUCCESS(
            f"Verwerkingslog: {gone} koppeling(en) met personen vernietigd (ongebruikt langer dan "
            f"{settings.PROCESSING_LOG_LINK_YEARS} jaar); de regels en de keten blijven intact."))
