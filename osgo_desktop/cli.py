"""The ``osgo`` command: the core without Qt — competitions, announcements, the demo.

Exit status: 0 on success, 2 with a message on standard error for bad input or a rule that refuses; ``osgo
verify`` exits 1 when the record it checks does not hold.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import locale
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

from osgo_desktop import __version__, i18n, private_files
from osgo_desktop.domain.roles import NotSignedIn
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _

# A command imports what it uses when it runs: ``osgo tally``, ``osgo verify`` and ``osgo --help`` load no
# SQLAlchemy, reportlab or Qt, nor the services and storage (tests/unit/test_light_imports.py, bench/bench_cli.py).
if TYPE_CHECKING:
    from osgo_desktop.clock import Clock
    from osgo_desktop.domain.roles import Role
    from osgo_desktop.services.composition_views import VacancyRow
    from osgo_desktop.services.views import CompetitionDetail
    from osgo_desktop.storage.uow import Database

EXIT_OK = 0
#: ``osgo verify``: the record was read and something in it does not hold
EXIT_NOT_VERIFIED = 1
EXIT_USAGE = 2


class UsageError(KnownError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def guess_language(env: dict[str, str] | None = None) -> str:
    """ky or ru when the environment's locale says so, English otherwise."""
    env = dict(os.environ) if env is None else env
    for key in ("OSGO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in i18n.LANGUAGES else "en"
    code = (locale.getlocale()[0] or "").split("_")[0].lower()
    return code if code in i18n.LANGUAGES else "en"


def parse_date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(_("not a date (use YYYY-MM-DD or DD.MM.YYYY): {text}").format(text=text))


def parse_ids(text: str) -> tuple[int, ...]:
    """Ids separated by commas: "3,5,8"."""
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a list of ids separated by commas (e.g. 1,2,5): {text}").format(text=text)
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="osgo", description=_("OSGO Desktop from the command line."))
    parser.add_argument("--version", action="version", version=f"osgo {__version__}")
    parser.add_argument(
        "--db", metavar="URL", help=_("database URL (default: the SQLite file in the user's data directory)")
    )
    parser.add_argument("--demo", action="store_true", help=_("use the demo database"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages and documents"))
    parser.add_argument(
        "--user",
        metavar="LOGIN",
        help=_("the account to act as (default: $OSGO_USER); its password from $OSGO_PASSWORD, else asked"),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    demo_cmd = commands.add_parser("demo", help=_("load the demo data into an empty database"))
    demo_cmd.add_argument(
        "--full",
        action="store_true",
        help=_(
            "also hold the vote of the screened demo competition (a discrepancy settled, a tie and its runoff) and "
            "close it: every protocol issued, a demo scan of the signed decision attached"
        ),
    )
    demo_cmd.set_defaults(handler=cmd_demo, demo_default=True, signs_in=False)
    _add_accounts_commands(commands)

    comp = commands.add_parser("competitions", help=_("list or show competitions"))
    comp_commands = comp.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    comp_commands.add_parser("list", help=_("list the competitions")).set_defaults(handler=cmd_list)
    show = comp_commands.add_parser("show", help=_("show one competition and its legal calendar"))
    show.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    show.set_defaults(handler=cmd_show)

    announce = commands.add_parser("announce", help=_("write the announcement PDF; record the publication"))
    announce.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    announce.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=_("where to write the PDF"))
    announce.add_argument(
        "--published",
        type=parse_date,
        metavar="DATE",
        help=_("record the announcement as published on DATE (starts the intake)"),
    )
    announce.add_argument("--media", default="", help=_("the media outlet it was published in"))
    announce.set_defaults(handler=cmd_announce)

    apps = commands.add_parser("applications", help=_("list or import the applications of a competition"))
    apps_commands = apps.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    apps_list = apps_commands.add_parser("list", help=_("list the applications of a competition"))
    apps_list.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    apps_list.set_defaults(handler=cmd_applications_list)
    apps_import = apps_commands.add_parser(
        "import", help=_("register applicants from a CSV or XLSX file: all rows, or none when a row has errors")
    )
    apps_import.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    apps_import.add_argument("file", type=Path, metavar="FILE")
    apps_import.add_argument("--dry-run", action="store_true", help=_("check the file and show what would be done"))
    apps_import.add_argument("--received-by", default="", help=_("the secretariat member who received them"))
    apps_import.set_defaults(handler=cmd_applications_import)

    screening = commands.add_parser("screening", help=_("the screening of a competition"))
    screening_commands = screening.add_subparsers(
        dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser
    )
    report = screening_commands.add_parser(
        "report", help=_("write the screening protocol's draft PDF (the issued protocol has its number)")
    )
    report.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    report.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=_("where to write the PDF"))
    report.set_defaults(handler=cmd_screening_report)
    session = screening_commands.add_parser(
        "session",
        help=_(
            "record (or correct) the Commission's session at which the applications were screened; "
            "without options, show it and the members' ids"
        ),
    )
    session.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    session.add_argument("--date", type=parse_date, metavar="DATE", help=_("the day of the session"))
    session.add_argument("--place", help=_("where the Commission met, in Kyrgyz"))
    session.add_argument("--place-ru", default="", help=_("where the Commission met, in Russian"))
    session.add_argument("--start", metavar="HH:MM", help=_("when the session began"))
    session.add_argument("--end", metavar="HH:MM", help=_("when the session ended"))
    session.add_argument(
        "--present", type=parse_ids, metavar="ID,ID,...", help=_("the ids of the Commission members present")
    )
    session.add_argument("--chair", type=int, metavar="ID", help=_("the id of the chair of the session"))
    session.add_argument("--secretary", type=int, metavar="ID", help=_("the id of the secretary of the session"))
    session.set_defaults(handler=cmd_screening_session)

    _add_protocols_commands(commands)
    _add_compositions_commands(commands)
    _add_audit_commands(commands)
    _add_due_commands(commands)
    _add_documents_and_server_commands(commands)
    _add_personal_data_commands(commands)

    profile = commands.add_parser("profile", help=_("show or replace the regulation profile (the law's numbers)"))
    profile_commands = profile.add_subparsers(
        dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser
    )
    profile_commands.add_parser("export", help=_("print the current profile as JSON")).set_defaults(
        handler=cmd_profile_export
    )
    profile_import = profile_commands.add_parser(
        "import", help=_("replace the profile new competitions use; existing ones keep their copy")
    )
    profile_import.add_argument("file", metavar="FILE.json")
    profile_import.set_defaults(handler=cmd_profile_import)

    ballots = commands.add_parser("ballots", help=_("the ballots of a rating-vote round"))
    ballots_commands = ballots.add_subparsers(
        dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser
    )
    ballots_export = ballots_commands.add_parser(
        "export", help=_("write a round's rules, candidates and agreed ballots as `osgo tally` input")
    )
    ballots_export.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    ballots_export.add_argument("--round", required=True, type=int, metavar="N", help=_("the round's number"))
    ballots_export.add_argument("--out", required=True, metavar="FILE.json", help=_("where to write it; - for stdout"))
    ballots_export.set_defaults(handler=cmd_ballots_export)
    ballots_print = ballots_commands.add_parser(
        "print", help=_("write a round's ballot papers, one numbered paper per voter, as a PDF")
    )
    ballots_print.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    ballots_print.add_argument("--round", required=True, type=int, metavar="N", help=_("the round's number"))
    ballots_print.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=_("where to write the PDF"))
    # after the command, --lang is the papers' own (before it, the messages' and, by default, the papers')
    ballots_print.add_argument(
        "--lang", dest="doc_lang", choices=i18n.DOCUMENT_LANGUAGES, help=_("the papers' language")
    )
    ballots_print.set_defaults(handler=cmd_ballots_print)

    tally_cmd = commands.add_parser(
        "tally", help=_("count a round's ballots and fill the seats, from a JSON file (see docs/tally.md)")
    )
    tally_cmd.add_argument("--input", required=True, metavar="FILE.json", help=_("the round as JSON; - reads stdin"))
    tally_cmd.set_defaults(handler=cmd_tally, needs_db=False)

    export_cmd = commands.add_parser(
        "export", help=_("write a competition's election record (JSON, protocols, audit chain) as a zip")
    )
    export_cmd.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    export_cmd.add_argument("--out", required=True, type=Path, metavar="RECORD.zip", help=_("where to write the zip"))
    export_cmd.add_argument(
        "--despite-broken-chain",
        action="store_true",
        help=_("export although the audit check failed (the record says so, and verify reports it)"),
    )
    export_cmd.set_defaults(handler=cmd_export)

    verify_cmd = commands.add_parser(
        "verify", help=_("check an exported election record: recount, fingerprints, files, audit chain")
    )
    verify_cmd.add_argument("record", type=Path, nargs="?", metavar="RECORD.zip")
    verify_cmd.add_argument(
        "--version",
        action="store_true",
        help=_("print the app's version and the SHA-256 of the verify.html it ships, and check nothing"),
    )
    verify_cmd.add_argument(
        "--protocol",
        metavar="FINGERPRINT",
        help=_("also check the fingerprint printed on a paper protocol (or its QR code's text)"),
    )
    verify_cmd.add_argument(
        "--chain-head",
        metavar="ENTRY:HASH",
        help=_("also check that the audit chain holds the entry printed on the signed decision on the composition"),
    )
    verify_cmd.set_defaults(handler=cmd_verify, needs_db=False)
    _add_backup_commands(commands)
    return parser


