"""Screening: the criteria of a competition's kind, what the data decides, and each application's result.

One criterion per requirement of the kind (the profile's ``requirements``, in order), then the criteria that only
data decides: received on time, documents complete, one application per person, one candidate per association
(when the kind has that rule), nominated by a lawful association (at least the profile's number of member
organisations of its forms, when the kind has that rule), not on another public council (when a person may sit on
only one), not a member of the Commission. A requirement whose ``check`` this module knows is decided by the data;
any other (no criminal record, impeccable conduct, ...) is *manual*: the Commission records a ``Verdict`` with a note.

Decisions (see also ``decide``):

* The data decides an automatic criterion both ways: a verdict on it is ignored. To change the outcome, correct
  the data (a wrong date of birth, a missing document) and screen again. Only when the data is missing (no date
  of birth recorded) does an automatic check leave the criterion to the Commission.
* One application per person, one candidate per association: the earliest registered application that is not
  withdrawn passes; every later one fails, even when the earliest fails on something else. Whoever wants another
  application to count withdraws the earlier one (or adds the missing documents to it).
* A member of the Commission (either seat) is never a candidate, in either kind: the Commission screens the
  candidates, so its members cannot be among them; for the Commission's own competition that also keeps a sitting
  member from taking a second seat. ``on_commission`` means a seat that outlasts this competition, so a member
  whose term this competition renews may apply again.
* A lawful association: its active member organisations of the profile's forms are counted; when there are
  enough, members of other forms (a commercial firm among four) do not fail the candidate — the registry warns of
  them — since the law asks for "at least" so many such organisations. Too few fails with the count and the forms.
* A member of a public council applying for a Commission seat is not refused at screening unless the profile says
  so for that kind (``one_council_per_person``): the 2014 law does not list it among the Commission's
  requirements, and the incompatibility is settled when the seat is taken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from osgo_desktop.domain.competition import MAX_TEXT
from osgo_desktop.domain.person import (
    EDUCATION_LABELS,
    Education,
    OrgKind,
    PublicService,
    age_on,
    association_problems,
    has_higher_education,
    is_kyrgyz_citizen,
    normalize_pin,
)
from osgo_desktop.domain.profile import KindRules, LocalText
from osgo_desktop.i18n import LANGUAGES, N_, Translator, _, current_language, format_date, ngettext

# --- criteria --------------------------------------------------------------------------------------------------

ON_TIME: Final = "on_time"
DOCUMENTS: Final = "documents"
ONE_PER_PERSON: Final = "one_application_per_person"
ONE_PER_ASSOCIATION: Final = "one_per_association"
ASSOCIATION_VALID: Final = "association_valid"
NOT_ON_OTHER_COUNCIL: Final = "not_on_other_council"
NOT_ON_COMMISSION: Final = "not_on_commission"
#: the code a withdrawn application's decision gives as failed; it is no criterion
WITHDRAWN: Final = "withdrawn"

#: the ``check`` a profile requirement may name, each decided from the data
CITIZENSHIP_CHECK: Final = "citizenship"
MIN_AGE_CHECK: Final = "min_age"
HIGHER_EDUCATION_CHECK: Final = "higher_education"
NOT_CIVIL_SERVANT_CHECK: Final = "not_civil_servant"

_EXTRA_LABELS: Final = {
    ON_TIME: N_("Received on time"),
    DOCUMENTS: N_("Documents complete"),
    ONE_PER_PERSON: N_("Only one application per person"),
    ONE_PER_ASSOCIATION: N_("One candidate per association"),
    NOT_ON_OTHER_COUNCIL: N_("Not on another public council"),
    NOT_ON_COMMISSION: N_("Not a member of the Commission"),
}


@dataclass(frozen=True)
class Criterion:
    """One line of the screening: ``label`` is a profile text or an untranslated N_ label (see ``criterion_label``).

    ``check`` names the automatic check that decides it; ``automatic`` is False when the Commission decides.
    """

    code: str
    label: LocalText | str
    automatic: bool
    check: str | None = None


def criterion_label(criterion: Criterion, lang: str) -> str:
    """The criterion's name in ``lang`` (a document's language, or the UI's)."""
    if isinstance(criterion.label, LocalText):
        return criterion.label.get(lang)
    return Translator(lang).gettext(criterion.label)


def association_label(rules: KindRules) -> LocalText:
    """The association criterion's name, with the profile's number in each language."""
    minimum = rules.association_min_members or 0
    return LocalText(
        **{
            lang: Translator(lang)
            .ngettext(
                "Nominated by an association of at least {n} non-commercial organisation",
                "Nominated by an association of at least {n} non-commercial organisations",
                minimum,
            )
            .format(n=minimum)
            for lang in LANGUAGES
        }
    )


