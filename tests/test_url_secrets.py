"""A database URL's password never reaches the user (issue 18).

The URL is read by SQLAlchemy's `make_url` (the one parser) and the password
is masked wherever it sits: in the user part, raw or percent-encoded, or in
a query parameter under any spelling (`password`, `PASSWORD`, `pass%77ord`).
Hypothesis writes passwords from every reserved character and checks the
output of `db info`, `db info --json` and the connection error against an
unreachable loopback port (nothing listens on port 1).
"""

from __future__ import annotations

import socket
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from campaign_cli.store.location import mask_url, resolve

RESERVED = ":/?#[]@!$&'()*+,;=%"
OTHER = " \"<>\\^`{|}~"
# The password starts and ends with markers no message holds, so a piece of
# it left in the output shows up too, not only the whole.
HEAD, TAIL = "Zk", "Qj"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: nothing listens


PORT = _closed_port()


def _encode_some(password: str, picks: list[bool]) -> str:
    """Some characters percent-encoded, the others as typed."""
    return "".join(quote(c, safe="") if pick else c for c, pick in zip(password, picks + [False] * len(password)))


def _urls(password: str, picks: list[bool]) -> dict[str, str]:
    base = f"postgresql+psycopg://clerk:{{}}@127.0.0.1:{PORT}/campaign"
    plain = f"postgresql+psycopg://clerk@127.0.0.1:{PORT}/campaign"
    encoded = quote(password, safe="")
    return {
        "user part, encoded": base.format(encoded),
        "user part, as typed": base.format(password),
        "user part, partly encoded": base.format(_encode_some(password, picks)),
        "query password": f"{plain}?password={encoded}",
        "query PASSWORD": f"{plain}?PASSWORD={encoded}",
        "query pass%77ord": f"{plain}?sslmode=disable&pass%77ord={encoded}",
        "query p%61ssword, plus": f"{plain}?p%61ssword={quote_plus(password)}&application_name=x",
    }


def _forms(password: str) -> set[str]:
    return {password, quote(password, safe=""), quote(password), quote_plus(password), HEAD, TAIL}


def _run(url: str, *args: str):
    from campaign_cli.cli import app

    return CliRunner().invoke(app, ["--db", url, "--lang", "en", *args], catch_exceptions=False)


passwords = st.text(alphabet=st.sampled_from(RESERVED + OTHER + "abc1"), min_size=1, max_size=12).map(
    lambda middle: HEAD + middle + TAIL)


COMMANDS = (("db", "info"), ("db", "info", "--json"), ("issue", "list"))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(password=passwords, picks=st.lists(st.booleans(), max_size=16))
def test_no_password_in_db_info_or_a_connection_error(password: str, picks: list[bool]):
    for i, (placement, url) in enumerate(_urls(password, picks).items()):
        result = _run(url, *COMMANDS[i % len(COMMANDS)])  # the commands take turns: same path, less time
        out = result.stdout + result.stderr
        assert result.exit_code == 3, (placement, url, out)
        assert "Traceback" not in out
        leaked = [form for form in _forms(password) if form in out]
        assert not leaked, (placement, url, out)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(password=passwords, picks=st.lists(st.booleans(), max_size=16))
def test_no_password_in_the_url_shown_or_a_message_naming_it(password: str, picks: list[bool]):
    """Many more passwords through the masking alone (no process, no connection)."""
    from campaign_cli.store.location import mask_secrets, parse_url, url_secrets

    for placement, url in _urls(password, picks).items():
        shown = mask_url(url)
        parsed = parse_url(url)
        # the worst a driver may echo: everything it was given (a refused URL reaches no driver)
        message = shown if parsed is None else mask_secrets(
            f"host={parsed.host} user={parsed.username} db={parsed.database} password={parsed.password} "
            + " ".join(f"{k}={v}" for k, v in parsed.query.items()), url_secrets(url))
        leaked = [form for form in _forms(password) if form in shown or form in message]
        assert not leaked, (placement, url, shown, message)


@pytest.mark.parametrize("url,shown", [
    ("postgresql+psycopg://clerk:pa?ss@db.example/campaign", "postgresql+psycopg://clerk:***@db.example/campaign"),
    ("postgresql+psycopg://clerk:pa#ss@db.example:5433/campaign",
     "postgresql+psycopg://clerk:***@db.example:5433/campaign"),
    ("postgresql+psycopg://clerk:p%40ss@db.example/campaign", "postgresql+psycopg://clerk:***@db.example/campaign"),
    ("postgresql+psycopg://clerk@db.example/campaign?pass%77ord=hunter2&sslmode=require",
     "postgresql+psycopg://clerk@db.example/campaign?password=***&sslmode=require"),
    ("postgresql+psycopg://clerk@db.example/campaign?password=hunter2",
     "postgresql+psycopg://clerk@db.example/campaign?password=***"),
    ("postgresql+psycopg://clerk@db.example/campaign?sslpassword=a&sslpassword=b",
     "postgresql+psycopg://clerk@db.example/campaign?sslpassword=***&sslpassword=***"),
    # a raw @ in the password: SQLAlchemy would take the rest for the host
    ("postgresql+psycopg://clerk:p@ss@db.example/campaign", "postgresql+psycopg://…"),
    ("postgresql+psycopg://clerk:s3cret@db.example:notaport/campaign", "postgresql+psycopg://…"),
    ("postgresql+psycopg://db.example/campaign", "postgresql+psycopg://db.example/campaign"),
])
def test_the_url_shown(url: str, shown: str):
    assert resolve(url).display() == shown


