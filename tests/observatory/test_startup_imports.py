"""Command start-up stays light: each observatory action imports only the engines it uses
(duckdb, pyarrow, shapely and pyproj cost about a second together), and no command pays for
the task queue's storage backends (huey imports redis and psycopg whenever they are
installed) unless it queues a task. Checked in a fresh interpreter, by the modules loaded,
not by timing."""

import json
import os
import subprocess
import sys

HEAVY = ["duckdb", "pyarrow", "pyarrow.compute", "shapely", "pyproj", "numpy"]
QUEUE = ["huey", "redis", "psycopg", "psycopg2"]
SCRIPT = """
import json, sys
import django
django.setup()
for name in sys.argv[1:]:
    __import__(name)
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))
"""


def _loaded(*modules, settings="cvv.settings_test", watch=HEAVY):
    # SQLite (the demo's and the tests' database): with PostgreSQL, Django's own backend
    # imports psycopg at the first query, which is not the queue's doing.
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": settings,
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=watch), *modules],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_django_setup_and_the_command_module_load_no_engine():
    assert _loaded("cvv.observatory.management.commands.observatory") == []


def test_compute_does_not_load_the_importers_nor_pyproj():
    loaded = _loaded("cvv.observatory.compute_service")
    assert "pyproj" not in loaded and "pyarrow.compute" not in loaded
    assert {"duckdb", "shapely"} <= set(loaded)


def test_django_setup_loads_no_task_queue_backend():
    """huey's Django app is not installed: `django.setup()` (every command, the web server)
    imports neither huey nor the redis/psycopg drivers its storage module pulls in."""
    for settings in ("cvv.settings", "cvv.settings_test"):
        assert _loaded("cvv.observatory.management.commands.observatory", settings=settings,
                       watch=QUEUE) == []  # fmt: skip


def test_the_worker_command_is_hueys_and_queues_still_work():
    """`cvv run_huey` is still huey's worker, and queuing a task still loads huey."""
    loaded = _loaded(
        "cvv.core.management.commands.run_huey", "cvv.observatory.tasks", watch=["huey"]
    )
    assert loaded == ["huey"]
    from huey.contrib.djhuey.management.commands import run_huey

    from cvv.core.management.commands.run_huey import Command

    assert Command is run_huey.Command


def test_the_cvv_command_runs_with_the_collector_enabled_and_start_up_frozen():
    """`cvv` pauses the cyclic collector during Django's set-up only: a long-running command
    (the web server, the task worker, a national import) runs with it enabled, and the
    start-up's objects are frozen out of its collections."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "cvv.settings_test",
    }
    code = "import gc; print(gc.isenabled(), gc.get_freeze_count() > 10000)"
    result = subprocess.run(
        [sys.executable, "-m", "cvv", "shell", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True"]
