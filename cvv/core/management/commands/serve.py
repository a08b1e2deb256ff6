import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Sert la plateforme (serveur de développement) avec un exécuteur de tâches de fond. "
        "En production : gunicorn cvv.wsgi et `cvv run_huey`."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-worker", action="store_true", help="Ne pas lancer l’exécuteur de tâches de fond."
        )

    def handle(self, *args, addrport, no_worker, **options):
        worker = None
        if not no_worker and not settings.HUEY.get("immediate"):
            worker = subprocess.Popen([sys.executable, "-m", "cvv", "run_huey", "--workers", "1"])
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
