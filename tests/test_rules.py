"""Each rule on real snippets from Table 32, with the value the codebook requires."""

import pytest

from analysis.build import rules


@pytest.mark.parametrize(
    ("n", "unit", "months"),
    [
        (1, "year", 12),
        (90, "days", 3.0),
        (150, "days", 4.9),
        (180, "days", 5.9),
        (182, "days", 6.0),
        (18, "months", 18),
        (2, "yrs.", 24),
    ],
)
def test_codebook_unit_conversions(n, unit, months):
    assert rules.to_months(n, unit) == months


@pytest.mark.parametrize(
    ("n", "unit", "days"),
    [
        (1, "year", 365),
        (6, "months", 180),
        (2.5, "years", 912),
        (9, "months", 270),
        (93, "days", 93),
        (72, "hours", 3),
    ],
)
def test_codebook_jail_conversions(n, unit, days):
    assert rules.to_jail_days(n, unit) == days


DURATION_CASES = [
    # (cell, max months, status, min months, emergency days)
    (
        "Up to 1 year, can be amended at any time upon verified petition by either party",
        12,
        "fixed",
        None,
        None,
    ),
    (
        "Minimum 90 days, maximum 2yrs.; may be renewed. Temporary order: maximum 30 days",
        24,
        "fixed",
        3.0,
        30,
    ),
    (
        "Emergency order: the earlier of the close of the 5th business day after issue or 7 "
        "calendar days. Others: 3 year maximum unless extended by office or parties stipulate to "
        "permanent order",
        36,
        "fixed",
        None,
        7,
    ),
    (
        "Emergency: maximum close of business on 3rd day following issue, unless continued",
        None,
        "not_stated",
        None,
        3,
    ),
    (
        "Full order: min. 180 days to 1 yr., may be renewed for same amount of time",
        12,
        "fixed",
        5.9,
        None,
    ),
    ("Final protective order: 90-180 days; may be extended", 5.9, "fixed", 3.0, None),
    ("Minimum 182 days unless modified", None, "not_stated", 6.0, None),
    (
        "Temporary: until close of business on next day after order is issued. General: 3 yrs. "
        "max until modified or extended",
        36,
        "fixed",
        None,
        1,
    ),
    (
        "Restraining order to protect minors: maximum 1 year, may be extended. Ex parte "
        "temporary order: maximum 14 or 24 days, may be reissued",
        12,
        "fixed",
        None,
        24,
    ),
    (
        "Until further order of court for threats and acts of domestic violence 6 months for "
        "other acts",
        None,
        "no_fixed_limit",
        None,
        None,
    ),
    (
        "Not to exceed 2 yrs. or 5 yrs. if aggravated or previous violation §842",
        24,
        "fixed",
        None,
        None,
    ),
    ("Emergency: 72 hrs.; maximum: 6 months, may be extended for 6 months", 6, "fixed", None, 3),
    ("Temporary: maximum 30 days", None, "not_stated", None, 30),
    ("", None, "not_stated", None, None),
    (
        "Emergency: maximum 14 days, may be extended for 14 days. General: maximum 3 years, may "
        "be reissued for a year period, with unlimited reissues",
        36,
        "fixed",
        None,
        14,
    ),
    ("Maximum 5 years, may be renewed; or upon court action for divorce", 60, "fixed", None, None),
    (
        "Injunction: maximum 4 years or until child victim is 18 years, whichever is first",
        48,
        "fixed",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("cell", "max_m", "status", "min_m", "emerg"), DURATION_CASES)
def test_duration_rules(cell, max_m, status, min_m, emerg):
    assert rules.final_order_max_months(cell).value == max_m
    assert rules.final_order_duration_status(cell).value == status
    assert rules.final_order_min_months(cell).value == min_m
    assert rules.emergency_order_max_days(cell).value == emerg


def test_aggravated_cap_is_separate():
    cell = "Not to exceed 2 yrs. or 5 yrs. if aggravated or previous violation §842"
    assert rules.final_order_max_months_aggravated(cell).value == 60
    assert (
        rules.final_order_max_months_aggravated("Maximum 18 months, may be extended").value is None
    )


@pytest.mark.parametrize(
    ("cell", "indefinite", "extendable"),
    [
        (
            "emergency: expires at end of next business day;General: maximum 3 years, may be "
            "extended indefinitely",
            True,
            True,
        ),
        ("6 months unless extended", False, True),
        (
            "Maximum 1 year. Emergency: maximum 72 hours; may then seek temporary order.",
            False,
            None,
        ),
        ("Temporary: maximum 20 days, may be extended; General: maximum 2 yrs.", False, None),
        (
            "Temporary order may be converted to permanent order or to an order effective for not "
            "more than 3 yrs.",
            True,
            None,
        ),
        ("Protective order: maximum 1 yr.; extensions up to 1 yr. each", False, True),
    ],
)
def test_indefinite_and_extendable(cell, indefinite, extendable):
    assert rules.indefinite_order_possible(cell).value is indefinite
    assert rules.final_order_extendable(cell).value is extendable


PENALTY_CASES = [
    # (cell, jail days, fine usd, level)
    (
        "Willful violation: Class A misdemeanor, fine not to exceed $2,000 and/or jail up to 1 "
        "year; 2nd conviction: 30 days unsuspended jail sentence",
        365,
        2000,
        "misdemeanor",
    ),
    ("Possible misdemeanor, up to 1 year in jail, up to $5,000 fine", 365, 5000, "misdemeanor"),
    (
        "Arrest and prosecution for the crime of interfering with judicial proceeding and any "
        "other crime committed in disobeying the order",
        None,
        None,
        "crime_unclassified",
    ),
    (
        "Contempt of court: imprisonment maximum 6 months and/or fine, maximum $500",
        180,
        500,
        "contempt",
    ),
    (
        "Fine: maximum $5,000 and/or jail, maximum 2.5 years and order appropriate treatment; "
        "additional $25 fine for deposit into General Fund; if retaliation: at least $1,000 not "
        "more than $10,000 and at least 60 days imprisonment",
        912,
        5000,
        "crime_unclassified",
    ),
    (
        "Contempt: fine greater of $500 or 1% annual income and/or jail maximum 6 months",
        180,
        None,
        "contempt",
    ),
    (
        "Civil or criminal contempt: civil penalty of $50; extension of order up to 5 yrs.; 2nd or "
        "subsequent: extension up to 10 yrs.",
        None,
        50,
        "contempt",
    ),
    (
        "Misdemeanor: minimum 3 days jail and counseling. Gross misdemeanor if convicted under "
        "certain laws, within 10 years: minimum 10 days and counseling",
        None,
        None,
        "misdemeanor",
    ),
    ("Contempt of court: if intentional violation, Class A misdemeanor", None, None, "misdemeanor"),
    ("Class A misdemeanor", None, None, "misdemeanor"),
    ("", None, None, "not_stated"),
    (
        "Misdemeanor: jail minimum 1 day and maximum 1 year and fine, minimum $250 and maximum "
        "$2,000; 2nd or subsequent misdemeanor: jail minimum 3 months, maximum 1 yr.",
        365,
        2000,
        "misdemeanor",
    ),
    (
        "If knowingly violates, jail maximum 9 months and/or fine maximum $1,000",
        270,
        1000,
        "crime_unclassified",
    ),
    (
        "Indirect criminal contempt: fine: minimum $300 maximum $1,000 and maximum 6 months jail or "
        "probation",
        180,
        1000,
        "contempt",
    ),
]


@pytest.mark.parametrize(("cell", "jail", "fine", "level"), PENALTY_CASES)
def test_penalty_rules(cell, jail, fine, level):
    assert rules.violation_max_jail_days(cell).value == jail
    assert rules.violation_max_fine_usd(cell).value == fine
    assert rules.violation_offense_level(cell).value == level


@pytest.mark.parametrize(
    ("cell", "mandatory"),
    [
        ("Violation of protective order: 1st conviction, mandatory minimum jail 48 hours", True),
        ("2nd conviction: 30 days unsuspended jail sentence", True),
        ("If 2nd or subsequent domestic violation contempt offense: jail minimum 30 days", True),
        (
            "If willful violation: contempt of court; may include jail, restitution, fines, "
            "attorneys fees and costs, or community service. Court encouraged to follow these "
            "guidelines: 1st violation: minimum 24 hours jail; 2nd or subsequent violation: "
            "minimum 48 hours jail",
            False,
        ),
        (
            "Misdemeanor: maximum 6 months jail and/or fine, maximum $1,000; or contempt of court",
            False,
        ),
    ],
)
def test_mandatory_minimum_jail(cell, mandatory):
    assert rules.mandatory_min_jail(cell).value is mandatory


@pytest.mark.parametrize(
    ("cell", "felony"),
    [
        ("Class A misdemeanor unless convicted of same within 5 years: Class D felony", True),
        ("Class A misdemeanor and contempt of court. If 2nd or subsequent: Class C felony", True),
        (
            "1st degree misdemeanor; violation with certain other crimes: 5th degree felony; "
            "violation concurrent with another felony: 3rd degree felony",
            False,
        ),
        (
            "Gross misdemeanor: contempt of court. If assault less than 1st or 2nd degree occurs: "
            "Class C felony.",
            False,
        ),
        (
            "If knowing violation: class A misdemeanor. If violating order concerning minors: Class "
            "4 felony.",
            False,
        ),
    ],
)
def test_repeat_violation_felony(cell, felony):
    assert rules.repeat_violation_felony(cell).value is felony


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "Spouse, former spouse, blood or marital relative, parent of ones child, dating "
            "relation, minor",
            {"petitioner_family_household", "petitioner_dating"},
        ),
        (
            "Any person; a minor petitioner need not be accompanied by a parent or guardian",
            {"petitioner_any_victim", "petitioner_minor_self"},
        ),
        (
            "Any parent; adult household member, parent or district attorney on behalf of minor or "
            "incompetent",
            {
                "petitioner_family_household",
                "petitioner_on_behalf_of_minor",
                "petitioner_third_party",
            },
        ),
        ("Any victim of domestic abuse", {"petitioner_any_victim"}),
        (
            "Adult member of family or dating relationship; prosecuting attorney; department of "
            "protective and regulatory services; any adult to protect a child",
            {
                "petitioner_family_household",
                "petitioner_dating",
                "petitioner_third_party",
                "petitioner_on_behalf_of_minor",
            },
        ),
    ],
)
def test_who_may_apply(cell, expected):
    fields = [
        "petitioner_family_household",
        "petitioner_dating",
        "petitioner_any_victim",
        "petitioner_minor_self",
        "petitioner_on_behalf_of_minor",
        "petitioner_third_party",
    ]
    assert {f for f in fields if rules.petitioner(f, cell).value} == expected


