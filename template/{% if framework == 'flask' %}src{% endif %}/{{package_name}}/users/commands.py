"""`flask promote EMAIL`: make an existing account an admin.

There is deliberately no API for this: the first admin has to come from someone with
access to the database, and later ones are made the same way.
"""

import click
from flask.cli import with_appcontext

from ..database import db_session
from .service import promote_to_admin


@click.command("promote")
@click.argument("email")
@with_appcontext
def promote(email: str) -> None:
    """Make the account with EMAIL an admin."""
    if promote_to_admin(db_session(), email) is None:
        raise click.ClickException(f"No account has the e-mail address {email}.")
    click.echo(f"{email} is now an admin; their next login carries the role.")
