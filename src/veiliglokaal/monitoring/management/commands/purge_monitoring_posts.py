from django.core.management.base import BaseCommand

from veiliglokaal.monitoring.retention import purge


class Command(BaseCommand):
    help = ("Verwijder gemonitorde berichten na de bewaartermijn van hun protocol (standaard 30 dagen), met "
            "verwijderverslag (alleen aantallen) en verwerkingslog. Gepland dagelijks draaien; idempotent.")

    def handle(self, *args, **options):
        result = purge()
        self.stdout.write(self.style.SUCCESS(
            f"{result.posts} berichten en {result.matches} treffers verwijderd; "
            f"{len(result.records)} verwijderverslag(en)."))
