"""The embedded PostgreSQL helper used when DATABASE_URL is unset."""

import os

import pytest

from factcheck import db


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="DATABASE_URL is set, so the embedded cluster is not in use")
def test_start_is_idempotent_and_returns_a_socket_url():
    first, second = db.start(), db.start()
    assert first == second
    assert "host=" in first and str(db.socket_folder()) in first
    assert db.main(["status"]) == 0


def test_unknown_action_is_a_clear_error(capsys):
    assert db.main(["explode"]) == 2
    assert "unknown action" in capsys.readouterr().err
