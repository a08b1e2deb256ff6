from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cvv.core.backup import BackupError
from cvv.core.restore import DEFAULT_MAX_SIZE, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une archive de `cvv backup` (base de données et fichiers). Vérifie toute "
        "l’archive avant de modifier quoi que ce soit ; par défaut, seulement dans une base "
        "vide (nouvellement créée) et des stockages vides."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplace TOUT le contenu actuel (base, documents, observatoire).",
        )
        parser.add_argument(
            "--max-size",
            type=int,
            default=DEFAULT_MAX_SIZE,
            help="Taille décompressée maximale acceptée, en octets (défaut : 100 Gio).",
        )

    def handle(self, *args, archive, force, max_size, **options):
        if max_size <= 0:
            raise CommandError("--max-size doit être positif.")
        try:
            manifest = restore_backup(archive=Path(archive), force=force, max_size=max_size)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Archive du {manifest['created_at']} restaurée "
            f"({len(manifest['members']) - 1} fichiers)."
        )
