"""`cvv run_huey`: huey's worker, unchanged (Redis in production, SQLite for the demo).

huey's Django app (`huey.contrib.djhuey`) is deliberately not in INSTALLED_APPS: Django
imports every installed app at start-up, and importing huey loads its storage module,
which imports `redis` and `psycopg` whenever they are installed — about a third of the
imports of `django.setup()` for every command, including those that never queue a task.
huey is imported by the code that queues a task (the `tasks` modules) and by this command,
which is huey's own."""

from huey.contrib.djhuey.management.commands.run_huey import Command

__all__ = ["Command"]
