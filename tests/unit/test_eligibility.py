"""Screening: each criterion of both kinds, the boundaries of dates and counts, verdicts and the decision."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osgo_desktop import i18n
from osgo_desktop.domain.eligibility import (
    ASSOCIATION_VALID,
    DOCUMENTS,
    NOT_ON_COMMISSION,
    NOT_ON_OTHER_COUNCIL,
    ON_TIME,
    ONE_PER_ASSOCIATION,
    ONE_PER_PERSON,
    WITHDRAWN,
    ApplicationFacts,
    CheckResult,
    Criterion,
    Decision,
    Registration,
    ScreeningStatus,
    Verdict,
    automatic_checks,
    criteria_for,
    criterion_label,
    decide,
    earlier_applications,
    screen,
    validate_verdict,
)
from osgo_desktop.domain.person import Education, OrgKind, PublicService
from osgo_desktop.domain.profile import LAW_2014, KindRules, LocalText, Requirement

COMMISSION = LAW_2014.commission
COUNCIL = LAW_2014.council
D = dt.date
DEADLINE = D(2026, 12, 3)
QUICK = settings(max_examples=80, deadline=None)

COMMISSION_FACTS = ApplicationFacts(
    application_id=1,
    received_on=D(2026, 11, 20),
    intake_deadline=DEADLINE,
    birth_date=D(1980, 6, 1),
    citizenship="KG",
    education=Education.HIGHER,
    public_service=PublicService.NONE,
    document_counts={"association_letter": 1, "application": 1, "cv": 1},
    association_id=7,
    association_member_kinds=(OrgKind.PUBLIC_ASSOCIATION, OrgKind.FOUNDATION, OrgKind.INSTITUTION),
)
COUNCIL_FACTS = dataclasses.replace(
    COMMISSION_FACTS,
    document_counts={"application": 1, "cv_with_photo": 1, "recommendation_letter": 2, "vision_statement": 1},
    association_id=None,
    association_member_kinds=(),
)
COMMISSION_MANUAL = ("no_criminal_record", "public_activity")
COUNCIL_MANUAL = ("no_criminal_record", "impeccable_conduct", "no_relatives", "not_dependent", "active_public_activity")


def all_pass(codes: tuple[str, ...]) -> dict[str, Verdict]:
    return {code: Verdict(True, "Seen by the Commission.") for code in codes}


def check(facts: ApplicationFacts, rules: KindRules, code: str) -> CheckResult:
    return automatic_checks(facts, rules)[code]


# --- the criteria of each kind ------------------------------------------------------------------------------------


def test_commission_criteria_are_its_requirements_then_the_data_rules() -> None:
    criteria = criteria_for(COMMISSION)
    assert [(c.code, c.automatic) for c in criteria] == [
        ("citizen", True),
        ("min_age", True),
        ("no_criminal_record", False),
        ("higher_education", True),
        ("public_activity", False),
        ("not_civil_servant", True),
        (ON_TIME, True),
        (DOCUMENTS, True),
        (ONE_PER_PERSON, True),
        (ONE_PER_ASSOCIATION, True),
        (ASSOCIATION_VALID, True),
        (NOT_ON_COMMISSION, True),
    ]


def test_council_criteria_are_its_requirements_then_the_data_rules() -> None:
    criteria = criteria_for(COUNCIL)
    assert [(c.code, c.automatic) for c in criteria] == [
        ("citizen", True),
        ("no_criminal_record", False),
        ("not_civil_servant", True),
        ("impeccable_conduct", False),
        ("no_relatives", False),
        ("not_dependent", False),
        ("active_public_activity", False),
        (ON_TIME, True),
        (DOCUMENTS, True),
        (ONE_PER_PERSON, True),
        (NOT_ON_OTHER_COUNCIL, True),
        (NOT_ON_COMMISSION, True),
    ]


def test_labels_come_from_the_profile_or_the_catalogue() -> None:
    by_code = {c.code: c for c in criteria_for(COUNCIL)}
    assert criterion_label(by_code["no_criminal_record"], "ru") == "Не имеющий судимости"
    assert criterion_label(by_code["no_criminal_record"], "ky") == "Соттолбогон"
    assert criterion_label(by_code[ON_TIME], "en") == "Received on time"
    assert criterion_label(by_code[NOT_ON_COMMISSION], "en") == "Not a member of the Commission"
    assert criterion_label(Criterion("x", "Competitions", automatic=False), "ru") == "Конкурсы"


def test_a_minimum_age_without_a_requirement_text_still_gets_a_criterion() -> None:
    rules = dataclasses.replace(COUNCIL, min_age=30)
    age = [c for c in criteria_for(rules) if c.code == "min_age"]
    assert len(age) == 1 and age[0].automatic
    assert criterion_label(age[0], "en") == "At least 30 years old"
    assert "30" in criterion_label(age[0], "ru")
    assert check(dataclasses.replace(COUNCIL_FACTS, birth_date=D(1997, 1, 1)), rules, "min_age").passed is False


def test_a_requirement_with_an_unknown_check_is_manual() -> None:
    rules = dataclasses.replace(
        COUNCIL, requirements=(Requirement("fluent", LocalText("Тил", "Язык", "Language"), check="language_test"),)
    )
    [fluent] = [c for c in criteria_for(rules) if c.code == "fluent"]
    assert not fluent.automatic
    assert check(COUNCIL_FACTS, rules, "fluent") == CheckResult(None)


def test_a_requirement_code_clashing_with_a_data_rule_is_refused() -> None:
    rules = dataclasses.replace(COUNCIL, requirements=(Requirement(ON_TIME, LocalText("", "", "")),))
    with pytest.raises(ValueError, match="clash"):
        criteria_for(rules)


@pytest.mark.parametrize(("rules", "facts"), [(COMMISSION, COMMISSION_FACTS), (COUNCIL, COUNCIL_FACTS)])
def test_every_criterion_has_a_check_and_a_good_application_passes_all_automatic_ones(
    rules: KindRules, facts: ApplicationFacts
) -> None:
    criteria = criteria_for(rules)
    checks = automatic_checks(facts, rules)
    assert list(checks) == [c.code for c in criteria]
    assert {c.code: checks[c.code].passed for c in criteria} == {
        c.code: (True if c.automatic else None) for c in criteria
    }


# --- each automatic criterion --------------------------------------------------------------------------------------


@pytest.mark.parametrize("rules", [COMMISSION, COUNCIL])
def test_received_on_the_deadline_day_is_on_time_the_day_after_is_not(rules: KindRules) -> None:
    assert check(dataclasses.replace(COMMISSION_FACTS, received_on=DEADLINE), rules, ON_TIME).passed is True
    late = check(dataclasses.replace(COMMISSION_FACTS, received_on=D(2026, 12, 4)), rules, ON_TIME)
    assert late == CheckResult(False, "Received on 2026-12-04, after the intake deadline 2026-12-03.")


def test_the_late_reason_reads_in_the_language_of_the_day() -> None:
    i18n.set_language("ru")
    late = check(dataclasses.replace(COMMISSION_FACTS, received_on=D(2026, 12, 5)), COMMISSION, ON_TIME)
    assert "05.12.2026" in late.reason and "03.12.2026" in late.reason


@QUICK
@given(received=st.dates(min_value=D(2026, 10, 1), max_value=D(2027, 2, 1)))
def test_on_time_is_exactly_not_after_the_deadline(received: dt.date) -> None:
    result = check(dataclasses.replace(COUNCIL_FACTS, received_on=received), COUNCIL, ON_TIME)
    assert result.passed is (received <= DEADLINE)


def test_turning_25_on_the_deadline_day_is_old_enough() -> None:
    on_the_day = dataclasses.replace(COMMISSION_FACTS, birth_date=D(2001, 12, 3))
    assert check(on_the_day, COMMISSION, "min_age").passed is True
    a_day_short = dataclasses.replace(COMMISSION_FACTS, birth_date=D(2001, 12, 4))
    assert check(a_day_short, COMMISSION, "min_age") == CheckResult(
        False, "Aged 24 on the intake deadline 2026-12-03; the minimum age is 25."
    )


def test_age_is_taken_on_the_deadline_not_on_the_day_received() -> None:
    # 25 on the day a late application came in, but 24 on the deadline: the deadline is what counts.
    facts = dataclasses.replace(COMMISSION_FACTS, received_on=D(2026, 12, 15), birth_date=D(2001, 12, 10))
    assert check(facts, COMMISSION, "min_age").reason == (
        "Aged 24 on the intake deadline 2026-12-03; the minimum age is 25."
    )


@QUICK
@given(birth=st.dates(min_value=D(1995, 1, 1), max_value=D(2005, 12, 31)))
def test_the_age_check_agrees_with_the_25th_birthday(birth: dt.date) -> None:
    try:
        birthday = birth.replace(year=birth.year + 25)
    except ValueError:  # born on 29 February: 1 March of the 25th year
        birthday = D(birth.year + 25, 3, 1)
    result = check(dataclasses.replace(COMMISSION_FACTS, birth_date=birth), COMMISSION, "min_age")
    assert result.passed is (birthday <= DEADLINE)


def test_without_a_date_of_birth_the_commission_decides_the_age() -> None:
    facts = dataclasses.replace(COMMISSION_FACTS, birth_date=None)
    assert check(facts, COMMISSION, "min_age") == CheckResult(None, "The date of birth is not recorded.")
    criteria, checks = criteria_for(COMMISSION), automatic_checks(facts, COMMISSION)
    assert decide(criteria, checks, all_pass(COMMISSION_MANUAL)).missing == ("min_age",)
    verdicts = all_pass((*COMMISSION_MANUAL, "min_age"))
    assert decide(criteria, checks, verdicts).status is ScreeningStatus.ADMITTED


def test_a_council_has_no_age_criterion() -> None:
    facts = dataclasses.replace(COUNCIL_FACTS, birth_date=D(2008, 1, 1))
    assert "min_age" not in automatic_checks(facts, COUNCIL)
    assert screen(facts, COUNCIL, all_pass(COUNCIL_MANUAL)).status is ScreeningStatus.ADMITTED


@pytest.mark.parametrize(("citizenship", "passed"), [("KG", True), ("kg", True), (" KG ", True), ("KZ", False)])
def test_only_a_kyrgyz_citizen_passes(citizenship: str, passed: bool) -> None:
    for rules in (COMMISSION, COUNCIL):
        result = check(dataclasses.replace(COMMISSION_FACTS, citizenship=citizenship), rules, "citizen")
        assert result.passed is passed
    foreign = check(dataclasses.replace(COMMISSION_FACTS, citizenship="kz"), COUNCIL, "citizen")
    assert foreign.reason == "The citizenship is KZ; citizenship of the Kyrgyz Republic is required."


@pytest.mark.parametrize(
    ("education", "reason"),
    [
        (Education.HIGHER, None),
        (Education.POSTGRADUATE, None),
        (Education.VOCATIONAL, "No higher education (given: Vocational education)."),
        (Education.SECONDARY, "No higher education (given: Secondary education)."),
        (Education.NONE, "No higher education (given: None or incomplete secondary)."),
    ],
)
def test_higher_education_is_required_for_the_commission(education: Education, reason: str | None) -> None:
    result = check(dataclasses.replace(COMMISSION_FACTS, education=education), COMMISSION, "higher_education")
    assert result == (CheckResult(True) if reason is None else CheckResult(False, reason))
    assert "higher_education" not in automatic_checks(COUNCIL_FACTS, COUNCIL)


@pytest.mark.parametrize(
    ("service", "reason"),
    [
        (PublicService.NONE, None),
        (PublicService.STATE, "A state employee: state and municipal employees may not be candidates."),
        (PublicService.MUNICIPAL, "A municipal employee: state and municipal employees may not be candidates."),
    ],
)
@pytest.mark.parametrize("rules", [COMMISSION, COUNCIL])
def test_no_state_or_municipal_employee(service: PublicService, reason: str | None, rules: KindRules) -> None:
    result = check(dataclasses.replace(COMMISSION_FACTS, public_service=service), rules, "not_civil_servant")
    assert result == (CheckResult(True) if reason is None else CheckResult(False, reason))


@pytest.mark.parametrize(
    ("letters", "passed"),
    [(0, False), (1, False), (2, True), (3, True)],
)
def test_a_council_candidate_needs_two_recommendation_letters(letters: int, passed: bool) -> None:
    counts = {**COUNCIL_FACTS.document_counts, "recommendation_letter": letters}
    result = check(dataclasses.replace(COUNCIL_FACTS, document_counts=counts), COUNCIL, DOCUMENTS)
    assert result.passed is passed


def test_missing_documents_are_named() -> None:
    one_letter = {**COUNCIL_FACTS.document_counts, "recommendation_letter": 1}
    result = check(dataclasses.replace(COUNCIL_FACTS, document_counts=one_letter), COUNCIL, DOCUMENTS)
    assert result.reason == "Missing: Recommendation letter (1 of 2)."
    result = check(dataclasses.replace(COUNCIL_FACTS, document_counts={"application": 1}), COUNCIL, DOCUMENTS)
    assert result.reason == (
        "Missing: CV with photo; Recommendation letter (0 of 2); The candidate's view of their work in the council."
    )
    no_letter = {"application": 1, "cv": 1}
    result = check(dataclasses.replace(COMMISSION_FACTS, document_counts=no_letter), COMMISSION, DOCUMENTS)
    assert result == CheckResult(False, "Missing: Letter from the association.")


def test_missing_documents_are_named_in_the_language_of_the_day() -> None:
    i18n.set_language("ru")
    one_letter = {**COUNCIL_FACTS.document_counts, "recommendation_letter": 1}
    result = check(dataclasses.replace(COUNCIL_FACTS, document_counts=one_letter), COUNCIL, DOCUMENTS)
    assert "Рекомендательное письмо" in result.reason


# --- one application per person, one candidate per association --------------------------------------------------


def registrations() -> list[Registration]:
    return [
        Registration(11, sequence=1, pin="21503198500123", association_id=7),
        Registration(12, sequence=2, pin="11001199000456", association_id=7),
        Registration(13, sequence=3, pin="2 1503 1985 00123", association_id=8),  # the first person again
        Registration(14, sequence=4, pin="12202199200789", association_id=7),
        Registration(15, sequence=5, pin="", association_id=None),  # a foreigner without a PIN
        Registration(16, sequence=6, pin="", association_id=None),
    ]


def facts_of(app_id: int, regs: list[Registration]) -> ApplicationFacts:
    earlier = earlier_applications(regs)[app_id]
    reg = next(r for r in regs if r.application_id == app_id)
    return dataclasses.replace(
        COMMISSION_FACTS,
        application_id=app_id,
        withdrawn=reg.withdrawn,
        association_id=reg.association_id,
        earlier_applications_of_association=earlier.of_association,
        earlier_applications_of_person=earlier.of_person,
    )


def test_the_earliest_candidate_of_an_association_passes_later_ones_fail() -> None:
    regs = registrations()
    assert check(facts_of(11, regs), COMMISSION, ONE_PER_ASSOCIATION).passed is True
    assert check(facts_of(12, regs), COMMISSION, ONE_PER_ASSOCIATION) == CheckResult(
        False, "The association already nominated a candidate: 1 application was registered before this one."
    )
    assert check(facts_of(13, regs), COMMISSION, ONE_PER_ASSOCIATION).passed is True  # another association
    assert check(facts_of(14, regs), COMMISSION, ONE_PER_ASSOCIATION) == CheckResult(
        False, "The association already nominated a candidate: 2 applications were registered before this one."
    )


def test_a_withdrawn_earlier_candidate_does_not_block_the_association() -> None:
    regs = registrations()
    regs[0] = dataclasses.replace(regs[0], withdrawn=True)
    assert check(facts_of(12, regs), COMMISSION, ONE_PER_ASSOCIATION).passed is True
    assert check(facts_of(14, regs), COMMISSION, ONE_PER_ASSOCIATION).reason.startswith(
        "The association already nominated a candidate: 1 application"
    )
    assert screen(facts_of(11, regs), COMMISSION, all_pass(COMMISSION_MANUAL)).status is ScreeningStatus.NOT_ADMITTED


def test_registration_order_not_list_order_decides() -> None:
    regs = list(reversed(registrations()))
    assert earlier_applications(regs)[11].of_association == 0
    assert earlier_applications(regs)[12].of_association == 1


def test_a_commission_candidate_needs_a_nominating_association() -> None:
    result = check(dataclasses.replace(COMMISSION_FACTS, association_id=None), COMMISSION, ONE_PER_ASSOCIATION)
    assert result == CheckResult(False, "No nominating association is recorded.")


# --- a lawful association (the profile's number and forms) ---------------------------------------------------------


def _nominated_by(*kinds: OrgKind) -> ApplicationFacts:
    return dataclasses.replace(COMMISSION_FACTS, association_member_kinds=kinds)


def test_an_association_of_three_lawful_members_passes() -> None:
    assert check(COMMISSION_FACTS, COMMISSION, ASSOCIATION_VALID) == CheckResult(True)
    four = _nominated_by(OrgKind.FOUNDATION, OrgKind.FOUNDATION, OrgKind.INSTITUTION, OrgKind.COMMERCIAL)
    assert check(four, COMMISSION, ASSOCIATION_VALID).passed is True  # "at least three": the fourth is extra


def test_an_association_of_two_fails_naming_the_count_and_the_forms() -> None:
    result = check(_nominated_by(OrgKind.PUBLIC_ASSOCIATION, OrgKind.FOUNDATION), COMMISSION, ASSOCIATION_VALID)
    assert result == CheckResult(
        False,
        "An association needs at least 3 member organisations of these forms: public association, foundation, "
        "institution; it has 2.",
    )
    decision = screen(
        _nominated_by(OrgKind.PUBLIC_ASSOCIATION, OrgKind.FOUNDATION), COMMISSION, all_pass(COMMISSION_MANUAL)
    )
    assert decision.status is ScreeningStatus.NOT_ADMITTED and decision.failed == (ASSOCIATION_VALID,)


@pytest.mark.parametrize("unlawful", [OrgKind.MUNICIPAL, OrgKind.COMMERCIAL])
def test_a_municipal_or_commercial_member_among_three_fails(unlawful: OrgKind) -> None:
    result = check(
        _nominated_by(OrgKind.PUBLIC_ASSOCIATION, OrgKind.FOUNDATION, unlawful), COMMISSION, ASSOCIATION_VALID
    )
    assert result.passed is False
    assert (
        result.reason.startswith("An association needs at least 3 member organisations")
        and "it has 2." in result.reason
    )
    assert "Members that do not count" in result.reason


def test_the_profile_sets_the_number_and_the_forms() -> None:
    four = dataclasses.replace(COMMISSION, association_min_members=4)
    assert check(COMMISSION_FACTS, four, ASSOCIATION_VALID).reason == (
        "An association needs at least 4 member organisations of these forms: public association, foundation, "
        "institution; it has 3."
    )
    [criterion] = [c for c in criteria_for(four) if c.code == ASSOCIATION_VALID]
    assert criterion_label(criterion, "en") == "Nominated by an association of at least 4 non-commercial organisations"
    assert "4" in criterion_label(criterion, "ky") and "4" in criterion_label(criterion, "ru")
    foundations = dataclasses.replace(COMMISSION, association_forms=("foundation",))
    assert check(COMMISSION_FACTS, foundations, ASSOCIATION_VALID).passed is False
    assert check(_nominated_by(*[OrgKind.FOUNDATION] * 3), foundations, ASSOCIATION_VALID).passed is True
    # councils have no such rule; a profile may drop it for the Commission too
    assert ASSOCIATION_VALID not in {c.code for c in criteria_for(COUNCIL)}
    no_rule = dataclasses.replace(COMMISSION, association_min_members=None)
    assert ASSOCIATION_VALID not in {c.code for c in criteria_for(no_rule)}


def test_council_candidates_are_not_limited_per_association() -> None:
    facts = dataclasses.replace(COUNCIL_FACTS, association_id=7, earlier_applications_of_association=3)
    assert ONE_PER_ASSOCIATION not in automatic_checks(facts, COUNCIL)
    assert screen(facts, COUNCIL, all_pass(COUNCIL_MANUAL)).status is ScreeningStatus.ADMITTED


@pytest.mark.parametrize("rules", [COMMISSION, COUNCIL])
def test_the_same_pin_twice_fails_the_later_application_only(rules: KindRules) -> None:
    regs = registrations()
    assert check(facts_of(11, regs), rules, ONE_PER_PERSON).passed is True
    assert check(facts_of(13, regs), rules, ONE_PER_PERSON) == CheckResult(
        False,
        "The same person (PIN) already applied in this competition: 1 application was registered before this one.",
    )
    assert earlier_applications(regs)[12].of_person == 0


def test_a_withdrawn_earlier_application_of_the_person_does_not_block() -> None:
    regs = registrations()
    regs[0] = dataclasses.replace(regs[0], withdrawn=True)
    assert check(facts_of(13, regs), COMMISSION, ONE_PER_PERSON).passed is True


def test_applications_without_a_pin_are_no_duplicates() -> None:
    earlier = earlier_applications(registrations())
    assert (earlier[15].of_person, earlier[16].of_person) == (0, 0)


def test_three_applications_of_one_person() -> None:
    regs = [Registration(i, sequence=i, pin="21503198500123", association_id=None) for i in (1, 2, 3)]
    assert [earlier_applications(regs)[i].of_person for i in (1, 2, 3)] == [0, 1, 2]
    result = check(dataclasses.replace(COUNCIL_FACTS, earlier_applications_of_person=2), COUNCIL, ONE_PER_PERSON)
    assert result.reason == (
        "The same person (PIN) already applied in this competition: 2 applications were registered before this one."
    )


# --- membership of a council or the Commission ------------------------------------------------------------------


def test_a_member_of_another_council_cannot_join_a_council() -> None:
    result = check(dataclasses.replace(COUNCIL_FACTS, on_other_council=True), COUNCIL, NOT_ON_OTHER_COUNCIL)
    assert result == CheckResult(False, "Already a member of another public council: a person may sit on only one.")


def test_a_council_member_is_not_refused_a_commission_seat_by_the_2014_law() -> None:
    facts = dataclasses.replace(COMMISSION_FACTS, on_other_council=True)
    assert NOT_ON_OTHER_COUNCIL not in automatic_checks(facts, COMMISSION)
    assert screen(facts, COMMISSION, all_pass(COMMISSION_MANUAL)).status is ScreeningStatus.ADMITTED
    # A profile that wants it says so for the kind.
    strict = dataclasses.replace(COMMISSION, one_council_per_person=True)
    assert check(facts, strict, NOT_ON_OTHER_COUNCIL).passed is False


@pytest.mark.parametrize(("rules", "facts"), [(COMMISSION, COMMISSION_FACTS), (COUNCIL, COUNCIL_FACTS)])
def test_a_commission_member_is_no_candidate_in_either_kind(rules: KindRules, facts: ApplicationFacts) -> None:
    result = check(dataclasses.replace(facts, on_commission=True), rules, NOT_ON_COMMISSION)
    assert result == CheckResult(
        False,
        "A member of the Commission: the Commission screens the candidates, so its members may not be candidates.",
    )


# --- verdicts and the decision --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "facts", "manual"),
    [(COMMISSION, COMMISSION_FACTS, COMMISSION_MANUAL), (COUNCIL, COUNCIL_FACTS, COUNCIL_MANUAL)],
)
def test_admitted_once_every_manual_criterion_has_a_passing_verdict(
    rules: KindRules, facts: ApplicationFacts, manual: tuple[str, ...]
) -> None:
    assert screen(facts, rules, {}) == Decision(ScreeningStatus.PENDING, missing=manual)
    assert screen(facts, rules, all_pass(manual[:-1])) == Decision(ScreeningStatus.PENDING, missing=manual[-1:])
    assert screen(facts, rules, all_pass(manual)) == Decision(ScreeningStatus.ADMITTED)


def test_a_failing_verdict_gives_the_requirement_and_its_note_as_the_reason() -> None:
    verdicts = {
        **all_pass(COUNCIL_MANUAL),
        "no_relatives": Verdict(False, "Brother is the deputy minister (declaration of 25.11.2026)."),
    }
    assert screen(COUNCIL_FACTS, COUNCIL, verdicts) == Decision(
        ScreeningStatus.NOT_ADMITTED,
        failed=("no_relatives",),
        reasons=("No relatives in the state body: Brother is the deputy minister (declaration of 25.11.2026).",),
    )


def test_a_failing_verdict_without_a_note_still_gives_a_reason() -> None:
    verdicts = {**all_pass(COUNCIL_MANUAL), "impeccable_conduct": Verdict(False, "  ")}
    decision = screen(COUNCIL_FACTS, COUNCIL, verdicts)
    assert decision.reasons == ("The Commission found this requirement not met: Impeccable conduct.",)


def test_a_failure_is_not_admitted_even_while_verdicts_are_missing() -> None:
    late = dataclasses.replace(COUNCIL_FACTS, received_on=D(2026, 12, 4))
    decision = screen(late, COUNCIL, {"no_criminal_record": Verdict(True)})
    assert decision == Decision(
        ScreeningStatus.NOT_ADMITTED,
        failed=(ON_TIME,),
        reasons=("Received on 2026-12-04, after the intake deadline 2026-12-03.",),
        missing=COUNCIL_MANUAL[1:],
    )


def test_a_manual_pass_cannot_rescue_a_failed_automatic_check() -> None:
    late = dataclasses.replace(COMMISSION_FACTS, received_on=D(2026, 12, 4), education=Education.SECONDARY)
    verdicts = {
        **all_pass(COMMISSION_MANUAL),
        ON_TIME: Verdict(True, "Posted on time."),
        "higher_education": Verdict(True),
    }
    decision = screen(late, COMMISSION, verdicts)
    assert decision.status is ScreeningStatus.NOT_ADMITTED
    assert decision.failed == ("higher_education", ON_TIME)  # in criteria order


def test_a_manual_fail_cannot_overturn_a_passed_automatic_check() -> None:
    # The data decides both ways: to change the outcome, correct the data.
    verdicts = {**all_pass(COMMISSION_MANUAL), "citizen": Verdict(False, "Passport expired.")}
    assert screen(COMMISSION_FACTS, COMMISSION, verdicts).status is ScreeningStatus.ADMITTED


def test_every_failure_is_listed_with_its_reason_in_criteria_order() -> None:
    facts = dataclasses.replace(
        COUNCIL_FACTS,
        citizenship="RU",
        public_service=PublicService.MUNICIPAL,
        document_counts={},
        on_commission=True,
    )
    verdicts = {**all_pass(COUNCIL_MANUAL), "not_dependent": Verdict(False, "Paid consultant of the ministry.")}
    decision = screen(facts, COUNCIL, verdicts)
    assert decision.failed == ("citizen", "not_civil_servant", "not_dependent", DOCUMENTS, NOT_ON_COMMISSION)
    assert len(decision.reasons) == len(decision.failed)
    assert decision.reasons[2] == "Not dependent on the state body: Paid consultant of the ministry."
    assert decision.missing == ()


def test_a_withdrawn_application_is_not_admitted_with_that_reason_alone() -> None:
    withdrawn = dataclasses.replace(COUNCIL_FACTS, withdrawn=True, received_on=D(2026, 12, 4))
    expected = Decision(ScreeningStatus.NOT_ADMITTED, failed=(WITHDRAWN,), reasons=("Withdrawn by the applicant.",))
    assert screen(withdrawn, COUNCIL, all_pass(COUNCIL_MANUAL)) == expected
    assert screen(withdrawn, COUNCIL, {}) == expected


def test_a_check_left_out_waits_for_a_verdict() -> None:
    criteria = criteria_for(COUNCIL)
    checks = automatic_checks(COUNCIL_FACTS, COUNCIL)
    del checks[ON_TIME]
    assert decide(criteria, checks, all_pass(COUNCIL_MANUAL)).missing == (ON_TIME,)


def test_statuses_are_their_stored_strings() -> None:
    assert [s.value for s in ScreeningStatus] == ["admitted", "not_admitted", "pending"]
    assert ScreeningStatus.NOT_ADMITTED == "not_admitted"


def test_a_failing_verdict_needs_a_note() -> None:
    assert validate_verdict(Verdict(True)) == {}
    assert validate_verdict(Verdict(False, "A criminal record certificate shows a conviction.")) == {}
    assert validate_verdict(Verdict(False, " ")) == {
        "note": "Say why the requirement is not met: it is printed as the reason."
    }
    assert validate_verdict(Verdict(True, "x" * 2001)) == {"note": "This text is too long."}