# --- osgo compositions ------------------------------------------------------------------------------------------------


def _add_compositions_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``osgo compositions``: the group, and its commands (each part of the app adds its own to ``sub``)."""
    group = commands.add_parser("compositions", help=_("the compositions of the councils and of the Commission"))
    sub = group.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    _add_composition_view_commands(sub)
    _add_compositions_import(sub)
    _add_vacancy_commands(sub)


def _add_composition_view_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``osgo compositions list`` and ``osgo compositions show``."""
    on_help = _("the date to show them on (YYYY-MM-DD or DD.MM.YYYY; default: today)")
    listing = sub.add_parser(
        "list", help=_("every council and the Commission on a date: seats, filled, vacant, term end")
    )
    listing.add_argument("--on", type=parse_date, metavar="DATE", help=on_help)
    listing.set_defaults(handler=cmd_compositions_list)
    show = sub.add_parser(
        "show", help=_("one council (by its body's code) or the Commission: members, vacancies and terms")
    )
    show.add_argument("body", metavar="BODY|commission", help=_("the state body's code (e.g. MOH), or commission"))
    show.add_argument("--on", type=parse_date, metavar="DATE", help=on_help)
    show.add_argument("--history", action="store_true", help=_("also list every member of every earlier term"))
    show.set_defaults(handler=cmd_compositions_show)


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Rows under a header, each column as wide as its widest cell (the last one not padded)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        cells[-1] = cells[-1].rstrip() if len(header) - 1 not in right else cells[-1]
        lines.append("  ".join(cells).rstrip())
    return lines


def _body_of(db: Database, ident: str) -> int | None:
    """The state body a BODY argument names by its code (None: the Commission); exit 2 when none has it."""
    from osgo_desktop.services import registries

    try:
        return db.run(registries.body_by_code, ident).value.body_id
    except KnownError as exc:
        raise UsageError(str(exc)) from exc


def _term(start: dt.date | None, end: dt.date | None) -> str:
    """ "01.03.2025 – 28.02.2027"; an open end "…"."""
    return " – ".join(i18n.format_date(d, style="numeric") if d is not None else "…" for d in (start, end))


