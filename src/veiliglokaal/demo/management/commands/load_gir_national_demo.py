from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.demo.incidents_national import load_national_demo


class Command(BaseCommand):
    help = ("Synthetic GIR incidents for all municipalities (labelled [DEMO]; demo mode only) and the frozen "
            "national monthly figures built from them.")

    def add_arguments(self, parser):
        parser.add_argument("--total", type=int, default=4000, help="about this many incidents (default 4000)")
        parser.add_argument("--months", type=int, default=24, help="spread over this many settled months")

    def handle(self, *args, total, months, **options):
        try:
            created, frozen = load_national_demo(total, months)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"GIR landelijk: {created} synthetische meldingen ([DEMO]) voor alle gemeenten geladen; "
                          f"{frozen} maanden vastgelegd.")
