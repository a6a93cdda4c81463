from apiflask import APIBlueprint
from flask import current_app

from ..database import db_session
from ..settings import Settings
from ..users.schemas import UserRead
from . import service
from .schemas import LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenResponse
from .tokens import TokenPair

blueprint = APIBlueprint("auth", __name__, url_prefix="/auth", tag="auth")


def _settings() -> Settings:
    settings: Settings = current_app.extensions["settings"]
    return settings


def _token_response(pair: TokenPair) -> TokenResponse:
    return TokenResponse(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
    )


@blueprint.post("/register")
@blueprint.input(RegisterRequest, arg_name="body")
@blueprint.output(UserRead, status_code=201)
@blueprint.doc(responses=[409, 422])
def register(body: RegisterRequest) -> UserRead:
    return UserRead.model_validate(service.register(db_session(), body))


@blueprint.post("/login")
@blueprint.input(LoginRequest, arg_name="body")
@blueprint.output(TokenResponse)
@blueprint.doc(responses=[401, 422])
def login(body: LoginRequest) -> TokenResponse:
    return _token_response(service.login(db_session(), _settings(), body))


@blueprint.post("/refresh")
@blueprint.input(RefreshRequest, arg_name="body")
@blueprint.output(TokenResponse)
@blueprint.doc(responses=[401, 422])
def refresh(body: RefreshRequest) -> TokenResponse:
    return _token_response(service.refresh(db_session(), _settings(), body.refresh_token))


@blueprint.post("/logout")
@blueprint.input(LogoutRequest, arg_name="body")
@blueprint.output({}, status_code=204)
@blueprint.doc(responses=[422])
def logout(body: LogoutRequest) -> str:
    """Revoke the refresh token and every token rotated from the same login."""
    service.logout(db_session(), body.refresh_token)
    return ""
