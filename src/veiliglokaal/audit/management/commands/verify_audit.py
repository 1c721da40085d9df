from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.audit.chain import verify
from veiliglokaal.audit.models import ProcessingLogEntry, SecurityEvent


class Command(BaseCommand):
    help = "Verify both audit hash chains; name every changed, deleted or inserted record. Exit 1 on any problem."

    def handle(self, *args, **options):
        failed = False
        for label, model in (("verwerkingslog", ProcessingLogEntry), ("beveiligingslog", SecurityEvent)):
            problems = verify(model)
            count = model.objects.count()
            if problems:
                failed = True
                self.stdout.write(self.style.ERROR(f"{label}: {len(problems)} probleem/problemen in {count} regels"))
                for problem in problems:
                    self.stdout.write(f"  - {label} {problem}")
            else:
                self.stdout.write(self.style.SUCCESS(f"{label}: keten intact ({count} regels)"))
        if failed:
            raise CommandError("De auditketen is niet intact.")
