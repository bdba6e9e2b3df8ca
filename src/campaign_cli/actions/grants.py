"""`db grant` and `db revoke`: which server login may read and write which campaign.

A campaign grant is written in that campaign's history, so `campaign undo`
takes it back like any write; an office grant belongs to no campaign and is
taken back by `db revoke`. Only the store's owner login grants (the server
refuses anyone else: only the owner may write `store_grant`); the checks here
say so in words first.
"""

from __future__ import annotations

from typing import Sequence

from campaign_cli.actions import Act, Outcome, writing
from campaign_cli.errors import UserError
from campaign_cli.store import campaigns
from campaign_cli.store import grants as store


def _check(act: Act, login: str) -> str:
    """The login as the server spells it, after the checks every grant needs."""
    if act.db.dialect != "postgresql":
        raise UserError("store.grants_postgres_only")
    who = store.current_login(act.db)
    owner = store.owner(act.db)
    if who != owner and not store.is_superuser(act.db):
        raise UserError("store.grant_not_owner", login=who, owner=owner)
    login = login.strip()
    if not login or not store.login_exists(act.db, login):
        raise UserError("store.grant_no_login", login=login)
    if login == owner:
        raise UserError("store.grant_owner", login=login)
    return login


def grant(act: Act, login: str, *, keys: Sequence[str], office: bool) -> Outcome[store.LoginGrants]:
    """Give `login` the campaigns `keys`, or the office's reading of them all."""
    login = _check(act, login)
    found = []
    for key in keys:
        campaign = campaigns.by_key(act.db, key)
        if campaign is None:
            raise UserError("campaign.unknown", key=key)
        found.append(campaign)
    with writing(act, None) as w:
        held = {(r["role"], r["campaign_id"]) for r in store.rows_of(w.db, login)}
        row = {"login": login, "granted_at": w.at, "granted_by": w.actor}
        if office and (store.OFFICE, None) not in held:
            w.db.insert("store_grant", {**row, "role": store.OFFICE, "campaign_id": None})
            w.changes += 1
        for campaign in found:
            if (store.CAMPAIGN, campaign.id) in held:
                continue
            with writing(act, campaign) as one:
                one.insert("store_grant", {**row, "role": store.CAMPAIGN, "campaign_id": campaign.id},
                           code=campaign.key, shown=login)
                w.changes += 1
    return Outcome(_of(act, login), None, w.notices, w.changes)


def revoke(act: Act, login: str) -> Outcome[store.LoginGrants]:
    """Take every grant from `login`: it sees no campaign any more."""
    login = _check(act, login)
    before = _of(act, login)
    with writing(act, None) as w:
        rows = store.rows_of(w.db, login)
        if not rows:
            raise UserError("store.grant_none", login=login)
        for row in rows:
            if row["campaign_id"] is None:
                w.db.execute("DELETE FROM store_grant WHERE id = :id", id=row["id"])
                w.changes += 1
                continue
            with writing(act, campaigns.by_id(w.db, row["campaign_id"])) as one:
                one.remove("store_grant", row["id"], code=row["key"], shown=login)
                w.changes += 1
    return Outcome(before, None, w.notices, w.changes)


def _of(act: Act, login: str) -> store.LoginGrants:
    listed = store.grants(act.db, login)
    return listed[0] if listed else store.LoginGrants(login)

