"""``militancydb serve`` (the web application and REST API) and ``militancydb users``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from militancydb.cli.common import (
    console,
    editor,
    engine,
    err,
    handle_errors,
    print_json,
    session,
    settings,
)
from militancydb.db.engine import current_revision
from militancydb.services import accounts as account_service

users_app = typer.Typer(no_args_is_help=True, help="Accounts of the web application and API.")


@handle_errors
def serve_cmd(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Public mode: refuse every write.")
    ] = False,
    login_to_read: Annotated[
        bool, typer.Option("--login-to-read", help="Readers must sign in or send a token.")
    ] = False,
) -> None:
    """Start the web application and REST API. On first run, build the database with the
    bundled data, then print the address to open."""
    import uvicorn

    from militancydb.api.app import create_app
    from militancydb.api.context import AppContext, ServerSettings
    from militancydb.bootstrap import initialise

    eng = engine(require=False, create=True)  # the first run builds the database
    if current_revision(eng) is None:
        err.print("no database yet: building it with the bundled data (about a minute)…")
        initialise(eng, user=editor().user)
    eng = engine()
    app = create_app(
        AppContext(
            eng,
            ServerSettings(read_only=read_only, anonymous_read=not login_to_read),
            config=settings(),
        )
    )
    where = eng.url.render_as_string(hide_password=True)
    console.print(f"militancydb: serving {where}")
    console.print(f"open http://{host}:{port}/  (API: http://{host}:{port}/api/v1/docs)")
    sys.stdout.flush()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
@handle_errors
def add_cmd(
    username: Annotated[str, typer.Argument(help="Account name (a-z, 0-9, . _ - @).")],
    role: Annotated[str, typer.Option(help="viewer, analyst, editor or admin.")] = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="An account that only uses API tokens.")
    ] = False,
) -> None:
    """Create an account (asks for its password)."""
    password = None if no_password else _password(password_stdin)
    with session() as s:
        info = account_service.create_account(s, username, password, role, editor().user)
    console.print(f"account {info.username} created ({info.role})")


@users_app.command("list")
@handle_errors
def list_cmd(
    json_out: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """Every account, with its role and status."""
    with session() as s:
        rows = account_service.list_accounts(s)
    if json_out:
        print_json([r.__dict__ for r in rows])
        return
    for r in rows:
        state = "" if r.active else " (disabled)"
        console.print(f"{r.username}  {r.role}{state}  version {r.version}")


@users_app.command("set")
@handle_errors
def set_cmd(
    username: Annotated[str, typer.Argument(help="Account name.")],
    expected_version: Annotated[
        int, typer.Option("--expected-version", help="The version shown by `users list`.")
    ],
    role: Annotated[str | None, typer.Option(help="New role.")] = None,
    active: Annotated[
        bool | None, typer.Option("--active/--disabled", help="Enable or disable.")
    ] = None,
    new_password: Annotated[
        bool, typer.Option("--password", help="Set a new password (asked for).")
    ] = False,
) -> None:
    """Change an account's role, status or password."""
    password = _password(False) if new_password else None
    with session() as s:
        info = account_service.change_account(
            s,
            username,
            expected_version=expected_version,
            role=role,
            active=active,
            password=password,
        )
    console.print(f"account {info.username}: {info.role}, version {info.version}")


@users_app.command("token")
@handle_errors
def token_cmd(
    username: Annotated[str, typer.Argument(help="Account name.")],
    name: Annotated[str, typer.Option(help="A name for the token.")] = "api",
) -> None:
    """Issue an API token for an account (printed once; keep it secret)."""
    with session() as s:
        issued = account_service.issue_token(s, username, name)
    sys.stdout.write(issued.token + "\n")
