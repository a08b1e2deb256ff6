"""Background tasks of the core (huey)."""

from huey.contrib.djhuey import db_task


@db_task()
def ping(token):
    """A no-op that proves a worker runs and can reach the database: returns its token and
    the database's answer to a trivial query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"token": token, "database": one}