def criteria_for(rules: KindRules) -> list[Criterion]:
    """The criteria of a kind: the profile's requirements in order, then those only the data decides."""
    out = [
        Criterion(r.code, r.text, automatic=r.check in _CHECKS, check=r.check if r.check in _CHECKS else None)
        for r in rules.requirements
    ]
    if rules.min_age is not None and not any(r.check == MIN_AGE_CHECK for r in rules.requirements):
        # A profile may set the age without a requirement text for it (the announcement prints it the same way).
        label = LocalText(
            **{
                lang: Translator(lang).gettext("At least {age} years old").format(age=rules.min_age)
                for lang in LANGUAGES
            }
        )
        out.append(Criterion(MIN_AGE_CHECK, label, automatic=True, check=MIN_AGE_CHECK))
    extras = [ON_TIME]
    if rules.documents:
        extras.append(DOCUMENTS)
    extras.append(ONE_PER_PERSON)
    if rules.one_per_association:
        extras.append(ONE_PER_ASSOCIATION)
    if rules.association_min_members is not None:
        extras.append(ASSOCIATION_VALID)
    if rules.one_council_per_person:
        extras.append(NOT_ON_OTHER_COUNCIL)
    extras.append(NOT_ON_COMMISSION)
    out += [
        Criterion(code, association_label(rules) if code == ASSOCIATION_VALID else _EXTRA_LABELS[code], True, code)
        for code in extras
    ]
    codes = [c.code for c in out]
    if len(set(codes)) != len(codes):
        # Results are keyed by code: two criteria with one code would overwrite each other's result.
        raise ValueError(f"the profile's requirement codes clash with each other or with {extras}: {codes}")
    return out


# --- what the data says -----------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ApplicationFacts:
    """What screening needs to know of one application, gathered by the caller (a service) from the database.

    ``received_on`` is the calendar day in Bishkek the application was received. The ``earlier_*`` counts are of
    the applications in the same competition that are not withdrawn and were registered before this one (see
    ``earlier_applications``). ``on_other_council`` is a seat on a public council other than the one this
    competition forms; ``on_commission`` a Commission seat that outlasts this competition.
    """

    application_id: int
    received_on: dt.date
    intake_deadline: dt.date
    withdrawn: bool = False
    birth_date: dt.date | None
    citizenship: str
    education: Education
    public_service: PublicService
    #: document code → how many current documents of that type the application has
    document_counts: Mapping[str, int]
    association_id: int | None = None
    #: the forms of the nominating association's active member organisations (``ASSOCIATION_VALID``)
    association_member_kinds: tuple[OrgKind, ...] = ()
    earlier_applications_of_association: int = 0
    #: earlier applications with the same PIN; the earliest passes, so these are the ones registered before
    earlier_applications_of_person: int = 0
    on_other_council: bool = False
    #: which council (its code, and the competition's number when the election is not yet signed)
    other_council: str = ""
    on_commission: bool = False


@dataclass(frozen=True)
class Registration:
    """An application as the order of registration sees it, to count earlier ones (``earlier_applications``)."""

    application_id: int
    #: the order of registration in the competition (the registration number)
    sequence: int
    pin: str
    association_id: int | None
    withdrawn: bool = False


@dataclass(frozen=True)
class EarlierApplications:
    of_person: int
    of_association: int


def earlier_applications(registrations: Iterable[Registration]) -> dict[int, EarlierApplications]:
    """For each application, how many not withdrawn ones with its PIN / its association were registered before.

    Withdrawn applications block no one. An empty PIN (a foreign citizen without one) matches nothing.
    """
    ordered = sorted(registrations, key=lambda r: (r.sequence, r.application_id))
    seen_pins: dict[str, int] = {}
    seen_associations: dict[int, int] = {}
    out: dict[int, EarlierApplications] = {}
    for reg in ordered:
        pin = normalize_pin(reg.pin)
        out[reg.application_id] = EarlierApplications(
            of_person=seen_pins.get(pin, 0) if pin else 0,
            of_association=seen_associations.get(reg.association_id, 0) if reg.association_id is not None else 0,
        )
        if reg.withdrawn:
            continue
        if pin:
            seen_pins[pin] = seen_pins.get(pin, 0) + 1
        if reg.association_id is not None:
            seen_associations[reg.association_id] = seen_associations.get(reg.association_id, 0) + 1
    return out


@dataclass(frozen=True)
class CheckResult:
    """``passed`` None: the Commission decides. ``reason``: a translated sentence saying why, when not passed."""

    passed: bool | None
    reason: str = ""


_PASSED: Final = CheckResult(True)
_MANUAL: Final = CheckResult(None)


