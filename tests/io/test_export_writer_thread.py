"""The JSON writers' thread (io/export_text.py ``background_writer``): every chunk written,
in order, before the writer returns; a failed write raised in the caller, which stops."""

from __future__ import annotations

import io
import threading

import pytest

from militancydb.io.export_json_rows import write_jsonl_texts
from militancydb.io.export_text import PENDING_CHUNKS, background_writer


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
