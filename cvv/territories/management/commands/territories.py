from django.core.management.base import BaseCommand

from cvv.territories.services import territories_load


class Command(BaseCommand):
    help = "Référentiel territorial : `cvv territories load` charge les données embarquées."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "load",
            help="Charge (ou met à jour) la Métropole, ses 12 territoires, "
            "ses 130 communes et les arrondissements de Paris.",
        )

    def handle(self, *args, action, **options):
        counts = territories_load()
        if options["verbosity"] == 0:
            return
        message = (
            f"Référentiel chargé : {counts['territoires']} territoires, "
            f"{counts['communes']} communes, {counts['arrondissements']} arrondissements "
            f"({counts['centralites']} centralités provisoires créées)."
        )
        self.stdout.write(self.style.SUCCESS(message))