def _numeric(day: dt.date) -> str:
    return format_date(day, style="numeric")


def _check_citizenship(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    if not facts.citizenship.strip():
        return CheckResult(None, _("The citizenship is not recorded."))
    if is_kyrgyz_citizen(facts.citizenship):
        return _PASSED
    return CheckResult(
        False,
        _("The citizenship is {country}; citizenship of the Kyrgyz Republic is required.").format(
            country=facts.citizenship.strip().upper()
        ),
    )


def _check_min_age(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    if rules.min_age is None:
        return CheckResult(None, _("The profile sets no minimum age."))
    if facts.birth_date is None:
        return CheckResult(None, _("The date of birth is not recorded."))
    age = age_on(facts.birth_date, facts.intake_deadline)
    if age >= rules.min_age:
        return _PASSED
    return CheckResult(
        False,
        _("Aged {age} on the intake deadline {deadline}; the minimum age is {minimum}.").format(
            age=age, deadline=_numeric(facts.intake_deadline), minimum=rules.min_age
        ),
    )


def _check_higher_education(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    if has_higher_education(facts.education):
        return _PASSED
    return CheckResult(
        False,
        _("No higher education (given: {education}).").format(education=_(EDUCATION_LABELS[facts.education])),
    )


def _check_not_civil_servant(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    if facts.public_service is PublicService.STATE:
        return CheckResult(False, _("A state employee: state and municipal employees may not be candidates."))
    if facts.public_service is PublicService.MUNICIPAL:
        return CheckResult(False, _("A municipal employee: state and municipal employees may not be candidates."))
    return _PASSED


def _check_on_time(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    # Documents are accepted on the deadline day itself.
    if facts.received_on <= facts.intake_deadline:
        return _PASSED
    return CheckResult(
        False,
        _("Received on {received}, after the intake deadline {deadline}.").format(
            received=_numeric(facts.received_on), deadline=_numeric(facts.intake_deadline)
        ),
    )


def _check_documents(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    lang = current_language()
    missing: list[str] = []
    for doc in rules.documents:
        count = facts.document_counts.get(doc.code, 0)
        if count >= doc.min_count:
            continue
        if doc.min_count > 1:
            missing.append(
                _("{document} ({count} of {required})").format(
                    document=doc.text.get(lang), count=count, required=doc.min_count
                )
            )
        else:
            missing.append(doc.text.get(lang))
    if not missing:
        return _PASSED
    return CheckResult(False, _("Missing: {documents}.").format(documents="; ".join(missing)))


def _check_one_per_person(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    count = facts.earlier_applications_of_person
    if count == 0:
        return _PASSED
    return CheckResult(
        False,
        ngettext(
            "The same person (PIN) already applied in this competition: {count} application was registered "
            "before this one.",
            "The same person (PIN) already applied in this competition: {count} applications were registered "
            "before this one.",
            count,
        ).format(count=count),
    )


def _check_one_per_association(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    if facts.association_id is None:
        return CheckResult(False, _("No nominating association is recorded."))
    count = facts.earlier_applications_of_association
    if count == 0:
        return _PASSED
    return CheckResult(
        False,
        ngettext(
            "The association already nominated a candidate: {count} application was registered before this one.",
            "The association already nominated a candidate: {count} applications were registered before this one.",
            count,
        ).format(count=count),
    )


def _check_association_valid(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    if facts.association_id is None:
        return CheckResult(False, _("No nominating association is recorded."))
    if rules.association_min_members is None:
        return _PASSED
    problems = association_problems(
        facts.association_member_kinds, rules.association_min_members, rules.association_forms
    )
    qualifying = sum(1 for kind in facts.association_member_kinds if kind.value in rules.association_forms)
    if qualifying >= rules.association_min_members:
        return _PASSED  # members of other forms are reported in the registry; the count decides here
    return CheckResult(False, " ".join(problems))


def _check_not_on_other_council(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    if not facts.on_other_council:
        return _PASSED
    if facts.other_council:
        return CheckResult(
            False,
            _("Sits on, or is elected to, another public council ({council}): a person may sit on only one.").format(
                council=facts.other_council
            ),
        )
    return CheckResult(False, _("Already a member of another public council: a person may sit on only one."))


def _check_not_on_commission(facts: ApplicationFacts, rules: KindRules) -> CheckResult:
    if not facts.on_commission:
        return _PASSED
    return CheckResult(
        False,
        _("A member of the Commission: the Commission screens the candidates, so its members may not be candidates."),
    )


_CHECKS: Final[dict[str, Callable[[ApplicationFacts, KindRules], CheckResult]]] = {
    CITIZENSHIP_CHECK: _check_citizenship,
    MIN_AGE_CHECK: _check_min_age,
    HIGHER_EDUCATION_CHECK: _check_higher_education,
    NOT_CIVIL_SERVANT_CHECK: _check_not_civil_servant,
    ON_TIME: _check_on_time,
    DOCUMENTS: _check_documents,
    ONE_PER_PERSON: _check_one_per_person,
    ONE_PER_ASSOCIATION: _check_one_per_association,
    ASSOCIATION_VALID: _check_association_valid,
    NOT_ON_OTHER_COUNCIL: _check_not_on_other_council,
    NOT_ON_COMMISSION: _check_not_on_commission,
}


def automatic_checks(facts: ApplicationFacts, rules: KindRules) -> dict[str, CheckResult]:
    """Criterion code → what the data says, for every criterion of ``criteria_for(rules)``; manual ones None."""
    return {
        c.code: _CHECKS[c.check](facts, rules) if c.automatic and c.check is not None else _MANUAL
        for c in criteria_for(rules)
    }


# --- the Commission's verdicts and the result ----------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The Commission's finding on a manual criterion; the note says what was seen (a certificate, ...)."""

    passed: bool
    note: str = ""


def validate_verdict(verdict: Verdict) -> dict[str, str]:
    if len(verdict.note) > MAX_TEXT * 4:
        return {"note": _("This text is too long.")}
    if not verdict.passed and not verdict.note.strip():
        # The note is the reason printed in the screening protocol.
        return {"note": _("Say why the requirement is not met: it is printed as the reason.")}
    return {}


class ScreeningStatus(StrEnum):
    ADMITTED = "admitted"
    NOT_ADMITTED = "not_admitted"
    #: a manual criterion still waits for the Commission's verdict, and nothing has failed
    PENDING = "pending"


SCREENING_STATUS_LABELS: Final = {
    ScreeningStatus.ADMITTED: N_("Admitted"),
    ScreeningStatus.NOT_ADMITTED: N_("Not admitted"),
    ScreeningStatus.PENDING: N_("Awaiting the Commission's verdict"),
}


@dataclass(frozen=True)
class Decision:
    """The screening result of one application.

    ``failed`` and ``reasons`` pair up, in criteria order (a withdrawn application: ``(WITHDRAWN,)``).
    ``missing`` lists the manual criteria still without a verdict, also when something has already failed.
    """

    status: ScreeningStatus
    failed: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def decide(
    criteria: Sequence[Criterion],
    checks: Mapping[str, CheckResult],
    verdicts: Mapping[str, Verdict],
    *,
    withdrawn: bool = False,
) -> Decision:
    """Admitted, not admitted (with the failed criteria and their reasons), or pending.

    A check that passed or failed decides its criterion and any verdict on it is ignored: a manual pass cannot
    rescue what the data failed. A criterion the data leaves open (a manual one, or an automatic one without its
    data) takes the Commission's verdict, its note the reason when it fails; without a verdict it is missing.
    Any failure makes the application not admitted, even while verdicts are missing; else a missing verdict
    keeps it pending. A withdrawn application is not admitted, whatever the rest says.
    """
    if withdrawn:
        return Decision(ScreeningStatus.NOT_ADMITTED, (WITHDRAWN,), (_("Withdrawn by the applicant."),))
    failed: list[str] = []
    reasons: list[str] = []
    missing: list[str] = []
    for criterion in criteria:
        check = checks.get(criterion.code, _MANUAL)
        if check.passed is True:
            continue
        if check.passed is False:
            failed.append(criterion.code)
            reasons.append(check.reason)
            continue
        verdict = verdicts.get(criterion.code)
        if verdict is None:
            missing.append(criterion.code)
        elif not verdict.passed:
            failed.append(criterion.code)
            label = criterion_label(criterion, current_language())
            # The note alone would not say which requirement failed: a protocol must.
            reasons.append(
                _("{criterion}: {note}").format(criterion=label, note=verdict.note.strip())
                if verdict.note.strip()
                else _("The Commission found this requirement not met: {criterion}.").format(criterion=label)
            )
    if failed:
        status = ScreeningStatus.NOT_ADMITTED
    elif missing:
        status = ScreeningStatus.PENDING
    else:
        status = ScreeningStatus.ADMITTED
    return Decision(status, tuple(failed), tuple(reasons), tuple(missing))


def screen(facts: ApplicationFacts, rules: KindRules, verdicts: Mapping[str, Verdict]) -> Decision:
    """The whole screening of one application: its criteria, what the data says, the Commission's verdicts."""
    return decide(criteria_for(rules), automatic_checks(facts, rules), verdicts, withdrawn=facts.withdrawn)
