"""Distance from home (DOMAIN.md 3, "derived on spell"; H11 and the AT return).

The register holds postcodes, not coordinates, so the distance is estimated as the straight line
(great circle) between the centroid of the home postcode's district (outcode, "MK40") and the
centroid of the hospital site's district, from OS Code-Point Open (register/data/README.md). Two
postcodes in one district are 0 km apart; across districts the error is up to a few km, which
matters only near a band's edge (docs/metrics.md). Unknown or Northern Irish districts give None.
"""

from __future__ import annotations

import csv
import math
from functools import cache
from pathlib import Path

CENTROIDS = Path(__file__).resolve().parent / "data" / "outcode_centroids.csv"
EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
# AT publishes 0-10, 11-20, 21-50, 51-100 and over 100 km (<=10 and >50 verified): whole km.
DISTANCE_BANDS = (("0_10", 10), ("11_20", 20), ("21_50", 50), ("51_100", 100))
OVER_100 = "OVER_100"
NOT_KNOWN = "NOT_KNOWN"


def outcode(postcode: str | None) -> str:
    """The outward code of a UK postcode, spaces or not ("mk40 1aa", "MK401AA" -> "MK40");
    "" when it is too short to hold an inward code."""
    compact = "".join((postcode or "").split()).upper()
    return compact[:-3] if len(compact) >= 5 else ""


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    with CENTROIDS.open(encoding="utf-8") as handle:
        return {
            row["outcode"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)
        }


def centroid(district: str) -> tuple[float, float] | None:
    return _centroids().get(district.upper())


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def district_distance_km(home_district: str, site_district: str) -> int | None:
    """Whole km between two districts' centroids, or None when either is not known."""
    home, site = centroid(home_district), centroid(site_district)
    if home is None or site is None:
        return None
    return round(great_circle_km(home, site))


def distance_from_home_km(home_postcode: str | None, site_postcode: str | None) -> int | None:
    return district_distance_km(outcode(home_postcode), outcode(site_postcode))


def distance_band(km: int | None) -> str:
    if km is None:
        return NOT_KNOWN
    for band, upper in DISTANCE_BANDS:
        if km <= upper:
            return band
    return OVER_100
