"""The extraction as a PySpark job: the same `extract_item` as `marsad ingest`, run by Spark executors.

    spark-submit [--master URL] [--py-files marsad.zip] path/to/marsad/spark/job.py INPUT... -o OUT

INPUT is JSONL (`.jsonl`, `.jsonl.gz`, in the corpus format) or WARC (`.warc`, `.warc.gz`) files or folders
of them, on any file system Spark reads (local, HDFS, S3). OUT receives two Parquet tables, `OUT/articles`
(every input item: the article or its failure) and `OUT/events` (see `spark/rows.py`); `marsad load OUT`
merges them into a store with near-duplicate and cross-source dedup, which stay single-writer steps.

Executors need marsad importable: install the wheel on the cluster's nodes, or ship it with
`--py-files` (`marsad spark --package` builds that zip). This is the only module that imports pyspark.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from marsad.ingest.articles import ArticleError, parse_article
from marsad.ingest.sources import SourceItem
from marsad.runner.ingest import extract_item
from marsad.spark.rows import ARTICLE_COLUMNS, EVENT_COLUMNS, article_row, event_rows

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")


def _jsonl_items(lines: Iterable[tuple[Any, int]]) -> Iterator[SourceItem]:
    for (path, line), number in lines:
        if not line.strip():
            continue
        ref = f"{path}#{number}"
        try:
            obj = json.loads(line)
        except ValueError as err:
            yield SourceItem(ref, ArticleError("bad_json", f"not a JSON line: {err}"))
            continue
        try:
            # The language check is extract_item's, as in `marsad ingest`.
            yield SourceItem(ref, parse_article(obj, require_arabic=False))
        except ArticleError as err:
            yield SourceItem(ref, err)


def _warc_items(files: Iterable[tuple[str, bytes]]) -> Iterator[SourceItem]:
    from marsad.ingest.warc import read_warc_bytes

    for path, payload in files:
        yield from read_warc_bytes(payload, name=path)


def _rows(items: Iterable[SourceItem]) -> Iterator[tuple[str, dict[str, Any]]]:
    for item in items:
        ex = extract_item(item)
        yield "article", article_row(ex)
        for row in event_rows(ex):
            yield "event", row


def run(inputs: Sequence[str], output: str, master: str | None = None) -> dict[str, int]:
    """Run the job; returns the number of article rows, failed items and events written."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("marsad-extract")
    if master:
        builder = builder.master(master)
    spark = builder.getOrCreate()
    try:
        sc = spark.sparkContext
        warcs = [p for p in inputs if p.endswith(WARC_SUFFIXES)]
        jsonl = [p for p in inputs if p not in warcs]
        rdds = []
        if jsonl:
            from pyspark.sql.functions import input_file_name

            # (file, line) with the line's position in the job's input: the failure reference.
            text = spark.read.text(jsonl).select(input_file_name(), "value")
            lines = text.rdd.map(tuple).zipWithIndex()
            rdds.append(lines.mapPartitions(lambda part: _rows(_jsonl_items(part))))
        if warcs:
            files = sc.binaryFiles(",".join(warcs))
            rdds.append(files.mapPartitions(lambda part: _rows(_warc_items(part))))
        if not rdds:
            raise SystemExit("marsad spark: no input")
        rows = rdds[0] if len(rdds) == 1 else sc.union(rdds)
        rows = rows.cache()
        article_schema = ", ".join(f"{name} {kind}" for name, kind in ARTICLE_COLUMNS)
        event_schema = ", ".join(f"{name} {kind}" for name, kind in EVENT_COLUMNS)
        article_names = [name for name, _ in ARTICLE_COLUMNS]
        event_names = [name for name, _ in EVENT_COLUMNS]
        articles = rows.filter(lambda kv: kv[0] == "article").map(
            lambda kv: tuple(kv[1][n] for n in article_names)
        )
        events = rows.filter(lambda kv: kv[0] == "event").map(lambda kv: tuple(kv[1][n] for n in event_names))
        adf = spark.createDataFrame(articles, article_schema)
        edf = spark.createDataFrame(events, event_schema)
        adf.write.mode("overwrite").parquet(f"{output}/articles")
        edf.write.mode("overwrite").parquet(f"{output}/events")
        failed = adf.filter(adf.error_code.isNotNull()).count()
        return {"articles": adf.count(), "failed": failed, "events": edf.count()}
    finally:
        spark.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="marsad-spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", metavar="INPUT")
    parser.add_argument("-o", "--output", required=True, help="output folder (Parquet tables)")
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's)")
    args = parser.parse_args(argv)
    counts = run(args.inputs, args.output, args.master)
    sys.stderr.write(
        f"marsad spark: {counts['articles']} items, {counts['failed']} failed, {counts['events']} events "
        f"written to {args.output}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
