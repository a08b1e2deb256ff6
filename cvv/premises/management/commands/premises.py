from django.core.management.base import BaseCommand, CommandError

from cvv.observatory.models import Survey
from cvv.premises import services


class Command(BaseCommand):
    help = "Registre des locaux : rattache les lignes des relevés de terrain validés."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        link = sub.add_parser(
            "link-surveys",
            help="Rattache au registre les locaux des relevés validés (crée les locaux vacants).",
        )
        link.add_argument("--survey", type=int, help="Un seul relevé (identifiant)")

    def handle(self, *args, action, **options):
        surveys = Survey.objects.filter(state=Survey.State.VALIDATED)
        if options.get("survey"):
            surveys = surveys.filter(pk=options["survey"])
            if not surveys.exists():
                raise CommandError(f"Aucun relevé validé n° {options['survey']}.")
        totals = {"linked": 0, "created": 0, "skipped": 0}
        for survey in surveys.order_by("date", "pk"):
            for key, value in services.link_survey(survey=survey).items():
                totals[key] += value
        self.stdout.write(
            f"{totals['created']} local(aux) créé(s), {totals['linked']} ligne(s) rattachée(s) "
            f"à un local existant, {totals['skipped']} ligne(s) de locaux occupés non suivis."
        )
