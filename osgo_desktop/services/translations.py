"""Which free texts a paper would print in Kyrgyz for want of their Russian form, named one by one.

A Russian paper prints the Russian form of each place, address, media outlet and name (``domain.texts``). Where one
was never entered, the paper is not issued until the user has been told which texts lack it and agreed to print
their Kyrgyz form instead: :func:`missing_texts` names them, and ``services.protocols.issue`` refuses with
:class:`MissingTexts` unless told the user accepted.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from osgo_desktop.domain.person import Nomination
from osgo_desktop.domain.profile import Kind
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.services import voting
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork


class MissingTexts(KnownError):
    """A paper would print texts in Kyrgyz for want of their Russian form; ``texts`` names each of them."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__(
            _("These texts have no Russian form: {texts}. The paper would print their Kyrgyz form.").format(
                texts="; ".join(texts)
            )
        )
        self.texts = texts


def missing_texts(uow: UnitOfWork, competition_id: int, kind: ProtocolKind, round_number: int, lang: str) -> list[str]:
    """The texts the protocol of ``kind`` (of round ``round_number``) in ``lang`` prints and that lack their form
    in ``lang``, each named in a sentence (in the user's language), in the order the paper prints them; empty when
    nothing is missing (always so for a Kyrgyz paper)."""
    if lang != "ru":
        return []
    competition = uow.competitions.require(competition_id)
    out = _body(competition, lang)
    if kind is ProtocolKind.SCREENING:
        screening = uow.session.scalars(
            select(models.ScreeningSession).where(models.ScreeningSession.competition_id == competition_id)
        ).first()
        if screening is not None:
            out += _places([Bilingual(screening.place, screening.place_ru)], lang)
        applications = uow.session.scalars(
            select(models.Application)
            .where(models.Application.competition_id == competition_id)
            .order_by(models.Application.number)
        )
        out += _nominators(applications, lang)
    elif kind is ProtocolKind.VOTE:
        session = voting.get_round(uow, voting.round_by_number(uow, competition_id, round_number)).session
        out += _places([Bilingual(session.place, session.place_ru)], lang)
    elif kind is ProtocolKind.DECISION:
        round_ids = voting.round_ids(uow, competition_id)
        if round_ids:
            views = [voting.get_round(uow, round_id) for round_id in round_ids]
            last = views[-1].session
            out += _places([Bilingual(last.place, last.place_ru)], lang)
            outcome = voting.outcome(uow, competition_id)
            names = {c.tally_id: c.organization_name for view in views for c in view.candidates}
            # a Commission candidate is nominated by an association, a council candidate by an organisation
            out += _organisation_names(
                competition.kind is Kind.COMMISSION, (names[c] for c in (*outcome.elected, *outcome.reserve)), lang
            )
    return _unique(out)


def announcement_missing_texts(uow: UnitOfWork, competition_id: int, lang: str) -> list[str]:
    """What the competition's announcement in ``lang`` would print in Kyrgyz for want of its form in ``lang``."""
    if lang != "ru":
        return []
    competition = uow.competitions.require(competition_id)
    out = _body(competition, lang)
    address = Bilingual(competition.intake_address, competition.intake_address_ru)
    if address.lacks(lang):
        out.append(_("the Russian form of the address where documents are accepted: {text}").format(text=address.ky))
    outlet = Bilingual(competition.media_outlet, competition.media_outlet_ru)
    if competition.publication_date is not None and outlet.lacks(lang):
        out.append(_("the Russian name of the media outlet {name}").format(name=outlet.ky))
    return out


def _body(competition: models.Competition, lang: str) -> list[str]:
    body = competition.body
    if body is not None and Bilingual(body.name_ky, body.name_ru).lacks(lang):
        return [_("the Russian name of the state body {name}").format(name=body.name_ky)]
    return []


def _places(places: Iterable[Bilingual], lang: str) -> list[str]:
    return [
        _("the Russian form of the place of the session: {text}").format(text=p.ky) for p in places if p.lacks(lang)
    ]


def _nominators(applications: Iterable[models.Application], lang: str) -> list[str]:
    """The nominating associations and organisations the screening protocol prints (as ``nominated_by`` says)."""
    out = []
    for application in applications:
        if application.nomination is Nomination.ASSOCIATION and application.association is not None:
            name = Bilingual(application.association.name, application.association.name_ru)
            out += _organisation_names(True, [name], lang)
        elif application.nomination is Nomination.ORGANIZATION and application.organization_row is not None:
            name = Bilingual(application.organization_row.name, application.organization_row.name_ru)
            out += _organisation_names(False, [name], lang)
    return out


def _organisation_names(association: bool, names: Iterable[Bilingual | None], lang: str) -> list[str]:
    sentence = (
        _("the Russian name of the association {name}")
        if association
        else _("the Russian name of the organisation {name}")
    )
    return [sentence.format(name=name.ky) for name in names if name is not None and name.lacks(lang)]


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(texts))