def cmd_compositions_list(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import composition_views as views

    on = args.on or db.clock.today()
    lang = i18n.current_language()
    rows = views.in_order(db.run(views.list_compositions, on).value, lang)
    print(_("Compositions on {date}").format(date=i18n.format_date(on)), file=out)
    header = (_("Code"), _("Seats"), _("Filled"), _("Vacant"), _("Term ends"), _("Body"))
    lines = [
        (
            row.code or "—",
            str(row.seats),
            str(row.filled),
            str(row.vacant),
            i18n.format_date(row.term_end, style="numeric"),
            row.name.get(lang),
        )
        for row in rows
    ]
    print("\n".join(_columns(header, lines, right=(1, 2, 3))), file=out)
    return EXIT_OK


def cmd_compositions_show(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.domain.composition import EARLY
    from osgo_desktop.services import composition_views as views

    on = args.on or db.clock.today()
    lang = i18n.current_language()
    detail = db.run(views.composition_detail, _body_of(db, args.body), on).value
    body = detail.body
    title = body.name.get(lang) + (f" ({body.code})" if body.code and not body.is_commission else "")
    print(_("{body} on {date}").format(body=title, date=i18n.format_date(on)), file=out)
    sitting = next((t for t in detail.history if t.composition_id == body.composition_id), None)
    if sitting is not None:
        formed = _("competition {number}").format(number=sitting.competition) if sitting.competition else _("imported")
        print(labelled(_("Term of office"), f"{_term(sitting.term_start, sitting.term_end)} ({formed})"), file=out)
    elif not body.is_commission:
        print(_("No composition sits on this date."), file=out)
    print(
        _("Seats: {seats}, filled: {filled}, vacant: {vacant}").format(
            seats=body.seats, filled=body.filled, vacant=body.vacant
        ),
        file=out,
    )
    if detail.members:
        print("", _("Members:"), sep="\n", file=out)
        # the mandate's id: what `osgo compositions leave` and `fill` name a seat by
        header = (_("Mandate"), _("Name"), _("PIN"), _("Seat"), _("Organisation"), _("Term"), _("How they came"))
        rows = [
            (
                str(m.mandate_id) if m.mandate_id is not None else "—",
                m.full_name,
                m.pin or "—",
                views.seat_text(m.seat, m.represents, lang),
                m.organization or "—",
                _term(m.starts_on, m.ends_on),
                views.came_text(m, lang),
            )
            for m in detail.members
        ]
        print("\n".join("  " + line for line in _columns(header, rows)), file=out)
    if detail.vacancies:
        print("", _("Vacancies:"), sep="\n", file=out)
        for v in detail.vacancies:
            print("  " + _vacancy_line(v, lang), file=out)
    if detail.history:
        print("", _("Terms:"), sep="\n", file=out)
        for term in detail.history:
            formed = _("competition {number}").format(number=term.competition) if term.competition else _("imported")
            left = sum(1 for m in term.mandates if m.left_reason is not None and m.left_reason in EARLY)
            print(
                "  "
                + _("{term}: {seats} seats, {formed}; {members} members, {left} left early").format(
                    term=_term(term.term_start, term.last_day),
                    seats=term.seats,
                    formed=formed,
                    members=len(term.mandates),
                    left=left,
                ),
                file=out,
            )
            if args.history:
                for m in term.mandates:
                    went = (
                        f" — {views.left_text(m)}, {i18n.format_date(m.left_on, style='numeric')}" if m.left_on else ""
                    )
                    print(f"    {m.full_name}  {m.pin or '—'}  {_term(m.starts_on, m.last_day)}{went}", file=out)
    return EXIT_OK


def _vacancy_line(v: VacancyRow, lang: str) -> str:
    from osgo_desktop.services import composition_views as views

    seat = views.seat_text(v.seat, v.represents, lang)
    if v.vacated_id is None:
        return _("{seat}: never filled").format(seat=seat)
    return _("{seat}: vacant since {date}, {name} left — {reason}; the term runs to {until}").format(
        seat=seat,
        date=i18n.format_date(v.since, style="numeric"),
        name=v.left_name,
        reason=views.left_text(v),
        until=i18n.format_date(v.until, style="numeric"),
    )


def _add_compositions_import(sub: argparse._SubParsersAction[_Parser]) -> None:
    importing = sub.add_parser(
        "import",
        help=_(
            "record the sitting members of a body's council (or of the Commission) from a CSV or XLSX file: all "
            "rows, or none when a row has errors"
        ),
    )
    importing.add_argument("body", metavar="BODY", help=_("the body's code (e.g. MOH), or commission"))
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--dry-run", action="store_true", help=_("check the file and show what would be done"))
    importing.set_defaults(handler=cmd_compositions_import)


def cmd_compositions_import(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import composition_import

    preview = db.run(composition_import.preview_import, args.body, args.file).value
    for row in preview.rows:
        for message in (*row.errors, *row.warnings):
            print(message, file=err)
    if preview.unknown_columns:
        print(_("Columns ignored: {columns}").format(columns=", ".join(preview.unknown_columns)), file=err)
    for planned in preview.compositions:
        print(
            _("{body}: {start}–{end}, {seats} seats, {members} members").format(
                body=planned.body_code,
                start=i18n.format_date(planned.term_start, style="numeric"),
                end=i18n.format_date(planned.term_end, style="numeric"),
                seats=planned.seats,
                members=len(planned.lines),
            ),
            file=out,
        )
    if preview.invalid:
        print(
            i18n.ngettext(
                "osgo: {count} row has errors; nothing was saved.",
                "osgo: {count} rows have errors; nothing was saved.",
                len(preview.invalid),
            ).format(count=len(preview.invalid)),
            file=err,
        )
        return EXIT_USAGE
    if not preview.compositions:
        raise UsageError(_("The file holds no members to import. Nothing was saved."))
    if args.dry_run:
        print(_("The file can be imported; nothing was saved (--dry-run)."), file=out)
        return EXIT_OK
    done = db.run(composition_import.import_compositions, args.body, args.file).value
    print(
        i18n.ngettext(
            "{count} composition imported, {members} members ({created} new persons).",
            "{count} compositions imported, {members} members ({created} new persons).",
            len(done.compositions),
        ).format(count=len(done.compositions), members=done.members, created=done.persons_created),
        file=out,
    )
    return EXIT_OK


#: the kinds of protocol as ``osgo protocols issue`` names them (``domain.record.ProtocolKind``'s values)
PROTOCOL_KINDS = ("screening", "vote", "tally_sheet", "decision")


def _add_protocols_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    protocols = commands.add_parser(
        "protocols", help=_("issue a competition's protocols and attach the signed copies (the decision's closes it)")
    )
    sub = protocols.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    listing = sub.add_parser("list", help=_("list the protocols a competition needs: issued, signed, still to issue"))
    listing.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    listing.set_defaults(handler=cmd_protocols_list)

    issue = sub.add_parser(
        "issue",
        help=_("issue a protocol from the data as it stands; without KIND, every one that can be issued now"),
    )
    issue.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    issue.add_argument(
        "kind",
        nargs="?",
        choices=PROTOCOL_KINDS,
        metavar="KIND",
        help=_("one of: {kinds}").format(kinds=", ".join(PROTOCOL_KINDS)),
    )
    issue.add_argument("--round", type=int, metavar="N", help=_("the round a vote protocol or tally sheet reports"))
    issue.add_argument(
        "--lang",
        dest="doc_lang",
        choices=i18n.DOCUMENT_LANGUAGES,
        help=_("only in this language (default: every official language of the competition)"),
    )
    issue.add_argument("--out", type=Path, metavar="FILE.pdf", help=_("also write the issued PDF there"))
    issue.add_argument(
        "--accept-missing",
        action="store_true",
        help=_("issue even where a text has no Russian form: it prints in Kyrgyz (without it, such texts are named)"),
    )
    issue.set_defaults(handler=cmd_protocols_issue)

    attach = sub.add_parser(
        "attach", help=_("attach the scan of a signed protocol (PDF, JPEG or PNG); the signed decision closes")
    )
    attach.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    attach.add_argument("number", metavar="NUMBER", help=_("the protocol's number as printed (e.g. 2026/04-D)"))
    attach.add_argument("scan", type=Path, metavar="SCAN", help=_("the scan of the signed paper"))
    attach.add_argument(
        "--lang",
        dest="doc_lang",
        choices=i18n.DOCUMENT_LANGUAGES,
        help=_("the language of the signed paper (default: the first official language)"),
    )
    attach.add_argument("--attached-by", default="", help=_("the secretariat member who attaches it"))
    attach.set_defaults(handler=cmd_protocols_attach)
    _add_protocols_facts(sub)


def _add_protocols_facts(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``osgo protocols facts``: what the secretariat enters for a protocol (times, objections, the decision's
    formation date and vote)."""
    facts = sub.add_parser(
        "facts",
        help=_("show or enter what the secretariat records for a protocol: times, objections, the decision's vote"),
    )
    facts.add_argument("id", help=_("the competition's id or number (e.g. 2026/01)"))
    facts.add_argument("kind", choices=PROTOCOL_KINDS, help=_("which protocol"))
    facts.add_argument("--round", type=int, default=0, metavar="N", help=_("the round's number (vote, tally_sheet)"))
    for option, text in (
        ("--vote-began", _("when the vote began (HH:MM)")),
        ("--vote-ended", _("when the vote ended (HH:MM)")),
        ("--count-began", _("when the count began (HH:MM)")),
        ("--count-ended", _("when the count ended (HH:MM)")),
    ):
        facts.add_argument(option, metavar="HH:MM", help=text)
    facts.add_argument("--formation-date", type=parse_date, metavar="DATE", help=_("the day the composition is formed"))
    for option, text in (
        ("--votes-for", _("the Commission's votes for the decision")),
        ("--votes-against", _("the votes against it")),
        ("--votes-abstained", _("the members who abstained")),
    ):
        facts.add_argument(option, type=int, metavar="N", help=text)
    facts.add_argument("--objections", metavar="TEXT", help=_("objections voiced at the session"))
    facts.add_argument("--dissent", metavar="TEXT", help=_("dissenting opinions"))
    facts.set_defaults(handler=cmd_protocols_facts)


_FACT_OPTIONS: Final = (
    "vote_began",
    "vote_ended",
    "count_began",
    "count_ended",
    "formation_date",
    "votes_for",
    "votes_against",
    "votes_abstained",
    "objections",
    "dissent",
)


def cmd_protocols_facts(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import dataclasses

    from osgo_desktop.domain.record import ProtocolKind
    from osgo_desktop.errors import ValidationError
    from osgo_desktop.services import protocol_facts

    competition_id = _resolve(db, args.id)
    kind = ProtocolKind(args.kind)
    if kind.per_round and args.round < 1:
        raise UsageError(_("Name the round: --round N."))
    current = db.run(protocol_facts.protocol_facts, competition_id, kind, args.round).value
    given = {name: getattr(args, name) for name in _FACT_OPTIONS if getattr(args, name) is not None}
    if given:
        draft = dataclasses.replace(current, **given)
        try:
            recorded = db.run(protocol_facts.record_protocol_facts, competition_id, kind, args.round, draft).value
        except ValidationError as exc:  # each message after the option it concerns
            raise UsageError(
                "\n".join(
                    f"--{field.replace('_', '-')}: {message}" if field in _FACT_OPTIONS else message
                    for field, message in exc.errors.items()
                )
            ) from exc
        for warning in recorded.warnings:
            print(_("Warning: {text}").format(text=warning), file=err)
        current = recorded.facts
    for name in _FACT_OPTIONS:
        value = getattr(current, name)
        print(f"{name.replace('_', '-')}: {'' if value is None else value}", file=out)
    return EXIT_OK


def _resolve(db: Database, ident: str) -> int:
    from osgo_desktop.services import competitions

    for row in db.run(competitions.list_competitions).value:
        if ident in (str(row.id), row.number):
            return row.id
    raise UsageError(_("No competition has the id or number {ident}.").format(ident=ident))


def cmd_demo(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import demo

    signed_in, db.principal = db.principal, demo.DEMO_MAKER  # the demo is made by the app, not by a person
    try:
        db.run(demo.load_demo, store=db.document_store(), full=args.full)
    finally:
        db.principal = signed_in
    print(_("Demo data loaded into {url}.").format(url=db.url), file=out)
    return EXIT_OK


def cmd_list(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.domain.competition import KIND_LABELS
    from osgo_desktop.domain.lifecycle import STATE_LABELS
    from osgo_desktop.services import competitions

    lang = i18n.current_language()
    rows = db.run(competitions.list_competitions).value
    if not rows:
        print(_("No competitions yet."), file=out)
        return EXIT_OK
    header = (_("ID"), _("Number"), _("State"), _("Seats"), _("Next deadline"), _("State body / kind"))
    lines = []
    for row in rows:
        deadline = row.next_deadline
        due = (
            f"{i18n.format_date(deadline.until or deadline.date, style='numeric')} ({_(deadline.label)})"
            if deadline
            else "—"
        )
        what = row.body.get(lang) if row.body else _(KIND_LABELS[row.kind])
        lines.append((str(row.id), row.number, _(STATE_LABELS[row.state]), str(row.seats), due, what))
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header) - 1)]
    for line in [header, *lines]:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=False)) + "  " + line[-1],
            file=out,
        )
    return EXIT_OK


def labelled(label: str, value: str) -> str:
    """A "Label: value" line of the CLI's output."""
    return _("{label}: {value}").format(label=label, value=value)


def describe(detail: CompetitionDetail, lang: str) -> list[str]:
    from osgo_desktop.domain import calendar
    from osgo_desktop.domain.competition import KIND_LABELS, VARIANT_LABELS
    from osgo_desktop.domain.lifecycle import STATE_LABELS

    fmt: Callable[[dt.date | None], str] = lambda d: i18n.format_date(d, lang)  # noqa: E731
    lines = [
        _("Competition {number} (id {id})").format(number=detail.number, id=detail.id),
        labelled(_("Kind"), f"{_(KIND_LABELS[detail.kind])}, {_(VARIANT_LABELS[detail.variant]).lower()}"),
    ]
    if detail.body:
        lines.append(labelled(_("State body"), detail.body.get(lang)))
    lines += [
        labelled(_("State"), _(STATE_LABELS[detail.state])),
        labelled(_("Seats"), str(detail.seats)),
        labelled(
            _("Term of office"),
            i18n.ngettext("{count} year", "{count} years", detail.term_years).format(count=detail.term_years),
        ),
    ]
    if detail.publication_date:
        lines.append(labelled(_("Published"), f"{fmt(detail.publication_date)} — {detail.media_outlet}"))
    lines.append(_("Legal calendar:"))
    for deadline in detail.calendar:
        when = fmt(deadline.date) + (f" – {fmt(deadline.until)}" if deadline.until else "")
        lines.append(f"  {when}  {_(deadline.label)}  [{calendar.status_text(deadline)}]")
    return lines


def cmd_show(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import competitions

    competition_id = _resolve(db, args.id)
    detail = db.run(competitions.get_competition, competition_id).value
    print("\n".join(describe(detail, i18n.current_language())), file=out)
    return EXIT_OK


def cmd_announce(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import competitions, papers

    competition_id = _resolve(db, args.id)
    lang = _document_language()
    if args.published is not None:
        db.run(competitions.announce, competition_id, args.published, args.media)
    _write(args.out, db.run(papers.announcement, competition_id, lang).value)
    print(_("Announcement written to {path}.").format(path=args.out), file=out)
    return EXIT_OK


def cmd_applications_list(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import applications

    competition_id = _resolve(db, args.id)
    rows = db.run(applications.list_applications, competition_id).value
    if not rows:
        print(_("No applications yet."), file=out)
        return EXIT_OK
    lang = i18n.current_language()
    for row in rows:
        flags = [flag for flag, on in ((_("late"), row.late), (_("withdrawn"), row.withdrawn)) if on]
        missing = ", ".join(m.get(lang) for m in row.missing)
        pin = row.pin or (_("hidden") if row.personal_hidden else "—")
        line = f"{row.display_number}  {row.full_name}  {pin}  {row.nominated_by}"
        if flags:
            line += f"  [{', '.join(flags)}]"
        if missing:
            line += "  " + _("missing: {documents}").format(documents=missing)
        print(line, file=out)
    return EXIT_OK


def cmd_applications_import(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import bulk

    competition_id = _resolve(db, args.id)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(_("Cannot read {path}: {error}").format(path=args.file, error=exc.strerror)) from exc
    preview = db.run(bulk.preview, competition_id, data, args.file.name, received_by=args.received_by).value
    for row in preview.rows:
        for message in (*row.errors, *row.warnings):
            print(message, file=err)
    if preview.unknown_columns:
        print(_("Columns ignored: {columns}").format(columns=", ".join(preview.unknown_columns)), file=err)
    if args.dry_run:
        print(
            _("{valid} rows can be registered, {invalid} have errors; nothing was saved.").format(
                valid=len(preview.valid), invalid=len(preview.invalid)
            ),
            file=out,
        )
        return EXIT_OK if not preview.invalid else EXIT_USAGE
    registered = db.run(bulk.import_applicants, competition_id, preview).value
    print(
        i18n.ngettext("{count} application registered.", "{count} applications registered.", len(registered)).format(
            count=len(registered)
        ),
        file=out,
    )
    return EXIT_OK


def cmd_screening_report(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import papers

    competition_id = _resolve(db, args.id)
    _write(args.out, db.run(papers.screening_draft, competition_id, _document_language()).value)
    print(_("Draft of the screening protocol written to {path}.").format(path=args.out), file=out)
    return EXIT_OK


#: what ``osgo screening session`` needs to record a session
_SESSION_OPTIONS: Final = ("date", "place", "start", "end", "present", "chair", "secretary")


def cmd_screening_session(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import screening

    competition_id = _resolve(db, args.id)
    given = [name for name in _SESSION_OPTIONS if getattr(args, name) is not None]
    if given or args.place_ru:
        missing = [name for name in _SESSION_OPTIONS if getattr(args, name) is None]
        if missing:
            raise UsageError(
                _("To record the session, give also: {options}").format(
                    options=", ".join(f"--{name}" for name in missing)
                )
            )
        draft = screening.ScreeningSessionDraft(
            held_on=args.date,
            place=args.place,
            place_ru=args.place_ru,
            start_time=args.start,
            end_time=args.end,
            present=args.present,
            chair_id=args.chair,
            secretary_id=args.secretary,
        )
        db.run(screening.record_screening_session, competition_id, draft)
    print("\n".join(_screening_session_lines(db, competition_id)), file=out)
    return EXIT_OK


def _screening_session_lines(db: Database, competition_id: int) -> list[str]:
    from osgo_desktop.domain.registry import ROLE_LABELS, Role
    from osgo_desktop.services import screening

    view = db.run(screening.get_screening_session, competition_id).value
    setup = db.run(screening.screening_setup, competition_id).value
    if view is None:
        lines = [_("The screening session is not recorded yet.")]
    else:
        lines = [
            _("Screening session: {date}, {start}–{end}, {place}").format(
                date=i18n.format_date(view.held_on, style="numeric"),
                start=view.start_time,
                end=view.end_time,
                place=view.place_in(i18n.current_language()),
            ),
            labelled(
                _("Present"),
                _("{present} of {total} (quorum {quorum})").format(
                    present=len(view.present), total=view.members_total, quorum=view.quorum
                ),
            ),
            labelled(_("Chair of the session"), view.chair),
            labelled(_("Secretary of the session"), view.secretary),
        ]
    present = set(setup.recorded.present) if setup.recorded is not None else set()
    lines.append(_("Members of the Commission (id, name, role):"))
    for member in setup.members:
        mark = "*" if member.id in present else " "
        lines.append(f"{mark} {member.id:>3}  {member.name}  ({_(ROLE_LABELS[Role(member.detail)])})")
    return lines


def cmd_protocols_list(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import protocols

    competition_id = _resolve(db, args.id)
    slots = db.run(protocols.protocol_slots, competition_id).value
    languages = db.run(protocols.official_languages, competition_id).value
    header = (_("Kind"), _("Round"), _("Language"), _("Number"), _("Version"), _("Fingerprint"), _("Signed"), "")
    lines = []
    for slot in slots:
        title = protocols.protocol_title(slot.kind, slot.round_number)
        issued_in = [p.lang for p in slot.issued]
        for lang in [*languages, *sorted(set(issued_in) - set(languages))]:
            latest = slot.latest(lang)
            if slot.blocked:
                note = _("{protocol}: {reason}").format(protocol=title, reason=slot.blocked)
            elif lang in slot.missing:
                note = _("{protocol}: to issue from the current data").format(protocol=title)
            else:
                note = title
            lines.append(
                (
                    slot.kind.value,
                    str(slot.round_number) if slot.kind.per_round else "—",
                    lang,
                    latest.number if latest else "—",
                    str(latest.version) if latest else "—",
                    latest.fingerprint[:12] if latest else "—",
                    (_("yes") if latest.signed_sha256 else _("no")) if latest else "—",
                    note,
                )
            )
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header) - 1)]
    for line in [header, *lines]:
        print(("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=False)) + "  " + line[-1]).rstrip(), file=out)
    missing = db.run(protocols.missing_before_close, competition_id).value
    if missing:
        print(
            i18n.ngettext(
                "{count} protocol is still to issue before the signed decision can close the competition.",
                "{count} protocols are still to issue before the signed decision can close the competition.",
                len(missing),
            ).format(count=len(missing)),
            file=out,
        )
    return EXIT_OK


def cmd_protocols_issue(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.domain.record import ProtocolKind
    from osgo_desktop.services import protocols

    competition_id = _resolve(db, args.id)
    store = db.document_store()
    languages = (args.doc_lang,) if args.doc_lang else db.run(protocols.official_languages, competition_id).value
    if args.kind is None:
        if args.round is not None or args.out is not None:
            raise UsageError(_("--round and --out go with one protocol: name its KIND."))
        issued = db.run(protocols.issue_all, store, competition_id, languages, args.accept_missing).value
        if not issued:
            print(_("No protocol can be issued yet."), file=out)
        for slot in db.run(protocols.protocol_slots, competition_id).value:
            if slot.blocked:
                title = protocols.protocol_title(slot.kind, slot.round_number)
                print(_("Not yet: {protocol}: {reason}").format(protocol=title, reason=slot.blocked), file=err)
    else:
        kind = ProtocolKind(args.kind)
        if kind.per_round and args.round is None:
            raise UsageError(_("A vote protocol or tally sheet reports one round: give it with --round N."))
        if not kind.per_round and args.round is not None:
            raise UsageError(_("Only a vote protocol or tally sheet reports a round: leave out --round."))
        if args.out is not None and len(languages) > 1:
            raise UsageError(_("--out writes one PDF: choose its language with --lang."))
        issued = db.run(
            protocols.issue_in, store, competition_id, kind, languages, args.round or 0, args.accept_missing
        ).value
    for item in issued:
        view = item.protocol
        what = _("{protocol} ({language}), No. {number}, version {version}").format(
            protocol=protocols.protocol_title(view.kind, view.round_number),
            language=_(protocols.LANGUAGE_LABELS_IN[view.lang]),
            number=view.number,
            version=view.version,
        )
        print((_("Issued: {protocol}") if item.new else _("Unchanged: {protocol}")).format(protocol=what), file=out)
    if args.out is not None and issued:
        _write(args.out, protocols.protocol_path(store, issued[0].protocol).read_bytes())
        print(_("Written to {path}.").format(path=args.out), file=out)
    return EXIT_OK


def cmd_protocols_attach(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import protocols

    competition_id = _resolve(db, args.id)
    if not args.scan.is_file():
        raise UsageError(_("Cannot read {path}: {error}").format(path=args.scan, error=_("no such file")))
    lang = args.doc_lang or db.run(protocols.official_languages, competition_id).value[0]
    view = db.run(protocols.current_by_number, competition_id, args.number, lang).value
    closed = db.run(
        protocols.attach_signed_copy, db.document_store(), view.id, args.scan, attached_by=args.attached_by
    ).value
    if closed:
        text = _("The signed copy of protocol No. {number} is attached: the competition is closed.")
    else:
        text = _("The signed copy of protocol No. {number} is attached.")
    print(text.format(number=view.number), file=out)
    return EXIT_OK


def _document_language() -> str:
    lang = i18n.current_language()
    if lang not in i18n.DOCUMENT_LANGUAGES:
        raise UsageError(_("Documents are printed in Kyrgyz or Russian: use --lang ky or --lang ru."))
    return lang


def _write(path: Path, data: bytes) -> None:
    try:
        private_files.write_private(path, data)  # a PDF or an export names applicants: owner-only
    except OSError as exc:
        raise UsageError(_("Cannot write {path}: {error}").format(path=path, error=exc.strerror)) from exc


def cmd_profile_export(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import registries

    profile = db.run(registries.current_profile).value
    json.dump(json.loads(profile.to_json()), out, ensure_ascii=False, indent=2, sort_keys=True)
    out.write("\n")
    return EXIT_OK


def cmd_profile_import(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.domain.profile import ProfileError, RegulationProfile
    from osgo_desktop.services import registries

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(_("Cannot read {path}: {error}").format(path=args.file, error=exc)) from exc
    try:
        profile = RegulationProfile.from_json(text)
    except ProfileError as exc:
        raise UsageError(_("This is not a regulation profile: {error}").format(error=exc)) from exc
    db.run(registries.save_profile, profile)
    print(_("Profile {code} saved: new competitions use it.").format(code=profile.code), file=out)
    return EXIT_OK


def cmd_ballots_export(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import voting

    competition_id = _resolve(db, args.id)
    round_id = db.run(voting.round_by_number, competition_id, args.round).value
    data = db.run(voting.tally_input, round_id).value
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.out == "-":
        out.write(text)
        return EXIT_OK
    _write(Path(args.out), text.encode())
    print(
        _("Round {number}: {ballots} agreed ballots written to {path}.").format(
            number=args.round, ballots=len(data["ballots"]), path=args.out
        ),
        file=out,
    )
    return EXIT_OK


def cmd_ballots_print(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import papers, voting

    lang = args.doc_lang or _document_language()
    competition_id = _resolve(db, args.id)
    round_id = db.run(voting.round_by_number, competition_id, args.round).value
    _write(args.out, db.run(papers.ballot_papers, round_id, lang).value)
    print(_("Ballot papers of round {number} written to {path}.").format(number=args.round, path=args.out), file=out)
    return EXIT_OK


def cmd_tally(db: Database | None, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The tally engine on a file, so that an observer can recount on a machine of their own (no database)."""
    from osgo_desktop.domain.tally import TallyInputError, input_warnings, load_tally_json, result_to_json, tally

    try:
        raw = sys.stdin.buffer.read() if args.input == "-" else Path(args.input).read_bytes()
    except OSError as exc:
        raise UsageError(_("Cannot read {path}: {error}").format(path=args.input, error=exc.strerror)) from exc
    try:
        round_input = load_tally_json(raw)
    except TallyInputError as exc:
        raise UsageError(_("Malformed tally input: {error}").format(error=exc)) from exc
    for warning in input_warnings(json.loads(raw)):
        print(_("osgo: warning: {warning}").format(warning=warning), file=err)
    json.dump(result_to_json(tally(round_input)), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return EXIT_OK


def cmd_export(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services.export import export_record

    competition_id = _resolve(db, args.id)
    report = db.audit_report
    broken: list[str] = []
    if report is not None and not report.ok:
        from osgo_desktop.storage.audit import describe

        if not args.despite_broken_chain:
            print(
                _(
                    "osgo: the audit check failed (see above), so the record is not exported: it would present "
                    "changes the app did not make as the competition's record. Explain them first, or export with "
                    "--despite-broken-chain (the record then says so)."
                ),
                file=err,
            )
            return EXIT_NOT_VERIFIED
        broken = describe(report, limit=20)
    data = db.run(export_record, db.document_store(), competition_id, broken_chain=broken).value
    _write(args.out, data)
    print(_("Election record written to {path}.").format(path=args.out), file=out)
    return EXIT_OK


def cmd_verify(db: Database | None, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check a record on a machine of one's own (no database): 0 verified, 1 not, 2 not a record at all."""
    from osgo_desktop.verifier.record import iter_failure_lines, verify_page_sha256, verify_record

    if args.version:
        print(_("OSGO Desktop {version}").format(version=__version__), file=out)
        print(_("verify.html SHA-256: {sha256}").format(sha256=verify_page_sha256()), file=out)
        return EXIT_OK
    if args.record is None:
        raise UsageError(_("Name the record's zip file to check (RECORD.zip)."))
    try:
        report = verify_record(args.record, args.protocol, args.chain_head)
    except ValueError as exc:  # the fingerprint or the chain head asked about is malformed
        raise UsageError(str(exc)) from exc
    if not report.readable:
        for failure in report.failures:
            print(f"osgo: {failure}", file=err)
        return EXIT_USAGE
    for line in iter_failure_lines(report):
        print(line, file=out)
    return EXIT_OK if report.ok else EXIT_NOT_VERIFIED


# --- what is due, and campaigns (issue 13: items 4 and 5) ---------------------------------------------------------

if TYPE_CHECKING:
    from osgo_desktop.services.campaigns import CampaignDetail


def parse_days(text: str) -> int:
    """A number of days, 0 or more."""
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(_("not a number of days (0 or more): {text}").format(text=text))
    return days


def parse_codes(text: str) -> tuple[str, ...]:
    """State body codes separated by commas: "MOH,MOE"."""
    codes = tuple(part.strip() for part in text.split(",") if part.strip())
    if not codes:
        raise argparse.ArgumentTypeError(
            _("not a list of codes separated by commas (e.g. MOH,MOE): {text}").format(text=text)
        )
    return codes


def _add_due_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    due = commands.add_parser(
        "due", help=_("what is due: every council's and the Commission's next step, overdue first")
    )
    due.add_argument(
        "--within",
        type=parse_days,
        metavar="DAYS",
        help=_("only what falls due within DAYS (and what is overdue, and bodies with no composition on record)"),
    )
    due.set_defaults(handler=cmd_due)
    sub = due.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", parser_class=_Parser)
    new = sub.add_parser(
        "new",
        help=_("create the competition a due row asks for: its body, seats and expiry date from the composition"),
    )
    new.add_argument("body", metavar="BODY", help=_("the state body's code (e.g. MOH), or commission"))
    new.add_argument("--vacancy", action="store_true", help=_("the row of its vacant seats: a replacement competition"))
    new.add_argument("--seats", type=int, metavar="N", help=_("the seats to fill (default: the composition's)"))
    _add_address_options(new)
    new.set_defaults(handler=cmd_due_new)

    campaigns = commands.add_parser(
        "campaigns", help=_("several councils' competitions created and announced together, with one announcement")
    )
    sub = campaigns.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    sub.add_parser("list", help=_("list the campaigns and their councils")).set_defaults(handler=cmd_campaigns_list)
    create = sub.add_parser("new", help=_("create a campaign from the due list: one competition per council, in draft"))
    create.add_argument(
        "--bodies", required=True, type=parse_codes, metavar="CODE,CODE,...", help=_("the councils' state bodies")
    )
    create.add_argument(
        "--seats",
        type=parse_ids,
        metavar="N,N,...",
        help=_("the seats of each council, in the same order (default: each composition's)"),
    )
    _add_address_options(create)
    create.set_defaults(handler=cmd_campaigns_new)
    announce = sub.add_parser(
        "announce", help=_("record the one publication of a campaign: every competition in it opens its intake")
    )
    announce.add_argument("campaign", metavar="NUMBER", help=_("the campaign's number (e.g. 2026/K1) or id"))
    announce.add_argument(
        "--published", required=True, type=parse_date, metavar="DATE", help=_("the day it was published")
    )
    announce.add_argument("--media", required=True, help=_("the media outlet it was published in, in Kyrgyz"))
    announce.add_argument("--media-ru", default="", help=_("the media outlet, in Russian"))
    announce.set_defaults(handler=cmd_campaigns_announce)
    paper = sub.add_parser("announcement", help=_("write the campaign's announcement PDF: every council, one intake"))
    paper.add_argument("campaign", metavar="NUMBER", help=_("the campaign's number (e.g. 2026/K1) or id"))
    paper.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=_("where to write the PDF"))
    paper.add_argument(
        "--lang", dest="doc_lang", choices=i18n.DOCUMENT_LANGUAGES, help=_("the announcement's language")
    )
    paper.set_defaults(handler=cmd_campaigns_announcement)


def _add_address_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--address",
        default="",
        help=_("where documents are accepted, in Kyrgyz (default: as the latest competition gave it)"),
    )
    parser.add_argument("--address-ru", default="", help=_("where documents are accepted, in Russian"))


def cmd_due(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.domain import due as rules
    from osgo_desktop.services import due

    overview = db.run(due.due_overview, args.within).value
    lang = i18n.current_language()
    if not overview.rows:
        print(_("Nothing falls due within {count} days.").format(count=args.within), file=out)
        return EXIT_OK
    header = (_("Body"), _("Date"), _("Status"), _("Step"), _("State body"))
    lines = [
        (
            row.body.code or (due.COMMISSION if row.body.body_id is None else "—"),
            i18n.format_date(row.due_on, style="numeric"),
            ("!! " if row.overdue else "") + rules.status_text(row),
            rules.step_text(row),
            row.body.name.get(lang),
        )
        for row in overview.rows
    ]
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header) - 1)]
    for line in [header, *lines]:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=False)) + "  " + line[-1], file=out)
    if overview.overdue:
        print(
            i18n.ngettext("{count} step is overdue.", "{count} steps are overdue.", overview.overdue).format(
                count=overview.overdue
            ),
            file=out,
        )
    return EXIT_OK


def cmd_due_new(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.domain.due import Step
    from osgo_desktop.errors import ValidationError
    from osgo_desktop.services import competitions, due

    body_id = db.run(due.body_id_of, args.body).value
    try:
        competition_id = db.run(
            due.create_from_due,
            body_id,
            Step.REPLACE if args.vacancy else Step.ANNOUNCE,
            seats=args.seats,
            intake_address=args.address,
            intake_address_ru=args.address_ru,
        ).value
    except ValidationError as exc:
        raise UsageError(_validation_lines(exc)) from exc
    detail = db.run(competitions.get_competition, competition_id).value
    print(_("Competition {number} created in draft.").format(number=detail.number), file=out)
    print("\n".join(describe(detail, i18n.current_language())[1:]), file=out)
    return EXIT_OK


def _validation_lines(exc: KnownError) -> str:
    """A refused form, one message per line, each after the option it concerns."""
    errors: dict[str, str] = getattr(exc, "errors", {})
    options = {"intake_address": "--address", "intake_address_ru": "--address-ru", "seats": "--seats"}
    return "\n".join(f"{options[k]}: {m}" if k in options else m for k, m in errors.items()) or str(exc)


def cmd_campaigns_list(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import campaigns

    found = db.run(campaigns.list_campaigns).value
    if not found:
        print(_("No campaigns yet."), file=out)
    for campaign in found:
        print("\n".join(_campaign_lines(campaign)), file=out)
    return EXIT_OK


def _campaign_lines(campaign: CampaignDetail) -> list[str]:
    from osgo_desktop.domain.lifecycle import STATE_LABELS

    lang = i18n.current_language()
    published = (
        _("published {date}, documents until {deadline}").format(
            date=i18n.format_date(campaign.publication_date, style="numeric"),
            deadline=i18n.format_date(campaign.intake_deadline, style="numeric"),
        )
        if campaign.publication_date
        else _("not announced yet")
    )
    lines = [
        _("Campaign {number}: {councils} councils, {seats} seats; {published}").format(
            number=campaign.number, councils=len(campaign.councils), seats=campaign.seats, published=published
        )
    ]
    for council in campaign.councils:
        lines.append(
            f"  {council.number}  {council.body_code or '—'}  {council.seats}  {_(STATE_LABELS[council.state])}  "
            f"{council.body.get(lang)}"
        )
    return lines


def _campaign_id(db: Database, ident: str) -> int:
    from osgo_desktop.services import campaigns

    return db.run(campaigns.campaign_id_of, ident).value


def cmd_campaigns_new(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.errors import ValidationError
    from osgo_desktop.services import campaigns, due

    seats: tuple[int | None, ...] = args.seats or (None,) * len(args.bodies)
    if len(seats) != len(args.bodies):
        raise UsageError(
            _("--seats names {seats} numbers for {bodies} councils: give one per council, in the same order.").format(
                seats=len(seats), bodies=len(args.bodies)
            )
        )
    body_ids = [db.run(due.body_id_of, code).value for code in args.bodies]
    if None in body_ids:
        raise UsageError(_("A campaign announces councils' competitions only."))
    picks = [(body_id, n) for body_id, n in zip(body_ids, seats, strict=True) if body_id is not None]
    try:
        created = db.run(
            campaigns.create_campaign, picks, intake_address=args.address, intake_address_ru=args.address_ru
        ).value
    except ValidationError as exc:
        raise UsageError(_validation_lines(exc)) from exc
    print(_("Campaign {number} created.").format(number=created.number), file=out)
    print("\n".join(_campaign_lines(db.run(campaigns.get_campaign, created.campaign_id).value)[1:]), file=out)
    return EXIT_OK


def cmd_campaigns_announce(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.errors import ValidationError
    from osgo_desktop.services import campaigns

    campaign_id = _campaign_id(db, args.campaign)
    try:
        deadline = db.run(campaigns.announce_campaign, campaign_id, args.published, args.media, args.media_ru).value
    except ValidationError as exc:
        raise UsageError("\n".join(exc.errors.values()) or str(exc)) from exc
    print(
        _("Campaign announced: the intake of each of its competitions is open until {date}.").format(
            date=i18n.format_date(deadline, style="numeric")
        ),
        file=out,
    )
    return EXIT_OK


def cmd_campaigns_announcement(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import campaigns

    lang = args.doc_lang or _document_language()
    campaign_id = _campaign_id(db, args.campaign)
    _write(args.out, db.run(campaigns.announcement, campaign_id, lang).value)
    print(_("Announcement written to {path}.").format(path=args.out), file=out)
    return EXIT_OK


#: the options before the command that take a value
_VALUED_OPTIONS = ("--db", "--lang", "--user")


def _message_language(argv: list[str]) -> str:
    """The language of messages: ``osgo --lang`` before the command (after it, ``--lang`` is a document's own, as
    in ``osgo protocols issue 2026/04 --lang ru``), else the environment's."""
    lang = guess_language()
    for i, arg in enumerate(argv):
        if not arg.startswith("-") and (i == 0 or argv[i - 1] not in _VALUED_OPTIONS):
            break  # the command
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in i18n.LANGUAGES:
            lang = argv[i + 1]
        elif arg.startswith("--lang=") and arg.split("=", 1)[1] in i18n.LANGUAGES:
            lang = arg.split("=", 1)[1]
    return lang


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    """The ``osgo`` command; ``clock`` gives the time (the computer's own unless a caller, a test, pins it)."""
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser's help texts are built.
    i18n.set_language(_message_language(argv))
    args = build_parser().parse_args(argv)
    args.clock = clock  # for a command that opens its database itself (osgo restore)
    handler: Callable[[Database | None, argparse.Namespace, TextIO, TextIO], int] = args.handler
    db = None
    try:
        if getattr(args, "needs_db", True):
            from osgo_desktop.clock import SystemClock
            from osgo_desktop.storage.quick import default_url
            from osgo_desktop.storage.uow import Database

            url = args.db or default_url(demo=args.demo or getattr(args, "demo_default", False))
            db = Database.open(url, clock or SystemClock())
            if getattr(args, "checks_chain", True):
                _check_chain_on_opening(db, err)
            if getattr(args, "signs_in", True) and db.principal is None:
                sign_in(db, args.user)
        return handler(db, args, out, err)
    except NotSignedIn as exc:
        print(f"osgo: {_no_account_hint(db) or exc}", file=err)
        return EXIT_USAGE
    except KnownError as exc:
        print(f"osgo: {exc}", file=err)
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader went away (``osgo compositions list | head``): nothing left to say to it, and no traceback
        if out is sys.stdout:
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        if db is not None:
            _close(db)


def _close(db: Database) -> None:
    from osgo_desktop.storage import chain_head

    chain_head.remember_head(db.engine)  # what this command wrote is now the newest chain seen here
    db.close()


# --- compositions: vacancies (issue 13, item 6) ------------------------------------------------------------------


#: how a member leaves a seat, as ``osgo compositions leave --reason`` names it (``domain.composition.LeftReason``)
LEFT_REASONS: Final = ("resigned", "removed", "died", "other")


def _add_vacancy_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    vacancies_cmd = sub.add_parser("vacancies", help=_("list the open vacancies with their deadlines"))
    vacancies_cmd.set_defaults(handler=cmd_compositions_vacancies)

    leave = sub.add_parser("leave", help=_("record a member's early departure: the seat becomes a vacancy"))
    leave.add_argument("mandate", type=int, metavar="MANDATE_ID", help=_("the member's mandate"))
    leave.add_argument("--on", required=True, type=parse_date, metavar="DATE", help=_("the day the member left"))
    leave.add_argument("--reason", required=True, choices=LEFT_REASONS, help=_("why the member left"))
    leave.add_argument("--note", default="", metavar="TEXT", help=_("what happened (needed with --reason other)"))
    leave.set_defaults(handler=cmd_compositions_leave)

    fill = sub.add_parser("fill", help=_("fill a vacancy from the reserve list and issue the decision (ky, ru)"))
    fill.add_argument("mandate", type=int, metavar="MANDATE_ID", help=_("the mandate whose seat fell vacant"))
    fill.add_argument("--on", type=parse_date, metavar="DATE", help=_("the day of the decision (today by default)"))
    fill.add_argument("--out-dir", type=Path, metavar="DIR", help=_("write the decision's PDFs here"))
    fill.add_argument(
        "--preview", action="store_true", help=_("only say who the reserve list gives, and who it passes over")
    )
    fill.set_defaults(handler=cmd_compositions_fill)


def _open_vacancy_line(vacancy: object) -> str:
    from osgo_desktop.domain.calendar import days_left_text
    from osgo_desktop.services.vacancies import Vacancy

    assert isinstance(vacancy, Vacancy)
    where = vacancy.body_code or (vacancy.body.get(i18n.current_language()) if vacancy.body else _("Commission"))
    if vacancy.deadline is None or vacancy.days_left is None:
        due = _("no deadline set by the law")
    elif vacancy.days_left < 0:
        due = _("fill by {date}: overdue by {count} days").format(
            date=i18n.format_date(vacancy.deadline), count=-vacancy.days_left
        )
    else:
        due = _("fill by {date}: {left}").format(
            date=i18n.format_date(vacancy.deadline), left=days_left_text(vacancy.days_left)
        )
    return _("mandate {id}, {where}: {member} left on {date}; {due}").format(
        id=vacancy.mandate_id, where=where, member=vacancy.member, date=i18n.format_date(vacancy.left_on), due=due
    )


def cmd_compositions_vacancies(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import vacancies

    rows = db.run(vacancies.open_vacancies).value
    if not rows:
        print(_("No open vacancies."), file=out)
    for vacancy in rows:
        print(_open_vacancy_line(vacancy), file=out)
    return EXIT_OK


def cmd_compositions_leave(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.domain.composition import LeftReason
    from osgo_desktop.services import vacancies

    db.run(vacancies.record_departure, args.mandate, args.on, LeftReason(args.reason), args.note)
    print(_("The departure is recorded: the seat is vacant."), file=out)
    for vacancy in db.run(vacancies.open_vacancies).value:
        if vacancy.mandate_id == args.mandate:
            print(_open_vacancy_line(vacancy), file=out)
    return EXIT_OK


def cmd_compositions_fill(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import vacancies
    from osgo_desktop.services.export import safe_member_name

    preview = db.run(vacancies.reserve_preview, args.mandate).value
    for row in preview.skipped:
        print(_("Passed over: {name}: {reason}").format(name=row.name, reason=row.reason_text), file=out)
    if preview.chosen is None:
        raise UsageError(preview.exhausted_text)
    if args.preview:
        print(_("Next on the reserve list: {name}").format(name=preview.chosen.name), file=out)
        return EXIT_OK
    decided_on = args.on or db.clock.today()
    store = db.document_store()
    filled = db.run(vacancies.fill_from_reserve, store, args.mandate, decided_on).value
    print(
        _("Decision No. {number}: {name} takes the seat (mandate {id}).").format(
            number=filled.number, name=filled.name, id=filled.mandate_id
        ),
        file=out,
    )
    if args.out_dir is not None:
        for document in filled.documents:
            path = args.out_dir / f"{safe_member_name(filled.number)}-{document.lang}.pdf"
            _write(path, store.path(document.file_sha256).read_bytes())
            print(_("Written to {path}.").format(path=path), file=out)
    return EXIT_OK


# --- the audit chain (issue 14, item 4) ---------------------------------------------------------------------------


def _add_audit_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    group = commands.add_parser("audit", help=_("check the audit log, or acknowledge a restored older copy"))
    sub = group.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    check = sub.add_parser(
        "check", help=_("check the whole audit chain and every row against it: exit 0 when it holds, 1 when not")
    )
    check.set_defaults(handler=cmd_audit_check, checks_chain=False)
    acknowledge = sub.add_parser(
        "acknowledge-restore",
        help=_("accept a restored older copy of the database (an administrator's step, recorded in the audit log)"),
    )
    acknowledge.set_defaults(handler=cmd_audit_acknowledge, checks_chain=False)


def _chain_lines(report: object, limit: int) -> list[str]:
    from osgo_desktop.storage.audit import ChainReport, describe

    assert isinstance(report, ChainReport)
    return [f"  • {line}" for line in describe(report, limit=limit)]


def _check_chain_on_opening(db: Database, err: TextIO) -> None:
    """The check every command that opens a database makes first: from the last entry already checked on this
    computer (see ``storage.chain_head``). A failure is a warning on standard error; the command goes on."""
    from osgo_desktop.storage import chain_head

    opening = chain_head.check_on_opening(db.engine)
    db.audit_report = opening.report
    if opening.restored is not None:
        print(_("osgo: warning: {warning}").format(warning=opening.restored.message()), file=err)
    if not opening.report.ok:
        first = opening.report.first_seq
        head = (
            _("osgo: warning: the audit check failed at audit entry {seq}: changes were made outside the app.")
            if first is not None
            else _("osgo: warning: the audit check failed: changes were made outside the app.")
        ).format(seq=first)
        print(
            "\n".join([head, *_chain_lines(opening.report, 5), _("Run `osgo audit check` for all of them.")]), file=err
        )


def cmd_audit_check(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.storage import chain_head

    opening = chain_head.check_on_opening(db.engine, full=True)
    db.audit_report = report = opening.report
    if opening.restored is not None:
        print(opening.restored.message(), file=out)
    if report.ok:
        print(
            _("The audit chain holds: {entries} entries, {rows} rows checked.").format(
                entries=report.entries, rows=report.rows
            ),
            file=out,
        )
    else:
        print(_("The audit check failed: changes were made outside the app."), file=out)
        print("\n".join(_chain_lines(report, 200)), file=out)
    return EXIT_OK if report.ok and opening.restored is None else EXIT_NOT_VERIFIED


def cmd_audit_acknowledge(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import audit as audit_service

    was = db.run(audit_service.acknowledge_restore).value  # the administrator's, as in the app (Action.RESTORE)
    if was is None:
        print(_("Nothing to acknowledge: this database is the newest copy seen on this computer."), file=out)
        return EXIT_OK
    print(
        _(
            "Acknowledged: this copy (audit log up to entry {found}) is now the one in use; recorded in the audit log."
        ).format(found=was.found[0]),
        file=out,
    )
    return EXIT_OK


# --- osgo documents, osgo server (issue 15, items 3 and 4) ------------------------------------------------------------


def _add_documents_and_server_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    from osgo_desktop import cli_server

    cli_server.add_commands(commands)


# --- personal data (issue 15, item 6) -----------------------------------------------------------------------------


def _add_personal_data_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    group = commands.add_parser(
        "personal-data", help=_("applicants' personal data whose keeping time is over: list it, erase it")
    )
    sub = group.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    sub.add_parser("due", help=_("list the people whose personal data is no longer kept, and since when")).set_defaults(
        handler=cmd_personal_data_due
    )
    erase = sub.add_parser(
        "erase",
        help=_(
            "erase the personal data of the people due (or of those named): their ID numbers, birth dates and "
            "contacts, in the database and in the audit log; the chain stays whole"
        ),
    )
    erase.add_argument(
        "--person", type=int, action="append", metavar="ID", help=_("only this person (repeat for several)")
    )
    erase.add_argument("--yes", action="store_true", help=_("erase without asking: it cannot be undone"))
    erase.set_defaults(handler=cmd_personal_data_erase)


def _print_due(due: Sequence[object], out: TextIO) -> None:
    from osgo_desktop.services.personal_data import DuePerson

    for person in due:
        assert isinstance(person, DuePerson)
        numbers = ", ".join(person.applications) or "—"
        print(
            _("{id}  {name}  due since {day}  applications: {numbers}").format(
                id=person.person_id, name=person.full_name, day=person.since.isoformat(), numbers=numbers
            ),
            file=out,
        )


def cmd_personal_data_due(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import personal_data

    due = db.run(personal_data.due_for_erasure).value
    if not due:
        print(_("Nobody's personal data is due for erasure."), file=out)
        return EXIT_OK
    _print_due(due, out)
    return EXIT_OK


def cmd_personal_data_erase(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import personal_data

    due = db.run(personal_data.due_for_erasure).value
    chosen = set(args.person or ())
    shown = [person for person in due if not chosen or person.person_id in chosen]
    if not args.yes:
        if not shown:
            print(_("Nobody's personal data is due for erasure."), file=out)
            return EXIT_OK
        _print_due(shown, out)
        print(_("Nothing was erased: run again with --yes to erase the personal data listed above."), file=err)
        return EXIT_NOT_VERIFIED
    erased = db.run(personal_data.erase_personal_data, sorted(chosen) if chosen else None).value
    if not erased:
        print(_("Nobody's personal data is due for erasure."), file=out)
    for person in erased:
        print(
            _("Erased the personal data of {name} (person {id}); audit entries emptied: {entries}.").format(
                name=person.full_name, id=person.person_id, entries=person.entries
            ),
            file=out,
        )
    return EXIT_OK


# --- accounts: who the command acts for (issue 15, item 1) --------------------------------------------------------

#: where the CLI finds who it acts for and their password (a prompt asks when standard input is a terminal)
USER_ENV: Final = "OSGO_USER"
PASSWORD_ENV: Final = "OSGO_PASSWORD"
#: where ``osgo accounts add`` / ``password`` / ``create-admin`` find the new password when nobody types it
NEW_PASSWORD_ENV: Final = "OSGO_NEW_PASSWORD"


def _secret(env_name: str, prompt: str, missing: str) -> str:
    """A password from the environment, else typed at a terminal (not echoed), else a clear refusal."""
    value = os.environ.get(env_name)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    raise UsageError(missing)


def sign_in(db: Database, login: str | None) -> None:
    """Act for the account ``--user`` (or $OSGO_USER) names, its password from $OSGO_PASSWORD or typed; on a
    database without accounts nobody signs in (a command that writes is then refused, see ``_no_account_hint``)."""
    from osgo_desktop.services import accounts

    with db.uow() as uow:
        if not accounts.has_accounts(uow):
            return
    login = login or os.environ.get(USER_ENV, "")
    if not login:
        raise UsageError(
            _(
                "Say who you are: osgo --user LOGIN (or ${user}); the password from ${password}, or typed when asked."
            ).format(user=USER_ENV, password=PASSWORD_ENV)
        )
    password = _secret(
        PASSWORD_ENV,
        _("Password of {login}: ").format(login=login),
        _("No password for {login}: set ${password} or run the command at a terminal.").format(
            login=login, password=PASSWORD_ENV
        ),
    )
    with db.uow() as uow:
        db.principal = accounts.sign_in(uow, login, password)


def _no_account_hint(db: Database | None) -> str | None:
    """How to make the administrator, when the database has no account at all (else None)."""
    if db is None:
        return None
    from osgo_desktop.services import accounts

    with db.uow() as uow:
        if accounts.has_accounts(uow):
            return None
    return _(
        "This database has no account yet: create its administrator first with "
        "osgo accounts create-admin --login LOGIN --name NAME (or start the app), then sign in with --user."
    )


def parse_roles(text: str) -> frozenset[Role]:
    """Roles separated by commas: "secretariat,counting"."""
    from osgo_desktop.domain.roles import Role

    codes = [part for part in text.replace(" ", "").split(",") if part]
    known = {role.value for role in Role}
    wrong = [code for code in codes if code not in known]
    if wrong or not codes:
        raise argparse.ArgumentTypeError(
            _("not a list of roles separated by commas ({roles}): {text}").format(
                roles=", ".join(sorted(known)), text=text
            )
        )
    return frozenset(Role(code) for code in codes)


def _add_accounts_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    group = commands.add_parser("accounts", help=_("the accounts that sign in (administrators)"))
    sub = group.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    sub.add_parser("list", help=_("list the accounts, their roles and state")).set_defaults(handler=cmd_accounts_list)
    add = sub.add_parser("add", help=_("add an account; its password from $OSGO_NEW_PASSWORD, else asked"))
    add.add_argument("login")
    add.add_argument("--name", required=True, help=_("the person's name, as the records will name them"))
    add.add_argument("--roles", required=True, type=parse_roles, metavar="ROLE,ROLE", help=_("the roles it holds"))
    add.set_defaults(handler=cmd_accounts_add)
    roles = sub.add_parser("roles", help=_("give an account other roles"))
    roles.add_argument("login")
    roles.add_argument("--roles", required=True, type=parse_roles, metavar="ROLE,ROLE", help=_("the roles it holds"))
    roles.set_defaults(handler=cmd_accounts_roles)
    for name, active, text in (
        ("deactivate", False, _("stop an account from signing in (it is kept: the records name it)")),
        ("activate", True, _("let a deactivated account sign in again")),
    ):
        state = sub.add_parser(name, help=text)
        state.add_argument("login")
        state.set_defaults(handler=cmd_accounts_active, active=active)
    password = sub.add_parser(
        "password",
        help=_("with a login: reset that account's password (administrators); without: change your own"),
    )
    password.add_argument("login", nargs="?")
    password.set_defaults(handler=cmd_accounts_password)
    admin = sub.add_parser(
        "create-admin",
        help=_(
            "make the first administrator of a database without accounts; its password from $OSGO_PASSWORD, else asked"
        ),
    )
    admin.add_argument("--login", required=True)
    admin.add_argument("--name", required=True, help=_("the person's name, as the records will name them"))
    admin.set_defaults(handler=cmd_accounts_create_admin, signs_in=False)


def _new_password(login: str, env: str = NEW_PASSWORD_ENV) -> str:
    """A new password, from ``$env`` or typed twice at a terminal."""
    missing = _("No new password for {login}: set ${env} or run the command at a terminal.").format(
        login=login, env=env
    )
    password = _secret(env, _("New password of {login}: ").format(login=login), missing)
    if not os.environ.get(env):
        again = _secret(env, _("The same password again: "), missing)
        if again != password:
            raise UsageError(_("The two passwords differ."))
    return password


def _may_manage_accounts(db: Database) -> None:
    from osgo_desktop.domain.roles import Action, check

    check(db.principal, Action.MANAGE_ACCOUNTS)


def _account_id(db: Database, login: str) -> int:
    from osgo_desktop.services import accounts

    key = accounts.normal_login(login)
    for row in db.run(accounts.list_accounts).value:
        if row.login == key:
            return row.id
    raise UsageError(_("No account has the login {login}.").format(login=key))


def cmd_accounts_list(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.domain.roles import role_label
    from osgo_desktop.services import accounts

    rows = db.run(accounts.list_accounts).value
    header = (_("Login"), _("Name"), _("Roles"), _("State"))
    lines = [
        (
            row.login,
            row.name,
            ", ".join(sorted(role_label(role) for role in row.roles)),
            _("active") if row.active else _("deactivated"),
        )
        for row in rows
    ]
    print("\n".join(_columns(header, lines)), file=out)
    return EXIT_OK


def cmd_accounts_add(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import accounts

    _may_manage_accounts(db)  # before asking for a password that would be refused
    password = _new_password(args.login)
    db.run(accounts.add_account, accounts.AccountDraft(args.login, args.name, password, args.roles))
    print(_("Account {login} added.").format(login=accounts.normal_login(args.login)), file=out)
    return EXIT_OK


def cmd_accounts_roles(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import accounts

    db.run(accounts.change_roles, _account_id(db, args.login), args.roles)
    print(_("The roles of {login} are changed.").format(login=accounts.normal_login(args.login)), file=out)
    return EXIT_OK


def cmd_accounts_active(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import accounts

    db.run(accounts.set_active, _account_id(db, args.login), args.active)
    login = accounts.normal_login(args.login)
    done = _("{login} can sign in again.") if args.active else _("{login} is deactivated: it cannot sign in.")
    print(done.format(login=login), file=out)
    return EXIT_OK


def cmd_accounts_password(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import accounts

    if args.login:
        account_id = _account_id(db, args.login)
        db.run(accounts.reset_password, account_id, _new_password(args.login))
        print(_("The password of {login} is reset.").format(login=accounts.normal_login(args.login)), file=out)
        return EXIT_OK
    principal = db.principal
    if principal is None:
        raise NotSignedIn()
    old = _secret(
        PASSWORD_ENV,
        _("Current password: "),
        _("No current password: set ${password} or run the command at a terminal.").format(password=PASSWORD_ENV),
    )
    db.run(accounts.change_own_password, old, _new_password(principal.login))
    print(_("Your password is changed."), file=out)
    return EXIT_OK


def cmd_accounts_create_admin(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import accounts

    with db.uow() as uow:
        if accounts.has_accounts(uow):
            raise UsageError(_("This database already has accounts: sign in, and an administrator adds new ones."))
    password = _new_password(args.login, PASSWORD_ENV)  # the password the next commands sign in with
    made = db.run(accounts.create_first_administrator, args.login, args.name, password).value
    print(
        _("The administrator {actor} is created: sign in with --user {login}.").format(
            actor=made.actor, login=made.login
        ),
        file=out,
    )
    return EXIT_OK


# --- osgo backup, osgo restore (issue 15, item 5) -----------------------------------------------------------------


def _add_backup_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    backup_cmd = commands.add_parser(
        "backup", help=_("write one backup file: the database, its documents and a SHA-256 manifest")
    )
    backup_cmd.add_argument("--out", metavar="FILE", type=Path, required=True, help=_("the backup file to write"))
    backup_cmd.set_defaults(handler=cmd_backup)
    restore_cmd = commands.add_parser(
        "restore", help=_("restore a backup into an empty database, then check its audit log and documents")
    )
    restore_cmd.add_argument("file", metavar="FILE", type=Path, help=_("the backup file"))
    restore_cmd.add_argument(
        "--db",
        dest="restore_db",
        metavar="URL",
        help=_(
            "the empty database to restore into (a SQLite file that does not exist yet, or an empty server database)"
        ),
    )
    restore_cmd.set_defaults(handler=cmd_restore, needs_db=False)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def cmd_backup(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.services import backup
    from osgo_desktop.storage.backup import BackupError

    try:
        result = db.run(backup.back_up, args.out).value
    except BackupError as exc:
        print(f"osgo: {exc}", file=err)
        return EXIT_NOT_VERIFIED
    manifest = result.manifest
    print(
        _("Backup written: {path} ({size} MiB; {documents} documents; audit log up to entry {seq}).").format(
            path=result.path, size=_mib(result.size), documents=result.documents, seq=manifest.chain_seq
        ),
        file=out,
    )
    if manifest.missing:
        for sha in manifest.missing:
            print(_("missing from the document store, not in the backup: {sha256}").format(sha256=sha), file=err)
        return EXIT_NOT_VERIFIED
    return EXIT_OK


def cmd_restore(db: Database | None, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from osgo_desktop.clock import SystemClock
    from osgo_desktop.services import backup

    url = args.restore_db or args.db
    if not url:
        print(_("osgo: name the empty database to restore into: osgo restore FILE --db URL"), file=err)
        return EXIT_USAGE
    try:
        report = backup.restore(args.file, url, args.clock or SystemClock())
    except KnownError as exc:
        print(f"osgo: {exc}", file=err)
        print(_("Nothing was restored."), file=err)
        return EXIT_NOT_VERIFIED
    for line in report.lines():
        print(line, file=out if report.ok else err)
    return EXIT_OK if report.ok else EXIT_NOT_VERIFIED


if __name__ == "__main__":
    raise SystemExit(main())
