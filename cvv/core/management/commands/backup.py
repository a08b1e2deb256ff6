import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cvv.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde cohérente de la base de données et des fichiers (coffre documentaire, "
        "pièces, conventions, données de l’observatoire) dans une seule archive .tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            nargs="?",
            help="Fichier à créer (par défaut : cvv-sauvegarde-AAAAMMJJ-HHMMSS.tar.gz ici).",
        )

    def handle(self, *args, output, **options):
        if not output:
            output = f"cvv-sauvegarde-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        path = Path(output).resolve()
        try:
            manifest = create_backup(output=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = len(manifest["members"]) - 1
        self.stdout.write(
            f"Sauvegarde écrite : {path} ({files} fichiers, base {manifest['database_vendor']})."
        )
        for name in manifest["missing_files"]:
            self.stderr.write(f"Attention : fichier référencé mais absent du stockage : {name}")
