"""The permission matrix: for every URL of the platform, what each role gets.

Each module of this package declares `RULES` (a list of `Rule`) and may declare
`setup(ctx)` to create the objects its URLs need (stored on `ctx`).
`tests/test_permission_matrix.py` runs every rule for every role and fails when a URL of
the platform has no rule, or a URL that accepts a POST has no POST rule (`inventory.py`).

A list rule also says WHICH of the fixture's objects each role finds in the answer
(`Rule.shows` and `Rule.sees`, checked by `base.check_sees`): a list that leaks another
commune's rows answers 200 like a correct one, so status codes alone cannot catch it.
A POST rule checks that a refused role wrote nothing (row counts and `Rule.state`).
"""
