"""Built-in word lists and synthetic identifiers for generated people and hospitals.

No network and no Faker locales: the lists below are enough for a demo that looks like England,
and every value is drawn from a `random.Random` the caller seeds, so a seed gives the same data.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Iterable
from datetime import date, timedelta

import nhs_number

MALE_GIVEN_NAMES = (
    "Adam",
    "Ahmed",
    "Alfie",
    "Amir",
    "Andrew",
    "Ben",
    "Callum",
    "Charlie",
    "Connor",
    "Daniel",
    "David",
    "Dylan",
    "Ethan",
    "Finley",
    "Gary",
    "George",
    "Harry",
    "Harvey",
    "Imran",
    "Isaac",
    "Jack",
    "Jacob",
    "Jamal",
    "James",
    "Jayden",
    "Joe",
    "John",
    "Jordan",
    "Joshua",
    "Kai",
    "Kevin",
    "Kieran",
    "Leo",
    "Lewis",
    "Liam",
    "Luke",
    "Marcus",
    "Mark",
    "Matthew",
    "Mohammed",
    "Nathan",
    "Noah",
    "Oliver",
    "Oscar",
    "Owen",
    "Paul",
    "Peter",
    "Reece",
    "Richard",
    "Robert",
    "Ryan",
    "Sam",
    "Sean",
    "Simon",
    "Stephen",
    "Thomas",
    "Tyler",
    "Usman",
    "William",
    "Zain",
)

FEMALE_GIVEN_NAMES = (
    "Aaliyah",
    "Abigail",
    "Aisha",
    "Alice",
    "Amber",
    "Amelia",
    "Amy",
    "Ava",
    "Bethany",
    "Chloe",
    "Claire",
    "Daisy",
    "Danielle",
    "Ella",
    "Ellie",
    "Emily",
    "Emma",
    "Erin",
    "Evie",
    "Fatima",
    "Freya",
    "Georgia",
    "Grace",
    "Hannah",
    "Holly",
    "Imogen",
    "Isla",
    "Jade",
    "Jasmine",
    "Jessica",
    "Karen",
    "Katie",
    "Kayleigh",
    "Laura",
    "Leah",
    "Lily",
    "Lucy",
    "Maisie",
    "Megan",
    "Mia",
    "Molly",
    "Naomi",
    "Nicola",
    "Olivia",
    "Phoebe",
    "Poppy",
    "Priya",
    "Rachel",
    "Rebecca",
    "Rosie",
    "Ruby",
    "Sarah",
    "Scarlett",
    "Sophie",
    "Stacey",
    "Summer",
    "Tia",
    "Victoria",
    "Yasmin",
    "Zara",
)

FAMILY_NAMES = (
    "Adams",
    "Ahmed",
    "Ali",
    "Allen",
    "Atkinson",
    "Bailey",
    "Baker",
    "Barker",
    "Begum",
    "Bell",
    "Bennett",
    "Brown",
    "Butler",
    "Campbell",
    "Carter",
    "Chapman",
    "Clark",
    "Clarke",
    "Collins",
    "Cook",
    "Cooper",
    "Cox",
    "Davies",
    "Davis",
    "Dixon",
    "Edwards",
    "Ellis",
    "Evans",
    "Fisher",
    "Foster",
    "Gibson",
    "Graham",
    "Gray",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Harrison",
    "Hill",
    "Holmes",
    "Hughes",
    "Hunt",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Knight",
    "Lee",
    "Lewis",
    "Lloyd",
    "Marshall",
    "Martin",
    "Mason",
    "Matthews",
    "Miah",
    "Miller",
    "Mills",
    "Mitchell",
    "Moore",
    "Morgan",
    "Morris",
    "Murphy",
    "Murray",
    "Owen",
    "Palmer",
    "Parker",
    "Patel",
    "Pearson",
    "Phillips",
    "Powell",
    "Price",
    "Richards",
    "Richardson",
    "Roberts",
    "Robinson",
    "Rogers",
    "Russell",
    "Scott",
    "Shaw",
    "Simpson",
    "Singh",
    "Smith",
    "Stevens",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Wilkinson",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
)

# Parts of fictional hospital and provider names (rivers and hills of the East of England).
PLACE_WORDS = (
    "Ouse",
    "Ivel",
    "Flit",
    "Lea",
    "Greensand",
    "Chiltern",
    "Colne",
    "Chelmer",
    "Blackwater",
    "Crouch",
    "Roding",
    "Stour",
    "Nene",
    "Welland",
    "Cam",
    "Wensum",
    "Yare",
    "Orwell",
    "Deben",
    "Gipping",
    "Brett",
    "Pant",
    "Ver",
    "Mimram",
    "Tove",
    "Ouzel",
    "Hiz",
    "Rhee",
    "Lark",
    "Wissey",
)
SITE_WORDS = ("House", "Lodge", "Clinic", "Hospital", "Centre", "Court", "Grange", "Manor")
WARD_WORDS = (
    "Ash",
    "Beech",
    "Birch",
    "Cedar",
    "Elm",
    "Hawthorn",
    "Hazel",
    "Holly",
    "Juniper",
    "Larch",
    "Maple",
    "Oak",
    "Poplar",
    "Rowan",
    "Willow",
    "Yew",
    "Alder",
    "Aspen",
    "Linden",
    "Sycamore",
)

# Postcode inward codes: a digit then two letters, never C I K M O V (Royal Mail rules).
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode_in(district: str, rng: random.Random) -> str:
    """A made-up full postcode inside a real outward code (district)."""
    return (
        f"{district} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    )


def synthetic_nhs_numbers(
    rng: random.Random, quantity: int, *, avoid: Iterable[str] = ()
) -> list[str]:
    """`quantity` distinct NHS numbers from the synthetic range (999 ... never issued to patients).

    `nhs_number.generate` draws from the module-level `random`; we seed it from `rng` for the call
    and restore its state after, so the numbers are repeatable without disturbing anyone else.
    """
    taken = set(avoid)
    found: list[str] = []
    saved = random.getstate()
    try:
        random.seed(rng.getrandbits(64))
        while len(found) < quantity:
            for number in nhs_number.generate(
                valid=True, for_region=nhs_number.REGION_SYNTHETIC, quantity=quantity - len(found)
            ):
                if number not in taken:
                    taken.add(number)
                    found.append(number)
    finally:
        random.setstate(saved)
    return found


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end] (both inclusive); `end` before `start` gives `start`."""
    span = (end - start).days
    return start + timedelta(days=rng.randint(0, span)) if span > 0 else start


def add_years(day: date, years: int) -> date:
    """Same day and month `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """DOMAIN.md: same day-of-month, clamped to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
