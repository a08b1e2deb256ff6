from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from cvv.documents.maintenance import purge_orphan_files


class Command(BaseCommand):
    help = (
        "Coffre-fort documentaire : `cvv documents purge-orphans` supprime les fichiers orphelins."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser(
            "purge-orphans",
            help="Supprime les fichiers stockés qu’aucun document ne référence (dépôt annulé).",
        )
        purge.add_argument(
            "--hours", type=int, default=24, help="Âge minimal des fichiers (défaut : 24 h)."
        )
        purge.add_argument("--dry-run", action="store_true", help="Lister sans supprimer.")

    def handle(self, *args, action, hours, dry_run, **options):
        if hours < 1:
            raise CommandError("--hours doit être au moins 1 (un dépôt peut être en cours).")
        names = purge_orphan_files(older_than=timedelta(hours=hours), dry_run=dry_run)
        verb = "à supprimer" if dry_run else "supprimé(s)"
        for name in names:
            self.stdout.write(name)
        self.stdout.write(self.style.SUCCESS(f"{len(names)} fichier(s) orphelin(s) {verb}."))
