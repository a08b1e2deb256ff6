"""The foncière: its calculators are public (same contracts as the commands)."""

from tests.permission_matrix.base import Rule, expect

RULES = [
    Rule("api:fonciere_deadlines", expect(400), api=True, method="post"),
    Rule("api:fonciere_index_rent", expect(400), api=True, method="post"),
]
