"""Reaching the ward records server: URLs without passwords on screen, credentials from sign-in only, and
every failure as one plain sentence."""

from __future__ import annotations

import sqlite3

import psycopg
from sqlalchemy.exc import OperationalError

from handbook.db.server_connection import (
    UNREACHABLE,
    Credentials,
    describe,
    is_server_url,
    records_failure,
    safe_url,
    where,
    with_credentials,
)

URL = "postgresql+psycopg://records.example.org:5432/handbook"


def _failure(text: str) -> OperationalError:
    return OperationalError("SELECT 1", {}, psycopg.OperationalError(text))


def test_only_postgresql_urls_are_a_server() -> None:
    assert is_server_url(URL)
    assert not is_server_url("")
    assert not is_server_url("sqlite:////var/lib/handbook/records.sqlite3")
    assert not is_server_url("not a url")


def test_a_password_is_never_shown_and_sign_in_replaces_the_role() -> None:
    signed = with_credentials(URL, Credentials("alice", "s3cret"))
    assert signed.username == "alice"
    assert signed.password == "s3cret"
    assert "s3cret" not in safe_url(signed)
    assert "s3cret" not in repr(Credentials("alice", "s3cret"))
    assert where(URL) == "handbook on records.example.org:5432"
    assert with_credentials(URL, Credentials("bea")).password is None  # left to libpq's own means


def test_failures_are_one_plain_sentence() -> None:
    refused = describe(
        _failure(
            'connection failed: connection to server at "10.0.0.1", port 5432 failed: '
            "Connection refused\n\tIs the server running on that host?"
        ),
        URL,
    )
    assert refused.startswith(f"{UNREACHABLE} (handbook on records.example.org:5432): the server does not answer")
    assert "\n" not in refused
    assert "10.0.0.1" not in refused
    assert "4 seconds" in describe(_failure("connection timeout expired"))
    assert "user name or password is wrong" in describe(
        _failure('FATAL: password authentication failed for user "alice"')
    )
    assert "refused this: checklist 3 is completed" in describe(
        _failure("handbook: checklist 3 is completed; a completed checklist is a record and cannot be changed")
    )
    assert "did not answer in time" in describe(_failure("canceling statement due to statement timeout"))


def test_a_file_failure_is_not_called_a_server_failure() -> None:
    error = OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))
    message = records_failure(error)
    assert UNREACHABLE not in message
    assert "records file" in message
    assert records_failure(_failure("Connection refused")).startswith(UNREACHABLE)
