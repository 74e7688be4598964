"""Writing generated rows with PostgreSQL COPY instead of bulk_create (the benchmark's big tables).

The rows are the same unsaved model instances the demo's generators build (register/generators,
reviews/demo.py); only the write differs. Primary keys are reserved from each table's identity
sequence up front, so children can point at parents before either is written; every value goes
through the field's own `pre_save` and `get_db_prep_save` (Django's field preparation) and is then
formatted as COPY text. The database still checks every constraint and trigger on every row.

bulk_create costs ~50-60 µs a row (ADR 0015), most of it building and parsing multi-row INSERTs;
COPY streams the rows in one statement per table.
"""

from __future__ import annotations

import io
import json
import operator
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from django.contrib.postgres.fields import ArrayField
from django.db import connection, connections, models

_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _array_literal(values) -> str:
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        else:
            text = str(value).replace("\\", "\\\\").replace('"', '\\"')
            items.append(f'"{text}"')
    return "{" + ",".join(items) + "}"


def _escaped(value: str) -> str:
    return value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value


def _text(value, field: models.Field) -> str:
    """One value in COPY's text format (after the field's own preparation)."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return _escaped(value)
    if kind is int or kind is date:
        return str(value)
    if kind is bool:
        return "t" if value else "f"
    if isinstance(field, models.JSONField):
        value = json.dumps(value, cls=field.encoder)
    elif isinstance(field, ArrayField):
        value = _array_literal(value)
    elif isinstance(value, bool):
        value = "t" if value else "f"
    elif isinstance(value, datetime | date | time):
        value = value.isoformat()
    elif isinstance(value, int | float | Decimal | UUID | timedelta):
        value = str(value)
    elif not isinstance(value, str):
        raise TypeError(f"{field} has a {type(value).__name__}: no COPY format for it")
    return _escaped(value)


def reserve_ids(model: type[models.Model], count: int) -> range:
    """`count` consecutive primary keys taken from the table's identity sequence."""
    if count == 0:
        return range(0)
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        sequence = cursor.fetchone()[0]
        # Generation workers reserve blocks from the same sequences: one at a time.
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [sequence])
        try:
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [sequence])
    return range(first, first + count)


def assign_ids(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    fresh = [obj for obj in objs if obj.pk is None]
    for obj, pk in zip(fresh, reserve_ids(model, len(fresh)), strict=True):
        obj.pk = pk
        obj._state.adding = False


def _value_getters(fields: list[models.Field]):
    """Per field, how to read the value to write from an instance. Plain fields are read as
    they are (their get_db_prep_save is the identity on PostgreSQL for the types the generators
    set); foreign keys take the parent's reserved pk when only the object was assigned (what
    bulk_create's _prepare_related_fields_for_save does); fields with their own preparation
    (auto_now, JSON, arrays, anything else) go through pre_save and get_db_prep_save."""
    db = connections["default"]  # the wrapper itself, not the per-call proxy
    plain = (
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.IntegerField,
        models.DateField,
        models.FloatField,
    )
    getters = []
    for f in fields:
        if (f.is_relation and f.many_to_one) or f.one_to_one:

            def read(obj, f=f):
                value = getattr(obj, f.attname)
                if value is None:
                    parent = obj._state.fields_cache.get(f.name)
                    if parent is not None:
                        if parent.pk is None:
                            raise ValueError(f"{f} points at an unsaved {type(parent).__name__}")
                        value = parent.pk
                        setattr(obj, f.attname, value)
                return value

        elif (
            isinstance(f, plain)
            and not isinstance(f, models.DateTimeField)
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
        ):
            read = operator.attrgetter(f.attname)
        else:

            def read(obj, f=f):
                return f.get_db_prep_save(f.pre_save(obj, True), db)

        getters.append((read, f))
    return getters


def copy_objects(model: type[models.Model], objs: Sequence[models.Model], chunk: int = 50_000):
    """COPY `objs` (their pks assigned with `assign_ids`) into the model's table."""
    if not objs:
        return 0
    db = connections["default"]
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    getters = _value_getters(fields)
    columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {db.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with db.cursor() as cursor:
        for start in range(0, len(objs), chunk):
            buffer = io.StringIO()
            write = buffer.write
            for obj in objs[start : start + chunk]:
                write("\t".join([_text(read(obj), f) for read, f in getters]))
                write("\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(statement, buffer)
    return len(objs)


def copy_in_order(rows: dict[type[models.Model], list[models.Model]], order) -> dict[str, int]:
    """Reserve every model's pks first (children may point at any parent), then COPY in order."""
    for model in order:
        assign_ids(model, rows.get(model, []))
    return {model.__name__: copy_objects(model, rows.get(model, [])) for model in order}
