import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def _stop(signum, frame):
    raise KeyboardInterrupt


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
        # E-mail links are made from SITE_URL (in the worker too): unless it is configured,
        # it is the address served here (`cvv serve 127.0.0.1:8001`).
        if "SITE_URL" not in os.environ:
            host_port = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
            os.environ["SITE_URL"] = settings.SITE_URL = f"http://{host_port}"
        worker = None
        if not no_worker and not settings.HUEY.get("immediate"):
            worker = subprocess.Popen([sys.executable, "-m", "cvv", "run_huey", "--workers", "1"])
        # Stopping the server (Ctrl-C or a TERM signal) stops its worker too.
        signal.signal(signal.SIGTERM, _stop)
        try:
            call_command("runserver", addrport, use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None and worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
