from django.core.management.base import BaseCommand

from veiliglokaal.core.progress import cli_progress
from veiliglokaal.incidents.reminders import send_reminders


class Command(BaseCommand):
    help = ("Mail eigenaren van nazorg en maatregelen waarvan de termijn binnen een dag verloopt of verlopen is. "
            "Eén herinnering per termijn; wat verstuurd is wordt vastgelegd.")

    def handle(self, *args, **options):
        result = send_reminders(progress=cli_progress(self.stdout, "Herinneringen "))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"Herinneringen: {result.sent} verstuurd, {result.skipped} al eerder verstuurd, "
            f"{result.without_address} zonder e-mailadres, {result.failed} mislukt."))