def test_the_password_with_a_raw_question_mark_through_db_info_and_its_error():
    url = f"postgresql+psycopg://clerk:pa?ss@127.0.0.1:{PORT}/campaign"
    for args in (("db", "info"), ("db", "info", "--json"), ("db", "check")):
        result = _run(url, *args)
        assert result.exit_code == 3
        assert "pa?ss" not in result.stderr and "pa%3Fss" not in result.stderr
        assert f"clerk:***@127.0.0.1:{PORT}/campaign" in result.stderr, result.stderr


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://clerk:s3cret@127.0.0.1:notaport/campaign",
    "postgresql+psycopg://clerk:s3cret@127.0.0.1:99999999999/campaign",
    "postgresql+psycopg://clerk:p@ss@127.0.0.1/campaign",
    "nosuchdialect://clerk:s3cret@127.0.0.1/campaign",
])
def test_a_bad_url_is_a_store_error(url: str):
    result = _run(url, "db", "info")
    assert result.exit_code == 3, result.stderr
    assert "s3cret" not in result.stderr and "p@ss" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


# -- the direct PostgreSQL store reads the URL with libpq: only where SQLAlchemy reads it alike

def _sqlalchemy_reading(url: str) -> dict[str, str] | None:
    """What SQLAlchemy's psycopg dialect hands psycopg.connect for `url` (None: it refuses the URL)."""
    from sqlalchemy import create_engine

    from campaign_cli.store.location import parse_url

    parsed = parse_url(url)
    if parsed is None:
        return None
    try:
        engine = create_engine(url)
        _args, params = engine.dialect.create_connect_args(parsed)
    except Exception:  # noqa: BLE001 - a port that is not a number, …
        return None
    params.pop("context", None)
    return {k: ",".join(v) if isinstance(v, tuple) else str(v) for k, v in params.items()}


# Plain letters weighed in, so that many URLs are ones libpq takes (else the check is idle).
_MIXED = st.sampled_from(RESERVED + OTHER) | st.sampled_from("abcdefxyz0123456789")
queries = st.lists(st.tuples(st.sampled_from(["sslmode", "application_name", "password", "host", "port",
                                              "connect_timeout", "pass%77ord", "options"]),
                             st.text(alphabet=_MIXED, max_size=6)),
                   max_size=3)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(password=st.text(alphabet=_MIXED, min_size=1, max_size=12).map(lambda middle: HEAD + middle + TAIL),
       picks=st.lists(st.booleans(), max_size=16), user=st.sampled_from(["clerk", "", "a%40b"]),
       host=st.sampled_from(["127.0.0.1", "db.example", "", "[::1]", "h1,h2"]),
       port=st.sampled_from(["", ":5432", ":", ":x1"]), query=queries, raw=st.booleans())
def test_libpq_reads_a_url_as_sqlalchemy_does_or_leaves_it_to_sqlalchemy(password, picks, user, host, port,
                                                                         query, raw):
    """Where the direct store takes a URL (libpq_params is not None), libpq's
    reading is exactly what SQLAlchemy would pass psycopg: the same server,
    login, password and options, whatever the URL holds."""
    from campaign_cli.store.location import libpq_params

    secret = _encode_some(password, picks) if raw else quote(password, safe="")
    tail = "&".join(f"{k}={quote(v, safe='') if not raw else v}" for k, v in query)
    url = f"postgresql+psycopg://{user}:{secret}@{host}{port}/campaign" + (f"?{tail}" if tail else "")
    ours = libpq_params(url)
    if ours is None:
        return  # SQLAlchemy's path, as before
    assert ours == _sqlalchemy_reading(url), url


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://clerk:pa/ss@127.0.0.1/campaign",  # libpq would read host "clerk"
    "postgresql+psycopg://clerk:pa ss@127.0.0.1/campaign",  # libpq refuses a raw space
    "postgresql+psycopg://clerk@127.0.0.1/campaign?application_name=a+b",  # + is a space to SQLAlchemy
    "postgresql+psycopg://clerk@/campaign?host=127.0.0.1:5433",  # SQLAlchemy's host:port form
    "postgresql+psycopg://clerk@/campaign?host=a&host=b",  # SQLAlchemy's several hosts
    "postgresql+psycopg://clerk:s3cret@127.0.0.1:notaport/campaign",  # SQLAlchemy refuses it
    "postgresql://clerk@127.0.0.1/campaign",  # another driver: SQLAlchemy's choice
])
def test_urls_the_two_parsers_may_read_otherwise_are_left_to_sqlalchemy(url):
    from campaign_cli.store.location import libpq_params

    assert libpq_params(url) is None


def test_a_plain_url_is_read_by_libpq():
    from campaign_cli.store.location import libpq_params

    assert libpq_params("postgresql+psycopg://clerk:p%2Fss@db.example:5433/campaign?sslmode=require") == {
        "user": "clerk", "password": "p/ss", "host": "db.example", "port": "5433", "dbname": "campaign",
        "sslmode": "require"}
