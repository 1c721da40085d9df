from django.core.management.base import BaseCommand

from veiliglokaal.online.reminders import send_reminders


class Command(BaseCommand):
    help = ("Meldpunt online inhoud: zet meldingen waarvan de termijn van het platform verstreken is op 'geen "
            "reactie', en mail de behandelaars bij termijnen die binnen een dag verlopen of verlopen zijn. Eén "
            "herinnering per termijn; veilig om vaak te draaien.")

    def handle(self, *args, **options):
        result = send_reminders()
        self.stdout.write(self.style.SUCCESS(
            f"Meldpunt online: {result.no_answer} op 'geen reactie' gezet; herinneringen: {result.sent} verstuurd, "
            f"{result.skipped} al eerder verstuurd, {result.without_address} zonder e-mailadres, "
            f"{result.failed} mislukt."))
