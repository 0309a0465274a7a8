"""Queries asked on every request, compiled to SQL by the ORM once per worker.

Turning a queryset into SQL (resolving lookups, joins, the select list) costs more than
running a small indexed query; for the few queries every signed-in request asks (who
the user is, their memberships) that cost is paid again and again for the same SQL.
A `CompiledQuery` asks the ORM for the SQL of its queryset once per worker, database
and shape, and then executes that same SQL with each call's parameters, converting
the rows as the ORM does (its compiler's converters). The SQL stays the ORM's own.

`params(*args)` names the query's parameters in the order of the SQL. The first
compilation of each shape checks them against the ORM's, so a params function that
does not match its queryset fails loudly instead of asking another question.
"""

import threading

from django.db import connections


class CompiledQuery:
    def __init__(self, build, params, *, using: str = "default"):
        """`build(*args)` returns the queryset (a values_list(), or a model queryset
        for `instances`); `params(connection, *args)` its SQL parameters in order."""
        self._build = build
        self._params = params
        self._using = using
        self._compiled: dict = {}
        self._lock = threading.Lock()

    def _get(self, connection, shape, args):
        key = (connection.alias, connection.vendor, shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            queryset = self._build(*args)
            compiler = queryset.query.get_compiler(connection=connection)
            sql, orm_params = compiler.as_sql()
            ours = tuple(self._params(connection, *args))
            if ours != tuple(orm_params):
                raise ValueError(
                    f"The parameters {ours!r} are not the ORM's {tuple(orm_params)!r} for {sql}"
                )
            fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
            compiled = (sql, list(compiler.get_converters(fields).items()), queryset.model)
            with self._lock:
                self._compiled[key] = compiled
            return compiled, ours
        return compiled, tuple(self._params(connection, *args))

    def rows(self, *args, shape=()) -> list[tuple]:
        """The rows of a values_list() queryset, converted as the ORM converts them."""
        connection = connections[self._using]
        (sql, converters, _model), params = self._get(connection, shape, args)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            row = list(row)
            for pos, (convs, expression) in converters:
                value = row[pos]
                for converter in convs:
                    value = converter(value, expression, connection)
                row[pos] = value
            converted.append(tuple(row))
        return converted

    def instances(self, *args, shape=()) -> list:
        """The model instances of a plain model queryset (no select_related), read with
        `Model.objects.raw` from the ORM's SQL."""
        connection = connections[self._using]
        (sql, _converters, model), params = self._get(connection, shape, args)
        return list(model._default_manager.db_manager(self._using).raw(sql, params))

    def forget(self) -> None:
        with self._lock:
            self._compiled.clear()
