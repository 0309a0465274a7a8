"""Querysets asked on every request, compiled to SQL by the ORM once per worker.

Turning a queryset into SQL (building its filters, resolving lookups and joins, the
select list) costs ten to twenty times more than running a small indexed query, and
the few queries every signed-in request asks (who the user is, their memberships, a
page of the meetings list) are the same SQL again and again with other values.

`Compiled(name, build, *args)` stands for the queryset `build(*args)`, narrowed by
`filter()`, `order_by()` and a slice as a QuerySet is. The first time a shape is asked
in a worker (the name, how many values each list holds, the lookups of each filter),
the ORM compiles it with made-up probe values, one distinct value per argument; each
parameter of its SQL is then either one of the arguments (found by its probe) or a
constant of the queryset. Every later request executes that SQL with its own values,
adapted for the database as the ORM adapts them, and makes the rows into model
instances (select_related included) or value tuples as the ORM's iterables do. A
shape whose parameters cannot be told apart this way, or that asks what this does not
do (prefetching, flat or named values), is run by the ORM itself each time: slower,
never different.
"""

import datetime
import logging
import threading
from itertools import count

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections
from django.db.models import Q
from django.db.models.query import (
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)

logger = logging.getLogger(__name__)

# What was compiled, by (database alias, vendor, name, shape); None: run by the ORM.
# Shapes are few (how many bodies a reader has, which cursor a page has); past this
# many, a new shape is run by the ORM rather than kept.
_compiled: dict = {}
MAX_SHAPES = 2000
_lock = threading.Lock()
# Probed: a value of exactly one of these types stands for a parameter; any other
# value (a boolean, None, an enum member) is part of the shape.
PROBED = frozenset({int, str, datetime.date, datetime.datetime, datetime.time})


def _probes(start: int = 1):
    """Distinct values no query asks for, one of each probed type per call (integers
    that fit a 32-bit column, which the ORM would otherwise refuse as out of range)."""
    n = count(start)

    def probe(value):
        i = next(n)
        if isinstance(value, datetime.datetime):
            tz = value.tzinfo
            return datetime.datetime(1111, 1, 1, tzinfo=tz) + datetime.timedelta(seconds=i)
        if isinstance(value, datetime.date):
            return datetime.date(1111, 1, 1) + datetime.timedelta(days=i)
        if isinstance(value, datetime.time):
            return datetime.time(1, 11, 11, i)
        if isinstance(value, str):
            return f"\x01probe{i}\x01"
        return -(10**9) - i

    return probe


def _probed(value) -> bool:
    return type(value) in PROBED


