"""`cvv report annual --year YYYY -o FILE.pdf|FILE.odt [--as-of YYYY-MM-DD]`: the
programme's yearly report for the Métropole's council, from live data."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cvv.synthesis import report, report_odt, report_pdf

RENDERERS = {".pdf": report_pdf.render, ".odt": report_odt.render}


class Command(BaseCommand):
    help = "Génère le rapport annuel du programme (ODT ou PDF) à partir des données."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"], help="annual : le rapport annuel")
        parser.add_argument("--year", type=int, required=True, help="année du rapport")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="date d’arrêté des données (AAAA-MM-JJ ; par défaut fin d’année ou aujourd’hui)",
        )
        parser.add_argument("-o", "--output", required=True, help="fichier .pdf ou .odt")

    def handle(self, *args, **options):
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"Année invalide : {year} (entre 2000 et 2100).")
        output = Path(options["output"])
        renderer = RENDERERS.get(output.suffix.lower())
        if renderer is None:
            raise CommandError(f"Extension « {output.suffix} » inconnue : .pdf ou .odt.")
        as_of = None
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"Date d’arrêté illisible : « {options['as_of']} » (AAAA-MM-JJ)."
                ) from None
        try:
            content = renderer(report.build(year, as_of))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if not output.parent.exists():
            raise CommandError(f"Le dossier {output.parent} n’existe pas.")
        output.write_bytes(content)
        self.stdout.write(f"Rapport annuel {year} écrit dans {output} ({len(content)} octets).")
