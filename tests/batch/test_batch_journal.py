"""The write-ahead output journal and the error side file."""

from __future__ import annotations

import pytest

from mtbrief.batch.journal import ErrorLog, JournalError, OutputJournal, id_key


def test_torn_last_line_is_cut_and_done_ids_are_counted(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(
        b'{"id": "a", "text": "x"}\n{"id": 1, "text": "y"}\n{"id": "a", "text": "z"}\n'
        b'{"id": "b", "te'
    )
    journal = OutputJournal(out)
    assert journal.repaired_bytes == len(b'{"id": "b", "te')
    assert journal.done == {id_key("a"): 2, id_key(1): 1}
    assert id_key(1) != id_key("1")
    journal.append([b'{"id": "b"}\n'])
    journal.close()
    assert out.read_bytes().endswith(b'"z"}\n{"id": "b"}\n')


def test_a_file_we_did_not_write_is_not_resumed_into(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(JournalError, match="line 1"):
        OutputJournal(out)
    assert out.read_text(encoding="utf-8") == "id,text\n1,hello\n"  # untouched


def test_error_log_never_writes_the_same_line_twice(tmp_path):
    path = tmp_path / "errors.jsonl"
    log = ErrorLog(path)
    log.append([b'{"id": 1}\n', b'{"id": 2}\n'])
    log.close()
    log = ErrorLog(path)
    log.append([b'{"id": 2}\n', b'{"id": 3}\n'])
    log.close()
    assert path.read_bytes() == b'{"id": 1}\n{"id": 2}\n{"id": 3}\n'
