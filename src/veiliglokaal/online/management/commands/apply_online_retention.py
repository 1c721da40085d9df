from django.core.management.base import BaseCommand

from veiliglokaal.online.retention import apply_retention, rule


class Command(BaseCommand):
    help = ("Meldpunt online inhoud: verwijder afgesloten meldingen (met bewijs, notices en historie) na de "
            "bewaartermijn, met een verwijderverslag per gemeente.")

    def handle(self, *args, **options):
        result = apply_retention()
        self.stdout.write(self.style.SUCCESS(
            f"{rule()}: {result.reports} meldingen, {result.evidence} bewijsstukken en {result.notices} notices "
            f"verwijderd; {len(result.records)} verwijderverslag(en)."))
