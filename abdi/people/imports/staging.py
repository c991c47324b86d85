"""Staging tables: rows of one file, checked, with their line and rejection, before the set-based apply.

PostgreSQL gets the rows by ``COPY`` (one CSV stream per batch, written by pyarrow); SQLite by chunked
``executemany``. Both are TEMP tables of the load's connection and vanish with it.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection

META = ("line", "rej_col", "rej_reason", "rej_value")
SQLITE_CHUNK = 20_000


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


class Staging:
    def __init__(self, table: str, columns: tuple[str, ...]):
        self.table = table
        self.columns = columns

    def create(self) -> None:
        cols = ", ".join([f"{qn('line')} bigint NOT NULL"] + [f"{qn(c)} text NOT NULL" for c in META[1:]]
                         + [f"{qn(c)} text NOT NULL" for c in self.columns])
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {qn(self.table)}")
            cur.execute(f"CREATE TEMP TABLE {qn(self.table)} ({cols})")

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {qn(self.table)}")

    def drop(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {qn(self.table)}")

    def analyze(self) -> None:
        if is_postgres():
            with connection.cursor() as cur:
                cur.execute(f"ANALYZE {qn(self.table)}")

    def write(self, table: pa.Table, conn=None) -> None:
        """Append rows; ``table`` has the META columns then ``self.columns``, all strings but ``line``."""
        names = list(META) + list(self.columns)
        table = table.select(names)
        if not table.num_rows:
            return
        if is_postgres():
            buf = io.BytesIO()
            pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
            col_list = ", ".join(qn(n) for n in names)
            force = ", ".join(qn(n) for n in names[1:])
            with (conn or connection).cursor() as cur:
                with cur.cursor.copy(
                    f"COPY {qn(self.table)} ({col_list}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({force}))"
                ) as copy:
                    copy.write(buf.getbuffer())
        else:
            placeholders = ", ".join(["%s"] * len(names))
            sql = f"INSERT INTO {qn(self.table)} VALUES ({placeholders})"
            cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
            rows = list(zip(*cols, strict=True))
            with (conn or connection).cursor() as cur:
                for start in range(0, len(rows), SQLITE_CHUNK):
                    cur.executemany(sql, rows[start:start + SQLITE_CHUNK])


def insert_rows(table_name: str, table: pa.Table, *, conn=None, nullable: tuple[str, ...] = ()) -> None:
    """Append ``table``'s rows to a real table, by ``COPY`` on PostgreSQL or ``executemany`` on SQLite.

    Null values become SQL NULL; empty strings stay empty strings, except in the ``nullable`` columns,
    where an empty value means NULL."""
    if not table.num_rows:
        return
    conn = conn or connection
    names = table.column_names
    if conn.vendor == "postgresql":
        buf = io.BytesIO()
        pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
        col_list = ", ".join(qn(n) for n in names)
        force = ", ".join(qn(n) for n in names if n not in nullable and pa.types.is_string(table.schema.field(n).type))
        options = f"FORMAT csv, FORCE_NOT_NULL ({force})" if force else "FORMAT csv"
        with conn.cursor() as cur:
            with cur.cursor.copy(f"COPY {qn(table_name)} ({col_list}) FROM STDIN ({options})") as copy:
                copy.write(buf.getbuffer())
        return
    placeholders = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {qn(table_name)} ({', '.join(qn(n) for n in names)}) VALUES ({placeholders})"
    cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
    rows = list(zip(*cols, strict=True))
    with conn.cursor() as cur:
        for start in range(0, len(rows), SQLITE_CHUNK):
            cur.executemany(sql, rows[start:start + SQLITE_CHUNK])