def _adapt(connection, value):
    """`value` as the ORM hands it to the database driver."""
    ops = connection.ops
    if isinstance(value, datetime.datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return ops.adapt_datefield_value(value)
    if isinstance(value, datetime.time):
        return ops.adapt_timefield_value(value)
    return value


def _split(value, values: list):
    """The shape of one argument or lookup value; its probed values appended."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else list(value)
        return (type(value).__name__, tuple(_split(item, values) for item in items))
    if _probed(value):
        values.append(value)
        if isinstance(value, datetime.datetime | datetime.time):  # naive or aware
            return ("?", type(value).__name__, value.tzinfo is not None)
        return ("?", type(value).__name__)
    return ("=", value)


def _rebuild(value, probe):
    """`value` with each probed value replaced by `probe(value)`."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else list(value)
        return [_rebuild(item, probe) for item in items]
    return probe(value) if _probed(value) else value


def _q_shape(q: Q, values: list):
    children = []
    for child in q.children:
        if isinstance(child, Q):
            children.append(_q_shape(child, values))
        else:
            lookup, value = child
            children.append((lookup, _split(value, values)))
    return ("Q", q.connector, q.negated, tuple(children))


def _q_rebuild(q: Q, probe) -> Q:
    children = [
        _q_rebuild(child, probe) if isinstance(child, Q) else (child[0], _rebuild(child[1], probe))
        for child in q.children
    ]
    return Q(*children, _connector=q.connector, _negated=q.negated)


class Compiled:
    """A queryset, built and compiled by the ORM once per worker and shape."""

    def __init__(self, name: str, build, *args, using: str = "default", steps=()):
        self.name, self.build, self.args, self.using, self.steps = name, build, args, using, steps
        self._result = None  # what it answered, asked once (as a QuerySet's cache)

    def _chain(self, step):
        return Compiled(
            self.name, self.build, *self.args, using=self.using, steps=(*self.steps, step)
        )

    def filter(self, *args, **kwargs) -> "Compiled":
        return self._chain(("filter", Q(*args, **kwargs)))

    def order_by(self, *names: str) -> "Compiled":
        return self._chain(("order_by", names))

    def __getitem__(self, k):
        if not isinstance(k, slice) or k.step is not None:
            raise TypeError("A compiled query takes a slice without a step.")
        return self._chain(("slice", k.start, k.stop))

    def queryset(self, probe=None):
        """The ORM's queryset (with probe values in place of the arguments')."""
        args = [_rebuild(arg, probe) for arg in self.args] if probe else self.args
        queryset = self.build(*args)
        for step in self.steps:
            if step[0] == "filter":
                queryset = queryset.filter(_q_rebuild(step[1], probe) if probe else step[1])
            elif step[0] == "order_by":
                queryset = queryset.order_by(*step[1])
            else:
                queryset = queryset[step[1] : step[2]]
        return queryset

    def _shape(self):
        values: list = []
        build = (self.build.__module__, self.build.__qualname__)
        shape = [self.name, build, tuple(_split(arg, values) for arg in self.args)]
        for step in self.steps:
            if step[0] == "filter":
                shape.append(("filter", _q_shape(step[1], values)))
            else:
                shape.append(step)
        return tuple(shape), values

    def _compile(self, connection):
        """What a shape compiles to, or None where it must be run by the ORM: also where
        the SQL holds a value made from an argument rather than the argument itself (a
        LIKE pattern, a date plus a week), which a second compile with other probes shows
        as a constant that moved."""
        try:
            first, second = self._compile_with(connection, 1), self._compile_with(connection, 500)
        except (TypeError, ValueError, ValidationError):  # an argument the probes cannot stand for
            return None
        if first is None or second is None:
            return None
        if first["sql"] != second["sql"] or first["slots"] != second["slots"]:
            return None
        return first

    def _compile_with(self, connection, start: int):
        probes: list = []
        made = _probes(start)

        def probe(value):
            probes.append(made(value))
            return probes[-1]

        queryset = self.queryset(probe)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            return None
        iterable = queryset._iterable_class
        if iterable not in (ModelIterable, ValuesListIterable):
            return None
        compiler = queryset.query.get_compiler(connection=connection)
        try:
            sql, orm_params = compiler.as_sql()
        except EmptyResultSet:  # nothing to ask the database: the ORM answers at once
            return None
        adapted = [_adapt(connection, p) for p in probes]
        slots = []
        for param in orm_params:
            found = [i for i, value in enumerate(adapted) if value == param]
            if len(found) > 1:
                return None
            slots.append(("arg", found[0]) if found else ("const", param))
        if any(value not in orm_params for value in adapted):
            return None  # an argument the SQL does not hold as a parameter
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        if compiler.has_composite_fields(fields):
            return None
        return {
            "sql": sql,
            "slots": slots,
            "converters": list(compiler.get_converters(fields).items()),
            "values": iterable is ValuesListIterable,
            "select": compiler.select,
            "klass_info": compiler.klass_info,
            "annotations": compiler.annotation_col_map,
            "fetch_mode": queryset._fetch_mode,
        }

    def _rows(self, connection, compiled, values):
        params = [
            _adapt(connection, values[where]) if kind == "arg" else where
            for kind, where in compiled["slots"]
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled["sql"], params)
            rows = cursor.fetchall()
        converters = compiled["converters"]
        if not converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for pos, (convs, expression) in converters:
                value = row[pos]
                for converter in convs:
                    value = converter(value, expression, connection)
                row[pos] = value
            converted.append(row)
        return converted

    def _instances(self, compiled, rows):
        """The rows made into model instances, as django.db.models.query.ModelIterable
        makes them."""
        select, klass_info = compiled["select"], compiled["klass_info"]
        model_cls = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        fetch_mode = compiled["fetch_mode"]
        populators = get_related_populators(klass_info, select, self.using, fetch_mode)
        objects, peers = [], []
        for row in rows:
            obj = model_cls.from_db(self.using, init_list, row[start:end], fetch_mode=fetch_mode)
            if fetch_mode.track_peers:
                peers.append(obj)
                obj._state.peers = peers
            for populator in populators:
                populator.populate(row, obj)
            for attr_name, col_pos in (compiled["annotations"] or {}).items():
                setattr(obj, attr_name, row[col_pos])
            objects.append(obj)
        return objects

    def fetch(self) -> list:
        """The model instances (or the value tuples of a values_list()), asked now."""
        connection = connections[self.using]
        shape, values = self._shape()
        key = (connection.alias, connection.vendor, shape)
        if key in _compiled:
            compiled = _compiled[key]
        else:
            compiled = self._compile(connection)
            if compiled is None:
                logger.info("Compiled query %s: this shape is run by the ORM", self.name)
            with _lock:
                if len(_compiled) < MAX_SHAPES:
                    _compiled[key] = compiled
        if compiled is None:
            return list(self.queryset())
        rows = self._rows(connection, compiled, values)
        if compiled["values"]:
            return [tuple(row) for row in rows]
        return self._instances(compiled, rows)

    def _fetched(self) -> list:
        if self._result is None:
            self._result = self.fetch()
        return self._result

    def __iter__(self):
        return iter(self._fetched())

    def __len__(self):
        return len(self._fetched())


def forget() -> None:
    """Forget every compiled shape (the tests do)."""
    with _lock:
        _compiled.clear()
