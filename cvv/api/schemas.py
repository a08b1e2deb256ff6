"""Shared pieces of the API's declared contract: bounded identifiers and the error answers
every endpoint can give, so that the OpenAPI document says what the API really answers."""

from typing import Annotated

from ninja import Schema
from pydantic import Field

# Database keys are 64-bit signed integers: anything larger is a 422, never an overflow.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Small counters (edition numbers): the PositiveSmallIntegerField range.
SmallNumber = Annotated[int, Field(ge=1, le=32767)]
# Codes and state names used as filters (INSEE codes, T1…T12, workflow states, levels): short
# ASCII words only, so no NUL byte or other control character reaches the database (PostgreSQL
# refuses NUL in text: a 500 before) and the answer is a declared 422.
Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")]


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    """Parameters that do not match the declared types or bounds (ninja's 422)."""

    detail: list[dict]


def responses(ok, *, auth=True, forbidden=False, not_found=False, params=False, **others):
    """`response=` of an endpoint: its 200 schema plus the errors it can answer — 401 with a
    token endpoint, 403 when it checks a role, 404 for an object or a filter that does not
    exist, 422 when it takes path or query parameters."""
    declared = {200: ok, **others}
    if auth:
        declared[401] = ErrorOut
    if forbidden:
        declared[403] = ErrorOut
    if not_found:
        declared[404] = ErrorOut
    if params:
        declared[422] = ValidationErrorOut
    return declared
