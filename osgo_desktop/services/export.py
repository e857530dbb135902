"""``osgo export``: a competition's election record as one zip — record.json, the protocol PDFs, the signed scans.

The zip is what an observer checks with ``osgo verify`` (``osgo_desktop.verifier.record``) on a machine of their
own; its format is ``docs/record.md``. It is deterministic: the same data gives the same bytes (fixed timestamps,
members in name order), so two exports of an unchanged competition can be compared with a checksum.

The audit chain goes in whole (record format 2): every entry with its ``data`` — the row without its table's
personal fields (``domain.audit_chain.PERSONAL_FIELDS``: PINs, birth dates, contacts, document file names, PIN
hashes) — and the salted hash of those fields, so every entry's hash can be recomputed from the export while the
personal fields and their salts stay in the database (docs/record.md, "The audit chain").
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import select

from osgo_desktop.domain.audit_chain import GENESIS, personal_fields_json
from osgo_desktop.domain.record import RECORD_FORMAT
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.services import protocols, record
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import DocumentStore
from osgo_desktop.storage.uow import UnitOfWork
from osgo_desktop.verifier.record import VERIFY_PAGE, verify_page

RECORD_MEMBER: Final = "record.json"
README_MEMBER: Final = "README.txt"
#: every member's time stamp: the earliest a zip can hold, so that the bytes depend on the data only
ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)
README: Final = """\
OSGO Desktop — election record / шайлоо жазуусу / запись выборов
================================================================

