"""The permission matrix: for every URL of the platform, what each role gets.

Each module of this package declares `RULES` (a list of `Rule`) and may declare
`setup(ctx)` to create the objects its URLs need (stored on `ctx`). `test_matrix.py`
runs every rule for every role and fails when a URL of the platform has no rule.
"""
