from django.core.management.base import BaseCommand

from cvv.assembly.seeding import demo_modules
from cvv.organisations.demo import DEMO_PASSWORD, demo_accounts
from cvv.territories.services import territories_load


class Command(BaseCommand):
    help = "Charge les données de démonstration de chaque module et les comptes de démo."

    def handle(self, *args, **options):
        territories_load()
        for module in demo_modules():
            self.stdout.write(f"Démo : {module.__name__}")
            module.load(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"\nComptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        )
        for email, role, organisation in demo_accounts():
            self.stdout.write(f"  {email:<32} {role:<40} {organisation}")
