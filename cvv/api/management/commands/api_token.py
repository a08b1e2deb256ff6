from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cvv.api import services
from cvv.users.models import User


class Command(BaseCommand):
    help = (
        "Jetons d’API d’un compte : en crée un et l’affiche (une seule fois), "
        "ou les liste (--list), ou en révoque un (--revoke NUMÉRO)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--label", default="ligne de commande")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--list", action="store_true", dest="list_tokens", help="Liste les jetons en vigueur."
        )
        action.add_argument("--revoke", type=int, metavar="NUMÉRO", help="Révoque ce jeton.")

    def handle(self, *args, email, label, list_tokens, revoke, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Aucun compte pour l’adresse « {email} ».")
        try:
            if list_tokens:
                for token in services.tokens_of(user):
                    used = (
                        f"{token.last_used_at:%d/%m/%Y %H:%M}" if token.last_used_at else "jamais"
                    )
                    self.stdout.write(
                        f"{token.pk}\t{token.prefix}…\t{token.label}\t"
                        f"créé le {token.created_at:%d/%m/%Y}\tdernier usage : {used}"
                    )
                return
            if revoke is not None:
                token = services.tokens_of(user).filter(pk=revoke).first()
                if token is None:
                    raise CommandError(f"Aucun jeton en vigueur numéro {revoke} pour « {email} ».")
                services.token_revoke(token=token, actor=None, via="cli")
                self.stdout.write(f"Jeton {token.prefix}… révoqué.")
                return
            token, key = services.token_issue(user=user, label=label, actor=None, via="cli")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(key)
