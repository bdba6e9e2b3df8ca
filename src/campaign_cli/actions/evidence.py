"""Evidence files (佐证材料) attached to a task: kept in the store, the
content once per sha256, each attachment a row that undo can take back."""

from __future__ import annotations

from typing import Sequence

from campaign_cli.actions import Act, Outcome, Write, writing
from campaign_cli.actions import tasks as task_actions
from campaign_cli.domain.evidence import Attachment
from campaign_cli.domain.records import EvidenceFile
from campaign_cli.store import evidence


def attach(w: Write, task_id: int, code: str, problem_id: int, files: Sequence[Attachment]) -> None:
    for item in files:
        evidence.keep_blob(w.db, item.sha256, item.content)
        w.insert("evidence", {"campaign_id": w.campaign_id, "task_id": task_id, "file_name": item.file_name,
                              "media_type": item.media_type, "size": item.size, "sha256": item.sha256,
                              "added_on": w.today, "added_by": w.actor, "created_at": w.at},
                 code=code, problem_id=problem_id, shown=item.file_name)


def add(act: Act, code: str, files: Sequence[Attachment]) -> Outcome[list[EvidenceFile]]:
    """`issue evidence T-n --add FILE…`: files for a task, done or not."""
    with writing(act) as w:
        task = task_actions.find(w, code)
        attach(w, task.id, task.code, task.problem_id, files)
        found = evidence.of_task(w.db, task.id)
    return w.outcome(found)
