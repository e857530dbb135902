"""The announcement of a competition for the media, in Kyrgyz or Russian."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from osgo_desktop.domain.calendar import replacement_deadline
from osgo_desktop.domain.person import org_forms_text
from osgo_desktop.domain.profile import Kind, KindRules, LocalText, RegulationProfile, Variant
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.layout import (
    DocumentKind,
    DocumentMeta,
    bullets,
    data_table,
    facts_table,
    para,
    protocol_number,
    render,
    spacer,
    styles,
)


class AnnouncedCompetition(Protocol):
    """What the announcement prints about a competition: the data is handed in (the service's
    ``CompetitionDetail`` is one), so reports stay below the services."""

    @property
    def number(self) -> str: ...
    @property
    def kind(self) -> Kind: ...
    @property
    def variant(self) -> Variant: ...
    @property
    def body(self) -> LocalText | None: ...
    @property
    def seats(self) -> int: ...
    @property
    def term_years(self) -> int: ...
    @property
    def profile(self) -> RegulationProfile: ...
    @property
    def intake_deadline(self) -> dt.date | None: ...
    @property
    def vacancy_date(self) -> dt.date | None: ...
    @property
    def intake_address(self) -> str: ...
    @property
    def intake_address_ru(self) -> str: ...
    @property
    def contact(self) -> str: ...
    @property
    def publication_date(self) -> dt.date | None: ...
    @property
    def media_outlet(self) -> str: ...
    @property
    def media_outlet_ru(self) -> str: ...


def _published_in(t: Translator, published: dt.date | None, outlet: Bilingual, lang: str) -> list[Flowable]:
    """Where and when the announcement was published, once it was (nothing before)."""
    if published is None or not outlet.ky:
        return []
    text = t.gettext("Published in: {outlet}, {date}").format(outlet=outlet.get(lang), date=t.format_date(published))
    return [para(text, styles().small)]


def announcement_pdf(comp: AnnouncedCompetition, lang: str, issued: dt.date, term_ends: dt.date | None = None) -> bytes:
    """The announcement of ``comp`` in ``lang`` (ky or ru), dated ``issued``. ``term_ends``: a replacement's elected
    serve the rest of the vacated term, to that day (the sitting composition's term end), not a term of their own."""
    t = Translator(lang)
    st = styles()
    profile = comp.profile
    rules = profile.rules(comp.kind)
    commission = profile.commission_name.get(lang)

    story: list[Flowable] = [
        para(commission, st.subtitle),
        para(t.gettext("ANNOUNCEMENT"), st.title),
    ]
    if comp.kind is Kind.COUNCIL:
        assert comp.body is not None
        if comp.variant is Variant.REGULAR:
            lead = t.gettext(
                "The Commission announces a competition to form the new composition of the public council "
                "of the state body named below."
            )
        else:
            lead = t.gettext(
                "The Commission announces a competition to fill vacant seats in the public council "
                "of the state body named below."
            )
    elif comp.variant is Variant.REGULAR:
        lead = t.gettext(
            "The Commission announces a competition for the civil-society seats of the Commission. Candidates are "
            "nominated by associations of non-commercial organisations."
        )
    else:
        lead = t.gettext(
            "The Commission announces a competition to replace a civil-society member of the Commission. "
            "Candidates are nominated by associations of non-commercial organisations."
        )
    story += [para(lead, st.body), spacer(2)]

    facts: list[tuple[str, str]] = [(t.gettext("Competition No."), comp.number)]
    if comp.body is not None:
        facts.append((t.gettext("State body"), comp.body.get(lang)))
    facts.append((t.gettext("Seats to fill"), str(comp.seats)))
    if comp.variant is not Variant.REGULAR and term_ends is not None:
        term = t.gettext("the rest of the vacated term, to {date} inclusive").format(date=t.format_date(term_ends))
    else:
        term = t.ngettext("{count} year", "{count} years", comp.term_years).format(count=comp.term_years)
    facts.append((t.gettext("Term of office"), term))
    if comp.variant is not Variant.REGULAR and comp.vacancy_date is not None:
        # issue 13: the vacancy's deadline is met by this announcement (docs/decisions.md, "Compositions: vacancies")
        facts.append((t.gettext("Seat vacant since"), t.format_date(comp.vacancy_date)))
        deadline = replacement_deadline(comp.vacancy_date, rules, comp.variant)
        if deadline is not None:
            days = (deadline - comp.vacancy_date).days
            facts.append(
                (
                    t.gettext("Replacement deadline"),
                    t.ngettext(
                        "{date}: the law gives {count} calendar day from the vacancy; this competition is announced "
                        "within it",
                        "{date}: the law gives {count} calendar days from the vacancy; this competition is announced "
                        "within them",
                        days,
                    ).format(date=t.format_date(deadline), count=days),
                )
            )
    if comp.intake_deadline is not None:
        until = t.gettext("until {date} inclusive").format(date=t.format_date(comp.intake_deadline))
    else:
        until = t.ngettext(
            "within {count} month from the day this announcement is published in the media",
            "within {count} months from the day this announcement is published in the media",
            rules.intake_months,
        ).format(count=rules.intake_months)
    facts.append((t.gettext("Documents are accepted"), until))
    facts.append((t.gettext("Where"), Bilingual(comp.intake_address, comp.intake_address_ru).get(lang)))
    if comp.contact:
        facts.append((t.gettext("Contact"), comp.contact))
    story.append(facts_table(facts))

    story += _conditions_story(t, profile, rules, lang)
    story += _published_in(t, comp.publication_date, Bilingual(comp.media_outlet, comp.media_outlet_ru), lang)

    meta = DocumentMeta(
        lang=lang,
        issuer=commission,
        title=t.gettext("Announcement"),
        number=protocol_number(comp.number, DocumentKind.ANNOUNCEMENT),
        date=issued,
        subject=comp.body.get(lang) if comp.body else commission,
    )
    return render(story, meta)


# --- shared by the announcement of one competition and of a campaign -----------------------------------------------


def _conditions_story(t: Translator, profile: RegulationProfile, rules: KindRules, lang: str) -> list[Flowable]:
    """Who may apply, what they bring, the conditions and the law: what every announcement says alike."""
    st = styles()
    story: list[Flowable] = []
    story.append(para(t.gettext("Requirements for candidates"), st.heading))
    requirements = [r.text.get(lang) for r in rules.requirements]
    if rules.min_age is not None and not any(r.check == "min_age" for r in rules.requirements):
        requirements.append(t.gettext("At least {age} years old").format(age=rules.min_age))
    story.append(bullets(requirements))

    story.append(para(t.gettext("Documents to submit"), st.heading))
    documents = []
    for doc in rules.documents:
        text = doc.text.get(lang)
        if doc.min_count > 1:
            text = t.gettext("{document} (at least {count})").format(document=text, count=doc.min_count)
        documents.append(text)
    story.append(bullets(documents))

    conditions = []
    if rules.self_nomination:
        conditions.append(t.gettext("Candidates may nominate themselves."))
    if rules.association_min_members is not None:
        # the profile's numbers, as screening decides them (eligibility.ASSOCIATION_VALID)
        conditions.append(
            t.ngettext(
                "An association is at least {minimum} non-commercial organisation registered in one of these "
                "forms: {forms}.",
                "An association is at least {minimum} non-commercial organisations registered in one of these "
                "forms: {forms}.",
                rules.association_min_members,
            ).format(minimum=rules.association_min_members, forms=org_forms_text(rules.association_forms, t.gettext))
        )
    if rules.one_per_association:
        conditions.append(t.gettext("One association nominates only one candidate."))
    if rules.one_per_organization:
        conditions.append(t.gettext("Only one person from one organisation may be elected to a public council."))
    if rules.one_council_per_person:
        conditions.append(t.gettext("A person may be a member of only one public council."))
    if rules.sex_cap_percent is not None:
        conditions.append(
            t.gettext("Members of one sex may make up no more than {percent}%.").format(percent=rules.sex_cap_percent)
        )
    conditions.append(
        t.gettext(
            "The competition is held by rating vote among the candidates in the presence of the counting commission."
        )
    )
    story.append(para(t.gettext("Conditions"), st.heading))
    story.append(bullets(conditions))

    story += [
        spacer(4),
        para(t.gettext("Legal basis: {law}.").format(law=profile.title.get(lang)), st.small),
    ]
    return story


# --- a campaign: several councils, one call ----------------------------------------------------------------------


class AnnouncedCouncil(Protocol):
    """One council of a campaign, as its announcement lists it."""

    @property
    def number(self) -> str: ...
    @property
    def body(self) -> LocalText: ...
    @property
    def seats(self) -> int: ...
    @property
    def term_years(self) -> int: ...


class AnnouncedCampaign(Protocol):
    """What the announcement of a campaign prints (the service's ``CampaignDetail`` is one)."""

    @property
    def number(self) -> str: ...
    @property
    def councils(self) -> Sequence[AnnouncedCouncil]: ...
    @property
    def profile(self) -> RegulationProfile: ...
    @property
    def intake_deadline(self) -> dt.date | None: ...
    @property
    def intake_address(self) -> str: ...
    @property
    def intake_address_ru(self) -> str: ...
    @property
    def contact(self) -> str: ...
    @property
    def publication_date(self) -> dt.date | None: ...
    @property
    def media_outlet(self) -> str: ...
    @property
    def media_outlet_ru(self) -> str: ...


def campaign_announcement_pdf(campaign: AnnouncedCampaign, lang: str, issued: dt.date) -> bytes:
    """One announcement for the media of every council of ``campaign``, with their seats and one intake window, in
    ``lang`` (ky or ru), dated ``issued``."""
    t = Translator(lang)
    st = styles()
    profile = campaign.profile
    rules = profile.rules(Kind.COUNCIL)
    commission = profile.commission_name.get(lang)
    councils = list(campaign.councils)
    story: list[Flowable] = [
        para(commission, st.subtitle),
        para(t.gettext("ANNOUNCEMENT"), st.title),
        para(
            t.gettext(
                "The Commission announces competitions to form the new compositions of the public councils of the "
                "state bodies listed below. The documents for all of them are accepted in one intake."
            ),
            st.body,
        ),
        spacer(2),
    ]
    rows = [
        [str(i), council.body.get(lang), council.number, str(council.seats)] for i, council in enumerate(councils, 1)
    ]
    rows.append(["", t.gettext("Total"), "", str(sum(c.seats for c in councils))])
    story.append(
        data_table(
            [t.gettext("No."), t.gettext("State body"), t.gettext("Competition No."), t.gettext("Seats to fill")],
            rows,
            [10 * mm, None, 32 * mm, 28 * mm],
            align=["right", "left", "left", "right"],
        )
    )
    story.append(spacer(3))
    terms = sorted({c.term_years for c in councils})
    if campaign.intake_deadline is not None:
        until = t.gettext("until {date} inclusive").format(date=t.format_date(campaign.intake_deadline))
    else:
        until = t.ngettext(
            "within {count} month from the day this announcement is published in the media",
            "within {count} months from the day this announcement is published in the media",
            rules.intake_months,
        ).format(count=rules.intake_months)
    facts: list[tuple[str, str]] = [
        (t.gettext("Campaign No."), campaign.number),
        (
            t.gettext("Term of office"),
            ", ".join(t.ngettext("{count} year", "{count} years", years).format(count=years) for years in terms),
        ),
        (t.gettext("Documents are accepted"), until),
        (t.gettext("Where"), Bilingual(campaign.intake_address, campaign.intake_address_ru).get(lang)),
    ]
    if campaign.contact:
        facts.append((t.gettext("Contact"), campaign.contact))
    story.append(facts_table(facts))
    story.append(para(t.gettext("How to apply"), st.heading))
    story.append(
        bullets(
            [
                t.gettext(
                    "An application names the public council it is for (its state body): each council's "
                    "competition is held on its own, by its own rating vote."
                ),
                t.gettext(
                    "A person applies to one council of this announcement only; an application to another "
                    "council is accepted once the first is withdrawn."
                ),
            ]
        )
    )
    story += _conditions_story(t, profile, rules, lang)
    story += _published_in(
        t, campaign.publication_date, Bilingual(campaign.media_outlet, campaign.media_outlet_ru), lang
    )
    meta = DocumentMeta(
        lang=lang,
        issuer=commission,
        title=t.gettext("Announcement"),
        number=f"{campaign.number}-{DocumentKind.ANNOUNCEMENT.value}",
        date=issued,
        subject=t.gettext("Public councils of state bodies"),
    )
    return render(story, meta)
