"""Run the SQL of ``sql.py`` on DuckDB (embedded, the default) or Apache Spark (local mode
in tests, a cluster through ``spark-submit`` at national scale). An engine only loads the
files the manifests list into views; the computation is the same SQL text on both."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from . import sql
from .lake import LakeFiles, filesystem, lake_files


class Engine(Protocol):
    name: str

    def query(self, text: str) -> list[dict[str, Any]]: ...

    def explain(self, text: str) -> str: ...


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, files: LakeFiles) -> None:
        import duckdb

        self.con = duckdb.connect()
        if files.protocol not in ("file", "local"):
            fs, _root = filesystem(f"{files.protocol}://")
            self.con.register_filesystem(fs)
        for dataset, view in sql.RAW.items():
            paths = files.datasets.get(dataset)
            if not paths:
                self.con.execute(f"CREATE VIEW {view} AS {sql.empty(dataset)}")
                continue
            prefix = "" if files.protocol in ("file", "local") else f"{files.protocol}://"
            listed = ", ".join("'" + (prefix + p).replace("'", "''") + "'" for p in paths)
            self.con.execute(
                f"CREATE VIEW {view} AS SELECT * FROM read_parquet([{listed}], "
                "hive_partitioning = true, hive_types_autocast = false, union_by_name = true)"
            )
        for name, body in sql.views(multi_batch=files.multi_batch).items():
            self.con.execute(f"CREATE VIEW {name} AS {body}")

    def query(self, text: str) -> list[dict[str, Any]]:
        cur = self.con.execute(text)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def explain(self, text: str) -> str:
        return "\n".join(str(r[1]) for r in self.con.execute("EXPLAIN " + text).fetchall())

    def close(self) -> None:
        self.con.close()


_SPARK: Any = None


def spark_session(master: str = "local[2]") -> Any:
    """One SparkSession per process (starting the JVM is the slow part). Partition columns
    stay strings (province codes like "08" must not become numbers). An empty ``master``
    keeps the one ``spark-submit`` set."""
    global _SPARK
    if _SPARK is not None:
        return _SPARK
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("cchc-national")
    if master:
        builder = builder.master(master)
    if master.startswith("local"):
        # local mode binds to loopback: this machine's hostname may not resolve
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config(
            "spark.driver.host", "127.0.0.1"
        )
    _SPARK = (
        builder.config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.sql.shuffle.partitions", os.environ.get("CCHC_SPARK_PARTITIONS", "8"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


class SparkEngine:
    name = "spark"

    def __init__(self, files: LakeFiles, *, master: str = "local[2]") -> None:
        self.spark = spark_session(master)
        base = (
            files.root
            if files.protocol in ("file", "local")
            else f"{files.protocol}://{files.root}"
        )
        for dataset, view in sql.RAW.items():
            paths = files.datasets.get(dataset)
            if not paths:
                self.spark.sql(sql.empty(dataset)).createOrReplaceTempView(view)
                continue
            full = [
                p if files.protocol in ("file", "local") else f"{files.protocol}://{p}"
                for p in paths
            ]
            (
                self.spark.read.option("basePath", f"{base}/{dataset}")
                .option("mergeSchema", "true")
                .parquet(*full)
                .createOrReplaceTempView(view)
            )
        for name, body in sql.views(multi_batch=files.multi_batch).items():
            self.spark.sql(body).createOrReplaceTempView(name)

    def query(self, text: str) -> list[dict[str, Any]]:
        return [row.asDict() for row in self.spark.sql(text).collect()]

    def explain(self, text: str) -> str:
        return str(self.spark.sql(text)._jdf.queryExecution().executedPlan().toString())

    def close(self) -> None:  # the session is shared by the process
        pass


@contextmanager
def open_engine(source: str, engine: str = "duckdb", *, master: str = "local[2]") -> Iterator[Any]:
    files = lake_files(source)
    if engine == "duckdb":
        eng: Any = DuckDBEngine(files)
    elif engine == "spark":
        eng = SparkEngine(files, master=master)
    else:
        raise ValueError(f"Không có bộ máy tính toán “{engine}” (duckdb hoặc spark).")
    try:
        yield eng
    finally:
        eng.close()
