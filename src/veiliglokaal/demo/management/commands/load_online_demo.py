from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.demo.online import load_online_demo


class Command(BaseCommand):
    help = "Meldpunt online inhoud: laad een paar synthetische meldingen (gemarkeerd met [DEMO]) voor Ermelo."

    def handle(self, *args, **options):
        try:
            created = load_online_demo()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Meldpunt online: {created} synthetische meldingen geladen." if created
            else "Meldpunt online: demomeldingen stonden er al."))
