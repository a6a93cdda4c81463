"""Access tokens from the identity provider: the signature is checked against the keys it
publishes (a JWKS), and the issuer, audience, lifetime and subject are required.

pyjwt's `PyJWKClient` fetches the key set and keeps it for a while; a token names its key by
`kid`. An unknown `kid` means the provider rotated its keys, so the set is fetched again, but
at most once per cooldown: made-up key ids cannot make the app hammer the provider. A key
the provider stops publishing stops working once the kept set expires.

Every framework shares this module: it raises the app's `UnauthorizedError` (401) and
`ServiceUnavailableError` (503), and takes the issuer's settings as plain values.
"""

from dataclasses import dataclass

import jwt
from email_validator import EmailNotValidError, validate_email
from jwt import PyJWK, PyJWKClient, PyJWKClientConnectionError, PyJWKClientError, PyJWKSetError

from ..errors import ServiceUnavailableError, UnauthorizedError

# Asymmetric algorithms only, chosen here: a token's own `alg` header never decides, so an
# HS256 token "signed" with the public key, or an unsigned one, is refused.
ALGORITHMS = ["RS256", "ES256"]
INVALID = "The token is invalid or has expired."
# Far above any real access token; a bigger one is refused before any work is done on it.
MAX_TOKEN_LENGTH = 16 * 1024
# Clocks of the app and the provider may differ this much.
LEEWAY_SECONDS = 30
KEY_SET_LIFETIME_SECONDS = 600
REFETCH_COOLDOWN_SECONDS = 30
FETCH_TIMEOUT_SECONDS = 5
# The users table's limits.
MAX_SUBJECT_LENGTH = 255
MAX_EMAIL_LENGTH = 320
MAX_NAME_LENGTH = 200
# Shown to other users when the token has no `name`: never the e-mail address.
UNNAMED = "Unnamed user"


@dataclass(frozen=True)
class Claims:
    """Who the provider says the caller is."""

    subject: str
    email: str
    name: str


def signing_keys(jwks_url: str) -> PyJWKClient:
    """The provider's published keys, fetched on first use and kept for a while."""
    return PyJWKClient(
        jwks_url,
        lifespan=KEY_SET_LIFETIME_SECONDS,
        timeout=FETCH_TIMEOUT_SECONDS,
        cooldown_duration=REFETCH_COOLDOWN_SECONDS,
    )


def claims_from_token(keys: PyJWKClient, token: str, *, issuer: str, audience: str) -> Claims:
    """The caller a valid access token names; `UnauthorizedError` for any other token, and
    `ServiceUnavailableError` while the provider's keys cannot be fetched. It may fetch them,
    so async code runs it in a worker thread."""
    if len(token) > MAX_TOKEN_LENGTH:
        raise UnauthorizedError(INVALID)
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.InvalidTokenError:
        raise UnauthorizedError(INVALID) from None
    if not isinstance(kid, str):
        raise UnauthorizedError(INVALID)
    key = _signing_key(keys, kid)
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=audience,
            issuer=issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except jwt.InvalidTokenError:
        raise UnauthorizedError(INVALID) from None
    return _caller(claims)


def _signing_key(keys: PyJWKClient, kid: str) -> PyJWK:
    unavailable = ServiceUnavailableError(
        "The identity provider's keys cannot be fetched; try again shortly."
    )
    try:
        # The kept set, fetched if it has expired: it must hold at least one signing key.
        keys.get_signing_keys()
    except (PyJWKClientError, PyJWKSetError, ValueError, OSError):
        # Unreachable, or it answered with something that is not a usable key set.
        raise unavailable from None
    try:
        return keys.get_signing_key(kid)
    except (PyJWKClientConnectionError, PyJWKSetError, ValueError, OSError):
        raise unavailable from None
    except PyJWKClientError:
        # No published key has this id, even after fetching the set again.
        raise UnauthorizedError(INVALID) from None


def _caller(claims: dict[str, object]) -> Claims:
    subject, email, name = claims["sub"], claims.get("email"), claims.get("name")
    if not isinstance(subject, str) or not 0 < len(subject) <= MAX_SUBJECT_LENGTH:
        raise UnauthorizedError(INVALID)
    if "\x00" in subject:
        raise UnauthorizedError(INVALID)
    # An address the provider does not say it verified could be anyone's. Providers that
    # never send the claim are trusted for their addresses; any other value than true is not.
    if "email_verified" in claims and claims["email_verified"] is not True:
        raise UnauthorizedError("The token's e-mail address is not verified.")
    address = _address(email)
    if address is None:
        raise UnauthorizedError(
            "The token has no usable `email` claim; the provider must send one."
        )
    shown = name.replace("\x00", "").strip()[:MAX_NAME_LENGTH] if isinstance(name, str) else ""
    return Claims(subject, address, shown or UNNAMED)


def _address(email: object) -> str | None:
    """The claim as a normalized, lowercase address (syntax only, no DNS), or None."""
    if not isinstance(email, str) or len(email) > MAX_EMAIL_LENGTH:
        return None
    try:
        checked = validate_email(email, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return None
    return checked.normalized.lower()
