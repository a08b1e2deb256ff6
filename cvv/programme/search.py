"""Full-text search of the toolbox, accent-insensitive, with each database's own engine:

- PostgreSQL: a text-search configuration `french_unaccent` (the French configuration with the
  `unaccent` dictionary before the French stemmer), created by migration 0007; documents are
  weighted (title A; summary and tags B; body and author C) and ranked by `ts_rank`.
- SQLite: an FTS5 index `programme_resource_fts` (tokenizer `unicode61 remove_diacritics 2`),
  kept in step with `programme_resource` by triggers (migration 0007), ranked by bm25 with the
  same weights.

Every word of the query must match, as a prefix ("amenag" finds « aménagement »,
« commerce » finds « commerces »). Words are reduced to letters and digits before they reach
either engine, and always passed as bound parameters."""

import re

from django.db import connection

CONFIG = "french_unaccent"
FTS_TABLE = "programme_resource_fts"
MAX_WORDS = 12
WORD = re.compile(r"\w+", re.UNICODE)


def words(text) -> list[str]:
    return [w.lower()[:60] for w in WORD.findall(text or "") if w.strip("_")][:MAX_WORDS]


def ranked_ids(queryset, text) -> list[int] | None:
    """Ids of `queryset`'s resources matching every word of `text`, best first; None when
    the text has no word (no filtering)."""
    terms = words(text)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        return _postgresql(queryset, terms)
    if connection.vendor == "sqlite":
        return _sqlite(queryset, terms)
    return _portable(queryset, terms)


def _postgresql(queryset, terms):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", "tags", weight="B", config=CONFIG)
        + SearchVector("body", "author", weight="C", config=CONFIG)
    )
    # Each term is letters/digits/underscore only: safe as a raw tsquery operand.
    query = SearchQuery(" & ".join(f"{term}:*" for term in terms), search_type="raw", config=CONFIG)
    return list(
        queryset.annotate(document=vector)
        .filter(document=query)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "title")
        .values_list("pk", flat=True)
    )


def _sqlite(queryset, terms):
    match = " AND ".join(f'"{term}"*' for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            f"ORDER BY bm25({FTS_TABLE}, 10.0, 5.0, 1.0, 5.0, 1.0)",
            [match],
        )
        ranked = [row[0] for row in cursor.fetchall()]
    allowed = set(queryset.filter(pk__in=ranked).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in allowed]


def _portable(queryset, terms):
    from django.db.models import Q

    query = Q()
    for term in terms:
        query &= (
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(body__icontains=term)
            | Q(tags__icontains=term)
            | Q(author__icontains=term)
        )
    return list(queryset.filter(query).order_by("title").values_list("pk", flat=True))
