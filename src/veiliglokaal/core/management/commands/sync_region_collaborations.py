from django.core.management.base import BaseCommand

from veiliglokaal.core.services.collaboration import sync_region_collaborations


class Command(BaseCommand):
    help = ("Create or update one 'region' collaboration per veiligheidsregio (its municipalities plus an "
            "organisation for the veiligheidsregio) from the registry. Idempotent; run after load_registry.")

    def handle(self, *args, **options):
        result = sync_region_collaborations()
        self.stdout.write(self.style.SUCCESS(
            f"Regio-samenwerkingen bijgewerkt: {result.regions} veiligheidsregio's, "
            f"{result.collaborations_created} samenwerkingen en {result.organisations_created} organisaties nieuw, "
            f"{result.members_added} deelnemers toegevoegd, {result.members_ended} beëindigd."
        ))
