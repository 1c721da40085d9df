from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.demo.accounts import DEMO_PASSWORD, demo_totp_secret_base32, load_demo


class Command(BaseCommand):
    help = "Create the demo users for Ermelo (synthetic; demo mode only) and print their log-ins."

    def handle(self, *args, **options):
        try:
            users = load_demo()
            from veiliglokaal.demo.incidents import load_incident_demo

            incidents = load_incident_demo()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Demo-accounts (synthetisch, alleen in demomodus):"))
        for spec in users:
            roles = ", ".join(f"{code}: {'/'.join(map(str, roles))}" for code, roles in spec["roles"].items())
            self.stdout.write(f"  {spec['username']:<28} {roles}")
        if incidents:
            self.stdout.write(f"GIR: {incidents} synthetische meldingen (gemarkeerd met [DEMO]) voor Ermelo geladen.")
        self.stdout.write(f"Wachtwoord voor alle demo-accounts: {DEMO_PASSWORD}")
        self.stdout.write(f"MFA (TOTP) geheim voor alle demo-accounts: {demo_totp_secret_base32()} "
                          "(de inlogpagina toont in demomodus ook de actuele code)")
