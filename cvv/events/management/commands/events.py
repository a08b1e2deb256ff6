from django.core.management.base import BaseCommand

from cvv.events.offers import offers_release
from cvv.events.retention import registrations_anonymise, retention_months


class Command(BaseCommand):
    help = (
        "Événements : `cvv events anonymise` anonymise les inscriptions des événements "
        "terminés depuis plus de N mois ; `cvv events release-offers` libère les places "
        "proposées et non confirmées dans le délai."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        anonymise = sub.add_parser(
            "anonymise",
            help="Efface nom, e-mail, structure et réponses des inscriptions des événements "
            "terminés depuis plus de N mois (les effectifs et les présences restent).",
        )
        anonymise.add_argument(
            "--months", type=int, default=None, help="Conservation en mois (défaut : réglage)."
        )
        anonymise.add_argument("--dry-run", action="store_true", help="Compte sans modifier.")
        sub.add_parser("release-offers", help="Libère les places non confirmées à temps.")

    def handle(self, *args, action, **options):
        if action == "release-offers":
            self.stdout.write(f"{offers_release()} place(s) libérée(s).")
            return
        months = options["months"] if options["months"] is not None else retention_months()
        if months < 1:
            self.stderr.write("La durée de conservation doit être d’au moins un mois.")
            return
        count = registrations_anonymise(months=months, dry_run=options["dry_run"])
        verb = "à anonymiser" if options["dry_run"] else "anonymisée(s)"
        self.stdout.write(f"{count} inscription(s) {verb} (conservation : {months} mois).")