def test_remedies_on_a_real_cell():
    cell = (
        "Enjoin contact; exclude from dwelling, school, or work; support regarding minors: "
        "temporary custody, visitations; counseling, court costs and attorneys fee; "
        "prohibition from possession of a firearm; order termination of a life insurance "
        "policy; care and custody of any animal in household"
    )
    got = {f for f in rules._REMEDY_PATTERNS if rules.remedy(f, cell).value}
    assert got == {
        "remedy_no_contact",
        "remedy_exclude_residence",
        "remedy_stay_away_work_school",
        "remedy_custody_visitation",
        "remedy_support",
        "remedy_counseling",
        "remedy_firearms",
        "remedy_costs_fees",
        "remedy_animals",
    }


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Yes", "yes"),
        ("No", "no"),
        ("", "not_stated"),
        ("The cost of such service shall be paid for by the judicial branch§46b-15(e)", "yes"),
        ("Paid by perpetrator", "yes"),
        ("Yes, court may order respondent to reimburse petitioner court fees", "yes"),
        ("Yes, may be waived", "conditional"),
        ("Yes, in good faith", "conditional"),
        ("Yes, if affidavit filed", "conditional"),
        ("Determined at hearing", "conditional"),
        ("May be if inability- topay-filing-fees order form submitted", "conditional"),
        (
            "No court costs shall be assessed for filing, issuance, registration, or service of a "
            "protective order",
            "yes",
        ),
    ],
)
def test_fees_waived(cell, code):
    assert rules.fees_waived(cell).value == code


