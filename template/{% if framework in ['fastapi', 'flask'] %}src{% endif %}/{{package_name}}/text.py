"""Rules every text input shares.

No NUL character: PostgreSQL cannot store one and no real text holds one. Refusing it in
validation makes it a 422 on every database, and the pattern shows the rule in the OpenAPI
document.

E-mail addresses are checked for syntax only, with email-validator: no DNS lookup on a
request, and test domains (`user@example.test`) are addresses like any other.
"""

from typing import Annotated

from email_validator import validate_email
from pydantic import AfterValidator, StringConstraints, WithJsonSchema

NO_NUL_PATTERN = r"^[^\x00]*$"

Text = Annotated[str, StringConstraints(pattern=NO_NUL_PATTERN)]


def _normalized_email(value: str) -> str:
    return validate_email(value, check_deliverability=False, test_environment=True).normalized


Email = Annotated[
    str,
    StringConstraints(max_length=320),
    AfterValidator(_normalized_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": 320}),
]
