from django.core.management.base import BaseCommand

from veiliglokaal.incidents.national import freeze_months


class Command(BaseCommand):
    help = "Freeze the national GIR figures of every settled month that has none yet (run nightly; ADR 7)."

    def handle(self, *args, **options):
        self.stdout.write(f"GIR landelijk: {freeze_months()} maanden vastgelegd.")
