import secrets
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from huey.exceptions import ResultTimeout


class Command(BaseCommand):
    help = (
        "Vérifie que la plateforme fonctionne : base de données, cache et, avec --worker, "
        "qu’un exécuteur de tâches de fond (`cvv run_huey`) traite une tâche. "
        "Code de sortie non nul en cas d’échec (pour la supervision)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker",
            action="store_true",
            help="Envoie une tâche témoin à la file et attend sa réponse.",
        )
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="Attente maximale de la tâche (s)."
        )

    def handle(self, *args, worker, timeout, **options):
        if timeout <= 0 or timeout > 600:
            raise CommandError("--timeout doit être compris entre 0 et 600 secondes.")
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as exc:  # noqa: BLE001 - reported, not swallowed
            raise CommandError(f"Base de données injoignable : {exc}") from exc
        self.stdout.write("base de données : ok")
        token = secrets.token_hex(8)
        try:
            cache.set(f"cvv:healthcheck:{token}", token, 30)
            if cache.get(f"cvv:healthcheck:{token}") != token:
                raise CommandError("Le cache ne restitue pas la valeur écrite.")
            cache.delete(f"cvv:healthcheck:{token}")
        except CommandError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise CommandError(f"Cache injoignable : {exc}") from exc
        self.stdout.write("cache : ok")
        if worker:
            self._check_worker(token, timeout)

    def _check_worker(self, token, timeout):
        from cvv.core.tasks import ping

        started = time.monotonic()
        try:
            result = ping(token)
            answer = result.get(blocking=True, timeout=timeout) if result is not None else None
        except ResultTimeout as exc:
            raise CommandError(
                f"Aucun exécuteur de tâches n’a répondu en {timeout:g} s (lancer `cvv run_huey`)."
            ) from exc
        except Exception as exc:  # noqa: BLE001 - queue down or task failed: reported
            raise CommandError(f"File de tâches en échec : {exc}") from exc
        if answer != {"token": token, "database": 1}:
            raise CommandError(f"Réponse inattendue de l’exécuteur de tâches : {answer!r}")
        elapsed = time.monotonic() - started
        self.stdout.write(f"exécuteur de tâches : ok ({elapsed:.2f} s)")
