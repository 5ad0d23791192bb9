"""The Dutch schedule parser: every form of the issue, DST, month ends, leap years, holidays."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from bot.errors import ScheduleError
from jobs.calendar_nl import is_workday, subtract_workdays
from jobs.schedule_nl import parse_lead, parse_schedule, preview

START = datetime(2026, 11, 23, 9, 0)  # a Monday, local time


def occ(phrase: str, count: int = 3, start: datetime = START) -> list[str]:
    return preview(phrase, start, count)["occurrences"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("elke vrijdag om 16:00", ["2026-11-27T16:00:00+01:00", "2026-12-04T16:00:00+01:00"]),
        (
            "elke maandag en donderdag om 9:30",
            ["2026-11-23T09:30:00+01:00", "2026-11-26T09:30:00+01:00"],
        ),
        (
            "elke 3 weken op maandag om 11:00",
            ["2026-11-23T11:00:00+01:00", "2026-12-14T11:00:00+01:00"],
        ),
        (
            "elke derde woensdag van de maand om 10 uur",
            ["2026-12-16T10:00:00+01:00", "2027-01-20T10:00:00+01:00"],
        ),
        (
            "elke laatste dinsdag van de maand",
            ["2026-11-24T09:00:00+01:00", "2026-12-29T09:00:00+01:00"],
        ),
        ("elke maand op de 1e om 9:00", ["2026-12-01T09:00:00+01:00", "2027-01-01T09:00:00+01:00"]),
        (
            "elk kwartaal op de 10e om 10:00",
            ["2027-01-10T10:00:00+01:00", "2027-04-10T10:00:00+02:00"],
        ),
        (
            "elk jaar op 15 september om 10:00",
            ["2027-09-15T10:00:00+02:00", "2028-09-15T10:00:00+02:00"],
        ),
        ("elke 4 jaar op 1 juni", ["2027-06-01T09:00:00+02:00", "2031-06-01T09:00:00+02:00"]),
        ("op 12 maart 2027 om 13:30", ["2027-03-12T13:30:00+01:00"]),
        ("op 12-03-2027 om 13:30", ["2027-03-12T13:30:00+01:00"]),
        ("vandaag om 17:00", ["2026-11-23T17:00:00+01:00"]),
        ("morgen", ["2026-11-24T09:00:00+01:00"]),
        ("overmorgen om 10 uur", ["2026-11-25T10:00:00+01:00"]),
        ("over 3 dagen", ["2026-11-26T09:00:00+01:00"]),
        ("over 1 week om 14:00", ["2026-11-30T14:00:00+01:00"]),
        ("over 2 maanden", ["2027-01-23T09:00:00+01:00"]),
        ("elke dag om 8:00", ["2026-11-24T08:00:00+01:00", "2026-11-25T08:00:00+01:00"]),
        ("elke werkdag om 9:00", ["2026-11-24T09:00:00+01:00", "2026-11-25T09:00:00+01:00"]),
        ("Iedere vrijdag om 9.30", ["2026-11-27T09:30:00+01:00", "2026-12-04T09:30:00+01:00"]),
        ("om de week op dinsdag", ["2026-11-24T09:00:00+01:00", "2026-12-08T09:00:00+01:00"]),
    ],
)
def test_every_form_of_the_issue(phrase: str, expected: list[str]) -> None:
    assert occ(phrase, len(expected)) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "elke vrijdag om 16:00",
        "elke maandag, woensdag en vrijdag om 09:00, 1 dag van tevoren",
        "elke 3 weken op maandag om 11:00",
        "elke eerste en derde maandag van de maand om 09:00",
        "elke maand op de laatste dag om 17:00",
        "elk kwartaal op de 31e om 10:00, 3 werkdagen van tevoren",
        "elke 4 jaar op 1 juni om 09:00",
        "elke werkdag om 08:15, 2 uur van tevoren",
        "morgen om 9:00, 30 minuten van tevoren",
    ],
)
def test_spec_is_canonical_and_parses_to_the_same_occurrences(phrase: str) -> None:
    first = preview(phrase, START, 6)
    again = preview(first["spec"], START, 6)
    assert again == first


def test_times_default_to_nine_and_accept_three_notations() -> None:
    assert occ("morgen", 1) == ["2026-11-24T09:00:00+01:00"]
    for phrase in ("morgen om 9:30", "morgen om 9.30", "morgen om 09:30 uur"):
        assert occ(phrase, 1) == ["2026-11-24T09:30:00+01:00"]
    assert occ("morgen om 9 uur", 1) == ["2026-11-24T09:00:00+01:00"]


def test_occurrences_are_strictly_after_the_start() -> None:
    # Start exactly on an occurrence: that one is not included.
    assert occ("elke maandag om 9:00", 1) == ["2026-11-30T09:00:00+01:00"]
    with pytest.raises(ScheduleError):
        parse_schedule("vandaag om 9:00", START)


def test_every_n_weeks_anchors_on_first_matching_day_after_start() -> None:
    # Start on Tuesday: the first Monday is next week, then every 3 weeks from there.
    got = occ("elke 3 weken op maandag om 11:00", 3, datetime(2026, 11, 24, 8, 0))
    assert got == [
        "2026-11-30T11:00:00+01:00",
        "2026-12-21T11:00:00+01:00",
        "2027-01-11T11:00:00+01:00",
    ]
    # The anchor is stored in the schedule: later queries keep the same rhythm.
    schedule = parse_schedule("elke 3 weken op maandag om 11:00", datetime(2026, 11, 24, 8, 0))
    later = schedule.occurrences(datetime.fromisoformat("2027-01-01T00:00:00+01:00"), 1)
    assert later[0].isoformat() == "2027-01-11T11:00:00+01:00"


def test_every_n_years_anchors_on_first_matching_date_after_start() -> None:
    assert occ("elke 4 jaar op 1 juni", 2, datetime(2027, 6, 1, 10, 0)) == [
        "2028-06-01T09:00:00+02:00",
        "2032-06-01T09:00:00+02:00",
    ]


# -- DST, month ends, leap years, holidays -------------------------------------------------


def test_wall_clock_time_is_kept_across_both_dst_changes() -> None:
    spring = occ("elke dag om 8:00", 3, datetime(2026, 3, 27, 12, 0))
    assert spring == [
        "2026-03-28T08:00:00+01:00",
        "2026-03-29T08:00:00+02:00",
        "2026-03-30T08:00:00+02:00",
    ]
    autumn = occ("elke vrijdag om 16:00", 2, datetime(2026, 10, 20, 12, 0))
    assert autumn == ["2026-10-23T16:00:00+02:00", "2026-10-30T16:00:00+01:00"]


def test_a_time_that_dst_skips_moves_forward_an_hour_that_day_only() -> None:
    got = occ("elke dag om 2:30", 3, datetime(2026, 3, 28, 12, 0))
    assert got == [
        "2026-03-29T03:30:00+02:00",
        "2026-03-30T02:30:00+02:00",
        "2026-03-31T02:30:00+02:00",
    ]


def test_lead_in_hours_is_calendar_time_across_dst() -> None:
    got = preview("elke dag om 03:30, 2 uur van tevoren", datetime(2026, 3, 28, 12, 0), 1)
    # 03:30 summer time is 01:30 UTC; two real hours earlier is 23:30 UTC on the 28th,
    # which is 00:30 winter time (the wall clock shows only one hour less).
    assert got["occurrences"] == ["2026-03-29T03:30:00+02:00"]
    assert got["reminders"] == ["2026-03-29T00:30:00+01:00"]


def test_lead_in_days_keeps_time_of_day_across_dst() -> None:
    got = preview("elke maandag om 10:00, 2 dagen van tevoren", datetime(2026, 3, 27, 12, 0), 1)
    assert got["occurrences"] == ["2026-03-30T10:00:00+02:00"]
    assert got["reminders"] == ["2026-03-28T10:00:00+01:00"]


def test_day_31_falls_on_the_last_day_of_shorter_months() -> None:
    got = occ("elke maand op de 31e", 5, datetime(2027, 1, 1, 0, 0))
    assert [g[:10] for g in got] == [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
        "2027-04-30",
        "2027-05-31",
    ]
    assert occ("elk kwartaal op de 31e", 2, datetime(2027, 1, 1))[1][:10] == "2027-04-30"


def test_over_months_clamps_to_month_end_and_leap_day() -> None:
    assert occ("over 1 maand", 1, datetime(2027, 1, 31, 12, 0))[0][:10] == "2027-02-28"
    assert occ("over 1 maand", 1, datetime(2028, 1, 31, 12, 0))[0][:10] == "2028-02-29"


def test_leap_day_yearly_uses_28_february_in_other_years() -> None:
    got = occ("elk jaar op 29 februari", 3, datetime(2027, 1, 1))
    assert [g[:10] for g in got] == ["2027-02-28", "2028-02-29", "2029-02-28"]
    assert occ("op 29 februari", 1, datetime(2027, 1, 1))[0][:10] == "2028-02-29"


def test_werkdag_skips_weekends_and_dutch_holidays() -> None:
    got = occ("elke werkdag om 9:00", 5, datetime(2026, 12, 23, 12, 0))
    # 25 and 26 December are holidays, 27 is Sunday, then 28..30 December.
    assert [g[:10] for g in got] == [
        "2026-12-24",
        "2026-12-28",
        "2026-12-29",
        "2026-12-30",
        "2026-12-31",
    ]
    # Koningsdag 2027 falls on a Tuesday.
    kings = occ("elke werkdag", 2, datetime(2027, 4, 26, 12, 0))
    assert [g[:10] for g in kings] == ["2027-04-28", "2027-04-29"]


def test_lead_in_werkdagen_skips_weekend_and_easter() -> None:
    # Thursday 1 April 2027 10:00; three working days back over Easter (Good Friday
    # 26 March, Easter Monday 29 March are holidays): 31 March, 30 March, 25 March.
    got = preview("op 1 april 2027 om 10:00, 3 werkdagen van tevoren", datetime(2027, 3, 1), 1)
    assert got["reminders"] == ["2027-03-25T10:00:00+01:00"]
    assert subtract_workdays(datetime(2027, 1, 4).date(), 1).isoformat() == "2026-12-31"
    assert not is_workday(datetime(2027, 5, 6).date())  # Hemelvaart


def test_other_leads_are_calendar_time() -> None:
    got = preview("elke maandag om 10:00, 1 week vooraf", START, 2)
    # The meeting of 23 November is skipped (its reminder moment has passed), and said so.
    assert got["occurrences"] == ["2026-11-30T10:00:00+01:00", "2026-12-07T10:00:00+01:00"]
    assert got["reminders"] == ["2026-11-23T10:00:00+01:00", "2026-11-30T10:00:00+01:00"]
    assert got["skipped"] == ["2026-11-23T10:00:00+01:00"]
    assert "krijgt geen herinnering meer" in got["notes"][0]
    assert parse_lead("3 werkdagen").describe() == "3 werkdagen van tevoren"
    assert parse_lead("1 uur vooraf").describe() == "1 uur van tevoren"


def test_preview_without_start_uses_now_in_amsterdam() -> None:
    with time_machine.travel(datetime.fromisoformat("2026-07-01T20:00:00+00:00"), tick=False):
        # 22:00 local summer time: "vandaag om 21:00" is past, "morgen" is 2 July.
        assert preview("morgen")["occurrences"] == ["2026-07-02T09:00:00+02:00"]
        with pytest.raises(ScheduleError):
            preview("vandaag om 21:00")


def test_preview_leaves_out_reminders_without_lead_time() -> None:
    assert "reminders" not in preview("elke vrijdag", START)
    assert preview("elke vrijdag", START)["timezone"] == "Europe/Amsterdam"


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "names"),
    [
        ("op 31 februari 2027", "31 februari bestaat niet"),
        ("elk jaar op 31 februari", "31 februari bestaat niet"),
        ("op 29 februari 2027", "geen schrikkeljaar"),
        ("elke dag om 25:00", "'om 25:00' is geen geldige tijd"),
        ("morgen om 9:75", "geen geldige tijd"),
        ("", "geen planning opgegeven"),
        ("   ", "geen planning opgegeven"),
        ("blauwe maandag", "Ik begrijp 'blauwe maandag' niet"),
        ("elke vrijdag om 16:00, 3 wekken van tevoren", "'3 wekken van tevoren'"),
        ("elke dag om kwart over dertig", "de tijd 'om kwart over dertig'"),
        ("elke maand op de 32e", "geen dag 32"),
        ("op 12 maart 2020 om 13:30", "ligt niet na het startmoment"),
        ("op 12-13-2027", "maand 13 bestaat niet"),
        ("elke 0 weken op maandag", "kies een aantal"),
        ("elke vrijdag " * 40, "te lang"),
    ],
)
def test_errors_are_dutch_say_what_and_show_two_examples(phrase: str, names: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(phrase, START)
    message = caught.value.message
    assert names in message
    assert message.count("'") >= 4 and "Probeer bijvoorbeeld:" in message
    assert caught.value.exit_code == 2
    # The examples shown must themselves be valid phrases.
    examples = message.split("Probeer bijvoorbeeld: ")[1].rstrip(".").split(" of ")
    for example in examples:
        parse_schedule(example.strip("'"), START)


def test_control_characters_and_invalid_bytes_are_dropped() -> None:
    assert parse_schedule("elke\x07 vrijdag\udc80 om 16:00", START).describe() == "elke vrijdag om 16:00"


def test_over_hours_is_real_elapsed_time_across_dst() -> None:
    # 01:30 winter time + 2 real hours = 04:30 summer time on the spring-forward night.
    got = occ("over 2 uur", 1, datetime(2026, 3, 29, 1, 30))
    assert got == ["2026-03-29T04:30:00+02:00"]
