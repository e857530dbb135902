"""The ``osgo documents`` and ``osgo server`` commands (issue 15, items 3 and 4): checking every stored document,
bringing a workstation's old document folder into a server database, and making an empty server database."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from osgo_desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from osgo_desktop.cli import _Parser
    from osgo_desktop.storage.uow import Database

#: where ``osgo server init`` reads the first administrator's password from, when set (scripts, CI)
PASSWORD_ENV: Final = "OSGO_PASSWORD"


def add_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    from osgo_desktop.cli import _Parser

    documents = commands.add_parser("documents", help=_("check the stored documents, or import a document folder"))
    sub = documents.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    check = sub.add_parser(
        "check",
        help=_("read every stored document and check its SHA-256; exit 1 when one is missing or damaged"),
    )
    check.set_defaults(handler=cmd_documents_check)
    importing = sub.add_parser(
        "import-folder",
        help=_(
            "copy into a server database the documents it lacks from a document folder (by default this "
            "computer's old folder for that database)"
        ),
    )
    importing.add_argument("folder", type=Path, nargs="?", metavar="FOLDER")
    importing.set_defaults(handler=cmd_documents_import_folder)

    server = commands.add_parser("server", help=_("set up a server database (PostgreSQL) for several computers"))
    server_sub = server.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    init = server_sub.add_parser(
        "init",
        help=_(
            "make the schema and the first administrator on an empty database; the password is read from "
            "OSGO_PASSWORD or asked"
        ),
    )
    init.add_argument("url", metavar="URL", help=_("the empty database, e.g. postgresql+psycopg://osgo@host/osgo"))
    init.add_argument("--login", help=_("the first administrator's login"))
    init.add_argument("--name", help=_("the first administrator's full name"))
    init.set_defaults(handler=cmd_server_init, needs_db=False)


def cmd_documents_check(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.cli import EXIT_NOT_VERIFIED, EXIT_OK
    from osgo_desktop.services.document_check import check_documents

    report = db.run(check_documents, db.document_store()).value
    for problem in report.problems:
        print(problem.describe(), file=out)
    missing = sum(1 for p in report.problems if p.trouble == "missing")
    damaged = len(report.problems) - missing
    print(
        ngettext(
            "{count} stored document checked: {missing} missing, {damaged} damaged.",
            "{count} stored documents checked: {missing} missing, {damaged} damaged.",
            report.checked,
        ).format(count=report.checked, missing=missing, damaged=damaged),
        file=out,
    )
    if missing and db.keeps_documents_inside and db.documents_root.is_dir():
        print(
            _(
                "This computer still has an old document folder for this database ({folder}): "
                "osgo documents import-folder copies what it holds into the database."
            ).format(folder=db.documents_root),
            file=out,
        )
    return EXIT_NOT_VERIFIED if report.problems else EXIT_OK


def cmd_documents_import_folder(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.cli import EXIT_NOT_VERIFIED, EXIT_OK, UsageError
    from osgo_desktop.services.document_check import import_folder

    folder: Path = args.folder or db.documents_root
    if not folder.is_dir():
        raise UsageError(_("There is no document folder at {folder}.").format(folder=folder))
    result = db.run(import_folder, db.document_store(), folder).value
    print(
        ngettext(
            "Imported {imported} document from {folder}; {present} were in the database already.",
            "Imported {imported} documents from {folder}; {present} were in the database already.",
            result.imported,
        ).format(imported=result.imported, folder=folder, present=result.present),
        file=out,
    )
    for doc in result.still_missing:
        print(
            _("Still missing: {kind} “{name}” — competition {competition}, {application}").format(
                kind=doc.kind, name=doc.display_name, competition=doc.competition, application=doc.application
            ),
            file=out,
        )
    return EXIT_NOT_VERIFIED if result.still_missing else EXIT_OK


def _asked(value: str | None, prompt: str) -> str:
    from osgo_desktop.cli import UsageError

    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(_("{what} is needed: give it as an option.").format(what=prompt))
    return input(f"{prompt}: ")


def _password(err: TextIO) -> str:
    from osgo_desktop.cli import UsageError

    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise UsageError(
            _("The administrator's password is needed: set {env}, or run the command in a terminal.").format(
                env=PASSWORD_ENV
            )
        )
    first = getpass.getpass(_("Password of the first administrator: "))
    again = getpass.getpass(_("The same password again: "))
    if first != again:
        raise UsageError(_("The two passwords differ: nothing was made."))
    return first


def cmd_server_init(db: Database | None, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.cli import EXIT_OK
    from osgo_desktop.clock import SystemClock
    from osgo_desktop.services.server import init_server
    from osgo_desktop.storage.connect import without_password

    login = _asked(args.login, _("Login of the first administrator"))
    name = _asked(args.name, _("Full name of the first administrator"))
    password = _password(err)
    clock = getattr(args, "clock", None) or SystemClock()
    admin = init_server(args.url, clock, login, name, password)
    print(
        _(
            "{url} is now an OSGO database. Its first administrator is {actor}: sign in with that login, and add "
            "the other people's accounts."
        ).format(url=without_password(args.url), actor=admin.actor),
        file=out,
    )
    return EXIT_OK
