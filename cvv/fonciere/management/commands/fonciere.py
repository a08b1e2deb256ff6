"""`cvv fonciere deadlines|index-rent --json FILE|-` (the contracts of docs/fonciere.md),
`cvv fonciere import-index FILE` (INSEE series files), `cvv fonciere lapse` and
`cvv fonciere alerts` (deadline alerts)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cvv.fonciere import deadlines, indexation, selectors, services
from cvv.fonciere.index_import import IndexImportError, import_index_file


class Command(BaseCommand):
    help = "Foncière : délais légaux, indexation des loyers, import des indices INSEE."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, label in (
            ("deadlines", "Calcule un délai légal (contrat JSON)."),
            ("index-rent", "Calcule un loyer indexé pas à pas (contrat JSON)."),
        ):
            item = sub.add_parser(name, help=label)
            item.add_argument("--json", required=True, help="Fichier JSON, ou - (entrée standard)")
        imp = sub.add_parser("import-index", help="Importe une série ILC ou ILAT de l’INSEE.")
        imp.add_argument("file")
        imp.add_argument("--index", choices=["ILC", "ILAT"], help="Indice (défaut : déduit)")
        sub.add_parser("lapse", help="Constate les renonciations tacites (délais expirés).")
        sub.add_parser("alerts", help="Alerte la foncière et les communes avant chaque échéance.")

    def handle(self, *args, action, **options):
        if action == "import-index":
            try:
                count = import_index_file(options["file"], index=options.get("index"))
            except IndexImportError as exc:
                raise CommandError(str(exc), returncode=2) from None
            self.stdout.write(f"{count} valeur(s) d’indice importée(s).")
            return
        if action == "alerts":
            from cvv.fonciere.alerts import alerts_send

            self.stdout.write(f"{alerts_send()} échéance(s) annoncée(s).")
            return
        if action == "lapse":
            self.stdout.write(f"{services.lapse_overdue()} renonciation(s) tacite(s) constatée(s).")
            return
        source = options["json"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
            payload = json.loads(text)
        except (OSError, ValueError) as exc:
            raise CommandError(f"json: unreadable input ({exc})", returncode=2) from None
        try:
            if action == "deadlines":
                result = deadlines.compute(payload)
            else:
                result = indexation.compute(payload, values=selectors.index_values())
        except (deadlines.DeadlineError, indexation.IndexationError) as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False))
