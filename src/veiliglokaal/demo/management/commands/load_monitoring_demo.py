from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.demo.monitoring import load_monitoring_demo


class Command(BaseCommand):
    help = "Laad de synthetische demo van online monitoring voor Ermelo (protocol, berichten, alerts)."

    def handle(self, *args, **options):
        try:
            summary = load_monitoring_demo()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(summary))
