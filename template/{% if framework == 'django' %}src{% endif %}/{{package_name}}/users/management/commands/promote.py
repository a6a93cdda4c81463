"""`python manage.py promote EMAIL`: make an existing account an admin.

There is deliberately no API for this: the first admin has to come from someone with
access to the database, and later ones are made the same way.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ...services import promote_to_admin


class Command(BaseCommand):
    help = "Make the account with this e-mail address an admin."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="the account's e-mail address")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"]
        if promote_to_admin(email) is None:
            raise CommandError(f"No account has the e-mail address {email}.")
        self.stdout.write(f"{email} is now an admin; their next login carries the role.")
