from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.audit import seals
from veiliglokaal.audit.chain import checkpoint_path, verify, write_checkpoint
from veiliglokaal.audit.models import ProcessingLogEntry, SecurityEvent

CHAINS = (("verwerkingslog", ProcessingLogEntry), ("beveiligingslog", SecurityEvent))


class Command(BaseCommand):
    help = ("Verify both audit hash chains (records, signed head, newest checkpoint); name every changed, deleted or "
            "inserted record. Exit 1 on any problem. With --checkpoint, append a signed checkpoint of each intact "
            "chain to AUDIT_CHECKPOINT_FILE (schedule this, e.g. hourly).")

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="store_true",
                            help="After a successful verification, append a signed checkpoint of each chain.")

    def handle(self, *args, **options):
        failed = False
        for label, model in CHAINS:
            problems = verify(model)
            count = model.objects.count()
            if problems:
                failed = True
                self.stdout.write(self.style.ERROR(f"{label}: {len(problems)} probleem/problemen in {count} regels"))
                for problem in problems:
                    self.stdout.write(f"  - {label} {problem}")
            else:
                self.stdout.write(self.style.SUCCESS(f"{label}: keten intact ({count} regels)"))
        for label, check in seals.checks().items():
            problems = check()
            if problems:
                failed = True
                self.stdout.write(self.style.ERROR(f"{label}: {len(problems)} probleem/problemen"))
                for problem in problems:
                    self.stdout.write(f"  - {problem}")
            else:
                self.stdout.write(self.style.SUCCESS(f"{label}: intact"))
        if failed:
            raise CommandError("De auditketen is niet intact.")
        if options["checkpoint"]:
            if checkpoint_path() is None:
                raise CommandError("AUDIT_CHECKPOINT_FILE is niet ingesteld.")
            for label, model in CHAINS:
                line = write_checkpoint(model)
                self.stdout.write(f"{label}: ijkpunt {line['n']} vastgelegd (volgnummer {line['sequence']})")
