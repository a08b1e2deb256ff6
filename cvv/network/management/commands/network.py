from django.core.management.base import BaseCommand

from cvv.network.questions import digest_send


class Command(BaseCommand):
    help = "Réseau des managers : `cvv network send-digest` envoie la lettre hebdomadaire."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "send-digest",
            help="Envoie à chaque membre les questions de la semaine sur ses thèmes suivis "
            "(une fois par semaine et par personne : relancer n’envoie rien de plus).",
        )

    def handle(self, *args, action, **options):
        sent = digest_send()
        self.stdout.write(f"{sent} lettre(s) hebdomadaire(s) envoyée(s).")
