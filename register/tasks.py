"""Celery finds tasks in each app's tasks module; the register's live with what they serve."""

from .imports.tasks import check_import_task, commit_import_task

__all__ = ["check_import_task", "commit_import_task"]
