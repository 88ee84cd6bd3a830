"""The codebook as code: every dataset field declared once.

Validation, table column help, the in-app codebook and the data dictionary are all
generated from FIELDS. The names, codes and units follow ../shared/codebook.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Ordered codes. Order matters where it carries meaning (strictness of deadlines).
DURATION_STATUS_CODES = ("fixed", "no_fixed_limit", "not_stated")
OFFENSE_LEVEL_CODES = ("misdemeanor", "felony", "contempt", "crime_unclassified", "not_stated")
FEES_WAIVED_CODES = ("yes", "conditional", "no", "not_stated")
TRANSMISSION_CODES = (
    "immediate",
    "within_6h",
    "same_day",
    "within_24h",
    "next_business_day",
    "within_48h",
    "not_specified",
)
CIVIL_LIABILITY_CODES = ("civil_contempt", "contempt", "other", "none", "not_stated")

CODE_LABELS: dict[str, str] = {
    "fixed": "Fixed maximum",
    "no_fixed_limit": "No fixed limit",
    "not_stated": "Not stated",
    "misdemeanor": "Misdemeanor",
    "felony": "Felony",
    "contempt": "Contempt only",
    "crime_unclassified": "Crime, no class stated",
    "yes": "Yes",
    "conditional": "Conditional",
    "no": "No",
    "immediate": "Immediately",
    "within_6h": "Within 6 hours",
    "same_day": "Same day",
    "within_24h": "Within 24 hours",
    "next_business_day": "Next business day",
    "within_48h": "Within 48 hours",
    "not_specified": "No deadline stated",
    "civil_contempt": "Civil contempt",
    "other": "Other",
    "none": "None",
}

# The eight cells of a table row, in source order.
CELL_FIELDS = (
    "code_section",
    "activities_text",
    "duration_text",
    "penalty_text",
    "who_may_apply_text",
    "fees_waived_text",
    "transmission_text",
    "civil_liability_text",
)

CELL_HEADERS = {
    "code_section": "Code Section",
    "activities_text": "Activity Addressed by Order",
    "duration_text": "Duration",
    "penalty_text": "Penalty for a Violation of Order",
    "who_may_apply_text": "Who May Apply for Order",
    "fees_waived_text": "Fees Waived?",
    "transmission_text": "Transmission to Law Enforcement",
    "civil_liability_text": "Civil Liability",
}


@dataclass(frozen=True)
class Field:
    """One dataset column: its type, unit, label, help text and allowed codes."""

    name: str
    dtype: str  # string | int | float | bool | category
    label: str
    description: str
    group: str
    unit: str = ""
    codes: tuple[str, ...] = ()
    nullable: bool = False
    source_cell: str = ""  # the cell a coded field is read from
    coded: bool = False  # a value coded from the source (carries evidence)
    minimum: float | None = None
    maximum: float | None = None
    # A yes/no field: what "false" means to a reader. The coded false is the cell's silence
    # (it does not name the petitioner or remedy, or does not say the penalty applies),
    # never an explicit "no", so it is never shown as a bare "No".
    false_text: str = ""
    # A number that exists only under a status (a maximum only when the status is "fixed"):
    # under any other status the value reads as that status ("No fixed limit").
    status_field: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def help(self) -> str:
        """Help text for a table column: description, unit and codes."""
        parts = [self.description]
        if self.unit:
            parts.append(f"Unit: {self.unit}.")
        if self.codes:
            parts.append("Codes: " + ", ".join(self.codes) + ".")
        if self.nullable:
            parts.append("Empty means the source does not state it.")
        return " ".join(parts)


NOT_NAMED = "Not named"
NOT_STATED = "Not stated"


def _bool(name: str, label: str, description: str, group: str, cell: str) -> Field:
    """A yes/no field coded from a list the cell gives (petitioners, remedies)."""
    return Field(
        name, "bool", label, description, group, source_cell=cell, coded=True, false_text=NOT_NAMED
    )


_PETITIONERS = [
    (
        "petitioner_family_household",
        "Family or household member",
        "The who-may-apply cell names a family or household member (spouse, relative, "
        "cohabitant, parent of a child in common, household member).",
    ),
    ("petitioner_dating", "Dating partner", "The cell names a dating relationship."),
    (
        "petitioner_any_victim",
        "Any person or victim",
        "Any person or any victim of abuse may apply; no relationship is required.",
    ),
    ("petitioner_minor_self", "Minor on own behalf", "A minor may petition on their own behalf."),
    (
        "petitioner_on_behalf_of_minor",
        "On behalf of a minor or incompetent person",
        "A parent, guardian or adult may petition for a minor or incompetent person.",
    ),
    (
        "petitioner_third_party",
        "Agency, prosecutor, shelter, court or police",
        "An agency, prosecutor, shelter, court or police may petition.",
    ),
]

_REMEDIES = [
    ("remedy_no_contact", "No contact", "Enjoins contact or communication."),
    (
        "remedy_exclude_residence",
        "Exclusion from residence",
        "Excludes the respondent from the dwelling or residence.",
    ),
    (
        "remedy_stay_away_work_school",
        "Stay away from work or school",
        "Excludes the respondent from the petitioner's work, school or similar places.",
    ),
    (
        "remedy_custody_visitation",
        "Custody or visitation",
        "Awards temporary custody or sets visitation or parental rights.",
    ),
    ("remedy_support", "Support", "Orders child or spousal support or maintenance."),
    ("remedy_counseling", "Counseling", "Orders counseling or a treatment program."),
    (
        "remedy_firearms",
        "Firearms",
        "Prohibits possession or purchase of firearms, orders surrender or relinquishment, "
        "or suspends a firearms licence.",
    ),
    ("remedy_costs_fees", "Costs and fees", "Orders payment of court costs or attorney fees."),
    (
        "remedy_monetary_relief",
        "Monetary relief",
        "Orders restitution, compensation or reimbursement.",
    ),
    ("remedy_property", "Property", "Addresses possession or use of property or a vehicle."),
    ("remedy_animals", "Animals", "Addresses animals or pets."),
    (
        "remedy_alternate_housing",
        "Alternate housing",
        "Orders suitable alternate housing for the petitioner.",
    ),
]

FIELDS: tuple[Field, ...] = (
    # Identity
    Field(
        "state_code",
        "string",
        "State code",
        "USPS two-letter code (DC for the District of Columbia). The dataset's key.",
        "Identity",
    ),
    Field(
        "state_name",
        "string",
        "State",
        "Name of the state or the District of Columbia.",
        "Identity",
    ),
    Field("state_fips", "string", "FIPS code", "Two-digit state FIPS code, as text.", "Identity"),
    Field(
        "source_row",
        "int",
        "Source row",
        "Position of the row in Table 32 (1..51).",
        "Identity",
        minimum=1,
        maximum=51,
    ),
    # Source cells
    *(
        Field(
            name,
            "string",
            CELL_HEADERS[name],
            f'The "{CELL_HEADERS[name]}" cell of Table 32, verbatim (empty string for an '
            "empty cell).",
            "Source cells",
        )
        for name in CELL_FIELDS
    ),
    Field(
        "statute_repealed",
        "bool",
        "Statute repealed",
        "The code-section cell says the cited law was repealed.",
        "Identity",
        source_cell="code_section",
        coded=True,
        false_text=NOT_STATED,
    ),
    # Duration
    Field(
        "final_order_max_months",
        "float",
        "Final order: maximum term",
        "Standard upper limit on the initial term of a final (post-hearing) order, "
        "excluding extensions, renewals, aggravated-case caps and orders reached by "
        "conversion or stipulation. A range gives its upper end.",
        "Duration",
        unit="months",
        nullable=True,
        source_cell="duration_text",
        coded=True,
        minimum=0,
        maximum=120,
        status_field="final_order_duration_status",
    ),
    Field(
        "final_order_duration_status",
        "category",
        "Final order: duration status",
        "fixed: a maximum is stated; no_fixed_limit: lasts until further order of court "
        "or for a period the court chooses; not_stated: no maximum for a final order.",
        "Duration",
        codes=DURATION_STATUS_CODES,
        source_cell="duration_text",
        coded=True,
    ),
    Field(
        "final_order_min_months",
        "float",
        "Final order: minimum term",
        "A stated minimum term (the lower end of a range).",
        "Duration",
        unit="months",
        nullable=True,
        source_cell="duration_text",
        coded=True,
        minimum=0,
        maximum=120,
    ),
    Field(
        "final_order_max_months_aggravated",
        "float",
        "Final order: aggravated maximum",
        "A longer cap stated in the duration cell for aggravated circumstances or prior "
        "violations.",
        "Duration",
        unit="months",
        nullable=True,
        source_cell="duration_text",
        coded=True,
        minimum=0,
        maximum=240,
    ),
    Field(
        "indefinite_order_possible",
        "bool",
        "Indefinite order possible",
        'The duration cell says an order can be permanent, indefinite, "until further '
        'order of court", or "extended indefinitely".',
        "Duration",
        source_cell="duration_text",
        coded=True,
        false_text=NOT_STATED,
    ),
    Field(
        "final_order_extendable",
        "bool",
        "Final order extendable",
        "The duration cell says the final order may be extended, renewed or reissued.",
        "Duration",
        nullable=True,
        source_cell="duration_text",
        coded=True,
        # Nullable: silence is null, so a false here would be the cell saying "no".
        false_text="No",
    ),
    Field(
        "emergency_order_max_days",
        "float",
        "Emergency order: maximum term",
        "Longest stated term of an emergency, ex parte, temporary or interim order "
        "issued before the full hearing, excluding extensions.",
        "Duration",
        unit="days",
        nullable=True,
        source_cell="duration_text",
        coded=True,
        minimum=0,
        maximum=400,
    ),
    # Penalty
    Field(
        "violation_max_jail_days",
        "int",
        "Violation: maximum jail",
        "Maximum jail term for a first, basic criminal violation (contempt where it is "
        "the only penalty with a term). 1 year = 365 days, 1 month = 30 days.",
        "Penalty",
        unit="days",
        nullable=True,
        source_cell="penalty_text",
        coded=True,
        minimum=0,
        maximum=3650,
    ),
    Field(
        "violation_max_fine_usd",
        "int",
        "Violation: maximum fine",
        "Maximum fine for a first, basic criminal violation. An income-dependent fine is "
        "empty; a civil penalty counts as the fine.",
        "Penalty",
        unit="USD",
        nullable=True,
        source_cell="penalty_text",
        coded=True,
        minimum=0,
        maximum=100000,
    ),
    Field(
        "violation_offense_level",
        "category",
        "Violation: offence level",
        "Classification of a first basic violation.",
        "Penalty",
        codes=OFFENSE_LEVEL_CODES,
        source_cell="penalty_text",
        coded=True,
    ),
    Field(
        "mandatory_min_jail",
        "bool",
        "Mandatory minimum jail",
        "Some violation (first or repeat) carries a required minimum jail term. "
        "Guidelines the court is merely encouraged to follow do not count.",
        "Penalty",
        source_cell="penalty_text",
        coded=True,
        false_text=NOT_STATED,
    ),
    Field(
        "repeat_violation_felony",
        "bool",
        "Repeat violation can be a felony",
        "A second, subsequent or repeated violation is, or can be charged as, a felony. "
        "Felonies tied only to injury, assault, weapons or other crimes do not count.",
        "Penalty",
        source_cell="penalty_text",
        coded=True,
        false_text=NOT_STATED,
    ),
    # Who may apply
    *(_bool(n, lbl, d, "Who may apply", "who_may_apply_text") for n, lbl, d in _PETITIONERS),
    # Remedies
    *(_bool(n, lbl, d, "Remedies", "activities_text") for n, lbl, d in _REMEDIES),
    # Fees, transmission, civil liability
    Field(
        "fees_waived",
        "category",
        "Fees waived",
        "yes: the petitioner pays no filing or service fees (including costs paid by the "
        "judicial branch or the respondent); conditional: depends on indigency, an "
        "affidavit or form, good faith or court discretion; no; not_stated.",
        "Fees",
        codes=FEES_WAIVED_CODES,
        source_cell="fees_waived_text",
        coded=True,
    ),
    Field(
        "transmission_deadline",
        "category",
        "Transmission deadline",
        "The strictest stated deadline for getting the order to law enforcement, from "
        "immediate to not_specified (a recipient but no deadline, or an empty cell).",
        "Transmission",
        codes=TRANSMISSION_CODES,
        source_cell="transmission_text",
        coded=True,
    ),
    Field(
        "statewide_registry",
        "bool",
        "State-level registry",
        "The order is entered into or sent to a state-level registry, database, "
        "information network, data system or verification system.",
        "Transmission",
        source_cell="transmission_text",
        coded=True,
        false_text=NOT_NAMED,
    ),
    Field(
        "civil_liability",
        "category",
        "Civil liability",
        'civil_contempt; contempt (criminal or unspecified); other (any other "Yes" '
        'text); none ("No"); not_stated (empty cell).',
        "Civil liability",
        codes=CIVIL_LIABILITY_CODES,
        source_cell="civil_liability_text",
        coded=True,
    ),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS)
CODED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.coded)
PETITIONER_FIELDS: tuple[str, ...] = tuple(n for n, _, _ in _PETITIONERS)
REMEDY_FIELDS: tuple[str, ...] = tuple(n for n, _, _ in _REMEDIES)


# Jurisdictions in source order: the 50 states alphabetically, DC between DE and FL.
JURISDICTIONS: tuple[tuple[str, str, str], ...] = (
    ("AL", "Alabama", "01"),
    ("AK", "Alaska", "02"),
    ("AZ", "Arizona", "04"),
    ("AR", "Arkansas", "05"),
    ("CA", "California", "06"),
    ("CO", "Colorado", "08"),
    ("CT", "Connecticut", "09"),
    ("DE", "Delaware", "10"),
    ("DC", "District of Columbia", "11"),
    ("FL", "Florida", "12"),
    ("GA", "Georgia", "13"),
    ("HI", "Hawaii", "15"),
    ("ID", "Idaho", "16"),
    ("IL", "Illinois", "17"),
    ("IN", "Indiana", "18"),
    ("IA", "Iowa", "19"),
    ("KS", "Kansas", "20"),
    ("KY", "Kentucky", "21"),
    ("LA", "Louisiana", "22"),
    ("ME", "Maine", "23"),
    ("MD", "Maryland", "24"),
    ("MA", "Massachusetts", "25"),
    ("MI", "Michigan", "26"),
    ("MN", "Minnesota", "27"),
    ("MS", "Mississippi", "28"),
    ("MO", "Missouri", "29"),
    ("MT", "Montana", "30"),
    ("NE", "Nebraska", "31"),
    ("NV", "Nevada", "32"),
    ("NH", "New Hampshire", "33"),
    ("NJ", "New Jersey", "34"),
    ("NM", "New Mexico", "35"),
    ("NY", "New York", "36"),
    ("NC", "North Carolina", "37"),
    ("ND", "North Dakota", "38"),
    ("OH", "Ohio", "39"),
    ("OK", "Oklahoma", "40"),
    ("OR", "Oregon", "41"),
    ("PA", "Pennsylvania", "42"),
    ("RI", "Rhode Island", "44"),
    ("SC", "South Carolina", "45"),
    ("SD", "South Dakota", "46"),
    ("TN", "Tennessee", "47"),
    ("TX", "Texas", "48"),
    ("UT", "Utah", "49"),
    ("VT", "Vermont", "50"),
    ("VA", "Virginia", "51"),
    ("WA", "Washington", "53"),
    ("WV", "West Virginia", "54"),
    ("WI", "Wisconsin", "55"),
    ("WY", "Wyoming", "56"),
)
STATE_NAMES: dict[str, str] = {c: n for c, n, _ in JURISDICTIONS}


def code_label(code: object) -> str:
    """Human label for a categorical code ("not_stated" -> "Not stated")."""
    if code is None:
        return "Not stated"
    return CODE_LABELS.get(str(code), str(code))
