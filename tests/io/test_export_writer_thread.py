"""The JSON writers' thread (io/export_text.py ``background_writer``): every chunk written,
in order, before the writer returns; a failed write raised in the caller, which stops; and
SQLite's sorter threads (io/export_temp.py ``sorter_threads``) set back after an export,
read to the end or not."""

from __future__ import annotations

import io
import threading

import pytest
from sqlalchemy.orm import Session

from militancydb.io.export_json_rows import stream_json_whole, write_jsonl_texts
from militancydb.io.export_output import ExportFormat, write_incidents
from militancydb.io.export_text import PENDING_CHUNKS, background_writer
from militancydb.services.incident_query import IncidentFilter
from tests.io.test_export_stream import loaded

__all__ = ["loaded"]  # the fixture, shared with test_export_stream

EVERYTHING = IncidentFilter(include_deleted=True)


def test_chunks_are_written_in_order_on_another_thread():
    written: list[bytes] = []
    threads: set[str] = set()

    def write(chunk: bytes) -> None:
        threads.add(threading.current_thread().name)
        written.append(chunk)

    chunks = [str(k).encode() * (k % 7 + 1) for k in range(500)]
    with background_writer(write) as put:
        for chunk in chunks:
            put(chunk)
    assert written == chunks
    assert threads == {"export-writer"}


def test_a_failed_write_is_raised_in_the_caller_which_stops():
    calls: list[bytes] = []
    gate = threading.Event()

    def write(chunk: bytes) -> None:
        calls.append(chunk)
        gate.wait(5)
        raise OSError(28, "No space left on device")

    put_count = 0
    with pytest.raises(OSError, match="No space"):
        with background_writer(write) as put:
            for k in range(100):
                if k == PENDING_CHUNKS + 1:
                    gate.set()
                put(b"x%d" % k)
                put_count += 1
    # the first chunk failed: nothing after it was written, and the caller stopped early
    assert calls == [b"x0"]
    assert put_count < 100


def test_jsonl_texts_through_the_thread_to_a_text_stream():
    out = io.StringIO()
    out.write("head\n")
    batches = [[b'{"a":1}', '{"b":"\u00e9"}'.encode()], [], [b"{}"]]
    assert write_jsonl_texts(batches, out) == 3
    assert out.getvalue() == 'head\n{"a":1}\n{"b":"\u00e9"}\n{}\n'


def _threads(session: Session) -> int:
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return int(cursor.execute("PRAGMA threads").fetchone()[0])
    finally:
        cursor.close()


@pytest.mark.parametrize("fmt", [ExportFormat.JSONL, ExportFormat.JSON])
def test_sqlite_sorter_threads_set_back(loaded: Session, fmt: ExportFormat):
    if loaded.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's sorter")
    before = _threads(loaded)
    out = io.StringIO()
    assert write_incidents(loaded, EVERYTHING, fmt, out=out, size=100) > 6000
    assert _threads(loaded) == before
    texts = stream_json_whole(loaded, EVERYTHING, indented=fmt is ExportFormat.JSON, size=10)
    assert len(next(texts)) == 10
    assert _threads(loaded) >= 1
    texts.close()
    assert _threads(loaded) == before
