"""Claims by groups the actor registry does not hold, on the command line: how a claimant is
shown (its name, marked unregistered), and ``militancydb claims take-over``, which gives a
registry actor the claims recorded under its name before the registry had it."""

from __future__ import annotations

from typing import Annotated

import typer

from militancydb.cli.common import console, editor, handle_errors, knowledge, session
from militancydb.cli.edit_options import Reason
from militancydb.domain.claim import ClaimPublic


def claimant_text(c: ClaimPublic, *, key: bool = False) -> str:
    """A claim's claimant: its name, with its registry key (``key``) or marked
    unregistered."""
    if c.claimant_key is None:
        return f"{c.claimant_name} (unregistered)"
    return f"{c.claimant_name} [{c.claimant_key}]" if key else c.claimant_name


@handle_errors
def take_over_cmd(
    name: Annotated[str, typer.Argument(help="The claimant's name as the claims give it.")],
    actor: Annotated[
        str, typer.Option("--actor", help="The registry actor (key or name) taking them over.")
    ],
    reason: Reason = None,
) -> None:
    """Give a registry actor the unregistered claims of a name (once the registry has the
    group): each claim's claimant and its incident's claimed attribution become the actor's,
    with history."""
    from militancydb.services.claims_unregistered import take_over_claims

    with session() as s:
        done = take_over_claims(s, name, actor, knowledge(s), editor(reason))
    for c in done:
        console.print(
            f"claim {c.id} is now by {c.claimant_name} [{c.claimant_key}] (version {c.version})"
            + (f", incident {c.incident_id}" if c.incident_id else "")
        )
