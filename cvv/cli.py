"""The `cvv` command: the platform's management commands under a proper name.

`cvv territories load`, `cvv api-token EMAIL`, `cvv serve`… map to Django management
commands (hyphens become underscores); any Django command works too (`cvv migrate`).
"""

import gc
import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cvv.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "cvv"
    # Start-up (Django, the apps' models) creates some 300 000 objects and no garbage worth
    # collecting: the cyclic collector is paused meanwhile (~0.05 s), then those objects
    # are frozen so that no later collection walks them again. Django's own set-up is
    # done here unless the settings come from the command line (--settings, --pythonpath),
    # which `execute_from_command_line` reads first; its second call is then a no-op.
    gc.disable()
    try:
        if not any(a.startswith(("--settings", "--pythonpath")) for a in argv[1:]):
            import django

            django.setup()
    finally:
        gc.freeze()
        gc.enable()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    finally:
        # Exit: the interpreter's final collections would walk every object (~0.1–0.2 s
        # with the data engines loaded); frozen, they are left to the operating system.
        # Files and connections are closed by the commands themselves.
        gc.freeze()


if __name__ == "__main__":
    main()
