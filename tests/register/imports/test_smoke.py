import pytest

from register.models import ImportStatus, Person
from .conftest import PEOPLE_HEADER, csv_bytes, person_row, error_lines

pytestmark = pytest.mark.django_db


def test_people_csv(run_import):
    data = csv_bytes([PEOPLE_HEADER, person_row(**{"NHS number": "943 476 5919"})])
    record = run_import(data, commit=True)
    print(error_lines(record), record.counts)
    assert record.status == ImportStatus.COMMITTED
    assert Person.objects.count() == 1
    again = run_import(data)
    print(error_lines(again), again.counts)
