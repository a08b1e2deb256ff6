from django.core.management.base import BaseCommand, CommandError

from cvv.api.models import ApiToken
from cvv.audit.services import log_action
from cvv.users.models import User


class Command(BaseCommand):
    help = "Crée un jeton d’API pour un compte et l’affiche (une seule fois)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--label", default="ligne de commande")

    def handle(self, *args, email, label, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Aucun compte pour l’adresse « {email} ».")
        if not user.is_active:
            raise CommandError(f"Le compte « {email} » est désactivé.")
        token, key = ApiToken.objects.issue(user, label=label)
        log_action("api.token.issued", actor=None, obj=token, data={"via": "cli"})
        self.stdout.write(key)
