"""The regulation profile: every statutory number and body name of a selection law, as editable data.

The built-in default is the Law of the Kyrgyz Republic No. 74 of 24 May 2014 "On public councils of state
bodies" (see ../shared/DOMAIN.md). A competition keeps its own copy of the profile it was created under, so a
later edit of the profile never changes a competition already under way.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from osgo_desktop.i18n import DOCUMENT_LANGUAGES, _


class Kind(StrEnum):
    """The two kinds of competition of DOMAIN.md."""

    COMMISSION = "commission"  # A: civil-society seats of the selection Commission
    COUNCIL = "council"  # B: a public council of a state body


class VoterRoll(StrEnum):
    """Who votes in a Commission competition (seed A: "the rating vote among the candidates"), a profile choice."""

    #: the admitted candidates, each ticked as present at the session
    CANDIDATES = "candidates"
    #: one delegate per association that nominated an admitted candidate, registered at the session
    DELEGATES = "delegates"


class Variant(StrEnum):
    REGULAR = "regular"
    #: a vacancy among the members (A: a civil-society Commission member)
    REPLACEMENT = "replacement"
    #: A only: replacing the Commission's civil-society representative
    REPRESENTATIVE_REPLACEMENT = "representative_replacement"


@dataclass(frozen=True)
class LocalText:
    """A name or a sentence given in each language; data, not a gettext message."""

    ky: str
    ru: str
    en: str = ""

    def get(self, lang: str) -> str:
        text: str = getattr(self, lang, "") or ""
        return text or self.ru or self.ky

    @classmethod
    def from_json(cls, obj: Any) -> LocalText:
        if not isinstance(obj, dict):
            raise ProfileError(f"expected an object with ky/ru/en texts, got {obj!r}")
        return cls(ky=str(obj.get("ky", "")), ru=str(obj.get("ru", "")), en=str(obj.get("en", "")))


#: the official languages of the Kyrgyz Republic: the state language and the official one
OFFICIAL_LANGUAGES: Final = ("ky", "ru")

COMMISSION_NAME: Final = LocalText(
    ky="Коомдук кеңештердин мүчөлөрүн тандоо боюнча комиссия",
    ru="Комиссия по отбору членов общественных советов",
    en="Commission for the selection of public council members",
)


#: issue 12 (decision helper): the legal basis the protocols cite, as the clause they open with — the 2014 law and the
#: Government's decree on its implementation (25 August 2014 No. 482); a new law changes this data, not the code
LEGAL_BASIS: Final = LocalText(
    ky="Кыргыз Республикасынын «Мамлекеттик органдардын коомдук кеңештери жөнүндө» 2014-жылдын 24-майындагы № 74 "
    "Мыйзамына жана Кыргыз Республикасынын Өкмөтүнүн 2014-жылдын 25-августундагы № 482 «Кыргыз Республикасынын "
    "«Мамлекеттик органдардын коомдук кеңештери жөнүндө» Мыйзамын ишке ашыруу боюнча чаралар тууралуу» токтомуна "
    "ылайык",
    ru="В соответствии с Законом Кыргызской Республики «Об общественных советах государственных органов» от 24 мая "
    "2014 года № 74 и постановлением Правительства Кыргызской Республики «О мерах по реализации Закона Кыргызской "
    "Республики «Об общественных советах государственных органов»» от 25 августа 2014 года № 482",
    en='Under the Law of the Kyrgyz Republic No. 74 of 24 May 2014 "On public councils of state bodies" and the '
    'Decree of the Government of the Kyrgyz Republic No. 482 of 25 August 2014 "On measures to implement the Law '
    "of the Kyrgyz Republic 'On public councils of state bodies'\"",
)


@dataclass(frozen=True)
class Requirement:
    """A requirement a candidate must meet; ``check`` names the automatic check, if data can decide it."""

    code: str
    text: LocalText
    check: str | None = None


@dataclass(frozen=True)
class DocumentRule:
    """A document a candidate must hand in, ``min_count`` copies of it (two recommendation letters)."""

    code: str
    text: LocalText
    min_count: int = 1


@dataclass(frozen=True)
class KindRules:
    """The numbers of one kind of competition. ``None`` means the law sets no such rule for the kind."""

    seats_min: int
    seats_max: int
    seats_default: int
    term_years: int
    intake_months: int
    min_age: int | None = None
    sex_cap_percent: int | None = None
    one_per_association: bool = False
    one_per_organization: bool = False
    one_council_per_person: bool = False
    self_nomination: bool = False
    announce_months_before_expiry: int | None = None
    form_days_before_expiry: int | None = None
    #: the rating vote is held between these days after the intake deadline (A: "10–20 calendar days")
    vote_window_days: tuple[int, int] | None = None
    replacement_days: int | None = None
    representative_replacement_days: int | None = None
    requirements: tuple[Requirement, ...] = ()
    documents: tuple[DocumentRule, ...] = ()
    #: A: a nominating association (бирикме) has at least this many member organisations of ``association_forms``
    #: (a screening criterion, ``eligibility.ASSOCIATION_VALID``); None: the kind has no such rule
    association_min_members: int | None = None
    #: the organisation forms (``person.OrgKind`` values) that count towards ``association_min_members``
    association_forms: tuple[str, ...] = ()
    #: who is on the voter roll of a Commission competition (a council's is the Commission members present)
    voter_roll: VoterRoll = VoterRoll.CANDIDATES


#: the law's association: "at least three non-commercial organisations registered as a public association,
#: foundation and/or institution, not municipal" (a municipal institution is recorded as the municipal form)
ASSOCIATION_MIN_MEMBERS: Final = 3
ASSOCIATION_FORMS: Final = ("public_association", "foundation", "institution")

#: (association_min_members, association_forms) of a kind whose stored profile predates them: the Commission's
#: competitions had the law's association rule (then a warning), councils none
_ASSOCIATION_BEFORE_DATA: Final = {
    "commission": (ASSOCIATION_MIN_MEMBERS, ASSOCIATION_FORMS),
    "council": (None, ()),
}


@dataclass(frozen=True)
class RegulationProfile:
    code: str
    title: LocalText
    commission_size: int
    commission_civil_seats: int
    commission_civil_term_years: int
    commission_permanent_bodies: tuple[LocalText, ...]
    counting_bodies: tuple[LocalText, ...]
    quorum_numerator: int
    quorum_denominator: int
    commission: KindRules
    council: KindRules
    #: the Commission's own name, printed at the head of every document
    commission_name: LocalText = field(default_factory=lambda: COMMISSION_NAME)
    #: the languages every protocol is issued in before the competition can be closed (the official ones)
    official_languages: tuple[str, ...] = OFFICIAL_LANGUAGES
    #: issue 12 (decision helper): the legal basis, as the clause a protocol opens with ("In accordance with …")
    legal_basis: LocalText = field(default_factory=lambda: LEGAL_BASIS)

    def rules(self, kind: Kind) -> KindRules:
        return self.commission if kind is Kind.COMMISSION else self.council

    def rules_by_name(self, kind: str) -> KindRules:
        return self.rules(Kind(kind))

    def quorum(self, members: int) -> int:
        """The smallest attendance that makes a session of ``members`` valid (2/3, rounded up)."""
        return -(-members * self.quorum_numerator // self.quorum_denominator)

    # --- JSON round trip: the profile is stored as a document, so a new law needs no schema change -------
    def to_obj(self) -> dict[str, Any]:
        """The profile as a JSON object (how the database's JSON columns hold it)."""
        return json.loads(self.to_json())  # type: ignore[no-any-return]

    def to_json(self) -> str:
        obj = dataclasses.asdict(self)
        # Fields added after profiles were first stored are written only when they differ from their default: a
        # profile stored before they were data reads back, and is written again, as the same text.
        for name, default in (("legal_basis", LEGAL_BASIS), ("official_languages", OFFICIAL_LANGUAGES)):
            if getattr(self, name) == default:
                del obj[name]
        for kind, (minimum, forms) in _ASSOCIATION_BEFORE_DATA.items():
            rules = getattr(self, kind)
            if (rules.association_min_members, rules.association_forms) == (minimum, forms):
                del obj[kind]["association_min_members"], obj[kind]["association_forms"]
        for kind in ("commission", "council"):
            if self.rules_by_name(kind).voter_roll is VoterRoll.CANDIDATES:
                del obj[kind]["voter_roll"]
        return json.dumps(obj, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RegulationProfile:
        try:
            obj = json.loads(text)
        except ValueError as exc:
            raise ProfileError(str(exc)) from exc
        return cls.from_obj(obj)

    @classmethod
    def from_obj(cls, obj: Any) -> RegulationProfile:
        """The profile a parsed JSON document describes (a :class:`ProfileError` if it describes none)."""
        try:
            if not isinstance(obj, dict):
                raise ProfileError("expected a JSON object")
            return _profile_from_obj(obj)
        except ProfileError:
            raise
        except KeyError as exc:
            raise ProfileError(f"missing key {exc.args[0]!r}") from exc
        except (TypeError, ValueError, IndexError) as exc:
            raise ProfileError(str(exc)) from exc


class ProfileError(ValueError):
    """A stored profile that cannot be read."""


def _scalar(name: str, value: Any) -> int | bool | None:
    """A number or switch of a kind, of the type its field declares (JSON true is no number, 7.5 no count)."""
    kind = _SCALAR_KIND_TYPES[name]
    if value is None and "None" in kind:
        return None
    if "bool" in kind:
        if not isinstance(value, bool):
            raise ProfileError(f"{name}: expected true or false, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProfileError(f"{name}: expected a whole number of at least 0, got {value!r}")
    return value


def _forms(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(form, str) and form for form in value):
        raise ProfileError(f"association_forms: expected a list of organisation forms, got {value!r}")
    return tuple(value)


def _kind_from_obj(obj: dict[str, Any], name: str) -> KindRules:
    if not isinstance(obj, dict):
        raise ProfileError("expected an object for each kind of competition")
    window = obj.get("vote_window_days")
    # a kind stored before the association rule was data has the rule it had then (see _ASSOCIATION_BEFORE_DATA)
    minimum, forms = _ASSOCIATION_BEFORE_DATA[name]
    scalars = {"association_min_members": minimum} | {k: _scalar(k, obj[k]) for k in _SCALAR_KIND_FIELDS if k in obj}
    return KindRules(
        **scalars,  # type: ignore[arg-type]
        association_forms=_forms(obj["association_forms"]) if "association_forms" in obj else forms,
        vote_window_days=(int(window[0]), int(window[1])) if window else None,
        # a profile stored before the roll was a choice: the candidates vote
        voter_roll=VoterRoll(obj.get("voter_roll", VoterRoll.CANDIDATES)),
        requirements=tuple(
            Requirement(code=r["code"], text=LocalText.from_json(r["text"]), check=r.get("check"))
            for r in obj.get("requirements", ())
        ),
        documents=tuple(
            DocumentRule(code=d["code"], text=LocalText.from_json(d["text"]), min_count=int(d["min_count"]))
            for d in obj.get("documents", ())
        ),
    )


_SCALAR_KIND_TYPES: Final = {
    f.name: str(f.type)
    for f in dataclasses.fields(KindRules)
    if f.name not in {"vote_window_days", "requirements", "documents", "association_forms", "voter_roll"}
}
_SCALAR_KIND_FIELDS: Final = tuple(_SCALAR_KIND_TYPES)


def _profile_from_obj(obj: dict[str, Any]) -> RegulationProfile:
    return RegulationProfile(
        code=str(obj["code"]),
        title=LocalText.from_json(obj["title"]),
        commission_size=int(obj["commission_size"]),
        commission_civil_seats=int(obj["commission_civil_seats"]),
        commission_civil_term_years=int(obj["commission_civil_term_years"]),
        commission_permanent_bodies=tuple(LocalText.from_json(b) for b in obj["commission_permanent_bodies"]),
        counting_bodies=tuple(LocalText.from_json(b) for b in obj["counting_bodies"]),
        quorum_numerator=int(obj["quorum_numerator"]),
        quorum_denominator=int(obj["quorum_denominator"]),
        commission=_kind_from_obj(obj["commission"], "commission"),
        council=_kind_from_obj(obj["council"], "council"),
        commission_name=LocalText.from_json(obj.get("commission_name", dataclasses.asdict(COMMISSION_NAME))),
        # a profile stored before the languages were data: the two official ones
        official_languages=_languages(obj.get("official_languages", OFFICIAL_LANGUAGES)),
        # a profile stored before the legal basis was data cites the built-in one
        legal_basis=LocalText.from_json(obj.get("legal_basis", dataclasses.asdict(LEGAL_BASIS))),
    )


def _languages(value: Any) -> tuple[str, ...]:
    """The official languages as a profile names them: one or more of the languages documents are printed in."""
    if not isinstance(value, list | tuple) or not value:
        raise ProfileError(f"official_languages: expected a list of language codes, got {value!r}")
    languages = tuple(str(code) for code in value)
    unknown = [code for code in languages if code not in DOCUMENT_LANGUAGES]
    if unknown or len(set(languages)) != len(languages):
        raise ProfileError(
            f"official_languages: each of {', '.join(DOCUMENT_LANGUAGES)} at most once, got {list(languages)!r}"
        )
    return languages


def validate_profile(profile: RegulationProfile) -> dict[str, str]:
    """Field → translated message for each number that cannot be right; ``kind.field`` for a kind's own."""
    errors: dict[str, str] = {}
    if not 0 < profile.commission_civil_seats <= profile.commission_size:
        errors["commission_civil_seats"] = _("There cannot be more civil-society seats than seats.")
    if not 0 < profile.quorum_numerator <= profile.quorum_denominator:
        errors["quorum_numerator"] = _("The quorum must be a fraction between 0 and 1.")
    for name, kind in (("commission", profile.commission), ("council", profile.council)):
        if not 1 <= kind.seats_min <= kind.seats_default <= kind.seats_max:
            errors[f"{name}.seats_default"] = _("Seats must satisfy: 1 ≤ minimum ≤ default ≤ maximum.")
        if kind.intake_months < 1:
            errors[f"{name}.intake_months"] = _("The intake lasts at least one month.")
        if kind.term_years < 1:
            errors[f"{name}.term_years"] = _("The term must be from 1 to 10 years.")
        if kind.sex_cap_percent is not None and not 50 <= kind.sex_cap_percent <= 100:
            errors[f"{name}.sex_cap_percent"] = _("The cap on one sex must be from 50 to 100 percent.")
        if kind.vote_window_days is not None and not 0 <= kind.vote_window_days[0] <= kind.vote_window_days[1]:
            errors[f"{name}.vote_window_days"] = _("The window must start before it ends.")
        if kind.association_min_members is not None and (
            kind.association_min_members < 1 or not kind.association_forms
        ):
            errors[f"{name}.association_min_members"] = _(
                "An association needs at least one member organisation, of at least one form."
            )
    return errors


def _t(ky: str, ru: str, en: str) -> LocalText:
    return LocalText(ky=ky, ru=ru, en=en)


# The requirement and document texts are the seed's own Kyrgyz wording, with Russian and English renderings; the
# seed's office abbreviations (КР, мам/муниципалдык, КК, маморган) are written out, as a paper for the public has them.
_CITIZEN = Requirement(
    "citizen",
    _t(
        "Кыргыз Республикасынын аракетке жөндөмдүү жараны",
        "Дееспособный гражданин Кыргызской Республики",
        "Citizen of the Kyrgyz Republic with legal capacity",
    ),
    check="citizenship",
)
_NO_RECORD = Requirement("no_criminal_record", _t("Соттолбогон", "Не имеющий судимости", "No criminal record"))
_NOT_OFFICIAL = Requirement(
    "not_civil_servant",
    _t(
        "Мамлекеттик же муниципалдык кызматкер эмес",
        "Не являющийся государственным или муниципальным служащим",
        "Not a state or municipal employee",
    ),
    check="not_civil_servant",
)

LAW_2014: Final = RegulationProfile(
    code="kg-2014-74",
    title=_t(
        "Кыргыз Республикасынын «Мамлекеттик органдардын коомдук кеңештери жөнүндө» 2014-жылдын 24-майындагы "
        "№74 Мыйзамы",
        "Закон Кыргызской Республики «Об общественных советах государственных органов» от 24 мая 2014 года № 74",
        'Law of the Kyrgyz Republic No. 74 of 24 May 2014 "On public councils of state bodies"',
    ),
    commission_size=15,
    commission_civil_seats=10,
    commission_civil_term_years=5,
    commission_permanent_bodies=(
        _t("Жогорку Кеңештин Аппараты", "Аппарат Жогорку Кенеша", "Apparatus of the Jogorku Kenesh"),
        _t("Президенттин Аппараты", "Аппарат Президента", "Apparatus of the President"),
        _t("Өкмөттүн Аппараты", "Аппарат Правительства", "Apparatus of the Government"),
        _t(
            "Акыйкатчынын Аппараты",
            "Аппарат Акыйкатчы (Омбудсмена)",
            "Apparatus of the Akyikatchy (Ombudsman)",
        ),
        _t("Мамлекеттик кадр кызматы", "Государственная кадровая служба", "State Personnel Service"),
    ),
    counting_bodies=(
        _t("Президенттин Аппараты", "Аппарат Президента", "Apparatus of the President"),
        _t("Өкмөттүн Аппараты", "Аппарат Правительства", "Apparatus of the Government"),
        _t("Акыйкатчынын (Омбудсмендин) Аппараты", "Аппарат Акыйкатчы (Омбудсмена)", "Apparatus of the Ombudsman"),
        _t(
            "Шайлоо жана референдум өткөрүү боюнча борбордук комиссия (БШК)",
            "Центральная комиссия по выборам и проведению референдумов (ЦИК)",
            "Central Commission for Elections and Referenda (CEC)",
        ),
    ),
    quorum_numerator=2,
    quorum_denominator=3,
    commission=KindRules(
        seats_min=1,
        seats_max=10,
        seats_default=10,
        term_years=5,
        intake_months=1,
        min_age=25,
        one_per_association=True,
        association_min_members=ASSOCIATION_MIN_MEMBERS,
        association_forms=ASSOCIATION_FORMS,
        vote_window_days=(10, 20),
        replacement_days=10,
        representative_replacement_days=14,
        requirements=(
            _CITIZEN,
            Requirement(
                "min_age",
                _t("25 жаштан жаш эмес", "Не моложе 25 лет", "At least 25 years old"),
                check="min_age",
            ),
            _NO_RECORD,
            Requirement(
                "higher_education",
                _t("Жогорку билимдүү", "Имеющий высшее образование", "Higher education"),
                check="higher_education",
            ),
            Requirement(
                "public_activity",
                _t(
                    "Коомдук ишмердүүлүк боюнча тажрыйбасы бар",
                    "Имеющий опыт общественной деятельности",
                    "Experience of public activity",
                ),
            ),
            _NOT_OFFICIAL,
        ),
        documents=(
            DocumentRule(
                "association_letter",
                _t("Бирикмеден кат", "Письмо от объединения", "Letter from the association"),
            ),
            DocumentRule("application", _t("Талапкердин арызы", "Заявление кандидата", "The candidate's application")),
            DocumentRule("cv", _t("Резюме", "Резюме", "CV")),
        ),
    ),
    council=KindRules(
        seats_min=7,
        seats_max=15,
        seats_default=9,
        term_years=2,
        intake_months=1,
        sex_cap_percent=70,
        one_per_organization=True,
        one_council_per_person=True,
        self_nomination=True,
        announce_months_before_expiry=2,
        form_days_before_expiry=7,
        requirements=(
            _CITIZEN,
            _NO_RECORD,
            _NOT_OFFICIAL,
            Requirement(
                "impeccable_conduct",
                _t("Кынтыксыз жүрүм-турум", "Безупречное поведение", "Impeccable conduct"),
            ),
            Requirement(
                "no_relatives",
                _t(
                    "Коомдук кеңеш түзүлүүчү мамлекеттик органда туугандары жок",
                    "Не имеющий родственников в государственном органе, при котором образуется общественный совет",
                    "No relatives in the state body",
                ),
            ),
            Requirement(
                "not_dependent",
                _t(
                    "Коомдук кеңеш түзүлүүчү мамлекеттик органга көз каранды эмес",
                    "Не зависящий от государственного органа, при котором образуется общественный совет",
                    "Not dependent on the state body",
                ),
            ),
            Requirement(
                "active_public_activity",
                _t(
                    "Жигердүү коомдук ишмердүүлүк боюнча тажрыйбасы бар",
                    "Имеющий опыт активной общественной деятельности",
                    "Experience of active public activity",
                ),
            ),
        ),
        documents=(
            DocumentRule("application", _t("Талапкердин арызы", "Заявление кандидата", "The candidate's application")),
            DocumentRule("cv_with_photo", _t("Сүрөтү менен резюме", "Резюме с фотографией", "CV with photo")),
            DocumentRule(
                "recommendation_letter",
                _t("Сунуштама кат", "Рекомендательное письмо", "Recommendation letter"),
                min_count=2,
            ),
            DocumentRule(
                "vision_statement",
                _t(
                    "Коомдук кеңештеги ишине болгон көз карашы",
                    "Видение своей работы в общественном совете",
                    "The candidate's view of their work in the council",
                ),
            ),
        ),
    ),
)
