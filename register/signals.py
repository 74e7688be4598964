"""Signals the register sends so that higher apps can react without register importing them.

`person_changed` (kwarg `person_id`) is sent after the transaction that changed a person's record
commits; reviews recomputes the person's schedule from it.
"""

from django.dispatch import Signal

person_changed = Signal()
