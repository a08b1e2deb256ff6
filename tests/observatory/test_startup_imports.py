"""Command start-up stays light: each observatory action imports only the engines it uses
(duckdb, pyarrow, shapely and pyproj cost about a second together). Checked in a fresh
interpreter, by the modules loaded, not by timing."""

import json
import os
import subprocess
import sys

HEAVY = ["duckdb", "pyarrow", "pyarrow.compute", "shapely", "pyproj", "numpy"]
SCRIPT = """
import json, sys
import django
django.setup()
for name in sys.argv[1:]:
    __import__(name)
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))
"""


def _loaded(*modules):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cvv.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY), *modules],
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