en  This zip is the election record of one competition, exported by OSGO Desktop: record.json (the
    competition, the regulation profile, the candidates, the screening, every round's ballots and result,
    every protocol's fingerprint, the audit chain), the protocol PDFs (protocols/) and the scans of the signed
    protocols (signed/). Check it with:  osgo verify THIS.zip   (add --protocol FINGERPRINT to check the
    fingerprint printed on a paper copy). The format and how to check it by hand: docs/record.md.
    Without the app: open verify.html in a browser (no network needed) and pick this zip. When the record's
    origin is in doubt, take verify.html from the app's own distribution, not from this zip.

ky  Бул zip — бир конкурстун шайлоо жазуусу (OSGO Desktop): record.json (конкурс, ченемдик профиль,
    талапкерлер, текшерүү, ар бир айлампанын бюллетендери жана жыйынтыгы, ар бир протоколдун изи, аудит
    чынжыры), протоколдордун PDF файлдары (protocols/) жана кол коюлган протоколдордун сканы (signed/).
    Текшерүү:  osgo verify THIS.zip   (кагаз нускадагы изди текшерүү үчүн: --protocol ИЗ).
    Программасыз: verify.html баракчасын браузерде ачып (тармак керек эмес), ушул zip файлын тандаңыз.
    Жазуунун келип чыгышы шектүү болсо, verify.html баракчасын ушул zip ичинен эмес, программанын өз
    таркатуусунан алыңыз.

ru  Этот zip — запись выборов одного конкурса (OSGO Desktop): record.json (конкурс, нормативный профиль,
    кандидаты, проверка, бюллетени и итоги каждого тура, отпечатки всех протоколов, цепочка аудита), PDF
    протоколов (protocols/) и сканы подписанных протоколов (signed/). Проверка:  osgo verify THIS.zip
    (отпечаток с бумажной копии: --protocol ОТПЕЧАТОК).
    Без программы: откройте verify.html в браузере (сеть не нужна) и выберите этот zip. Если
    происхождение записи вызывает сомнения, возьмите verify.html из дистрибутива самой программы, а не
    из этого zip.
"""


def safe_member_name(text: str) -> str:
    """``text`` as one component of a zip member's name: letters, digits, dot and dash; anything else a dash."""
    return re.sub(r"[^\w.]+", "-", text, flags=re.UNICODE).strip("-.") or "protocol"


def _protocol_file(view: protocols.ProtocolView) -> str:
    return f"protocols/{safe_member_name(view.number)}-v{view.version}-{view.lang}.pdf"


def _audit_entries(uow: UnitOfWork) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    entry = models.AuditEntry
    columns = (entry.seq, entry.at, entry.actor, entry.action, entry.table_name, entry.row_key, entry.data)
    # never the personal fields nor their salt: not even read
    hashes = (entry.personal_hash, entry.legacy_hash, entry.prev_hash, entry.hash)
    query = select(*columns, *hashes).order_by(entry.seq).execution_options(yield_per=2000)
    entries = [
        {
            "seq": row.seq,
            "at": row.at.isoformat(timespec="microseconds"),
            "actor": row.actor,
            "action": row.action,
            "table": row.table_name,
            "key": row.row_key,
            "data": row.data,
            "personal_hash": row.personal_hash,
            "legacy_hash": row.legacy_hash,
            "prev_hash": row.prev_hash,
            "hash": row.hash,
        }
        for row in uow.session.execute(query)
    ]
    head = uow.session.get(models.AuditHead, 1)
    return entries, {"seq": head.seq if head else 0, "hash": head.hash if head else GENESIS}


def _stored(store: DocumentStore, sha256: str, name: str) -> bytes:
    try:
        return store.path(sha256).read_bytes()
    except OSError as exc:
        raise KnownError(
            _("{name} is missing from the document store ({path}): the record cannot be exported whole.").format(
                name=name, path=store.path(sha256)
            )
        ) from exc


def export_record(
    uow: UnitOfWork, store: DocumentStore, competition_id: int, broken_chain: Sequence[str] = ()
) -> bytes:
    """The competition's election record as the bytes of a zip (see the module's docstring).

    ``broken_chain``: what the database's audit check found, when the record is exported despite it (``osgo export
    --despite-broken-chain``): the record then says so (``audit.exported_despite``), and ``osgo verify`` reports it."""
    uow.require(Action.EXPORT_RECORD)
    data = record.election_record(uow, competition_id)
    files: dict[str, bytes] = {}
    listed = []
    by_id: dict[int, dict[str, Any]] = {}
    for view in protocols.list_protocols(uow, competition_id):
        name = _protocol_file(view)
        if name in files:  # two protocols printed under one number: keep both, told apart by kind
            name = name.replace("protocols/", f"protocols/{view.kind.value}-", 1)
        files[name] = _stored(store, view.file_sha256, name)
        entry = {
            "kind": view.kind.value,
            "round": view.round_number,
            "lang": view.lang,
            "number": view.number,
            "version": view.version,
            "superseded": view.superseded,
            "fingerprint": view.fingerprint,
            "file": name,
            "file_sha256": view.file_sha256,
        }
        listed.append(entry)
        by_id[view.id] = entry
    signed = []
    scans = uow.session.scalars(
        select(models.SignedScan)
        .where(models.SignedScan.competition_id == competition_id)
        .order_by(models.SignedScan.id)
    )
    for scan in scans:
        protocol = by_id[scan.protocol_id]
        extension = scan.file_type.extension
        # one number is printed in each language: the language tells their signed copies apart
        name = f"signed/{safe_member_name(protocol['number'])}-v{protocol['version']}-{protocol['lang']}{extension}"
        files[name] = _stored(store, scan.sha256, name)
        signed.append(
            {
                "protocol": protocol["number"],
                "version": protocol["version"],
                "protocol_file": protocol["file"],
                "file": name,
                "sha256": scan.sha256,
            }
        )
    entries, head = _audit_entries(uow)
    # the export's own layout: a record frozen at a close before format 2 still says format 1 (its bases, and so its
    # fingerprints, carry domain.record.BASIS_FORMAT whatever this says)
    data["format"] = RECORD_FORMAT
    data["protocols"] = listed
    data["signed_copies"] = signed
    data["audit"] = {"head": head, "personal_fields": personal_fields_json(), "entries": entries}
    if broken_chain:
        data["audit"]["exported_despite"] = list(broken_chain)
    # written as the database spells a JSON column (sorted keys, UTF-8 letters: storage.types.JSONText), so that the
    # record frozen at the close, which the audit chain holds as that column's text, is found in it as it stands
    # (docs/record.md, "Layout")
    files[RECORD_MEMBER] = (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    files[README_MEMBER] = README.encode("utf-8")
    files[VERIFY_PAGE] = verify_page()
    return write_zip(files)


def write_zip(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` whose bytes depend on the names and contents only."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def verified_record(uow: UnitOfWork, store: DocumentStore, competition_id: int) -> bytes:
    """:func:`export_record`, checked by the observers' own verifier before it is handed to anyone; a record that
    does not verify is refused, never written."""
    from osgo_desktop.verifier.record import verify_record

    data = export_record(uow, store, competition_id)
    report = verify_record(data)
    if not report.ok:
        raise KnownError(
            _("The export does not verify; it was not saved:\n{failures}").format(
                failures="\n".join(f"{f.where}: {f.detail}" for f in report.failures)
            )
        )
    return data
