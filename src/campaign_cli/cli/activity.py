"""campaign activity add | list | show | edit | rm | gaps | cadence set | cadence show."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json, notice
from campaign_cli.errors import UserError
from campaign_cli.i18n import t

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
cadence_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cadence_app, name="cadence", help=t("activity.cadence.help"))

Kind = Annotated[Optional[str], typer.Option("--kind", metavar="KIND", help=t("activity.opt.kind"))]
Unit = Annotated[Optional[str], typer.Option("--unit", metavar="UNIT", help=t("activity.opt.unit"))]
Target = Annotated[Optional[str], typer.Option("--target", metavar="TARGET", help=t("activity.opt.target"))]
Participants = Annotated[Optional[int], typer.Option("--participants", metavar="N",
                                                     help=t("activity.opt.participants"))]
Notes = Annotated[Optional[str], typer.Option("--notes", metavar="TEXT", help=t("activity.opt.notes"))]
Month = Annotated[Optional[str], typer.Option("--month", metavar="YYYY-MM", help=t("activity.opt.month"))]
Id = Annotated[int, typer.Argument(metavar="ID", help=t("activity.arg.id"), show_default=False)]


def _unit(db, campaign_id: int, name: str, notes: list[str]):
    """The unit named, registered as a branch on first use (with a notice,
    and a "did you mean" when the name is close to an existing one)."""
    from campaign_cli.domain.names import close_matches, normalise_name
    from campaign_cli.store import units

    name = normalise_name(name)
    if not name:
        raise UserError("unit.unknown", name=name)
    found = units.by_name(db, campaign_id, name)
    if found is not None:
        return found
    similar = close_matches(name, [u.name for u in units.all_units(db, campaign_id)])
    created = units.add(db, campaign_id, name=name, kind="branch", members=None)
    notes.append(t("unit.registered", kind=t("unit.kind.branch"), name=name))
    if similar:
        notes.append(t("unit.did_you_mean", name=name, matches="、".join(similar)))
    return created


def _phase_id(db, campaign_id: int, seq: int) -> int:
    from campaign_cli.store import phases

    found = phases.by_seq(db, campaign_id, seq)
    if found is None:
        raise UserError("phase.unknown", seq=seq)
    return found.id


def _warnings(document: dict, notes: list[str], head: bool = True, dated: bool = True) -> None:
    from campaign_cli.domain.activities import over_head_count

    if head and over_head_count(document["participants"], document["members"]):
        notes.append(t("activity.over_head_count", participants=document["participants"],
                       unit=document["unit"], members=document["members"]))
    if dated and document["phase"] is None:
        notes.append(t("activity.outside_phases", date=document["date"]))


def _done(app, document: dict, notes: list[str], json_out: bool, message: str) -> None:
    for line in notes:
        notice(line)
    if json_out:
        emit_json(document)
    else:
        app.console().print(message, markup=False)


def _summary(app, document: dict) -> dict[str, object]:
    from datetime import date

    from campaign_cli.dates import format_date
    from campaign_cli.domain.vocabulary import kind_name

    return {"id": document["id"], "title": document["title"], "kind": kind_name(document["kind"], app.lang),
            "date": format_date(date.fromisoformat(document["date"]), app.lang),
            "phase": document["phase"] if document["phase"] is not None else "-"}


@app.command("add", help=t("activity.add.help"))
def activity_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help=t("activity.arg.title"), show_default=False)],
    kind: Annotated[str, typer.Option("--kind", metavar="KIND", help=t("activity.opt.kind"))],
    held: Annotated[str, typer.Option("--date", metavar="DATE", help=t("activity.opt.date"))],
    unit: Unit = None,
    participants: Participants = None,
    target: Target = None,
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", help=t("activity.opt.phase"))] = None,
    notes: Notes = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.domain import activities as rules
    from campaign_cli.reports.activities import one
    from campaign_cli.store import activities
    from campaign_cli.store.campaigns import now_text

    app = app_context(ctx)
    title = rules.check_title(title)
    kind_key, target_key = rules.kind_and_target(kind, target)
    participants = rules.check_participants(participants)
    campaign, db = app.campaign, app.store
    day = app.parse_date(held)
    messages: list[str] = []
    with db.transaction():
        phase_id = _phase_id(db, campaign.id, phase) if phase is not None else None
        unit_id = _unit(db, campaign.id, unit, messages).id if unit else None
        new_id = activities.add(db, campaign.id, kind=kind_key, title=title, held_on=day, unit_id=unit_id,
                                participants=participants, target=target_key, notes=notes,
                                phase_id=phase_id, created_at=now_text(), created_on=app.today)
        document = one(db, campaign, new_id)
    _warnings(document, messages)
    _done(app, document, messages, json_out, t("activity.added", **_summary(app, document)))


@app.command("list", help=t("activity.list.help"))
def activity_list(
    ctx: typer.Context,
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", help=t("activity.opt.phase_filter"))] = None,
    kind: Kind = None,
    unit: Unit = None,
    month: Month = None,
    target: Target = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.dates import month_bounds
    from campaign_cli.domain.names import normalise_name
    from campaign_cli.domain.vocabulary import kind_key, target_key
    from campaign_cli.reports.activities import listing
    from campaign_cli.store import units

    app = app_context(ctx)
    campaign, db = app.campaign, app.store
    filters: dict[str, object] = {"phase": phase}
    if kind:
        filters["kind"] = kind_key(kind)
    if target:
        filters["target"] = target_key(target)
    if month:
        filters["start"], filters["end"] = month_bounds(month)
    if unit:
        found = units.by_name(db, campaign.id, normalise_name(unit))
        if found is None:
            raise UserError("unit.unknown", name=unit)
        filters["unit_id"] = found.id
    if phase is not None:
        _phase_id(db, campaign.id, phase)
    found_rows = listing(db, campaign, **filters)
    if json_out:
        emit_json(found_rows)
    elif not found_rows:
        app.console().print(t("activity.empty"), markup=False)
    else:
        from campaign_cli.render.activities import activity_list as render

        app.console().print(render(found_rows, app.lang))


@app.command("show", help=t("activity.show.help"))
def activity_show(ctx: typer.Context, activity_id: Id, json_out: Json = False) -> None:
    from campaign_cli.reports.activities import one

    app = app_context(ctx)
    document = one(app.store, app.campaign, activity_id, with_problems=True)
    if json_out:
        emit_json(document)
    else:
        from campaign_cli.render.activities import activity_detail

        app.console().print(activity_detail(document, app.lang))


@app.command("edit", help=t("activity.edit.help"))
def activity_edit(
    ctx: typer.Context,
    activity_id: Id,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help=t("activity.opt.title"))] = None,
    kind: Kind = None,
    held: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help=t("activity.opt.date"))] = None,
    unit: Unit = None,
    participants: Participants = None,
    target: Target = None,
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", help=t("activity.opt.phase_edit"))] = None,
    notes: Notes = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.domain import activities as rules
    from campaign_cli.domain import vocabulary
    from campaign_cli.reports.activities import one
    from campaign_cli.store import activities

    app = app_context(ctx)
    campaign, db = app.campaign, app.store
    messages: list[str] = []
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = rules.check_title(title)
    if participants is not None:
        changes["participants"] = rules.check_participants(participants)
    if held is not None:
        changes["held_on"] = app.parse_date(held)
    if notes is not None:
        changes["notes"] = notes or None
    with db.transaction():
        row = activities.by_id(db, campaign.id, activity_id)
        if row is None:
            raise UserError("activity.unknown", id=activity_id)
        if kind is not None or target is not None:
            new_kind = vocabulary.kind_key(kind) if kind is not None else row["kind"]
            if target is not None:
                new_target = target  # an empty --target "" clears it
            elif new_kind == rules.RESEARCH:
                new_target = row["target"]
            else:  # no longer a research visit: it has no target
                new_target = None
                if row["target"]:
                    messages.append(t("activity.target_dropped", target=vocabulary.target_name(row["target"], app.lang)))
            changes["kind"], changes["target"] = rules.kind_and_target(new_kind, new_target)
        if phase is not None:
            changes["phase_id"] = _phase_id(db, campaign.id, phase) if phase else None
        if unit is not None:
            changes["unit_id"] = _unit(db, campaign.id, unit, messages).id if unit.strip() else None
        if not changes:
            raise UserError("activity.nothing_to_change")
        activities.update(db, activity_id, **changes)
        document = one(db, campaign, activity_id)
    _warnings(document, messages, head="participants" in changes or "unit_id" in changes,
              dated="held_on" in changes or "phase_id" in changes)
    _done(app, document, messages, json_out, t("activity.changed", **_summary(app, document)))


@app.command("rm", help=t("activity.rm.help"))
def activity_rm(
    ctx: typer.Context,
    activity_id: Id,
    force: Annotated[bool, typer.Option("--force", help=t("activity.opt.force"))] = False,
    json_out: Json = False,
) -> None:
    from campaign_cli.reports.activities import one
    from campaign_cli.store import activities, history

    app = app_context(ctx)
    campaign, db = app.campaign, app.store
    with db.transaction():
        document = one(db, campaign, activity_id)
        cited = activities.problems_of(db, campaign.id, activity_id)
        if cited and not force:
            raise UserError("activity.cited", id=activity_id, codes="、".join(p["code"] for p in cited))
        for problem in cited:
            history.record(db, campaign_id=campaign.id, actor=app.actor, entity="activity",
                           entity_id=activity_id, field="source_activity", old=activity_id, new=None,
                           code=problem["code"], problem_id=problem["id"])
        activities.unlink_problems(db, campaign.id, activity_id)
        activities.remove(db, activity_id)
    document["unlinked"] = [p["code"] for p in cited]
    if json_out:
        emit_json(document)
    else:
        app.console().print(t("activity.removed", id=activity_id, title=document["title"]), markup=False)
        if cited:
            notice(t("activity.unlinked", codes="、".join(document["unlinked"])))


@app.command("gaps", help=t("activity.gaps.help"))
def activity_gaps(
    ctx: typer.Context,
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", help=t("activity.opt.gaps_phase"))] = None,
    month: Month = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.dates import month_bounds
    from campaign_cli.reports.activities import gaps

    app = app_context(ctx)
    bounds = month_bounds(month) if month else None
    document = gaps(app.store, app.campaign, app.today, phase=phase, month=bounds)
    if json_out:
        emit_json(document)
    else:
        from campaign_cli.render.activities import gaps as render

        app.console().print(render(document, app.lang))


@cadence_app.command("set", help=t("activity.cadence.set.help"))
def cadence_set(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help=t("activity.arg.cadence_kind"), show_default=False)],
    per_month: Annotated[int, typer.Option("--per-month", metavar="N", help=t("activity.opt.per_month"))],
    json_out: Json = False,
) -> None:
    from campaign_cli.domain import activities as rules
    from campaign_cli.domain.vocabulary import kind_key
    from campaign_cli.reports.activities import cadence_rules
    from campaign_cli.store import campaigns

    app = app_context(ctx)
    key = kind_key(kind)
    per_month = rules.check_per_month(per_month)
    campaign, db = app.campaign, app.store
    with db.transaction():
        current = rules.parse_cadence(campaigns.get_setting(db, rules.CADENCE_SETTING, campaign.id))
        current.pop(key, None)
        if per_month:
            current[key] = per_month
        campaigns.set_setting(db, rules.CADENCE_SETTING, rules.format_cadence(current), campaign.id)
        document = cadence_rules(db, campaign)
    if json_out:
        emit_json(document)
    else:
        from campaign_cli.render.activities import cadence as render

        app.console().print(render(document, app.lang))


@cadence_app.command("show", help=t("activity.cadence.show.help"))
def cadence_show(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.reports.activities import cadence_rules

    app = app_context(ctx)
    document = cadence_rules(app.store, app.campaign)
    if json_out:
        emit_json(document)
    else:
        from campaign_cli.render.activities import cadence as render

        app.console().print(render(document, app.lang))
