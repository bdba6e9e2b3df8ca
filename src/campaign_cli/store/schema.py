"""The schema revisions this version knows, oldest first.

Kept in code so opening a store compares revisions without importing
Alembic; `tests/test_migrations.py` keeps it equal to `migrations/versions`.
"""

REVISIONS: tuple[str, ...] = ("0001_initial", "0002_problem_resolved_index", "0003_undo_and_pins",
                              "0004_evidence_review_recheck", "0005_members_attendance", "0006_grants", "0007_perf",
                              "0009_unit_registered", "0008_task_tally",
                              "0010_task_problem_index")
HEAD = REVISIONS[-1]
