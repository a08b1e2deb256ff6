"""The `cvv` command: the platform's management commands under a proper name.

`cvv territories load`, `cvv api-token EMAIL`, `cvv serve`… map to Django management
commands (hyphens become underscores); any Django command works too (`cvv migrate`).
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cvv.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "cvv"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
