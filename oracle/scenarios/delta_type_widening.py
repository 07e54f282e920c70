"""Delta tables written by Spark for issue #17's type widening and Parquet map leftovers: a table
whose columns Spark widened with ALTER TABLE … CHANGE COLUMN … TYPE (files written before the
change keep the narrow Parquet type), and maps keyed by arrays and structs with keys in an order
that is not sorted. Called through the oracle's `call` op: fn(spark, **args) → JSON."""

import datetime as dt
from decimal import Decimal

# Every widening Delta supports (TypeWidening.isTypeChangeSupported), top level and nested.
NARROW = (
    "id INT, b BYTE, s SHORT, i INT, f FLOAT, d DATE, dec DECIMAL(5, 2), i2d INT, i2dec INT, "
    "l2dec BIGINT, st STRUCT<x: SHORT, y: FLOAT>, arr ARRAY<INT>, m MAP<INT, FLOAT>"
)
CHANGES = [
    ("b", "SHORT"),
    ("b", "INT"),
    ("s", "BIGINT"),
    ("i", "BIGINT"),
    ("f", "DOUBLE"),
    ("d", "TIMESTAMP_NTZ"),
    ("dec", "DECIMAL(10, 4)"),
    ("i2d", "DOUBLE"),
    ("i2dec", "DECIMAL(12, 2)"),
    ("l2dec", "DECIMAL(22, 1)"),
    ("st.x", "INT"),
    ("st.y", "DOUBLE"),
    ("arr.element", "BIGINT"),
    ("m.key", "BIGINT"),
    ("m.value", "DOUBLE"),
]


def _narrow_rows():
    return [
        (
            1, 127, 32767, 2147483647, 1.1, dt.date(2024, 2, 29), Decimal("123.45"), 7, -2147483648,
            9007199254740993, (-32768, 0.1), [1, -2147483648], {3: 1.5, 1: 0.1, 2: -2.5},
        ),
        (
            2, -128, -32768, -2147483648, -3.4028235e38, dt.date(1, 1, 1), Decimal("-999.99"),
            -7, 0, -9223372036854775808, (5, None), None, None,
        ),
        (3, None, None, None, None, None, None, None, None, None, None, [None], {}),
        (4, 0, 0, 0, 0.0, dt.date(9999, 12, 31), Decimal("0.01"), 0, 1, 0, None, [], {-1: None}),
    ]


def type_widening(spark, path):
    """Narrow table (type widening on) → one change per column → wide rows appended."""
    # DATE → TIMESTAMP_NTZ needs the timestampNtz feature, which Spark asks to be turned on by hand.
    spark.createDataFrame(_narrow_rows(), NARROW).coalesce(1).write.format("delta").option(
        "delta.enableTypeWidening", "true"
    ).option("delta.feature.timestampNtz", "supported").save(path)
    for column, to in CHANGES:
        spark.sql(f"ALTER TABLE delta.`{path}` CHANGE COLUMN {column} TYPE {to}")
    wide = spark.read.format("delta").load(path).schema
    rows = [
        (
            5, 2147483647, 9223372036854775807, -9223372036854775808, 1.1,
            dt.datetime(2024, 2, 29, 13, 14, 15, 123456), Decimal("123456.7891"), 0.5,
            Decimal("1234567890.12"), Decimal("123456789012345678901.5"), (2147483647, 0.1),
            [9223372036854775807], {9223372036854775807: 1.1},
        )
    ]
    spark.createDataFrame(rows, wide).coalesce(1).write.format("delta").mode("append").save(path)
    return {"schema": wide.jsonValue()}


MAP_SCHEMA = (
    "id INT, mi MAP<INT, STRING>, ma MAP<ARRAY<INT>, STRING>, ms MAP<STRUCT<a: INT, b: STRING>, INT>, "
    "nested ARRAY<STRUCT<m: MAP<BIGINT, STRING>>>, ml MAP<STRING, MAP<INT, INT>>, "
    "md MAP<DATE, DECIMAL(20, 2)>"
)
MAP_ROWS = [
    "(1, map(3, 'c', 1, 'a', 2, 'b'), map(array(2, 1), 'x', array(1), 'y', array(), 'z'), "
    "map(struct(2, 'x'), 10, struct(1, 'y'), 20, struct(1, null), 30), "
    "array(struct(map(20, 'u', 10, 'v'))), map('z', map(9, 1, 8, 2), 'a', map()), "
    "map(date'2024-02-29', 1.25, date'0001-01-01', -3.5))",
    "(2, null, map(array(cast(null as int), 3), 'n'), map(struct(1, 'y'), 5), array(), null, null)",
    "(3, map(), null, null, null, map('k', null), map())",
    "(4, map(-1, null, -2147483648, 'min'), map(array(5), null), map(struct(null, null), null), "
    "array(null, struct(null), struct(map(9007199254740993, 'big'))), map('', map(0, null)), "
    "map(date'9999-12-31', 12345678901234567.89))",
]


def map_keys(spark, path):
    """Maps keyed by ints (not in sorted order), arrays, structs, dates and strings, nested in
    arrays, structs and maps, in one Parquet file."""
    spark.sql(f"CREATE TABLE delta.`{path}` ({MAP_SCHEMA}) USING delta")
    spark.sql(f"INSERT INTO delta.`{path}` VALUES {', '.join(MAP_ROWS)}")
    return {}


def _entries(expr, t):
    """A SQL expression turning every map inside `expr` (of type `t`) into the array of its
    entries, in Spark's order: map_entries keeps the order the map has."""
    name = t.typeName()
    if name == "map":
        k = _entries("e.key", t.keyType)
        v = _entries("e.value", t.valueType)
        return f"transform(map_entries({expr}), e -> struct({k} AS k, {v} AS v))"
    if name == "array":
        return _array(expr, t)
    if name == "struct":
        fields = ", ".join(f"{_entries(f'{expr}.`{f.name}`', f.dataType)} AS `{f.name}`" for f in t.fields)
        return f"if({expr} IS NULL, NULL, struct({fields}))"
    return expr


_depth = [0]


def _array(expr, t):
    _depth[0] += 1
    x = f"x{_depth[0]}"
    try:
        return f"transform({expr}, {x} -> {_entries(x, t.elementType)})"
    finally:
        _depth[0] -= 1


def read_entries(spark, path):
    """Spark's rows of the table with maps as entry lists (positional structs, entry [k, v])."""
    from __main__ import rows_of  # the oracle process: spark_oracle.py

    df = spark.read.format("delta").load(path)
    out = df.selectExpr(*[f"{_entries(f'`{f.name}`', f.dataType)} AS `{f.name}`" for f in df.schema.fields])
    return {"rows": rows_of(out.orderBy("id"))}


def parquet_types(spark, path):
    """The Parquet schema of each data file (as Spark's Parquet reader sees it without Delta)."""
    import glob
    import os

    out = {}
    for f in sorted(glob.glob(os.path.join(path, "*.parquet"))):
        out[os.path.basename(f)] = spark.read.parquet(f).schema.simpleString()
    return out
