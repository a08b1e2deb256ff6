import datetime

from django.core.management.base import BaseCommand, CommandError

from cvv.programme.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Programme d’accompagnement : `cvv programme send-reminders` envoie les relances."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reminders = sub.add_parser(
            "send-reminders",
            help="Crée les notifications (actions et expertises en retard, accompagnements "
            "sans activité) et envoie les e-mails aux personnes qui les souhaitent.",
        )
        reminders.add_argument(
            "--date",
            help="Date de référence AAAA-MM-JJ (par défaut : aujourd’hui).",
        )

    def handle(self, *args, action, **options):
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"Date invalide « {options['date']} » : utilisez le format AAAA-MM-JJ."
                ) from None
        counts = reminders_send(today)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Relances : {counts['notifications']} notification(s) pour "
                    f"{counts['people']} personne(s), {counts['emails']} e-mail(s) en file, "
                    f"{counts['skipped_by_preference']} écartée(s) selon les préférences."
                )
            )