@pytest.mark.parametrize(
    ("cell", "code", "registry"),
    [
        (
            "Yes; immediately; appropriate law enforcement agency within 48 hours of issuance if "
            "employed in another town",
            "immediate",
            False,
        ),
        (
            "Certified copy to county sheriff within 6 hours of filing of the order",
            "within_6h",
            False,
        ),
        (
            "By the close of business on day of issuance; local law enforcement agency must notify "
            "Department of Justice for domestic violence protective order registry",
            "same_day",
            True,
        ),
        ("Within 24 hours of issuance", "within_24h", False),
        (
            "Entered into statewide judicial information system within one judicial day; copy on or "
            "before next judicial day to appropriate law enforcement agency",
            "next_business_day",
            True,
        ),
        (
            "Copy to county sheriff, and entered into Law Enforcement Data System",
            "not_specified",
            True,
        ),
        ("Metropolitan police department", "not_specified", False),
        ("", "not_specified", False),
        (
            "For temporary emergency or interim relief; copy to law enforcement agency as soon as "
            "possible.",
            "immediate",
            False,
        ),
    ],
)
def test_transmission(cell, code, registry):
    assert rules.transmission_deadline(cell).value == code
    assert rules.statewide_registry(cell).value is registry


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Civil contempt", "civil_contempt"),
        ("Yes, civil contempt", "civil_contempt"),
        ("Contempt of court", "contempt"),
        ("Yes, contempt of court", "contempt"),
        ("Yes, for false statements made in court", "other"),
        ("Yes", "other"),
        ("No", "none"),
        ("", "not_stated"),
    ],
)
def test_civil_liability(cell, code):
    assert rules.civil_liability(cell).value == code


def test_every_rule_evidence_is_a_substring_of_its_input():
    cell = "Misdemeanor: maximum 6 months jail and/or fine, maximum $1,000; or contempt of court"
    for fn in rules.PENALTY_RULES.values():
        coded = fn(cell)
        assert coded.evidence in cell
